#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "gate/gate.h"
#include "gate/gate-int.h"
#include "verify/verify.h"

/*
 * Running a gate: every check is a slot in run->checks, planned up front
 * in gate file order.  Pool items are the compile checks of all units
 * first, then everything else (budget rides along with synth, which
 * produces its numbers).  Items that need a compiled design wait on a
 * condition variable for their unit's compile; because the pool hands
 * items out in order, every compile item has been taken by a running
 * worker before any item can wait on it, so waiting cannot deadlock.
 */

enum compile_state { COMPILE_PENDING = 0, COMPILE_PASSED, COMPILE_FAILED };

struct ctx {
	const struct gate_file *g;
	struct gate_run *run;
	const struct gate_opts *o;
	size_t *order; /* pool item -> check index */
	size_t norder;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	enum compile_state *compiled; /* per unit */
	size_t done;
};

static const char *const result_names[] = { "pass", "fail", "error", "skipped",
					    "not run" };

const char *gate_result_name(enum gate_result r)
{
	return (unsigned)r < sizeof(result_names) / sizeof(*result_names)
		       ? result_names[r]
		       : "?";
}

static int add_check(struct gate_run *r, size_t unit, enum gate_kind kind,
		     size_t tb, const char *name)
{
	struct gate_check *k = &r->checks[r->nchecks];

	memset(k, 0, sizeof(*k));
	k->unit = unit;
	k->kind = kind;
	k->tb = tb;
	k->result = GATE_NOTRUN;
	k->name = strdup(name);
	if (!k->name)
		return err_set(ERR_FAIL, "out of memory");
	r->nchecks++;
	return 0;
}

static int plan_unit(struct gate_run *r, const struct gate_unit *u, size_t i)
{
	struct buf name = BUF_INIT;
	int rc = 0;

	if (u->lint != GATE_LINT_OFF)
		rc |= add_check(r, i, GATE_CHECK_LINT, 0, "lint");
	rc |= add_check(r, i, GATE_CHECK_COMPILE, 0, "compile");
	rc |= add_check(r, i, GATE_CHECK_SYNTH, 0, "synth");
	if (u->has_budget)
		rc |= add_check(r, i, GATE_CHECK_BUDGET, 0, "budget");
	for (size_t t = 0; t < u->ntbs && !rc; t++) {
		buf_reset(&name);
		buf_addf(&name, "sim:%s", u->tbs[t].name);
		rc = add_check(r, i, GATE_CHECK_SIM, t, name.data);
	}
	if (u->nrefs)
		rc |= add_check(r, i, GATE_CHECK_EQUIV, 0, "equiv");
	if (u->has_props)
		rc |= add_check(r, i, GATE_CHECK_PROPS, 0, "props");
	buf_release(&name);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

int gate_plan(struct gate_run *out, const struct gate_file *g)
{
	size_t max = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < g->nunits; i++)
		max += 6 + g->units[i].ntbs;
	out->checks = calloc(max ? max : 1, sizeof(*out->checks));
	if (!out->checks)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < g->nunits; i++) {
		int rc = plan_unit(out, &g->units[i], i);

		if (rc)
			return rc;
	}
	return 0;
}

/*
 * A check is a job for the one entry point: verify_check() with the
 * stages the check needs.  The screen and compile run in every job (the
 * verify pipeline never judges a design it has not screened), so a
 * check's stage sits after them in the verdict; gate runs its checks side
 * by side itself, so each job runs its stages one at a time.
 */
static const char *const kind_stage[] = {
	[GATE_CHECK_COMPILE] = "compile", [GATE_CHECK_SYNTH] = "synth",
	[GATE_CHECK_SIM] = "sim",	  [GATE_CHECK_EQUIV] = "equiv",
	[GATE_CHECK_PROPS] = "props",
};

