#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "bench/bench.h"
#include "cli/cmd.h"

/*
 * `hwforge bench` on an assertion suite (task.json "kind": "assert",
 * src/bench/kind-assert.c): with --model the samples are assertion sets
 * asked for each task's design (agent_samples with the design files),
 * then scored; with --samples saved ones are scored; with neither, the
 * suite is self-tested (every task loads and its design compiles).
 */

/* --model: the assertion requests of this shard's tasks. */
static int generate(const struct bench_opts *o, struct agent_samples_opts *g,
		    const char *cache, struct buf *path)
{
	struct bench_assert_set s;
	struct agent_task *tasks = NULL;
	size_t n = 0;
	int rc = bench_assert_load(&s, o->suite);

	if (rc)
		return rc;
	tasks = calloc(s.n + 1, sizeof(*tasks));
	if (!tasks)
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < s.n; i++) {
		if (o->shard_n > 0 &&
		    (int)(i % (size_t)o->shard_n) != o->shard_k - 1)
			continue;
		tasks[n++] = (struct agent_task){
			.id = s.v[i].id,
			.spec = s.v[i].spec,
			.top = s.v[i].top,
			.design = (const char *const *)s.v[i].design,
			.ndesign = s.v[i].ndesign,
		};
	}
	if (!rc)
		rc = cmd_bench_samples(o, g, cache, tasks, n, path);
	free(tasks);
	bench_assert_release(&s);
	return rc;
}

static void on_event(const struct bench_event *ev, void *payload)
{
	struct buf esc = BUF_INIT;

	if (log_level < LOG_NORMAL)
		return;
	if (ev->message)
		buf_add_escaped(&esc, ev->message, strlen(ev->message));
	fprintf(stderr, "[%zu/%zu] %s #%ld: %s%s%s\n", ev->done, ev->total,
		ev->task, ev->sample, ev->verdict, esc.len ? ": " : "",
		esc.len ? esc.data : "");
	buf_release(&esc);
}

static int selftest(const struct bench_opts *o)
{
	cJSON *arr = NULL;
	bool ok;
	int rc = bench_assert_selftest(&arr, &ok, o);

	if (rc)
		return cmd_fail(rc);
	for (const cJSON *t = arr->child; t; t = t->next)
		printf("%s: %s, %.0f mutant sites (%.0f scored)\n",
		       json_get_string(t, "task"),
		       json_get_bool(t, "compiles", false)
			       ? "compiles"
			       : json_get_string(t, "summary"),
		       json_get_number(t, "mutant_sites", 0),
		       json_get_number(t, "mutants", 0));
	printf("assert suite %s: %d tasks, %s\n", o->suite,
	       cJSON_GetArraySize(arr),
	       ok ? "every design compiles" : "some designs do not compile");
	cJSON_Delete(arr);
	return ok ? EXIT_PASS : EXIT_NO;
}

int cmd_bench_assert(const struct bench_opts *opts,
		     struct agent_samples_opts *gen, const char *cache,
		     bool allow_unscored)
{
	struct bench_opts o = *opts;
	struct buf path = BUF_INIT, text = BUF_INIT;
	cJSON *summary = NULL;
	int rc = 0;

	if (!gen && !o.samples)
		return selftest(&o);
	if (gen)
		rc = generate(&o, gen, cache, &path);
	if (gen && !rc)
		o.samples = path.data;
	o.on_event = on_event;
	if (!rc)
		rc = bench_assert_score(&summary, &o);
	if (!rc)
		rc = bench_assert_text(&text, summary);
	if (!rc) {
		fputs(text.data, stdout);
		printf("results: %s/summary.json, %s/results.jsonl\n",
		       o.out_dir, o.out_dir);
		rc = cmd_bench_unscored(summary, allow_unscored);
	} else {
		rc = cmd_fail(rc);
	}
	cJSON_Delete(summary);
	buf_release(&path);
	buf_release(&text);
	return rc;
}
