#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bench/bench-int.h"

/*
 * The summary of an assert suite run (kind-assert.c): counts of every
 * verdict over all assertions of all samples, the shares of the
 * assertions written, and the mutation score summed over the samples of
 * every task and averaged per task.  Deterministic: tasks in suite order,
 * no timings.
 */

static const char *const counts[] = { "assertions", "proved", "bounded",
				      "fails",      "vacuous", "invalid",
				      "unknown" };
#define NCOUNTS (sizeof(counts) / sizeof(*counts))

struct tsum {
	double n[NCOUNTS];
	double samples, errors, killed, nonequiv;
};

static double share(double a, double b)
{
	return b > 0 ? a / b : 0;
}

static void add_line(struct tsum *t, const cJSON *r)
{
	const cJSON *m = json_get_object(r, "mutation");

	t->samples++;
	if (strcmp(json_get_string(r, "verdict"), "scored")) {
		t->errors++;
		return;
	}
	for (size_t k = 0; k < NCOUNTS; k++)
		t->n[k] += json_get_number(r, counts[k], 0);
	t->killed += json_get_number(m, "killed", 0);
	t->nonequiv += json_get_number(m, "nonequivalent", 0);
}

/* The counts, shares and mutation fields of t into j. */
static int put(cJSON *j, const struct tsum *t)
{
	double a = t->n[0];
	int rc = json_add_num(j, "samples", t->samples) ||
		 json_add_num(j, "errors", t->errors);

	for (size_t k = 0; !rc && k < NCOUNTS; k++)
		rc = json_add_num(j, counts[k], t->n[k]);
	if (!rc)
		rc = json_add_num(j, "proved_share", share(t->n[1], a)) ||
		     json_add_num(j, "holding_share",
				  share(t->n[1] + t->n[2], a)) ||
		     json_add_num(j, "vacuous_share", share(t->n[4], a)) ||
		     json_add_num(j, "killed", t->killed) ||
		     json_add_num(j, "nonequivalent", t->nonequiv) ||
		     json_add_num(j, "mutation_score",
				  share(t->killed, t->nonequiv));
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* The last line of each (task, sample) counts (a re-scored sample). */
static bool superseded(const cJSON *r)
{
	const char *id = json_get_string(r, "task");
	double s = json_get_number(r, "sample", -1);

	for (const cJSON *n = r->next; n; n = n->next)
		if (!strcmp(json_get_string(n, "task"), id) &&
		    json_get_number(n, "sample", -2) == s)
			return true;
	return false;
}

static int unscored(cJSON *sum, const cJSON *unknown)
{
	cJSON *u = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	double total = 0;
	int rc = u && arr ? 0 : ERR_FAIL;

	for (const cJSON *k = unknown ? unknown->child : NULL; !rc && k;
	     k = k->next) {
		cJSON *e = cJSON_CreateObject();

		total += k->valuedouble;
		rc = !e || json_add_str(e, "task", k->string) ||
		     json_add_num(e, "samples", k->valuedouble) ||
		     json_add_str(e, "why", "no such task in the suite") ||
		     json_append_take(arr, e);
	}
	if (!rc)
		rc = json_add_num(u, "samples", total) ||
		     json_add_take(u, "tasks", arr);
	else
		cJSON_Delete(arr);
	if (!rc)
		return json_add_take(sum, "unscored", u);
	cJSON_Delete(u);
	return err_set(ERR_FAIL, "out of memory");
}

int bench__assert_summarize(cJSON **out, const struct bench_assert_set *s,
			    const cJSON *results, const cJSON *unknown,
			    int shard_k, int shard_n)
{
	struct tsum all = { 0 };
	struct tsum *ts = calloc(s->n + 1, sizeof(*ts));
	cJSON *sum = cJSON_CreateObject(), *per = cJSON_CreateArray();
	double mean = 0, nmean = 0, ntasks = 0;
	int rc = ts && sum && per ? 0 : ERR_FAIL;

	for (const cJSON *r = results ? results->child : NULL; !rc && r;
	     r = r->next) {
		const char *id = json_get_string(r, "task");

		for (size_t i = 0; i < s->n; i++)
			if (!strcmp(s->v[i].id, id) && !superseded(r)) {
				add_line(&ts[i], r);
				add_line(&all, r);
			}
	}
	for (size_t i = 0; !rc && i < s->n; i++) {
		cJSON *t;

		if (shard_n > 0 && (int)(i % (size_t)shard_n) != shard_k - 1)
			continue;
		ntasks++;
		if (ts[i].nonequiv > 0) {
			mean += ts[i].killed / ts[i].nonequiv;
			nmean++;
		}
		t = cJSON_CreateObject();
		rc = !t || json_add_str(t, "task", s->v[i].id) || put(t, &ts[i]) ||
		     json_append_take(per, t);
	}
	if (!rc)
		rc = json_add_str(sum, "kind", "assert") ||
		     json_add_str(sum, "suite", s->path) ||
		     json_add_str(sum, "hash", s->hash) ||
		     json_add_num(sum, "tasks", ntasks) || put(sum, &all) ||
		     json_add_num(sum, "mutation_score_task_mean",
				  share(mean, nmean)) ||
		     json_add_num(sum, "mutation_tasks", nmean) ||
		     unscored(sum, unknown);
	if (!rc) {
		rc = json_add_take(sum, "tasks_detail", per);
		per = NULL;
	}
	cJSON_Delete(per);
	free(ts);
	if (rc) {
		cJSON_Delete(sum);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = sum;
	return 0;
}

static double num(const cJSON *j, const char *k)
{
	return json_get_number(j, k, 0);
}

int bench_assert_text(struct buf *b, const cJSON *s)
{
	const cJSON *per = json_get_array(s, "tasks_detail");
	double a = num(s, "assertions");
	int rc = 0;

	rc |= buf_addf(b,
		       "assert suite %s (%.12s): %.0f tasks, %.0f samples "
		       "scored (%.0f could not be judged)\n",
		       json_get_string(s, "suite"), json_get_string(s, "hash"),
		       num(s, "tasks"), num(s, "samples") - num(s, "errors"),
		       num(s, "errors"));
	rc |= buf_addf(b,
		       "assertions written: %.0f: %.0f proved, %.0f bounded, "
		       "%.0f fail, %.0f vacuous, %.0f invalid, %.0f unknown\n",
		       a, num(s, "proved"), num(s, "bounded"), num(s, "fails"),
		       num(s, "vacuous"), num(s, "invalid"),
		       num(s, "unknown"));
	rc |= buf_addf(b,
		       "of all assertions written: proved %.1f%%, holding "
		       "(proved or bounded) %.1f%%, vacuous %.1f%%\n",
		       100 * num(s, "proved_share"),
		       100 * num(s, "holding_share"),
		       100 * num(s, "vacuous_share"));
	rc |= buf_addf(b,
		       "mutation score: %.0f of %.0f non-equivalent mutants "
		       "killed, summed over samples (%.3f); mean per task "
		       "%.3f over %.0f tasks\n",
		       num(s, "killed"), num(s, "nonequivalent"),
		       num(s, "mutation_score"),
		       num(s, "mutation_score_task_mean"),
		       num(s, "mutation_tasks"));
	rc |= buf_addf(b, "%-16s %7s %10s %7s %8s %7s %s\n", "task", "samples",
		       "assertions", "proved", "holding", "vacuous",
		       "killed/mutants");
	for (const cJSON *t = per ? per->child : NULL; t; t = t->next)
		rc |= buf_addf(b, "%-16s %7.0f %10.0f %7.0f %8.0f %7.0f "
				  "%.0f/%.0f\n",
			       json_get_string(t, "task"), num(t, "samples"),
			       num(t, "assertions"), num(t, "proved"),
			       num(t, "proved") + num(t, "bounded"),
			       num(t, "vacuous"), num(t, "killed"),
			       num(t, "nonequivalent"));
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}