static void unit_opts(struct verify_opts *vo, const struct gate_unit *u,
		      const struct gate_check *k, const struct gate_opts *o)
{
	static const struct verify_opts init = VERIFY_OPTS_INIT;

	*vo = init;
	vo->files = (const char *const *)u->sources;
	vo->nfiles = u->nsources;
	vo->top = u->top;
	vo->defines = (const char *const *)u->defines;
	vo->timeout_s = u->timeout_s;
	vo->equiv_depth = u->equiv_depth;
	vo->allow_latches = u->allow_latches;
	vo->keep_tmp = o->keep_tmp;
	vo->sandbox = o->sandbox;
	vo->jobs = 1;
	vo->stages = VERIFY_STAGE_COMPILE;
	switch (k->kind) {
	case GATE_CHECK_SYNTH:
		vo->stages |= VERIFY_STAGE_SYNTH;
		break;
	case GATE_CHECK_SIM:
		vo->stages |= VERIFY_STAGE_SIM;
		vo->tb = u->tbs[k->tb].file;
		vo->tb_top = u->tbs[k->tb].top;
		break;
	case GATE_CHECK_EQUIV:
		vo->stages |= VERIFY_STAGE_EQUIV;
		vo->refs = (const char *const *)u->refs;
		vo->nrefs = u->nrefs;
		vo->ref_top = u->ref_top;
		break;
	case GATE_CHECK_PROPS:
		/* asked for by name: the design's own assertions count */
		vo->stages |= VERIFY_STAGE_PROPS;
		vo->props = (const char *const *)u->props;
		vo->nprops = u->nprops;
		vo->props_top = u->props_top;
		vo->props_depth = u->props_depth;
		break;
	default:
		break;
	}
}

static void finish(struct ctx *c, struct gate_check *k)
{
	pthread_mutex_lock(&c->lock);
	c->done++;
	if (c->o->progress)
		c->o->progress(c->run, k, c->done, c->o->payload);
	pthread_mutex_unlock(&c->lock);
}

/*
 * The verdict's stage that answers check k: the stage of its kind, or
 * the one that stopped the pipeline before it (a compile check answers
 * with the screen when the screen failed).
 */
static struct verify_stage *answer(struct verify_verdict *v,
				   const struct gate_check *k)
{
	const char *want = kind_stage[k->kind];

	for (size_t i = 0; i < v->nstages; i++)
		if (!strcmp(v->stages[i].name, want))
			return &v->stages[i];
	if (v->failed >= 0)
		return &v->stages[v->failed];
	return NULL;
}

/*
 * Run check k as a job and fill it from its stage.  With `synth`, the
 * synthesis numbers (typed) are copied out for the budget check.
 */
static void run_job(struct gate_check *k, const struct gate_unit *u,
		    const struct gate_opts *o, struct vev_stats *synth,
		    cJSON **synth_json)
{
	struct verify_stage none = { .name = "" }, *st = &none;
	struct verify_verdict v;
	struct verify_opts vo;
	int rc;

	unit_opts(&vo, u, k, o);
	rc = verify_check(&v, &vo);
	if (!rc) {
		st = answer(&v, k);
		if (!st) {
			st = &none;
			rc = err_set(ERR_FAIL, "%s: the check returned no "
					       "result", k->name);
		}
	}
	if (!rc && synth && !strcmp(st->name, "synth")) {
		*synth = st->ev.stats;
		*synth_json = cJSON_Duplicate(
			json_get_object(st->evidence, "stats"), 1);
	}
	gate__take_stage(k, st, rc, u);
	if (!rc)
		verify_verdict_release(&v);
	verify_stage_release(&none);
}

static void run_synth(struct gate_run *run, struct gate_check *k,
		      const struct gate_unit *u, const struct gate_opts *o)
{
	struct vev_stats stats = { .have = false };
	struct gate_check *b = k + 1;
	cJSON *stats_json = NULL;

	run_job(k, u, o, &stats, &stats_json);
	if (u->has_budget && b < run->checks + run->nchecks &&
	    b->kind == GATE_CHECK_BUDGET && b->unit == k->unit) {
		long t0 = mono_ms();

		if (stats.have &&
		    (k->result == GATE_PASS ||
		     (k->result == GATE_FAIL && k->class &&
		      strcmp(k->class, "synth/error")))) {
			gate__budget(b, &stats, stats_json, u);
			stats_json = NULL;
		} else {
			gate__skip(b, k->result == GATE_ERROR
					      ? "synthesis could not run"
					      : "synthesis failed");
		}
		b->elapsed_ms = mono_ms() - t0;
	}
	cJSON_Delete(stats_json);
}

/* Wait for the unit's compile; true if the check may run. */
static bool wait_compile(struct ctx *c, size_t unit)
{
	enum compile_state s;

	pthread_mutex_lock(&c->lock);
	while (c->compiled[unit] == COMPILE_PENDING)
		pthread_cond_wait(&c->cond, &c->lock);
	s = c->compiled[unit];
	pthread_mutex_unlock(&c->lock);
	return s == COMPILE_PASSED;
}

