#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/clock.h"
#include "agent/agent-int.h"
#include "agent/patch.h"
#include "rtlgen/rtlgen.h"
#include "verify/verify.h"

/*
 * The repair loop behind `hwforge repair` and `hwforge gate --repair`:
 * evidence from the check pipeline, a patch from the model, a strict
 * apply, the same checks again.  Every patch is taken against the
 * original files, so lines touched always measure the whole fix.
 */

#define FILE_MAX       (8u << 20)

/* The outcome of checking one version of the design. */
struct rcheck {
	bool passed, undecided;
	char *class, *summary;
	cJSON *verdict; /* the deciding verdict (or the budget's) */
	struct verify_verdict tv; /* typed, for feedback */
	bool have_tv;
	struct verify_evidence pre_ev; /* patch or budget problems */
	const char *pre_name; /* "patch", "budget" */
	bool have_pre;
	double score; /* furthest stage reached */
	long cells, mismatches;
	cJSON *stages; /* names of the stages that ran and passed */
	int rc; /* negative: the check could not run */
};

struct rcand {
	struct llm_result res;
	struct patch_files files; /* the patched texts when applied */
	bool applied;
	struct buf warn;
	char *dir; /* DIR/candidates/rR-cK */
	size_t touched;
	struct rcheck ck;
	long check_ms;
	bool shown;
};

struct rp {
	const struct agent_repair_opts *o;
	struct agent_repair_result *out;
	struct agent_loop l;
	char *tsys, *tinit, *tretry; /* templates */
	struct patch_files orig; /* relative paths, original texts */
	struct rcheck first; /* the original design's check */
	struct rcand *c;
	struct patch_files best; /* the chosen fix */
	bool have_best;
	size_t best_touched;
	long best_cells;
	int best_round, best_cand;
	char *best_class;
	double best_score;
	cJSON *best_stages;
};

void agent_repair_result_release(struct agent_repair_result *r)
{
	free(r->class);
	free(r->patch_root);
	for (size_t i = 0; r->fixed && r->fixed[i]; i++)
		free(r->fixed[i]);
	free(r->fixed);
	r->class = r->patch_root = NULL;
	r->fixed = NULL;
}

static void rcheck_release(struct rcheck *c)
{
	free(c->class);
	free(c->summary);
	cJSON_Delete(c->verdict);
	cJSON_Delete(c->stages);
	if (c->have_tv)
		verify_verdict_release(&c->tv);
	if (c->have_pre)
		verify_evidence_release(&c->pre_ev);
	memset(c, 0, sizeof(*c));
	c->cells = c->mismatches = -1;
}

static void rcand_release(struct rcand *c)
{
	llm_result_release(&c->res);
	patch_files_release(&c->files);
	buf_release(&c->warn);
	free(c->dir);
	rcheck_release(&c->ck);
	memset(c, 0, sizeof(*c));
	c->ck.cells = c->ck.mismatches = -1;
}

