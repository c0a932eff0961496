#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "agent/agent-int.h"
#include "rtlgen/rtlgen.h"
#include "verify/verify.h"

/* One candidate of one round. */
struct cand {
	struct llm_result res;
	struct rtlgen_code code;
	char *path; /* DIR/candidates/rR-cK.v, owned */
	char *class; /* failure class, NULL on pass; owned */
	char *summary; /* one line; owned */
	cJSON *verdict; /* verdict (or pre-check) object, for transcripts */
	struct verify_verdict tv; /* the typed verdict, for feedback */
	bool have_tv;
	struct verify_evidence pre_ev; /* a pre-check's problems */
	bool have_pre;
	bool passed;
	double score; /* furthest stage reached (higher is better) */
	long mismatches; /* -1 unknown */
	long cells; /* -1 unknown */
	long check_ms;
	int check_rc; /* negative: the check itself could not run */
	bool shown; /* its result may be shown (set under gen.lock) */
	int agree, others; /* oracle-free: candidates it agrees with, of */
};

struct gen {
	const struct agent_gen_opts *o;
	struct agent_gen_result *out;
	struct rtlgen_spec spec;
	struct rtlgen_templates tmpl;
	struct agent_loop l;
	char *best_code; /* best candidate so far (for final.v), owned */
	char *best_class;
	double best_score;
	long best_mism, best_cells;
	long long t0;
	struct cand *c; /* this round's candidates */
	int llm_rc; /* a round without one reply: the run's error */
	char *llm_error;
	/* the oracle-free loop (no --ref, no --tb): oracle.c */
	bool oracle_free;
	struct oracle_opts oo;
	struct oracle_tb otb; /* the model's accepted testbench, if any */
	cJSON *cross; /* this round's differential cross-checks */
};

static const char *checker_name(const struct gen *g);

void agent_gen_result_release(struct agent_gen_result *r)
{
	free(r->final_path);
	free(r->class);
	r->final_path = r->class = NULL;
}

static void cand_release(struct cand *c)
{
	llm_result_release(&c->res);
	rtlgen_code_release(&c->code);
	free(c->path);
	free(c->class);
	free(c->summary);
	cJSON_Delete(c->verdict);
	verify_verdict_release(&c->tv);
	verify_evidence_release(&c->pre_ev);
	memset(c, 0, sizeof(*c));
}

/* ---- checking one candidate ---------------------------------------------- */

