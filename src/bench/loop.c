#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench-int.h"

/*
 * `bench --loop`: every task of the shard goes through the caller's
 * oracle-free loop (hwforge gen without --ref or --tb) with nothing but
 * its spec and top; the suite's testbench and reference stay here.  The
 * loop's first attempt and its final design then become sample 0 of two
 * samples files, each scored by bench_run() with the held-out harness,
 * and the summary of the final designs gets a "loop" object that sets
 * both pass@1 side by side with the tokens spent.
 */

static char *path_of(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	if (buf_addf(&b, "%s/%s", dir, name)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* One samples line: {"task", "sample": 0, "code"}; no code fails. */
static int sample_line(struct buf *b, const char *task, const char *code)
{
	cJSON *j = cJSON_CreateObject();
	int rc = j ? 0 : ERR_FAIL;

	if (!rc)
		rc = json_add_str(j, "task", task);
	if (!rc)
		rc = json_add_num(j, "sample", 0);
	if (!rc)
		rc = json_add_str(j, "code",
				  code ? code : "// the loop wrote no code\n");
	if (!rc)
		rc = json_print(b, j, false);
	if (!rc)
		rc = buf_addch(b, '\n');
	cJSON_Delete(j);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static void result_release(struct bench_loop_result *r)
{
	free(r->first_code);
	free(r->final_code);
	memset(r, 0, sizeof(*r));
}

/* The held-out verdict of a task in a summary: "pass", "fail", "broken". */
static const char *held_out(const cJSON *sum, const char *id)
{
	const cJSON *ts = json_get_array(sum, "tasks");

	for (const cJSON *t = ts ? ts->child : NULL; t; t = t->next) {
		const char *tid = json_get_string(t, "id");

		if (!tid || strcmp(tid, id))
			continue;
		if (json_get_bool(t, "broken", false))
			return "broken";
		return json_get_number(t, "c", 0) > 0 ? "pass" : "fail";
	}
	return "none";
}

static int side(cJSON *loop, const char *key, long passed, long scored)
{
	cJSON *o = cJSON_CreateObject();
	int rc = json_add_take(loop, key, o);

	if (!rc)
		rc = json_add_num(o, "passed", (double)passed);
	if (!rc)
		rc = json_add_num(o, "tasks", (double)scored);
	if (!rc)
		rc = json_add_num(o, "pass_at_1",
				  scored ? (double)passed / (double)scored : 0);
	return rc;
}

/* summary["loop"]: both pass@1, tokens and a line per task. */
static int loop_json(cJSON *sum, const cJSON *first, cJSON *tasks, long tokens,
		     const struct bench_loop_opts *lo)
{
	cJSON *loop = cJSON_CreateObject();
	long scored = 0, p_first = 0, p_final = 0;
	int rc = json_add_take(sum, "loop", loop);

	for (cJSON *t = tasks->child; !rc && t; t = t->next) {
		const char *id = json_get_string(t, "id");
		const char *a = held_out(first, id), *b = held_out(sum, id);

		rc = json_add_str(t, "first", a);
		if (!rc)
			rc = json_add_str(t, "final", b);
		if (!strcmp(b, "broken") || !strcmp(b, "none"))
			continue;
		scored++;
		p_first += !strcmp(a, "pass");
		p_final += !strcmp(b, "pass");
	}
	if (!rc)
		rc = json_add_str(loop, "mode", "oracle-free");
	if (!rc)
		rc = json_add_num(loop, "rounds", lo->rounds);
	if (!rc)
		rc = json_add_num(loop, "candidates", lo->candidates);
	if (!rc)
		rc = side(loop, "first_attempt", p_first, scored);
	if (!rc)
		rc = side(loop, "loop", p_final, scored);
	if (!rc)
		rc = json_add_num(loop, "tokens", (double)tokens);
	if (!rc)
		rc = json_add_take(loop, "tasks", cJSON_Duplicate(tasks, 1));
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static int write_doc(const char *dir, const char *name, const cJSON *j)
{
	char *p = path_of(dir, name);
	int rc = p ? bench__write_json(p, j) : ERR_FAIL;

	free(p);
	return rc;
}

/* Run the loop on every task of the shard; fill the two samples files. */
static int run_tasks(cJSON *tasks, long *tokens, const struct bench_suite *s,
		     const struct bench_opts *o,
		     const struct bench_loop_opts *lo, const char *ldir)
{
	struct buf first = BUF_INIT, final = BUF_INIT;
	char *pf = path_of(ldir, "first.jsonl"),
	     *pl = path_of(ldir, "final.jsonl");
	int rc = pf && pl ? 0 : err_set(ERR_FAIL, "out of memory");

	for (size_t i = 0; !rc && i < s->ntasks; i++) {
		const struct bench_task *t = &s->tasks[i];
		struct bench_loop_result r = { 0 };
		char *dir = NULL, *spec = NULL;
		cJSON *e;

		if (t->load_error || !t->spec || !t->top ||
		    (o->shard_n > 0 &&
		     (int)(i % (size_t)o->shard_n) != o->shard_k - 1))
			continue;
		dir = path_of(ldir, t->id);
		spec = dir ? path_of(dir, "spec.txt") : NULL;
		rc = spec ? bench_mkdir_p(dir)
			  : err_set(ERR_FAIL, "out of "
					      "memory");
		/* the spec only: the testbench and reference stay here */
		if (!rc)
			rc = buf_write_file(spec, t->spec, strlen(t->spec));
		if (!rc)
			rc = lo->run(&r, t->id, spec, t->top, dir, lo->payload);
		if (!rc)
			rc = sample_line(&first, t->id, r.first_code);
		if (!rc)
			rc = sample_line(&final, t->id, r.final_code);
		e = rc ? NULL : cJSON_CreateObject();
		if (!rc)
			rc = json_append_take(tasks, e);
		if (!rc)
			rc = json_add_str(e, "id", t->id) ||
			     json_add_str(e, "checker", r.checker) ||
			     json_add_str(e, "loop_verdict",
					  r.passed ? "pass" : "fail") ||
			     json_add_num(e, "rounds", r.rounds) ||
			     json_add_num(e, "tokens", (double)r.tokens);
		*tokens += r.tokens;
		result_release(&r);
		free(dir);
		free(spec);
	}
	if (!rc)
		rc = buf_write_file(pf, first.data ? first.data : "",
				    first.len);
	if (!rc)
		rc = buf_write_file(pl, final.data ? final.data : "",
				    final.len);
	buf_release(&first);
	buf_release(&final);
	free(pf);
	free(pl);
	return rc;
}

int bench_loop(cJSON **summary, const struct bench_opts *o,
	       const struct bench_loop_opts *lo)
{
	struct bench_suite s;
	struct bench_opts so = *o;
	cJSON *tasks = cJSON_CreateArray(), *first = NULL;
	char *ldir = path_of(o->out_dir, "loop");
	char *fdir = ldir ? path_of(ldir, "first-attempt") : NULL;
	char *pf = ldir ? path_of(ldir, "first.jsonl") : NULL;
	char *pl = ldir ? path_of(ldir, "final.jsonl") : NULL;
	char *html = path_of(o->out_dir, "report.html");
	long tokens = 0;
	int rc;

	*summary = NULL;
	if (!tasks || !fdir || !pf || !pl || !html) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto out;
	}
	rc = bench_suite_load(&s, o->suite);
	if (rc)
		goto out;
	rc = bench_mkdir_p(ldir);
	if (!rc)
		rc = run_tasks(tasks, &tokens, &s, o, lo, ldir);
	bench_suite_release(&s);
	/* the held-out scores: first attempts, then the loop's designs */
	so.refs_as_samples = false;
	so.samples = pf;
	so.out_dir = fdir;
	if (!rc)
		rc = bench_run(&first, &so);
	so.samples = pl;
	so.out_dir = o->out_dir;
	if (!rc)
		rc = bench_run(summary, &so);
	if (!rc)
		rc = loop_json(*summary, first, tasks, tokens, lo);
	if (!rc)
		rc = write_doc(o->out_dir, "summary.json", *summary);
	if (!rc)
		rc = bench_report_html(html, *summary);
	if (rc) {
		cJSON_Delete(*summary);
		*summary = NULL;
	}
out:
	cJSON_Delete(tasks);
	cJSON_Delete(first);
	free(ldir);
	free(fdir);
	free(pf);
	free(pl);
	free(html);
	return rc;
}