/* A failure that is not a verdict: one problem line as its evidence. */
static int pre_fail(struct rcheck *c, const char *stage, const char *class,
		    const char *summary, const char *problem, double score)
{
	cJSON *v = cJSON_CreateObject();
	int rc = v ? 0 : ERR_FAIL;

	verify_evidence_init(&c->pre_ev);
	c->have_pre = true;
	c->pre_name = stage;
	c->score = score;
	if (problem) {
		c->pre_ev.problems = calloc(1, sizeof(char *));
		if (c->pre_ev.problems)
			c->pre_ev.problems[0] = strdup(problem);
		if (!c->pre_ev.problems || !c->pre_ev.problems[0])
			rc = ERR_FAIL;
		else
			c->pre_ev.nproblems = 1;
	}
	if (!rc)
		rc = json_add_str(v, "name", stage);
	if (!rc)
		rc = json_add_str(v, "class", class);
	if (!rc)
		rc = json_add_str(v, "summary", summary);
	if (!rc)
		rc = json_add_str(v, "reason", problem);
	cJSON_Delete(c->verdict);
	c->verdict = v;
	if (!rc)
		rc = agent_set_str(&c->class, class);
	if (!rc)
		rc = agent_set_str(&c->summary, summary);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* Write text to path, making its directory first. */
static int write_file(const char *path, const char *text)
{
	struct buf d = BUF_INIT;
	const char *s = strrchr(path, '/');
	int rc = 0;

	if (s && s != path) {
		rc = buf_add(&d, path, (size_t)(s - path));
		if (!rc)
			rc = agent_mkdirs(d.data);
	}
	if (!rc)
		rc = buf_write_file(path, text, strlen(text));
	buf_release(&d);
	return rc;
}

/* ---- checking ------------------------------------------------------------ */

static void base_opts(struct verify_opts *vo, const struct agent_repair_opts *o)
{
	static const struct verify_opts init = VERIFY_OPTS_INIT;

	*vo = init;
	vo->top = o->top;
	vo->defines = o->defines;
	agent_tool_opts(vo, o->tool_timeout_s, o->sandbox, o->keep_tmp);
	if (o->equiv_depth > 0)
		vo->equiv_depth = o->equiv_depth;
	vo->allow_latches = o->allow_latches;
}

/* The budget judged on the synthesis numbers: a problem line, or "". */
static void over_budget_line(struct buf *b, const char **class,
			     const struct agent_budget *bd,
			     const struct vev_stats *s)
{
	if (bd->max_cells >= 0 && s->cells > bd->max_cells) {
		*class = "budget/cells";
		buf_addf(b, "cells %ld > max %ld (over by %ld)", s->cells,
			 bd->max_cells, s->cells - bd->max_cells);
	} else if (bd->max_flops >= 0 && s->flops > bd->max_flops) {
		*class = "budget/flops";
		buf_addf(b, "flops %ld > max %ld (over by %ld)", s->flops,
			 bd->max_flops, s->flops - bd->max_flops);
	} else if (bd->max_depth >= 0 && s->depth > bd->max_depth) {
		*class = "budget/depth";
		buf_addf(b, "depth %ld > max %ld (over by %ld)", s->depth,
			 bd->max_depth, s->depth - bd->max_depth);
	} else if (bd->max_area >= 0 && s->area > bd->max_area) {
		*class = "budget/area";
		buf_addf(b, "area %.1f > max %.1f", s->area, bd->max_area);
	}
}

/* Take a finished verdict into c: 1 if it passed, 0 if it decided. */
static int take_verdict(struct rcheck *c, struct verify_verdict *v)
{
	const struct verify_stage *sim = verify_verdict_stage(v, "sim");
	const struct verify_stage *syn = verify_verdict_stage(v, "synth");
	int rc = 0;

	if (sim && sim->ev.mismatches >= 0)
		c->mismatches = sim->ev.mismatches;
	if (syn && syn->ev.stats.have && c->cells < 0)
		c->cells = syn->ev.stats.cells;
	for (size_t i = 0; i < v->nstages; i++)
		if (v->stages[i].status == VERIFY_PASS &&
		    json_append_take(c->stages,
				     cJSON_CreateString(v->stages[i].name)))
			return ERR_FAIL;
	if (v->status == VERIFY_PASS) {
		verify_verdict_release(v);
		return 1;
	}
	c->undecided = v->status == VERIFY_INCONCLUSIVE ||
		       v->status == VERIFY_ERROR;
	cJSON_Delete(c->verdict);
	c->verdict = verify_verdict_json(v);
	if (v->failed >= 0) {
		const struct verify_stage *st = &v->stages[v->failed];

		c->score = (double)(3 + agent_stage_index(st->name));
		rc = agent_set_str(&c->class,
				   st->class ? st->class : st->name);
		if (!rc)
			rc = agent_set_str(&c->summary, st->summary);
	} else {
		c->score = 3;
		rc = agent_set_str(&c->class,
				   verify_status_name(v->status));
	}
	c->tv = *v; /* moved */
	c->have_tv = true;
	return rc;
}

/* Every check of the evidence, in order, on the design in `paths`. */
static int check_paths(struct rcheck *c, const struct agent_repair_opts *o,
		       const char *const *paths)
{
	size_t runs = o->ntbs ? o->ntbs : 1;
	int rc = 0;

	c->cells = c->mismatches = -1;
	c->stages = cJSON_CreateArray();
	if (!c->stages)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t t = 0; t < runs; t++) {
		struct verify_opts vo;
		struct verify_verdict v;

		base_opts(&vo, o);
		vo.files = paths;
		vo.nfiles = o->nfiles;
		if (t == 0) {
			vo.refs = o->refs;
			vo.nrefs = o->nrefs;
			vo.ref_top = o->ref_top;
			vo.props = o->props;
			vo.nprops = o->nprops;
			vo.props_top = o->props_top;
			if (o->props_depth > 0)
				vo.props_depth = o->props_depth;
		} else {
			vo.stages = VERIFY_STAGE_COMPILE | VERIFY_STAGE_SIM;
		}
		if (o->ntbs) {
			vo.tb = o->tbs[t];
			vo.tb_top = o->tb_tops ? o->tb_tops[t] : NULL;
		}
		rc = verify_check(&v, &vo);
		if (rc)
			return rc;
		rc = take_verdict(c, &v);
		if (rc <= 0)
			return rc;
	}
	if (o->budget && c->cells >= 0) {
		const char *cls = NULL;
		struct buf line = BUF_INIT;
		struct vev_stats s = { .have = true, .cells = c->cells,
				       .flops = -1, .depth = -1, .area = -1 };

		/* flops, depth and area: from the synth stage, if asked */
		over_budget_line(&line, &cls, o->budget, &s);
		if (cls)
			rc = pre_fail(c, "budget", cls, "over the PPA budget",
				      line.data, 9);
		buf_release(&line);
		if (cls)
			return rc;
	}
	c->passed = true;
	c->score = 100;
	return agent_set_str(&c->summary, "passed every check");
}