static void run_item(size_t i, void *payload)
{
	struct ctx *c = payload;
	struct gate_check *k = &c->run->checks[c->order[i]];
	const struct gate_unit *u = &c->g->units[k->unit];
	long t0 = mono_ms();

	if (k->kind == GATE_CHECK_COMPILE) {
		run_job(k, u, c->o, NULL, NULL);
		pthread_mutex_lock(&c->lock);
		c->compiled[k->unit] = k->result == GATE_PASS ? COMPILE_PASSED
							      : COMPILE_FAILED;
		pthread_cond_broadcast(&c->cond);
		pthread_mutex_unlock(&c->lock);
	} else if (k->kind == GATE_CHECK_LINT) {
		gate__lint(k, u, c->o);
	} else if (!wait_compile(c, k->unit)) {
		gate__skip(k, "compile did not pass");
		finish(c, k);
		if (k->kind == GATE_CHECK_SYNTH && u->has_budget) {
			gate__skip(k + 1, "compile did not pass");
			finish(c, k + 1);
		}
		return;
	} else if (k->kind == GATE_CHECK_SYNTH) {
		run_synth(c->run, k, u, c->o);
		k->elapsed_ms =
			mono_ms() - t0 - (u->has_budget ? k[1].elapsed_ms : 0);
		finish(c, k);
		if (!u->has_budget)
			return;
		k++;
		finish(c, k);
		return;
	} else {
		run_job(k, u, c->o, NULL, NULL);
	}
	k->elapsed_ms = mono_ms() - t0;
	finish(c, k);
}

/*
 * Item order: compiles first (the others wait on them), then the slow
 * formal checks so they start early, then simulation, synthesis, lint.
 */
static int make_order(struct ctx *c)
{
	static const enum gate_kind order[] = {
		GATE_CHECK_COMPILE, GATE_CHECK_EQUIV, GATE_CHECK_PROPS,
		GATE_CHECK_SYNTH,   GATE_CHECK_SIM,   GATE_CHECK_LINT,
	};
	struct gate_run *r = c->run;

	c->order = calloc(r->nchecks ? r->nchecks : 1, sizeof(*c->order));
	if (!c->order)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t k = 0; k < sizeof(order) / sizeof(*order); k++)
		for (size_t i = 0; i < r->nchecks; i++)
			if (r->checks[i].kind == order[k])
				c->order[c->norder++] = i;
	return 0;
}

/* Units whose compile never ran (interrupt) release their waiters. */
static void release_waiters(struct ctx *c)
{
	pthread_mutex_lock(&c->lock);
	for (size_t i = 0; i < c->g->nunits; i++)
		if (c->compiled[i] == COMPILE_PENDING)
			c->compiled[i] = COMPILE_FAILED;
	pthread_cond_broadcast(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

int gate_run(struct gate_run *out, const struct gate_file *g,
	     const struct gate_opts *o)
{
	struct ctx c = { .g = g, .run = out, .o = o };
	long t0 = mono_ms();
	int rc, jobs;

	rc = gate_plan(out, g);
	if (rc)
		return rc;
	jobs = o->jobs > 0 ? o->jobs : pool_default_jobs();
	out->jobs = (size_t)jobs > out->nchecks ? (int)out->nchecks : jobs;
	c.compiled = calloc(g->nunits ? g->nunits : 1, sizeof(*c.compiled));
	if (!c.compiled)
		return err_set(ERR_FAIL, "out of memory");
	rc = make_order(&c);
	if (rc) {
		free(c.compiled);
		return rc;
	}
	pthread_mutex_init(&c.lock, NULL);
	pthread_cond_init(&c.cond, NULL);
	rc = pool_run(c.norder, jobs, run_item, &c);
	release_waiters(&c);
	pthread_cond_destroy(&c.cond);
	pthread_mutex_destroy(&c.lock);
	free(c.order);
	free(c.compiled);
	out->tools = verify_tool_versions();
	out->elapsed_ms = mono_ms() - t0;
	if (!rc && proc_interrupted)
		rc = err_set(ERR_INTR, "interrupted");
	return rc;
}

void gate_run_release(struct gate_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nchecks; i++) {
		struct gate_check *k = &r->checks[i];

		free(k->name);
		free(k->class);
		free(k->message);
		free(k->detail);
		free(k->file);
		cJSON_Delete(k->evidence);
	}
	free(r->checks);
	cJSON_Delete(r->tools);
	memset(r, 0, sizeof(*r));
}