/* A candidate that never reached the tools: {"class","summary",...}. */
static int precheck(struct cand *c, const char *class, const char *summary,
		    const char *problems)
{
	cJSON *ev = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	int rc = ev && arr ? 0 : ERR_FAIL;

	c->verdict = cJSON_CreateObject();
	for (const char *p = problems; !rc && p && *p;) {
		const char *e = strchr(p, '\n');
		char *line = strndup(p, e ? (size_t)(e - p) : strlen(p));

		rc = json_append_take(arr,
				      line ? cJSON_CreateString(line) : NULL);
		free(line);
		p = e ? e + 1 : NULL;
	}
	if (!rc && c->verdict) {
		rc = json_add_take(ev, "problems", arr);
		arr = NULL;
		if (!rc)
			rc = json_add_str(c->verdict, "name", "precheck");
		if (!rc)
			rc = json_add_str(c->verdict, "class", class);
		if (!rc)
			rc = json_add_str(c->verdict, "summary", summary);
		if (!rc) {
			rc = json_add_take(c->verdict, "evidence", ev);
			ev = NULL;
		}
	}
	cJSON_Delete(ev);
	cJSON_Delete(arr);
	verify_evidence_init(&c->pre_ev);
	for (const char *p = problems; !rc && p && *p;) {
		const char *e = strchr(p, '\n');
		char **nv = realloc(c->pre_ev.problems,
				    (c->pre_ev.nproblems + 1) * sizeof(*nv));

		if (!nv) {
			rc = ERR_FAIL;
			break;
		}
		c->pre_ev.problems = nv;
		nv[c->pre_ev.nproblems] =
			strndup(p, e ? (size_t)(e - p) : strlen(p));
		rc = nv[c->pre_ev.nproblems++] ? 0 : ERR_FAIL;
		p = e ? e + 1 : NULL;
	}
	c->have_pre = true;
	if (!rc)
		rc = agent_set_str(&c->class, class);
	if (!rc)
		rc = agent_set_str(&c->summary, summary);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static const struct verify_evidence *stage_ev(const struct verify_verdict *v,
					      const char *stage)
{
	const struct verify_stage *st = verify_verdict_stage(v, stage);

	return st ? &st->ev : NULL;
}

static void progress(struct gen *g, const char *phase, bool passed)
{
	const char *states[AGENT_MAX_CANDIDATES];

	for (int i = 0; i < g->l.k; i++)
		states[i] = !g->c[i].shown   ? (!strcmp(phase, "requesting")
							? "waiting"
							: "checking")
			    : g->c[i].passed ? "pass"
			    : g->c[i].class  ? g->c[i].class
					     : "?";
	agent_loop_progress(&g->l, phase, states, passed);
}

/*
 * Oracle-free: a candidate that compiled is also run by the model's
 * accepted testbench; its "sim" stage joins the verdict.
 */
static int judge_by_model_tb(struct gen *g, const struct cand *c,
			     struct verify_verdict *v)
{
	const struct verify_stage *comp = verify_verdict_stage(v, "compile");
	struct verify_verdict tv;
	int rc;

	if (comp && comp->status != VERIFY_PASS)
		return 0;
	rc = oracle_judge(&tv, g->otb.text, c->code.code, g->spec.top, &g->oo);
	if (rc)
		return rc;
	for (size_t i = 0; !rc && i < tv.nstages; i++) {
		struct verify_stage st = tv.stages[i];

		if (strcmp(st.name, "sim"))
			continue;
		memset(&tv.stages[i], 0, sizeof(tv.stages[i]));
		verify_evidence_release(&st.ev); /* remade from the JSON */
		rc = verify_verdict_add(v, &st);
	}
	verify_verdict_release(&tv);
	return rc;
}

/* The real pipeline: verify_check on the candidate file. */
static int run_verify(struct gen *g, struct cand *c)
{
	const struct agent_gen_opts *o = g->o;
	struct verify_opts vo = VERIFY_OPTS_INIT;
	struct verify_verdict v;
	const char *files[1] = { c->path };
	int rc;

	vo.files = files;
	vo.nfiles = 1;
	vo.top = g->spec.top;
	vo.refs = o->refs;
	vo.nrefs = o->nrefs;
	vo.tb = o->tb;
	agent_tool_opts(&vo, o->tool_timeout_s, o->sandbox, o->keep_tmp);
	rc = verify_check(&v, &vo);
	if (rc)
		return rc;
	if (g->otb.text)
		rc = judge_by_model_tb(g, c, &v);
	if (rc) {
		verify_verdict_release(&v);
		return rc;
	}
	c->verdict = verify_verdict_json(&v);
	c->passed = v.status == VERIFY_PASS;
	if (!c->passed && v.failed >= 0) {
		const struct verify_stage *st = &v.stages[v.failed];

		c->score = (double)(2 + agent_stage_index(st->name));
		rc = agent_set_str(&c->class, st->class ? st->class : st->name);
		if (!rc)
			rc = agent_set_str(&c->summary, st->summary);
	} else if (!c->passed) {
		c->score = 2;
		rc = agent_set_str(&c->class, verify_status_name(v.status));
	} else {
		c->score = 100;
		rc = agent_set_str(&c->summary, "passed every check");
	}
	{
		const struct verify_evidence *sim = stage_ev(&v, "sim");
		const struct verify_evidence *syn = stage_ev(&v, "synth");

		c->mismatches = sim ? sim->mismatches : -1;
		c->cells = syn && syn->stats.have ? syn->stats.cells : -1;
	}
	c->tv = v; /* moved: feedback reads it */
	c->have_tv = true;
	if (!c->verdict)
		return err_set(ERR_FAIL, "out of memory");
	return rc;
}

static void check_one(size_t i, void *payload)
{
	struct gen *g = payload;
	struct cand *c = &g->c[i];
	struct buf probs = BUF_INIT;
	long long t0 = mono_ms();
	int n;

	if (c->class) /* already classed (no code, request failed) */
		return;
	n = rtlgen_ports_check(&probs, &g->spec, c->code.code,
			       strlen(c->code.code));
	if (n < 0) {
		c->check_rc = n;
	} else if (n > 0) {
		c->check_rc =
			precheck(c,
				 c->code.defines_top ? "compile/port-mismatch"
						     : "compile/missing-module",
				 "the module does not have the required "
				 "interface",
				 probs.data);
		c->score = 1.5;
	} else {
		c->check_rc = run_verify(g, c);
		if (c->check_rc && c->check_rc != ERR_INTR &&
		    c->check_rc != ERR_NOTFOUND) {
			/* the candidate broke the check: a result, not ours */
			struct buf m = BUF_INIT;

			buf_addstr(&m, err_last());
			c->check_rc = precheck(c, "check/error", m.data, NULL);
			c->score = 1;
			buf_release(&m);
		}
	}
	if (c->check_rc)
		agent_set_str(&c->summary, err_last());
	c->check_ms = (long)(mono_ms() - t0);
	buf_release(&probs);
	pthread_mutex_lock(&g->l.lock);
	c->shown = true;
	progress(g, "checking", false);
	pthread_mutex_unlock(&g->l.lock);
}

/* ---- the oracle-free cross-check ----------------------------------------- */

static bool compiled(const struct cand *c)
{
	const struct verify_stage *st =
		c->have_tv ? verify_verdict_stage(&c->tv, "compile") : NULL;

	return st && st->status == VERIFY_PASS;
}

struct pair {
	int a, b;
	bool agree;
	long mismatches;
	int rc;
};

struct cross_run {
	struct gen *g;
	struct pair *p;
};

static void cross_one(size_t i, void *payload)
{
	struct cross_run *x = payload;
	struct pair *p = &x->p[i];

	p->rc = oracle_cross(&p->agree, &p->mismatches, x->g->c[p->a].path,
			     x->g->c[p->b].path, x->g->spec.top, &x->g->oo);
}

/*
 * Candidates that compiled are simulated against one another (verify's
 * differential harness with one of them as the reference): agreement is
 * evidence, disagreement is reported.  Without an accepted testbench it
 * is the checker: a candidate passes when it agrees with at least half
 * of the others (and at least one).
 */
static int cross_check(struct gen *g)
{
	struct pair p[AGENT_MAX_CANDIDATES * (AGENT_MAX_CANDIDATES - 1) / 2];
	struct cross_run x = { g, p };
	size_t n = 0;
	int rc = 0, ncomp = 0;

	cJSON_Delete(g->cross);
	g->cross = cJSON_CreateArray();
	if (!g->cross)
		return err_set(ERR_FAIL, "out of memory");
	for (int i = 0; i < g->l.k; i++)
		ncomp += compiled(&g->c[i]);
	for (int i = 0; i < g->l.k; i++)
		for (int j = i + 1; j < g->l.k; j++)
			if (compiled(&g->c[i]) && compiled(&g->c[j]))
				p[n++] = (struct pair){ .a = i, .b = j };
	if (n)
		rc = pool_run(n, g->o->jobs, cross_one, &x);
	for (size_t i = 0; !rc && i < n; i++) {
		cJSON *e = cJSON_CreateObject();

		rc = p[i].rc;
		if (!rc)
			rc = json_append_take(g->cross, e);
		if (!rc)
			rc = json_add_num(e, "a", p[i].a);
		if (!rc)
			rc = json_add_num(e, "b", p[i].b);
		if (!rc)
			rc = json_add_bool(e, "agree", p[i].agree);
		if (!rc)
			rc = json_add_num(e, "mismatches",
					  (double)p[i].mismatches);
		if (!rc && p[i].agree) {
			g->c[p[i].a].agree++;
			g->c[p[i].b].agree++;
		}
	}
	for (int i = 0; !rc && i < g->l.k; i++) {
		struct cand *c = &g->c[i];

		if (!compiled(c))
			continue;
		c->others = ncomp - 1;
		c->score += 0.01 * c->agree; /* agreement breaks ties */
		if (g->otb.text || !c->passed || g->l.k < 2)
			continue;
		if (c->agree >= 1 && 2 * c->agree >= c->others)
			continue;
		c->passed = false;
		c->score = 9;
		rc = agent_set_str(&c->class, "differential/disagree");
		if (!rc) {
			struct buf m = BUF_INIT;

			rc = buf_addf(&m,
				      "agrees with %d of the %d other "
				      "candidates that compiled",
				      c->agree, c->others);
			if (!rc)
				rc = agent_set_str(&c->summary, m.data);
			buf_release(&m);
		}
	}
	return rc;
}

/* ---- one round --------------------------------------------------------------
 */

static int classify_reply(struct gen *g, struct cand *c, int idx)
{
	const struct llm_choice *ch;
	struct buf name = BUF_INIT;
	bool length;
	int rc;

	if (c->res.rc || !c->res.reply.n)
		return precheck(c, "llm/error",
				c->res.error ? c->res.error : "no reply", NULL);
	ch = &c->res.reply.choices[0];
	length = ch->finish_reason && !strcmp(ch->finish_reason, "length");
	rc = rtlgen_extract(&c->code, ch->content, strlen(ch->content),
			    g->spec.top);
	if (rc)
		return rc;
	if (!c->code.code || (length && !c->code.complete)) {
		c->score = 0.5;
		return precheck(c, length ? "truncated" : "no-code",
				length ? "the reply was cut at max_tokens "
					 "before the module ended"
				       : "no Verilog module found in the reply",
				NULL);
	}
	rc = buf_addf(&name, "candidates/r%d-c%d.v", g->l.round, idx);
	if (!rc)
		rc = agent_write_under(g->l.llm, g->l.dir.data, name.data,
				       c->code.code, &c->path);
	buf_release(&name);
	return rc;
}

/* Rank: furthest stage, then fewest mismatches, then smaller area. */
static bool better(double s1, long m1, long a1, double s2, long m2, long a2)
{
	if (s1 != s2)
		return s1 > s2;
	if (m1 != m2 && m1 >= 0 && m2 >= 0)
		return m1 < m2;
	if (a1 != a2 && a1 >= 0 && a2 >= 0)
		return a1 < a2;
	return false;
}

static int best_of_round(const struct gen *g)
{
	int b = -1;

	for (int i = 0; i < g->l.k; i++) {
		const struct cand *c = &g->c[i];

		if (!c->code.code)
			continue;
		if (b < 0 ||
		    better(c->score, c->mismatches, c->cells, g->c[b].score,
			   g->c[b].mismatches, g->c[b].cells))
			b = i;
	}
	return b;
}

static cJSON *cand_json(const struct cand *c, int i)
{
	cJSON *j = cJSON_CreateObject();
	const char *base = c->path ? strrchr(c->path, '/') : NULL;
	int rc = j ? 0 : ERR_FAIL;

	if (!rc)
		rc = json_add_num(j, "index", i);
	if (!rc)
		rc = json_add_str(j, "file", base ? base + 1 : NULL);
	if (!rc)
		rc = json_add_str(j, "status", c->passed ? "pass" : "fail");
	if (!rc)
		rc = json_add_str(j, "class", c->class);
	if (!rc)
		rc = json_add_str(j, "summary", c->summary);
	if (!rc)
		rc = json_add_str(j, "extract", c->code.path);
	if (!rc)
		rc = agent_report_reply(j, &c->res.reply);
	if (!rc)
		rc = json_add_num(j, "mismatches", (double)c->mismatches);
	if (!rc)
		rc = json_add_num(j, "cells", (double)c->cells);
	if (!rc)
		rc = json_add_num(j, "check_ms", (double)c->check_ms);
	if (!rc && c->others)
		rc = json_add_num(j, "agrees_with", c->agree);
	if (!rc && c->verdict)
		rc = json_add_take(j, "verdict",
				   cJSON_Duplicate(c->verdict, 1));
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int round_json(struct gen *g, int best, long wall, long llm_ms,
		      long tool_ms, long tool_sum)
{
	cJSON *r, *cs;
	int rc = agent_loop_round(&g->l, &r, &cs);

	for (int i = 0; !rc && i < g->l.k; i++)
		rc = json_append_take(cs, cand_json(&g->c[i], i));
	if (!rc)
		rc = json_add_num(r, "best", best);
	if (!rc)
		rc = json_add_num(r, "wall_ms", (double)wall);
	if (!rc)
		rc = json_add_num(r, "llm_ms", (double)llm_ms);
	if (!rc)
		rc = json_add_num(r, "check_wall_ms", (double)tool_ms);
	if (!rc)
		rc = json_add_num(r, "tool_ms", (double)tool_sum);
	if (!rc && g->cross) {
		rc = json_add_take(r, "cross", g->cross);
		g->cross = NULL;
	}
	return rc;
}

/* Keep the best candidate of the run for final.v. */
static int keep_best(struct gen *g, int b)
{
	const struct cand *c = &g->c[b];

	if (g->best_code &&
	    !better(c->score, c->mismatches, c->cells, g->best_score,
		    g->best_mism, g->best_cells) &&
	    !c->passed)
		return 0;
	g->best_score = c->score;
	g->best_mism = c->mismatches;
	g->best_cells = c->cells;
	if (agent_set_str(&g->best_code, c->code.code) ||
	    agent_set_str(&g->best_class, c->class))
		return ERR_FAIL;
	g->out->passed = c->passed;
	return 0;
}

/* The typed verdict (or the pre-check) rendered for the next round. */
static int feedback(struct buf *fb, const struct cand *c, size_t max)
{
	struct vev_stage views[VERIFY_MAX_STAGES] = { { 0 } };
	size_t n = 1;

	if (c->have_tv)
		n = verify_verdict_views(views, VERIFY_MAX_STAGES, &c->tv);
	else if (c->have_pre)
		views[0] = (struct vev_stage){ .name = "precheck",
					       .status = "fail",
					       .class = c->class,
					       .summary = c->summary,
					       .ev = &c->pre_ev };
	return rtlgen_feedback(fb, views, n, c->code.code, max);
}

/*
 * No candidate with code yet: the run's class is the furthest a reply
 * got (no-code, truncated) rather than llm/error, which is kept for
 * requests that got no reply at all.
 */
static int note_codeless(struct gen *g)
{
	for (int i = 0; i < g->l.k; i++) {
		const char *cl = g->c[i].class;

		if (cl && strcmp(cl, "llm/error"))
			return agent_set_str(&g->best_class, cl) ? ERR_FAIL : 0;
	}
	return 0;
}

static cJSON *next_messages(struct gen *g, int b, cJSON *prev)
{
	struct buf fb = BUF_INIT;
	cJSON *m;

	if (b < 0) /* no code at all this round: ask again */
		return prev;
	if (feedback(&fb, &g->c[b], g->o->feedback_chars)) {
		buf_release(&fb);
		return NULL;
	}
	m = rtlgen_prompt_repair(&g->tmpl, &g->spec, g->c[b].code.code,
				 fb.data);
	buf_release(&fb);
	if (m)
		cJSON_Delete(prev);
	return m;
}

/*
 * Not one reply this round (every request failed after its retries): the
 * API, not the design, is the problem, so the run cannot decide.  The
 * first request's error is kept for the caller's one line.
 */
static bool no_reply(struct gen *g)
{
	for (int i = 0; i < g->l.k; i++)
		if (!g->c[i].res.rc)
			return false;
	g->llm_rc = g->c[0].res.rc == ERR_USAGE ? ERR_USAGE : ERR_FAIL;
	free(g->llm_error);
	g->llm_error = strdup(g->c[0].res.error ? g->c[0].res.error
						: "no reply from the API");
	return true;
}

/*
 * One round: k samples, checks in parallel, ranking. 1 when one passed,
 * 2 when no request got a reply.
 */
static int do_round(struct gen *g, cJSON **messages)
{
	struct llm_result res[AGENT_MAX_CANDIDATES];
	long long t0 = mono_ms(), t1, t2;
	long tool_sum = 0;
	int rc, b;

	for (int i = 0; i < g->l.k; i++) {
		cand_release(&g->c[i]);
		g->c[i].mismatches = g->c[i].cells = -1;
		g->c[i].code.path = "none";
	}
	progress(g, "requesting", false);
	rc = agent_loop_sample(&g->l, *messages, g->o->seed, res);
	for (int i = 0; i < g->l.k; i++)
		g->c[i].res = res[i]; /* moved */
	for (int i = 0; !rc && i < g->l.k; i++) {
		rc = classify_reply(g, &g->c[i], i);
		g->c[i].shown = g->c[i].class != NULL;
	}
	t1 = mono_ms();
	progress(g, "checking", false);
	if (!rc)
		rc = pool_run((size_t)g->l.k, g->o->jobs, check_one, g);
	for (int i = 0; !rc && i < g->l.k; i++)
		if (g->c[i].check_rc)
			rc = err_set(g->c[i].check_rc, "%s",
				     g->c[i].summary ? g->c[i].summary : "");
	if (!rc && g->oracle_free && g->l.k > 1)
		rc = cross_check(g);
	t2 = mono_ms();
	if (rc)
		return rc;
	for (int i = 0; i < g->l.k; i++)
		tool_sum += g->c[i].check_ms;
	b = best_of_round(g);
	if (b >= 0)
		rc = keep_best(g, b);
	else if (!g->best_code)
		rc = note_codeless(g);
	if (!rc)
		rc = round_json(g, b, (long)(t2 - t0), (long)(t1 - t0),
				(long)(t2 - t1), tool_sum);
	g->out->tool_ms += tool_sum;
	progress(g, "done", b >= 0 && g->c[b].passed);
	if (!rc && b >= 0 && g->c[b].passed)
		return 1;
	if (!rc && no_reply(g))
		return 2;
	if (!rc) {
		cJSON *m = next_messages(g, b, *messages);

		if (!m)
			return err_set(ERR_FAIL, "out of memory");
		*messages = m;
	}
	return rc;
}

/* ---- the run
 * ------------------------------------------------------------------ */

static int check_inputs(const struct agent_gen_opts *o)
{
	struct buf b = BUF_INIT;
	int rc;

	if (!o->out_dir || !*o->out_dir)
		return err_set(ERR_USAGE, "no output directory: give -o DIR");
	rc = agent_check_loop_args(o->candidates, o->rounds);
	for (size_t i = 0; !rc && i <= o->nrefs; i++) {
		const char *f = i < o->nrefs ? o->refs[i] : o->tb;

		if (!f)
			continue;
		buf_reset(&b);
		rc = buf_read_file(&b, f, 8u << 20);
		if (!rc && (!b.len || buf_is_binary(b.data, b.len)))
			rc = err_set(ERR_USAGE, "'%s' is empty or not text", f);
		if (rc && rc != ERR_USAGE)
			rc = err_wrap(ERR_USAGE, "%s",
				      i < o->nrefs ? "reference" : "testbench");
	}
	buf_release(&b);
	return rc;
}

static int setup(struct gen *g)
{
	const struct agent_gen_opts *o = g->o;
	int rc;

	rc = check_inputs(o);
	if (!rc)
		rc = rtlgen_spec_load(&g->spec, o->spec_path, o->top);
	if (!rc)
		rc = rtlgen_templates_load(&g->tmpl, o->templates_dir,
					   agent_template_search());
	if (!rc)
		rc = agent_loop_open(&g->l, &o->llm, o->out_dir, o->candidates);
	g->l.nrounds = o->rounds;
	g->l.on_progress = o->on_progress;
	g->l.progress_payload = o->progress_payload;
	g->c = rc ? NULL : calloc((size_t)o->candidates, sizeof(*g->c));
	if (!rc && !g->c)
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}

static cJSON *params_json(const struct gen *g)
{
	const struct agent_gen_opts *o = g->o;
	cJSON *p = cJSON_CreateObject();
	int rc = p ? 0 : ERR_FAIL;

	if (!rc)
		rc = agent_loop_params(&g->l, p, o->llm.temperature, o->seed,
				       o->budget_tokens);
	if (!rc)
		rc = json_add_num(p, "max_tokens", o->llm.max_tokens);
	if (!rc)
		rc = json_add_bool(p, "stream", o->llm.stream);
	if (rc) {
		cJSON_Delete(p);
		return NULL;
	}
	return p;
}

static int report_head(struct gen *g, const char *stop)
{
	const struct agent_gen_opts *o = g->o;
	cJSON *r = g->l.report;
	struct agent_llm_stats st;
	int rc;

	llm_stats(g->l.llm, &st);
	g->out->llm = st;
	g->out->checker = checker_name(g);
	rc = json_add_str(r, "verdict", g->out->passed ? "pass" : "fail");
	if (!rc)
		rc = json_add_str(r, "checker", g->out->checker);
	if (!rc && g->otb.report) {
		rc = json_add_take(r, "testbench", g->otb.report);
		g->otb.report = NULL;
	}
	if (!rc)
		rc = json_add_str(r, "final", g->best_code ? "final.v" : NULL);
	if (!rc)
		rc = json_add_str(r, "class", g->out->class);
	if (!rc)
		rc = json_add_str(r, "stopped", stop);
	if (!rc)
		rc = json_add_str(r, "spec", o->spec_path);
	if (!rc)
		rc = json_add_str(r, "top", g->spec.top);
	if (!rc)
		rc = json_add_str(r, "model", o->llm.model);
	if (!rc)
		rc = json_add_str(r, "endpoint", o->llm.endpoint);
	if (!rc)
		rc = json_add_take(r, "parameters", params_json(g));
	if (!rc)
		rc = json_add_num(r, "rounds_run", g->l.round);
	if (!rc)
		rc = agent_report_usage(r, &st);
	if (!rc)
		rc = json_add_num(r, "time_ms", (double)(mono_ms() - g->t0));
	if (!rc)
		rc = json_add_num(r, "tool_ms", (double)g->out->tool_ms);
	if (!rc)
		rc = agent_loop_report_end(&g->l);
	return rc;
}

static int finish(struct gen *g, const char *stop)
{
	int rc = 0;

	g->out->rounds = g->l.round;
	if (g->best_code)
		rc = agent_write_under(g->l.llm, g->l.dir.data, "final.v",
				       g->best_code, &g->out->final_path);
	if (!rc)
		rc = agent_set_str(&g->out->class, g->out->passed ? NULL
						   : g->best_class
							   ? g->best_class
							   : "llm/error");
	if (!rc)
		rc = report_head(g, stop);
	if (!rc)
		rc = agent_write_json(g->l.llm, g->l.dir.data, "report.json",
				      g->l.report);
	return rc;
}

/*
 * No --ref, no --tb: the model's own testbench, checked first (see
 * oracle.c), judges the candidates, and they are cross-checked.
 */
static int oracle_setup(struct gen *g)
{
	const struct agent_gen_opts *o = g->o;
	int rc;

	g->oracle_free = true;
	g->oo = (struct oracle_opts){
		.llm = g->l.llm,
		.tmpl = &g->tmpl,
		.spec = &g->spec,
		.out_dir = o->out_dir,
		.attempts = o->tb_attempts > 0 ? o->tb_attempts : 3,
		.seed = o->seed,
		.timeout_s = o->tool_timeout_s > 0 ? o->tool_timeout_s : 60,
		.sandbox = o->sandbox,
		.keep_tmp = o->keep_tmp,
		.feedback_chars = o->feedback_chars,
	};
	if (o->tb_attempts < 0)
		return 0; /* --tb-attempts 0: differential only */
	rc = oracle_testbench(&g->otb, &g->oo);
	if (!rc && !g->otb.text)
		log_warn("no testbench from the model was accepted: the "
			 "candidates are judged by %s",
			 g->l.k > 1 ? "agreeing with one another"
				    : "compiling and synthesizing only");
	return rc;
}

static const char *checker_name(const struct gen *g)
{
	if (g->o->nrefs)
		return "reference";
	if (g->o->tb)
		return "testbench";
	if (g->otb.text)
		return "model-testbench";
	return g->l.k > 1 ? "differential" : "compile";
}

int agent_gen(struct agent_gen_result *out, const struct agent_gen_opts *o)
{
	struct gen g = { .o = o, .out = out, .l = AGENT_LOOP_INIT };
	const char *stop = "rounds";
	cJSON *messages = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	g.t0 = mono_ms();
	rc = setup(&g);
	if (!rc && !o->nrefs && !o->tb)
		rc = oracle_setup(&g);
	if (!rc) {
		messages = rtlgen_prompt_initial(&g.tmpl, &g.spec);
		if (!messages)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	if (!rc && g.otb.llm_rc) {
		/* the testbench request got no reply: as a round without one */
		g.llm_rc = g.otb.llm_rc;
		g.llm_error = g.otb.llm_error;
		g.otb.llm_error = NULL;
		stop = "llm-error";
	}
	for (g.l.round = 1; !rc && !g.llm_rc && g.l.round <= o->rounds;
	     g.l.round++) {
		if (llm_over_budget(g.l.llm, o->budget_tokens)) {
			stop = "budget";
			g.l.round--; /* rounds run so far */
			break;
		}
		rc = do_round(&g, &messages);
		if (rc == 1) {
			rc = 0;
			stop = "pass";
			break;
		}
		if (rc == 2) {
			rc = 0;
			stop = "llm-error";
			break;
		}
	}
	if (g.l.round > o->rounds)
		g.l.round = o->rounds;
	if (g.otb.llm_rc)
		g.l.round = 0; /* no design was asked for */
	if (!rc || (rc == ERR_INTR && g.l.llm)) {
		/* an interrupted run still leaves its report behind */
		int frc = finish(&g, rc == ERR_INTR ? "interrupted" : stop);

		if (!rc)
			rc = frc;
	}
	if (!rc && g.llm_rc)
		rc = err_set(g.llm_rc, "%s", g.llm_error);
	free(g.llm_error);
	out->wall_ms = (long)(mono_ms() - g.t0);
	cJSON_Delete(messages);
	for (int i = 0; g.c && i < g.l.k; i++)
		cand_release(&g.c[i]);
	free(g.c);
	agent_loop_release(&g.l);
	free(g.best_code);
	free(g.best_class);
	rtlgen_spec_release(&g.spec);
	rtlgen_templates_release(&g.tmpl);
	oracle_tb_release(&g.otb);
	cJSON_Delete(g.cross);
	return rc;
}