/* Check a candidate: its files under its own directory. */
static void check_one(size_t i, void *payload)
{
	struct rp *g = payload;
	struct rcand *c = &g->c[i];
	const char **paths;
	struct buf p = BUF_INIT;
	long long t0 = mono_ms();
	int rc = 0;

	if (!c->applied)
		return;
	paths = calloc(g->orig.n + 1, sizeof(*paths));
	if (!paths) {
		c->ck.rc = err_set(ERR_FAIL, "out of memory");
		return;
	}
	for (size_t f = 0; !rc && f < g->orig.n; f++) {
		buf_reset(&p);
		rc = buf_addf(&p, "%s/%s", c->dir, g->orig.v[f].path);
		if (!rc)
			rc = write_file(p.data, patch_files_get(
							&c->files,
							g->orig.v[f].path));
		paths[f] = rc ? NULL : buf_detach(&p, NULL);
	}
	if (!rc)
		rc = check_paths(&c->ck, g->o, paths);
	if (rc && rc != ERR_INTR && rc != ERR_NOTFOUND) {
		/* the candidate broke the check: a result, not ours */
		struct buf m = BUF_INIT;

		buf_addstr(&m, err_last());
		rcheck_release(&c->ck);
		rc = pre_fail(&c->ck, "check", "check/error", m.data, NULL, 2);
		buf_release(&m);
	}
	c->ck.rc = rc;
	if (rc)
		agent_set_str(&c->ck.summary, err_last());
	for (size_t f = 0; f < g->orig.n; f++)
		free((char *)paths[f]);
	free(paths);
	buf_release(&p);
	c->check_ms = (long)(mono_ms() - t0);
	pthread_mutex_lock(&g->l.lock);
	c->shown = true;
	pthread_mutex_unlock(&g->l.lock);
}

/* ---- prompts ------------------------------------------------------------- */

/* The files with line numbers, each in its own fenced block. */
static int files_text(struct buf *b, const struct patch_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		const char *p = f->v[i].text;
		long ln = 1;

		if (buf_addf(b, "File `%s`:\n```\n", f->v[i].path))
			return ERR_FAIL;
		while (p && *p) {
			const char *e = strchr(p, '\n');
			size_t len = e ? (size_t)(e - p) : strlen(p);

			if (buf_addf(b, "%4ld | ", ln++) || buf_add(b, p, len) ||
			    buf_addch(b, '\n'))
				return ERR_FAIL;
			p = e ? e + 1 : NULL;
		}
		if (buf_addstr(b, "```\n\n"))
			return ERR_FAIL;
	}
	return 0;
}

static int feedback(struct buf *fb, const struct rcheck *c,
		    const struct patch_files *f, size_t max)
{
	struct vev_stage views[VERIFY_MAX_STAGES] = { { 0 } };
	size_t n = 1;

	if (c->have_tv)
		n = verify_verdict_views(views, VERIFY_MAX_STAGES, &c->tv);
	else
		views[0] = (struct vev_stage){ .name = c->pre_name,
					       .status = "fail",
					       .class = c->class,
					       .summary = c->summary,
					       .ev = c->have_pre ? &c->pre_ev
								 : NULL };
	/* compile errors quote their line from the only file there is */
	return rtlgen_feedback(fb, views, n, f->n == 1 ? f->v[0].text : NULL,
			       max);
}

static int add_msg(cJSON *arr, const char *role, const char *text)
{
	cJSON *m = cJSON_CreateObject();
	int rc = json_append_take(arr, m);

	if (!rc)
		rc = json_add_str(m, "role", role);
	if (!rc)
		rc = json_add_str(m, "content", text);
	return rc;
}

