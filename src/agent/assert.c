#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/agent-int.h"
#include "base/clock.h"
#include "base/vlex.h"
#include "rtlgen/rtlgen.h"
#include "verify/assert.h"

/*
 * The assertion loop behind `hwforge assert`: the model writes
 * assertions for a design, the formal stages judge each one alone
 * (verify_assertions), the ones that do not hold go back with their
 * counterexample or reason, round after round.  One request a round: a
 * set is judged assertion by assertion already, and many servers
 * (llama.cpp) refuse n > 1.  Nothing the model writes is trusted: the
 * statements are translated and checked by the tools on the design, in
 * the sandbox, and only the ones the tools accept reach props.sva.
 */

#define MAX_ROUNDS   100
#define SPEC_MAX     (1u << 20)
#define FEEDBACK_MAX 6000

struct al {
	const struct agent_assert_opts *o;
	struct agent_assert_result *out;
	struct llm *llm;
	struct rtlgen_templates t;
	struct verify_opts vo;
	struct buf dir, design, spec;
	cJSON *rounds;
	/* the best round so far: most assertions holding, later wins ties */
	struct assert_report best;
	char *best_text;
	int best_round;
	size_t best_holding;
};

static void counts(const struct assert_report *r, size_t *c)
{
	memset(c, 0, (AS_UNKNOWN + 1) * sizeof(*c));
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].status >= AS_PROVED && r->v[i].status <= AS_UNKNOWN)
			c[r->v[i].status]++;
}

static void progress(struct al *g, int round, const struct assert_report *r,
		     bool accepted)
{
	const char **states;
	struct agent_llm_stats st;
	struct agent_progress p;

	if (!g->o->on_progress)
		return;
	states = calloc(r->n + 1, sizeof(*states));
	if (!states)
		return;
	for (size_t i = 0; i < r->n; i++)
		states[i] = assert_status_name(r->v[i].status);
	llm_stats(g->llm, &st);
	p.round = round;
	p.rounds = g->o->rounds;
	p.k = (int)r->n;
	p.phase = "done";
	p.states = states;
	p.tokens = st.prompt_tokens + st.completion_tokens;
	p.passed = accepted;
	g->o->on_progress(&p, g->o->progress_payload);
	free(states);
}

/* ---- setup --------------------------------------------------------------- */

static int check_inputs(const struct agent_assert_opts *o)
{
	int rc = agent_check_design_args(o->out_dir, o->nfiles, o->top);

	if (rc)
		return rc;
	if (!vlex_is_ident(o->top))
		return err_set(ERR_USAGE, "bad top module name '%s'", o->top);
	if (o->rounds < 1 || o->rounds > MAX_ROUNDS)
		return err_set(ERR_USAGE, "--rounds must be from 1 to %d",
			       MAX_ROUNDS);
	return 0;
}

static int read_text(struct buf *b, const char *path, const char *what)
{
	int rc = buf_read_file(b, path, SPEC_MAX);

	if (rc)
		return err_wrap(rc == ERR_FAIL || rc == ERR_NOTFOUND ? ERR_USAGE
								     : rc,
				"%s", what);
	if (!b->len || buf_is_binary(b->data, b->len))
		return err_set(ERR_USAGE, "%s '%s' is empty or not text", what,
			       path);
	return 0;
}

static int setup(struct al *g)
{
	const struct agent_assert_opts *o = g->o;
	int rc = check_inputs(o);

	g->vo.files = o->files;
	g->vo.nfiles = o->nfiles;
	g->vo.top = o->top;
	g->vo.defines = o->defines;
	g->vo.props_depth = o->depth > 0 ? o->depth : 20;
	agent_tool_opts(&g->vo, o->tool_timeout_s, o->sandbox, o->keep_tmp);
	if (!rc)
		rc = verify_validate(&g->vo);
	if (!rc)
		rc = agent_assert_design_text(&g->design, o->files, o->nfiles);
	if (rc && rc != ERR_USAGE && rc != ERR_INTR)
		rc = err_wrap(ERR_USAGE, "design");
	if (!rc && o->spec_path)
		rc = read_text(&g->spec, o->spec_path, "spec");
	if (!rc)
		rc = agent_assert_templates(&g->t, o->templates_dir);
	if (!rc)
		rc = buf_addstr(&g->dir, o->out_dir);
	if (!rc)
		rc = agent_run_open(&g->llm, &o->llm, o->out_dir, "rounds", 1);
	g->rounds = cJSON_CreateArray();
	if (!rc && !g->rounds)
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}

