#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench-int.h"
#include "synth/synth.h"
#include "verify/verify.h"

/*
 * The harness for one candidate: bench builds a verify job from the task
 * (the candidate as text, the trusted testbench and reference, the
 * suite's adapter, the limits) and reads the verdict; src/verify does the
 * screening, rewriting, compiling and simulating (verify_run()).  What
 * stays here is bench's own reading of a passing sample: PPA.
 */

void bench__outcome_release(struct bench_outcome *o)
{
	free(o->class);
	free(o->summary);
	cJSON_Delete(o->evidence);
	cJSON_Delete(o->ppa);
	cJSON_Delete(o->notes);
	memset(o, 0, sizeof(*o));
}

int bench__ref_as_candidate(struct buf *out, const struct bench_task *t)
{
	if (!t->ref_top)
		return buf_addstr(out, t->ref_text);
	/* RefModule -> TopModule, in code only */
	return verify_rename_module(out, t->ref_text, strlen(t->ref_text),
				    t->ref_top, t->top)
		       ? err_set(ERR_FAIL, "out of memory")
		       : 0;
}

struct run {
	const struct bench_judge *j;
	struct bench_outcome *out;
	struct tmpdir dir;
};

/* The sample's class (NULL: pass) and one-line summary, copied. */
static int set_outcome(struct bench_outcome *out, const char *class,
		       const char *summary)
{
	free(out->class);
	free(out->summary);
	out->pass = class == NULL;
	out->class = class ? strdup(class) : NULL;
	out->summary = strdup(summary ? summary : "");
	if ((class && !out->class) || !out->summary)
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

static enum verify_harness_kind harness_of(enum bench_format f)
{
	switch (f) {
	case BENCH_FMT_VERILOGEVAL:
		return VERIFY_HARNESS_VERILOGEVAL;
	case BENCH_FMT_RTLLM:
		return VERIFY_HARNESS_RTLLM;
	case BENCH_FMT_NATIVE:
		break;
	}
	return VERIFY_HARNESS_NATIVE;
}

/* The verdict as bench's outcome: the deciding stage names the class. */
static int read_verdict(struct bench_outcome *out, struct verify_verdict *v)
{
	struct verify_stage *d =
		v->failed >= 0 ? &v->stages[v->failed]
			       : (v->nstages ? &v->stages[v->nstages - 1]
					     : NULL);
	int rc;

	if (!d)
		return err_set(ERR_FAIL, "verify: empty verdict");
	rc = set_outcome(out,
			 v->status == VERIFY_PASS
				 ? NULL
				 : (d->class ? d->class : "sim/runtime-error"),
			 d->summary);
	out->samples = v->samples;
	out->end_seen = v->end_seen;
	for (size_t i = 0; i < v->nstages; i++) {
		if (!strcmp(v->stages[i].name, "screen"))
			out->screen_ms = v->stages[i].elapsed_ms;
		else if (!strcmp(v->stages[i].name, "compile"))
			out->compile_ms = v->stages[i].elapsed_ms;
		else if (!strcmp(v->stages[i].name, "sim"))
			out->sim_ms = v->stages[i].elapsed_ms;
	}
	out->evidence = d->evidence;
	d->evidence = NULL;
	return rc;
}

static int do_check(struct run *r)
{
	const struct bench_judge *j = r->j;
	const struct bench_task *t = j->task;
	struct verify_source cand = { .name = "cand.sv", .text = j->code };
	struct verify_job job = VERIFY_JOB_INIT;
	struct verify_data *data = NULL;
	struct verify_verdict v;
	int rc;

	if (t->nfiles) {
		data = calloc(t->nfiles, sizeof(*data));
		if (!data)
			return err_set(ERR_FAIL, "out of memory");
		for (size_t i = 0; i < t->nfiles; i++)
			data[i] = (struct verify_data){ .name = t->files[i].name,
							.data = t->files[i].data,
							.len = t->files[i].len };
	}
	job.harness = harness_of(j->suite->format);
	job.srcs = &cand;
	job.nsrcs = 1;
	job.top = t->top;
	job.tb.name = "tb.sv";
	job.tb.text = t->tb_text;
	job.tb_top = t->tb_top;
	job.ref.name = "ref.sv";
	job.ref.text = t->ref_text;
	job.ref_top = t->ref_top;
	job.expect_samples = j->expect_samples;
	job.expect_end = j->expect_end;
	job.limits.wall_s = t->timeout_s > 0 ? t->timeout_s : j->timeout_s;
	job.sandbox = j->sandbox;
	job.keep_tmp = j->keep_tmp;
	job.data = data;
	job.ndata = t->nfiles;
	rc = verify_run(&v, &job);
	free(data);
	if (!rc)
		rc = read_verdict(r->out, &v);
	verify_verdict_release(&v);
	return rc;
}

static int note(struct run *r, const char *what)
{
	if (!r->out->notes)
		r->out->notes = cJSON_CreateArray();
	if (!r->out->notes)
		return err_set(ERR_FAIL, "out of memory");
	return json_append_take(r->out->notes, cJSON_CreateString(what));
}

/*
 * Native suites: a latch the reference does not have fails the sample
 * (synth/latch); going over the task's PPA budget is a note only.
 */
static int ppa_findings(struct run *r, const struct synth_stats *st)
{
	const cJSON *b = r->j->task->ppa_budget;
	bool over;

	if (r->j->suite->format != BENCH_FMT_NATIVE || !r->j->ref_ppa)
		return 0;
	if (st->latches > 0 &&
	    json_get_number(r->j->ref_ppa, "latches", 0) == 0) {
		struct buf m = BUF_INIT;
		int rc = buf_addf(&m,
				  "Yosys infers %ld latch(es); the reference "
				  "has none",
				  st->latches);

		if (!rc)
			rc = set_outcome(r->out, "synth/latch", m.data);
		buf_release(&m);
		return rc;
	}
	over = (double)st->cells > json_get_number(b, "max_cells", 1e18) ||
	       (double)st->flops > json_get_number(b, "max_flops", 1e18) ||
	       (double)st->logic_depth >
		       json_get_number(b, "max_depth", 1e18) ||
	       st->area > json_get_number(b, "max_area", 1e18);
	return over ? note(r, "ppa/over-budget") : 0;
}

/* Stats this code already has (the PPA cache): findings without Yosys. */
static int known_ppa(struct run *r)
{
	const cJSON *k = r->j->ppa_known;
	struct synth_stats st = {
		.cells = (long)json_get_number(k, "cells", 0),
		.flops = (long)json_get_number(k, "flops", 0),
		.latches = (long)json_get_number(k, "latches", 0),
		.logic_depth = (long)json_get_number(k, "logic_depth", 0),
		.area = json_get_number(k, "transistors", 0),
	};

	r->out->ppa = cJSON_Duplicate(k, 1);
	if (!r->out->ppa)
		return err_set(ERR_FAIL, "out of memory");
	return ppa_findings(r, &st);
}

static int do_ppa(struct run *r)
{
	struct synth_opts so = SYNTH_OPTS_INIT;
	struct synth_report rep = SYNTH_REPORT_INIT;
	char *file = tmpdir_file(&r->dir, "cand.sv");
	const char *files[1];
	int rc;

	if (r->j->ppa_known) {
		free(file);
		return known_ppa(r);
	}
	if (!file)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_write_file(file, r->j->code, strlen(r->j->code));
	files[0] = file;
	so.files = files;
	so.nfiles = 1;
	so.top = r->j->task->top;
	so.sandbox = r->j->sandbox;
	so.allow_latches = true;
	so.allow_undriven = true;
	if (!rc)
		rc = synth_run(&rep, &so);
	r->out->synth_ms = rep.elapsed_ms;
	if (!rc && rep.ok) {
		r->out->ppa = synth_stats_json(&rep.stats);
		rc = ppa_findings(r, &rep.stats);
	} else if (!rc)
		log_debug("ppa: %s", rep.summary ? rep.summary : "failed");
	if (rc == ERR_TIMEOUT || rc == ERR_FAIL)
		rc = 0; /* PPA is informational: the verdict stands */
	synth_report_release(&rep);
	free(file);
	return rc;
}

int bench__judge(struct bench_outcome *out, const struct bench_judge *j)
{
	struct run r = {
		.j = j,
		.out = out,
		.dir = TMPDIR_INIT,
	};
	int rc;

	memset(out, 0, sizeof(*out));
	out->samples = -1;
	rc = do_check(&r);
	if (!rc && out->pass && j->ppa) {
		rc = tmpdir_create(&r.dir, "bench");
		r.dir.keep = j->keep_tmp;
		if (!rc)
			rc = do_ppa(&r);
	}
	tmpdir_remove(&r.dir);
	return rc;
}