/* system, user (files + evidence), [assistant (last reply), user]. */
static cJSON *messages(struct rp *g, const char *last_reply,
		       const struct rcheck *last)
{
	struct buf files = BUF_INIT, fb = BUF_INIT, fb2 = BUF_INIT;
	struct buf sys = BUF_INIT, init = BUF_INIT, retry = BUF_INIT;
	cJSON *arr = cJSON_CreateArray();
	int rc = arr ? 0 : ERR_FAIL;

	if (!rc)
		rc = files_text(&files, &g->orig);
	if (!rc)
		rc = feedback(&fb, &g->first, &g->orig, g->o->feedback_chars);
	if (!rc && last)
		rc = feedback(&fb2, last, &g->orig, g->o->feedback_chars);
	if (!rc) {
		const char *vars[] = { "top",	   g->o->top, "files",
				       files.data, "feedback", fb.data,
				       NULL };

		rc = rtlgen_render(&sys, g->tsys, vars);
		if (!rc)
			rc = rtlgen_render(&init, g->tinit, vars);
	}
	if (!rc && last) {
		const char *vars[] = { "top", g->o->top, "feedback", fb2.data,
				       NULL };

		rc = rtlgen_render(&retry, g->tretry, vars);
	}
	if (!rc)
		rc = add_msg(arr, "system", sys.data);
	if (!rc)
		rc = add_msg(arr, "user", init.data);
	if (!rc && last) {
		rc = add_msg(arr, "assistant", last_reply);
		if (!rc)
			rc = add_msg(arr, "user", retry.data);
	}
	buf_release(&files);
	buf_release(&fb);
	buf_release(&fb2);
	buf_release(&sys);
	buf_release(&init);
	buf_release(&retry);
	if (rc) {
		cJSON_Delete(arr);
		return NULL;
	}
	return arr;
}

/* ---- one round ----------------------------------------------------------- */

static int apply_reply(struct rp *g, struct rcand *c, int idx)
{
	const struct llm_choice *ch;
	struct patch_err pe = { 0 };
	struct buf name = BUF_INIT;
	int rc;

	if (c->res.rc || !c->res.reply.n)
		return pre_fail(&c->ck, "llm", "llm/error", "no reply",
				c->res.error, 0);
	ch = &c->res.reply.choices[0];
	rc = patch_from_reply(ch->content, &g->orig, &c->files,
			      PATCH_IGNORE_TRAILING_WS, &pe, &c->warn);
	if (rc < 0)
		return rc;
	if (rc > 0) {
		bool cut = ch->finish_reason &&
			   !strcmp(ch->finish_reason, "length");

		return pre_fail(&c->ck, "patch",
				cut ? "truncated" : patch_class_name(pe.cls),
				cut ? "the reply was cut at max_tokens"
				    : "the patch does not apply",
				pe.msg, 1);
	}
	rc = patch_diff(&name, &g->orig, &c->files, &c->touched);
	buf_reset(&name);
	if (rc)
		return rc;
	if (!c->touched)
		return pre_fail(&c->ck, "patch", "patch/empty",
				"the patch changes nothing",
				"the patched files equal the original ones", 1);
	rc = buf_addf(&name, "%s/candidates/r%d-c%d", g->l.dir.data, g->l.round,
		      idx);
	if (!rc) {
		c->dir = buf_detach(&name, NULL);
		c->applied = true;
	}
	buf_release(&name);
	return rc;
}