/* ---- one round ----------------------------------------------------------- */

static cJSON *round_json(int round, const char *file, const char *cls,
			 const struct assert_report *r, long prompt,
			 long completion)
{
	cJSON *j = cJSON_CreateObject(), *a = NULL;
	size_t c[AS_UNKNOWN + 1];
	int rc;

	counts(r, c);
	rc = json_add_num(j, "round", round);
	rc |= json_add_str(j, "file", file);
	rc |= json_add_str(j, "class", cls);
	rc |= json_add_num(j, "assertions", (double)r->n);
	for (int s = AS_PROVED; s <= AS_UNKNOWN; s++)
		rc |= json_add_num(j, assert_status_name((enum assert_status)s),
				   (double)c[s]);
	rc |= json_add_num(j, "prompt_tokens", (double)prompt);
	rc |= json_add_num(j, "completion_tokens", (double)completion);
	if (!rc && r->n) {
		cJSON *all = assert_report_json(r);

		a = all ? cJSON_DetachItemFromObject(all, "assertions") : NULL;
		cJSON_Delete(all);
		rc = a ? json_add_take(j, "judged", a) : -1;
	}
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* At most max bytes of feedback: its head, cut at a line's end. */
static void cap_feedback(struct buf *fb, size_t max)
{
	static const char more[] = "\n[... more feedback cut ...]\n";

	if (max < 2 * sizeof(more))
		max = 2 * sizeof(more);
	if (fb->len <= max)
		return;
	buf_setlen(fb, max - sizeof(more));
	while (fb->len && fb->data[fb->len - 1] != '\n')
		buf_setlen(fb, fb->len - 1);
	buf_addstr(fb, more);
}

/*
 * 1: accepted; 2: stop (no reply, or only inconclusive ones left);
 * 0: go on with *msgs replaced; < 0: error.
 */
static int do_round(struct al *g, int round, cJSON **msgs)
{
	struct llm_reply rep = { 0 };
	struct rtlgen_code ex = RTLGEN_CODE_INIT;
	struct assert_report r = ASSERT_REPORT_INIT;
	struct buf tag = BUF_INIT, file = BUF_INIT, fb = BUF_INIT;
	size_t c[AS_UNKNOWN + 1], holding, n;
	const char *content, *cls = NULL;
	cJSON *rj, *m;
	int rc;

	buf_addf(&tag, "round %d", round);
	rc = llm_chat(g->llm, *msgs, 1, g->o->seed + (unsigned long)round - 1,
		      tag.data, &rep);
	buf_release(&tag);
	if (rc == ERR_INTR || rc == ERR_NOTFOUND)
		return rc;
	if (rc) {
		/* the API's answer after the retries: the loop cannot go on */
		g->out->undecided = true;
		g->out->stopped = "llm-error";
		rj = cJSON_CreateObject();
		json_add_num(rj, "round", round);
		json_add_str(rj, "class", "llm/error");
		json_add_str(rj, "error", err_last());
		json_append_take(g->rounds, rj);
		return 2;
	}
	content = rep.n && rep.choices[0].content ? rep.choices[0].content : "";
	rc = rtlgen_extract_props(&ex, content, strlen(content));
	if (!rc && ex.code) {
		rc = buf_addf(&file, "rounds/%d.sva", round);
		if (!rc)
			rc = agent_write_under(g->llm, g->dir.data, file.data,
					       ex.code, NULL);
		if (!rc)
			rc = verify_assertions(&r, &g->vo, g->o->top, ex.code,
					       strlen(ex.code));
		if (!rc && r.n)
			rc = assert_report_feedback(&fb, &r);
	}
	if (!rc && !r.n) {
		cls = "reply/no-assertions";
		rc = buf_addstr(&fb, "No assertion statements were found in "
				     "your reply.  Reply with the assertion "
				     "statements only, between the two "
				     "marker lines.\n");
	}
	if (rc)
		goto out;
	n = r.n;
	counts(&r, c);
	holding = c[AS_PROVED] + c[AS_BOUNDED];
	if (!cls && holding < r.n)
		cls = c[AS_FAILS]     ? "assert/fails"
		      : c[AS_INVALID] ? "assert/invalid"
		      : c[AS_VACUOUS] ? "assert/vacuous"
				      : "assert/unknown";
	rj = round_json(round, file.len ? file.data : NULL, cls, &r,
			rep.prompt_tokens, rep.completion_tokens);
	rc = rj ? json_append_take(g->rounds, rj) : -1;
	if (rc) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto out;
	}
	progress(g, round, &r, r.n && holding == r.n);
	if (r.n && holding >= g->best_holding) {
		assert_report_release(&g->best);
		g->best = r;
		memset(&r, 0, sizeof(r));
		free(g->best_text);
		g->best_text = ex.code;
		ex.code = NULL;
		g->best_round = round;
		g->best_holding = holding;
		if (holding == g->best.n) {
			rc = 1;
			goto out;
		}
	}
	/* (r may have moved into g->best: n and c are this round's) */
	if (n && holding < n &&
	    !(c[AS_FAILS] + c[AS_INVALID] + c[AS_VACUOUS])) {
		/* only inconclusive ones: the tools, not the model, decide */
		g->out->undecided = true;
		g->out->stopped = "undecided";
		rc = 2;
		goto out;
	}
	cap_feedback(&fb, g->o->feedback_chars ? g->o->feedback_chars
					       : FEEDBACK_MAX);
	m = agent_assert_messages(&g->t, g->o->top,
				  g->spec.len ? g->spec.data : NULL,
				  g->design.data,
				  ex.code		   ? ex.code
				  : g->best_round == round ? g->best_text
							   : content,
				  fb.data);
	if (!m) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto out;
	}
	cJSON_Delete(*msgs);
	*msgs = m;
out:
	llm_reply_release(&rep);
	rtlgen_code_release(&ex);
	assert_report_release(&r);
	buf_release(&file);
	buf_release(&fb);
	return rc;
}

/* ---- the outputs --------------------------------------------------------- */

/* A holding item that stands alone as one line of a statement list. */
static bool separable(const struct assert_item *it)
{
	size_t n = it->text ? strlen(it->text) : 0;

	return n && it->text[n - 1] == ';' && !strstr(it->text, "//") &&
	       !strstr(it->text, "/*");
}

/*
 * props.sva: the best round's set when every assertion of it holds, else
 * its holding statements one a line (a block that does not stand alone
 * on a line is left out, and counted).
 */
static int props_text(struct al *g, struct buf *b, size_t *left_out)
{
	const struct assert_report *r = &g->best;
	bool all = g->best_holding == r->n;
	int rc;

	*left_out = 0;
	rc = buf_addf(b,
		      "// hwforge assert: assertions on module %s that the "
		      "tools accepted (round %d,\n// depth %d); check with "
		      "'hwforge check --props FILE --top %s DESIGN...'\n",
		      g->o->top, g->best_round, g->vo.props_depth, g->o->top);
	if (!rc && all) {
		rc = buf_addstr(b, g->best_text);
		if (!rc && b->len && b->data[b->len - 1] != '\n')
			rc = buf_addch(b, '\n');
		return rc;
	}
	for (size_t i = 0; !rc && i < r->n; i++) {
		const struct assert_item *it = &r->v[i];

		if (it->status != AS_PROVED && it->status != AS_BOUNDED)
			continue;
		if (separable(it))
			rc = buf_addf(b, "%s\n", it->text);
		else
			(*left_out)++;
	}
	return rc;
}

static int mutants_out(struct al *g, const struct mutant_set *ms,
		       const struct mut_opts *mo)
{
	cJSON *j = verify_mutants_json(ms, mo);
	struct buf t = BUF_INIT, p = BUF_INIT;
	int rc = j ? json_print(&t, j, true)
		   : err_set(ERR_FAIL, "out of memory");

	cJSON_Delete(j);
	if (!rc)
		rc = buf_addch(&t, '\n');
	if (!rc)
		rc = agent_write_under(g->llm, g->dir.data, "mutants.json",
				       t.data, NULL);
	for (size_t i = 0; !rc && i < ms->n; i++) {
		if (ms->v[i].equiv != MUT_EQ_DIFFERENT &&
		    ms->v[i].equiv != MUT_EQ_UNKNOWN)
			continue;
		buf_reset(&p);
		rc = buf_addf(&p, "%s/mutants/%s", g->dir.data, ms->v[i].id);
		if (!rc)
			rc = agent_mkdirs(p.data);
		if (!rc)
			rc = verify_mutant_write(&ms->v[i], mo, p.data);
	}
	buf_release(&t);
	buf_release(&p);
	return rc;
}