static cJSON *cand_json(const struct rcand *c, int i)
{
	cJSON *j = cJSON_CreateObject();
	int rc = j ? 0 : ERR_FAIL;

	if (!rc)
		rc = json_add_num(j, "index", i);
	if (!rc)
		rc = json_add_str(j, "status", c->ck.passed ? "pass" : "fail");
	if (!rc)
		rc = json_add_str(j, "class", c->ck.class);
	if (!rc)
		rc = json_add_str(j, "summary", c->ck.summary);
	if (!rc)
		rc = json_add_bool(j, "applied", c->applied);
	if (!rc && c->applied)
		rc = json_add_num(j, "lines_touched", (double)c->touched);
	if (!rc && c->warn.len)
		rc = json_add_str(j, "warnings", c->warn.data);
	if (!rc)
		rc = agent_report_reply(j, &c->res.reply);
	if (!rc)
		rc = json_add_num(j, "mismatches", (double)c->ck.mismatches);
	if (!rc)
		rc = json_add_num(j, "cells", (double)c->ck.cells);
	if (!rc)
		rc = json_add_num(j, "check_ms", (double)c->check_ms);
	if (!rc && c->ck.verdict)
		rc = json_add_take(j, "verdict",
				   cJSON_Duplicate(c->ck.verdict, 1));
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Lines touched, then cells: is a a better fix than b? */
static bool smaller(size_t t1, long c1, size_t t2, long c2)
{
	if (t1 != t2)
		return t1 < t2;
	return c1 >= 0 && c2 >= 0 && c1 < c2;
}

/* The passing candidate to keep (-1: none) and the one to show next. */
static void rank(const struct rp *g, int *pass, int *show)
{
	*pass = *show = -1;
	for (int i = 0; i < g->l.k; i++) {
		const struct rcand *c = &g->c[i];

		if (c->ck.passed &&
		    (*pass < 0 || smaller(c->touched, c->ck.cells,
					  g->c[*pass].touched,
					  g->c[*pass].ck.cells)))
			*pass = i;
		if (*show < 0 || c->ck.score > g->c[*show].ck.score ||
		    (c->ck.score == g->c[*show].ck.score &&
		     c->ck.mismatches >= 0 &&
		     (g->c[*show].ck.mismatches < 0 ||
		      c->ck.mismatches < g->c[*show].ck.mismatches)))
			*show = i;
	}
}

static void progress(struct rp *g, const char *phase, bool passed)
{
	const char *states[AGENT_MAX_CANDIDATES];

	for (int i = 0; i < g->l.k; i++)
		states[i] = !g->c[i].shown	 ? "waiting"
			    : g->c[i].ck.passed ? "pass"
			    : g->c[i].ck.class	 ? g->c[i].ck.class
						 : "?";
	agent_loop_progress(&g->l, phase, states, passed);
}

/* 1: a candidate passed; 2: no reply at all; 0: go on; < 0: error. */
static int do_round(struct rp *g, cJSON **msgs)
{
	struct llm_result res[AGENT_MAX_CANDIDATES];
	cJSON *r, *cs;
	int rc, pass, show;
	bool any_reply = false;

	for (int i = 0; i < g->l.k; i++)
		rcand_release(&g->c[i]);
	progress(g, "requesting", false);
	rc = agent_loop_sample(&g->l, *msgs, g->o->seed, res);
	for (int i = 0; i < g->l.k; i++)
		g->c[i].res = res[i]; /* moved */
	for (int i = 0; !rc && i < g->l.k; i++) {
		rc = apply_reply(g, &g->c[i], i);
		g->c[i].shown = !g->c[i].applied;
		any_reply |= !g->c[i].res.rc;
	}
	progress(g, "checking", false);
	if (!rc)
		rc = pool_run((size_t)g->l.k, g->o->jobs, check_one, g);
	for (int i = 0; !rc && i < g->l.k; i++)
		if (g->c[i].ck.rc)
			rc = err_set(g->c[i].ck.rc, "%s",
				     g->c[i].ck.summary ? g->c[i].ck.summary
							: "");
	if (rc)
		return rc;
	rank(g, &pass, &show);
	rc = agent_loop_round(&g->l, &r, &cs);
	for (int i = 0; !rc && i < g->l.k; i++)
		rc = json_append_take(cs, cand_json(&g->c[i], i));
	if (!rc)
		rc = json_add_num(r, "best", pass >= 0 ? pass : show);
	if (rc)
		return err_set(ERR_FAIL, "out of memory");
	progress(g, "done", pass >= 0);
	if (pass >= 0) {
		struct rcand *c = &g->c[pass];

		patch_files_release(&g->best);
		g->best = c->files;
		memset(&c->files, 0, sizeof(c->files));
		g->have_best = true;
		g->best_touched = c->touched;
		g->best_cells = c->ck.cells;
		g->best_round = g->l.round;
		g->best_cand = pass;
		g->best_stages = c->ck.stages;
		c->ck.stages = NULL;
		return 1;
	}
	if (show >= 0 && (!g->best_class ||
			  g->c[show].ck.score >= g->best_score)) {
		g->best_score = g->c[show].ck.score;
		if (agent_set_str(&g->best_class, g->c[show].ck.class))
			return ERR_FAIL;
	}
	if (!any_reply) {
		g->out->undecided = true;
		return 2;
	}
	{
		const struct rcand *c = &g->c[show];
		const char *last = c->res.reply.n
					   ? c->res.reply.choices[0].content
					   : "";
		cJSON *m = messages(g, last, &c->ck);

		if (!m)
			return err_set(ERR_FAIL, "out of memory");
		cJSON_Delete(*msgs);
		*msgs = m;
	}
	return 0;
}

/* ---- setup --------------------------------------------------------------- */

static int load_template(char **out, const struct rp *g, const char *name)
{
	const char *const *search = agent_template_search();
	struct buf p = BUF_INIT, t = BUF_INIT;
	int rc = ERR_NOTFOUND;

	for (size_t i = 0; rc && (g->o->templates_dir ? i < 1 : !!search[i]);
	     i++) {
		buf_reset(&p);
		buf_addf(&p, "%s/%s",
			 g->o->templates_dir ? g->o->templates_dir : search[i],
			 name);
		buf_reset(&t);
		rc = buf_read_file(&t, p.data, 256u << 10);
	}
	if (rc)
		rc = err_set(rc == ERR_NOTFOUND ? ERR_USAGE : rc,
			     "cannot find the prompt template %s%s", name,
			     g->o->templates_dir ? "" : "; use --templates DIR");
	else
		*out = buf_detach(&t, NULL);
	buf_release(&p);
	buf_release(&t);
	return rc;
}

/*
 * The paths fix.patch names: relative to the current directory when
 * every file lies under it, else to the files' deepest common directory.
 */
static int patch_paths(struct rp *g, char **rel)
{
	const struct agent_repair_opts *o = g->o;
	char cwd[PATH_MAX], **abs = calloc(o->nfiles, sizeof(char *));
	size_t root_len;
	bool under = true;
	int rc = 0;

	if (!abs)
		return err_set(ERR_FAIL, "out of memory");
	if (!getcwd(cwd, sizeof(cwd)))
		rc = err_set_errno(ERR_FAIL, "cannot read the current "
					     "directory");
	for (size_t i = 0; !rc && i < o->nfiles; i++) {
		abs[i] = realpath(o->files[i], NULL);
		if (!abs[i])
			rc = err_set_errno(ERR_USAGE, "'%s'", o->files[i]);
		else if (strncmp(abs[i], cwd, strlen(cwd)) ||
			 abs[i][strlen(cwd)] != '/')
			under = false;
	}
	if (!rc && under) {
		root_len = strlen(cwd);
		rc = agent_set_str(&g->out->patch_root, cwd);
	} else if (!rc) {
		const char *s = strrchr(abs[0], '/');

		root_len = (size_t)(s - abs[0]);
		for (size_t i = 1; i < o->nfiles; i++)
			while (root_len &&
			       (strncmp(abs[i], abs[0], root_len) ||
				abs[i][root_len] != '/')) {
				while (root_len && abs[0][--root_len] != '/')
					;
			}
		g->out->patch_root = root_len ? strndup(abs[0], root_len)
					      : strdup("/");
		if (!g->out->patch_root)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; !rc && i < o->nfiles; i++) {
		rel[i] = strdup(abs[i] + root_len + 1);
		if (!rel[i])
			rc = err_set(ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; i < o->nfiles; i++)
		free(abs[i]);
	free(abs);
	return rc;
}

static int check_inputs(const struct agent_repair_opts *o)
{
	int rc = agent_check_design_args(o->out_dir, o->nfiles, o->top);

	if (rc)
		return rc;
	if (!o->nrefs && !o->ntbs && !o->nprops && !o->budget)
		return err_set(ERR_USAGE, "no evidence: give --ref, --tb, "
					  "--props or --gate");
	return agent_check_loop_args(o->candidates, o->rounds);
}

static int setup(struct rp *g)
{
	const struct agent_repair_opts *o = g->o;
	struct buf t = BUF_INIT;
	char **rel = NULL;
	int rc;

	rc = check_inputs(o);
	if (!rc)
		rc = load_template(&g->tsys, g, "repair-system.txt");
	if (!rc)
		rc = load_template(&g->tinit, g, "repair-initial.txt");
	if (!rc)
		rc = load_template(&g->tretry, g, "repair-retry.txt");
	if (!rc) {
		rel = calloc(o->nfiles, sizeof(*rel));
		rc = rel ? patch_paths(g, rel) : ERR_FAIL;
	}
	for (size_t i = 0; !rc && i < o->nfiles; i++) {
		buf_reset(&t);
		rc = buf_read_file(&t, o->files[i], FILE_MAX);
		if (!rc && (!t.len || buf_is_binary(t.data, t.len)))
			rc = err_set(ERR_USAGE, "'%s' is empty or not text",
				     o->files[i]);
		if (rc && rc != ERR_USAGE)
			rc = err_wrap(ERR_USAGE, "design");
		if (!rc && patch_files_get(&g->orig, rel[i]))
			rc = err_set(ERR_USAGE, "'%s' given twice",
				     o->files[i]);
		if (!rc)
			rc = patch_files_set(&g->orig, rel[i], t.data);
	}
	for (size_t i = 0; rel && i < o->nfiles; i++)
		free(rel[i]);
	free(rel);
	buf_release(&t);
	if (!rc)
		rc = agent_loop_open(&g->l, &o->llm, o->out_dir, o->candidates);
	g->l.nrounds = o->rounds;
	g->l.on_progress = o->on_progress;
	g->l.progress_payload = o->progress_payload;
	g->c = rc ? NULL : calloc((size_t)g->l.k, sizeof(*g->c));
	if (!rc && !g->c)
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}

/* ---- the report and the outputs ----------------------------------------- */

static cJSON *sources_json(const struct agent_repair_opts *o)
{
	cJSON *a = cJSON_CreateArray();

	if (o->nrefs)
		cJSON_AddItemToArray(a, cJSON_CreateString("ref"));
	if (o->ntbs)
		cJSON_AddItemToArray(a, cJSON_CreateString("tb"));
	if (o->nprops)
		cJSON_AddItemToArray(a, cJSON_CreateString("props"));
	if (o->budget)
		cJSON_AddItemToArray(a, cJSON_CreateString("budget"));
	return a;
}

static cJSON *check_json(const struct rcheck *c)
{
	cJSON *j = cJSON_CreateObject();

	if (json_add_str(j, "status", c->passed ? "pass" : "fail") ||
	    json_add_str(j, "class", c->class) ||
	    json_add_str(j, "summary", c->summary) ||
	    json_add_num(j, "cells", (double)c->cells) ||
	    (c->verdict &&
	     json_add_take(j, "verdict", cJSON_Duplicate(c->verdict, 1)))) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int report_json(struct rp *g, const char *stop)
{
	const struct agent_repair_opts *o = g->o;
	struct agent_repair_result *out = g->out;
	cJSON *r = g->l.report, *files = cJSON_CreateArray(), *p, *ck;
	struct agent_llm_stats st;
	const char *verdict = out->already   ? "already-passing"
			      : out->passed    ? "fixed"
			      : out->undecided ? "undecided"
					       : "not-fixed";
	int rc;

	llm_stats(g->l.llm, &st);
	out->llm = st;
	for (size_t i = 0; i < g->orig.n; i++)
		cJSON_AddItemToArray(files,
				     cJSON_CreateString(g->orig.v[i].path));
	rc = json_add_str(r, "verdict", verdict);
	if (!rc)
		rc = json_add_bool(r, "passed", out->passed);
	if (!rc)
		rc = json_add_str(r, "class", out->class);
	if (!rc)
		rc = json_add_str(r, "stopped", stop);
	if (!rc)
		rc = json_add_str(r, "top", o->top);
	if (!rc)
		rc = json_add_take(r, "files", files);
	else
		cJSON_Delete(files);
	if (!rc)
		rc = json_add_str(r, "patch_root", out->patch_root);
	if (!rc)
		rc = json_add_str(r, "patch",
				  out->passed && !out->already ? "fix.patch"
							       : NULL);
	if (!rc)
		rc = json_add_num(r, "lines_touched",
				  out->passed ? (double)out->touched : -1);
	if (!rc)
		rc = json_add_num(r, "cells", (double)out->cells);
	if (!rc) {
		ck = cJSON_CreateObject(); /* taken on every path */
		rc = json_add_take(r, "checker", ck);
	}
	if (!rc)
		rc = json_add_take(ck, "evidence", sources_json(o));
	if (!rc)
		rc = json_add_take(ck, "stages",
				   g->best_stages
					   ? cJSON_Duplicate(g->best_stages, 1)
					   : cJSON_CreateArray());
	if (!rc && g->have_best) {
		rc = json_add_num(r, "final_round", g->best_round);
		if (!rc)
			rc = json_add_num(r, "final_candidate", g->best_cand);
	}
	if (!rc)
		rc = json_add_take(r, "initial", check_json(&g->first));
	if (!rc)
		rc = json_add_str(r, "model", o->llm.model);
	if (!rc)
		rc = json_add_str(r, "endpoint", o->llm.endpoint);
	if (!rc) {
		p = cJSON_CreateObject();
		rc = json_add_take(r, "parameters", p);
	}
	if (!rc)
		rc = agent_loop_params(&g->l, p, o->llm.temperature, o->seed,
				       o->budget_tokens);
	if (!rc)
		rc = json_add_num(r, "rounds_run", out->rounds);
	if (!rc)
		rc = agent_report_usage(r, &st);
	if (!rc)
		rc = agent_loop_report_end(&g->l);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static int finish(struct rp *g, const char *stop)
{
	struct agent_repair_result *out = g->out;
	struct buf text = BUF_INIT, name = BUF_INIT;
	int rc = 0;

	/* a stale fix from an earlier run must not survive this one */
	buf_addf(&name, "%s/fix.patch", g->l.dir.data);
	unlink(name.data);
	if (g->have_best) {
		out->passed = true;
		out->touched = g->best_touched;
		out->cells = g->best_cells;
		rc = patch_diff(&text, &g->orig, &g->best, NULL);
		if (!rc)
			rc = agent_write_under(g->l.llm, g->l.dir.data,
					       "fix.patch", text.data, NULL);
		out->fixed = calloc(g->orig.n + 1, sizeof(char *));
		if (!rc && !out->fixed)
			rc = err_set(ERR_FAIL, "out of memory");
		for (size_t i = 0; !rc && i < g->orig.n; i++) {
			const char *s = patch_files_get(&g->best,
							g->orig.v[i].path);

			buf_reset(&name);
			rc = buf_addf(&name, "fixed/%s", g->orig.v[i].path);
			if (!rc)
				rc = agent_write_under(g->l.llm, g->l.dir.data,
						       name.data, s ? s : "",
						       NULL);
			out->fixed[i] = strdup(s ? s : "");
			if (!rc && !out->fixed[i])
				rc = err_set(ERR_FAIL, "out of memory");
		}
	} else if (!out->already) {
		out->cells = -1;
		rc = agent_set_str(&out->class, g->best_class ? g->best_class
							: "llm/error");
	}
	if (!rc)
		rc = report_json(g, stop);
	if (!rc)
		rc = agent_write_json(g->l.llm, g->l.dir.data, "report.json",
				      g->l.report);
	buf_release(&text);
	buf_release(&name);
	return rc;
}

/* Check the design as given: the evidence of the first prompt. */
static int first_check(struct rp *g)
{
	int rc = check_paths(&g->first, g->o, g->o->files);

	if (rc)
		return rc;
	if (g->first.passed) {
		g->out->already = true;
		g->out->passed = true;
		g->out->cells = g->first.cells;
		g->best_stages = g->first.stages;
		g->first.stages = NULL;
	} else if (g->first.undecided) {
		g->out->undecided = true;
		return agent_set_str(&g->out->class, g->first.class);
	}
	return 0;
}

int agent_repair(struct agent_repair_result *out,
		 const struct agent_repair_opts *o)
{
	struct rp g = { .o = o, .out = out, .l = AGENT_LOOP_INIT };
	const char *stop = "rounds";
	cJSON *msgs = NULL;
	long long t0 = mono_ms();
	int rc;

	memset(out, 0, sizeof(*out));
	out->cells = -1;
	g.first.cells = g.first.mismatches = -1;
	rc = setup(&g);
	if (!rc)
		rc = first_check(&g);
	if (!rc && (out->already || out->undecided))
		stop = out->already ? "already-passing" : "undecided";
	else if (!rc) {
		msgs = messages(&g, NULL, NULL);
		if (!msgs)
			rc = err_set(ERR_FAIL, "out of memory");
		for (g.l.round = 1; !rc && g.l.round <= o->rounds;
		     g.l.round++) {
			if (llm_over_budget(g.l.llm, o->budget_tokens)) {
				stop = "budget";
				break;
			}
			out->rounds = g.l.round;
			rc = do_round(&g, &msgs);
			if (rc == 1 || rc == 2) {
				stop = rc == 1 ? "pass" : "llm-error";
				rc = 0;
				break;
			}
		}
	}
	if ((!rc || rc == ERR_INTR) && g.l.llm) {
		/* an interrupted run still leaves its report behind */
		int frc = finish(&g, rc == ERR_INTR ? "interrupted" : stop);

		if (!rc)
			rc = frc;
	}
	out->wall_ms = (long)(mono_ms() - t0);
	cJSON_Delete(msgs);
	for (int i = 0; g.c && i < g.l.k; i++)
		rcand_release(&g.c[i]);
	free(g.c);
	agent_loop_release(&g.l);
	cJSON_Delete(g.best_stages);
	rcheck_release(&g.first);
	patch_files_release(&g.orig);
	patch_files_release(&g.best);
	free(g.best_class);
	free(g.tsys);
	free(g.tinit);
	free(g.tretry);
	return rc;
}