/* Mutation score of the final set (fin, judged on text). */
static int score(struct al *g, struct assert_report *fin, const char *text)
{
	struct mutant_set ms = MUTANT_SET_INIT;
	struct mut_opts mo = { .files = g->o->files, .nfiles = g->o->nfiles };
	int rc = 0;

	mo.module = g->o->top;
	mo.max = g->o->mutants > 0 ? (size_t)g->o->mutants : 0;
	mo.seed = g->o->seed;
	if (g->o->ops)
		rc = mut_ops_parse(&mo.ops, g->o->ops);
	if (!rc)
		rc = verify_mutants(&ms, &mo);
	if (!rc)
		rc = verify_mutants_equiv(&ms, &mo, &g->vo, g->o->top);
	if (!rc)
		rc = verify_assert_mutation(fin, &g->vo, g->o->top, text,
					    strlen(text), &ms, &mo);
	if (!rc)
		rc = mutants_out(g, &ms, &mo);
	mutant_set_release(&ms);
	return rc;
}

static int report_json(struct al *g, const struct assert_report *fin,
		       size_t left_out)
{
	const struct agent_assert_opts *o = g->o;
	struct agent_assert_result *out = g->out;
	cJSON *r = cJSON_CreateObject(), *files = cJSON_CreateArray(), *p;
	struct agent_llm_stats st;
	struct buf text = BUF_INIT;
	int rc = r && files ? 0 : -1;

	llm_stats(g->llm, &st);
	out->llm = st;
	for (size_t i = 0; !rc && i < o->nfiles; i++)
		rc = json_append_take(files, cJSON_CreateString(o->files[i]));
	rc |= json_add_str(r, "verdict",
			   out->accepted    ? "accepted"
			   : out->undecided ? "undecided"
					    : "not-accepted");
	rc |= json_add_str(r, "stopped", out->stopped);
	rc |= json_add_str(r, "top", o->top);
	rc |= json_add_take(r, "files", files);
	files = NULL;
	rc |= json_add_str(r, "props", out->final_round ? "props.sva" : NULL);
	rc |= json_add_num(r, "final_round", out->final_round);
	rc |= json_add_num(r, "depth", g->vo.props_depth);
	rc |= json_add_num(r, "left_out", (double)left_out);
	if (!rc && fin) {
		/* the assertions of props.sva and, scored, the mutation */
		cJSON *a = assert_report_json(fin);

		rc = a ? 0 : -1;
		if (!rc)
			rc = json_add_take(
				r, "assertions",
				cJSON_DetachItemFromObject(a, "assertions"));
		if (!rc && out->scored)
			rc = json_add_take(
				r, "mutation",
				cJSON_DetachItemFromObject(a, "mutation"));
		cJSON_Delete(a);
	}
	rc |= json_add_str(r, "model", o->llm.model);
	rc |= json_add_str(r, "endpoint", o->llm.endpoint);
	p = cJSON_CreateObject();
	rc |= json_add_take(r, "parameters", p);
	rc |= agent_report_params(p, o->rounds, o->llm.temperature, o->seed,
				  o->budget_tokens);
	rc |= json_add_num(p, "mutants", (double)o->mutants);
	rc |= json_add_num(r, "rounds_run", out->rounds);
	rc |= agent_report_usage(r, &st);
	rc |= json_add_take(r, "tools", verify_tool_versions());
	if (!rc) {
		rc = json_add_take(r, "rounds", g->rounds);
		g->rounds = NULL;
	}
	cJSON_Delete(files);
	if (!rc)
		rc = json_print(&text, r, true);
	if (!rc)
		rc = buf_addch(&text, '\n');
	cJSON_Delete(r);
	if (rc)
		rc = err_set(ERR_FAIL, "out of memory");
	else
		rc = agent_write_under(g->llm, g->dir.data, "report.json",
				       text.data, NULL);
	buf_release(&text);
	return rc;
}

static void take_counts(struct agent_assert_result *out,
			const struct assert_report *r)
{
	size_t c[AS_UNKNOWN + 1];

	counts(r, c);
	out->assertions = r->n;
	out->proved = c[AS_PROVED];
	out->bounded = c[AS_BOUNDED];
	out->fails = c[AS_FAILS];
	out->vacuous = c[AS_VACUOUS];
	out->invalid = c[AS_INVALID];
	out->unknown = c[AS_UNKNOWN];
	out->holding = c[AS_PROVED] + c[AS_BOUNDED];
	if (r->mutants) {
		out->scored = true;
		out->mutants = r->mutants;
		out->equivalent = r->equivalent;
		out->stillborn = r->stillborn;
		out->nonequiv = r->nonequiv;
		out->killed = r->killed;
	}
}

/*
 * props.sva, the mutation score and report.json.  An interrupted run
 * (interrupted true) writes what it has and scores nothing.
 */
static int finish(struct al *g, bool interrupted)
{
	struct agent_assert_result *out = g->out;
	struct assert_report again = ASSERT_REPORT_INIT, *fin = NULL;
	struct buf props = BUF_INIT, name = BUF_INIT;
	size_t left_out = 0;
	int rc = 0;

	/* a stale set from an earlier run must not survive this one */
	buf_addf(&name, "%s/props.sva", g->dir.data);
	unlink(name.data);
	if (g->best_round && g->best_holding) {
		out->final_round = g->best_round;
		rc = props_text(g, &props, &left_out);
		if (!rc)
			rc = agent_write_under(g->llm, g->dir.data, "props.sva",
					       props.data, NULL);
		fin = &g->best;
		if (!rc && g->best_holding < g->best.n) {
			/* props.sva is a subset: judged as written */
			const char *s = props.data;

			rc = verify_assertions(&again, &g->vo, g->o->top, s,
					       strlen(s));
			fin = &again;
		}
		if (!rc && !interrupted && g->o->mutants >= 0 && fin->n) {
			rc = score(g, fin, props.data);
			if (rc == ERR_INTR) {
				interrupted = true;
				out->stopped = "interrupted";
				rc = 0;
			}
		}
		if (!rc) {
			size_t c[AS_UNKNOWN + 1];

			take_counts(out, fin);
			/* what props.sva left out: the best round's others */
			counts(&g->best, c);
			out->fails = c[AS_FAILS];
			out->vacuous = c[AS_VACUOUS];
			out->invalid = c[AS_INVALID];
			out->unknown = c[AS_UNKNOWN];
		}
	}
	if (!rc || rc == ERR_INTR) {
		int wrc = report_json(g, rc ? NULL : fin, left_out);

		if (!rc)
			rc = wrc;
	}
	assert_report_release(&again);
	buf_release(&props);
	buf_release(&name);
	return rc ? rc : interrupted ? ERR_INTR : 0;
}

int agent_assert(struct agent_assert_result *out,
		 const struct agent_assert_opts *o)
{
	struct al g = { .o = o,
			.out = out,
			.dir = BUF_INIT,
			.design = BUF_INIT,
			.spec = BUF_INIT };
	static const struct verify_opts vinit = VERIFY_OPTS_INIT;
	cJSON *msgs = NULL;
	long long t0 = mono_ms();
	int rc;

	memset(out, 0, sizeof(*out));
	out->stopped = "rounds";
	g.vo = vinit;
	rc = setup(&g);
	if (!rc) {
		msgs = agent_assert_messages(&g.t, o->top,
					     g.spec.len ? g.spec.data : NULL,
					     g.design.data, NULL, NULL);
		if (!msgs)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	for (int round = 1; !rc && round <= o->rounds; round++) {
		if (llm_over_budget(g.llm, o->budget_tokens)) {
			out->stopped = "budget";
			break;
		}
		out->rounds = round;
		rc = do_round(&g, round, &msgs);
		if (rc == 1) {
			out->accepted = true;
			out->stopped = "accepted";
		}
		if (rc == 1 || rc == 2) {
			rc = 0;
			break;
		}
	}
	if (rc == ERR_INTR)
		out->stopped = "interrupted";
	if ((!rc || rc == ERR_INTR) && g.llm)
		rc = finish(&g, rc == ERR_INTR);
	out->wall_ms = (long)(mono_ms() - t0);
	cJSON_Delete(msgs);
	cJSON_Delete(g.rounds);
	llm_close(g.llm);
	rtlgen_templates_release(&g.t);
	assert_report_release(&g.best);
	free(g.best_text);
	buf_release(&g.dir);
	buf_release(&g.design);
	buf_release(&g.spec);
	return rc;
}
