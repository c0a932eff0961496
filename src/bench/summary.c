#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bench/bench-int.h"

/*
 * Scoring: unbiased pass@k per task, averaged over tasks; failure class
 * counts; broken tasks; PPA ratios against the reference.  Everything is
 * computed from selftest.json + results.jsonl in a fixed order (tasks by
 * suite position, samples by index) so that a merged set of shards gives
 * the very same summary as one run.
 */

double bench_pass_at_k(long n, long c, long k)
{
	double fail = 1.0;

	if (k <= 0 || n <= 0 || k > n)
		return 0.0;
	if (n - c < k)
		return 1.0;
	/* C(n-c, k) / C(n, k) = prod_{i=n-c+1}^{n} (1 - k / i) */
	for (long i = n - c + 1; i <= n; i++)
		fail *= 1.0 - (double)k / (double)i;
	return 1.0 - fail;
}

/* ---- results.jsonl --------------------------------------------------- */

static bool valid_result(const cJSON *r)
{
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(r, "sample");

	return cJSON_IsObject(r) && json_get_string(r, "task") &&
	       json_get_string(r, "verdict") && json_get_string(r, "suite") &&
	       cJSON_IsNumber(s);
}

int bench__read_results(cJSON **out, const char *path, bool repair)
{
	struct buf b = BUF_INIT;
	size_t good = 0, p = 0;
	cJSON *arr;
	int rc;

	*out = NULL;
	rc = buf_read_file(&b, path, 0);
	if (rc)
		return rc;
	arr = cJSON_CreateArray();
	if (!arr) {
		buf_release(&b);
		return err_set(ERR_FAIL, "out of memory");
	}
	while (p < b.len) {
		char *nl = memchr(b.data + p, '\n', b.len - p);
		cJSON *r = NULL;

		if (!nl)
			break; /* torn last line: the run was killed mid-write
				*/
		if (json_parse(&r, b.data + p, (size_t)(nl - (b.data + p)),
			       path) ||
		    !valid_result(r)) {
			cJSON_Delete(r);
			break;
		}
		cJSON_AddItemToArray(arr, r);
		p = (size_t)(nl - b.data) + 1;
		good = p;
	}
	err_clear();
	if (repair && good < b.len && truncate(path, (off_t)good))
		rc = err_set_errno(ERR_FAIL, "cannot repair '%s'", path);
	buf_release(&b);
	if (rc) {
		cJSON_Delete(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int bench__open_results(int *fd, cJSON **done, const struct bench_opts *o,
			const char *suite_hash)
{
	struct buf p = BUF_INIT;
	struct stat st;
	int rc = buf_addf(&p, "%s/results.jsonl", o->out_dir);

	*fd = -1;
	*done = NULL;
	if (!rc && !o->resume && !stat(p.data, &st) && st.st_size > 0)
		rc = err_set(ERR_USAGE,
			     "'%s' exists; use --resume to continue that run "
			     "or choose another --out",
			     p.data);
	if (!rc && o->resume) {
		rc = bench__read_results(done, p.data, true);
		if (rc == ERR_NOTFOUND)
			rc = 0;
	}
	for (const cJSON *r = *done ? (*done)->child : NULL; !rc && r;
	     r = r->next) {
		const char *h = json_get_string(r, "suite");

		if (!h || strcmp(h, suite_hash))
			rc = err_set(ERR_USAGE,
				     "results in '%s' are from another suite "
				     "(%.12s, this one is %.12s)",
				     o->out_dir, h ? h : "?", suite_hash);
	}
	if (!rc) {
		*fd = open(p.data, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			   0666);
		if (*fd < 0)
			rc = err_set_errno(ERR_FAIL, "cannot open '%s'",
					   p.data);
	}
	if (rc) {
		cJSON_Delete(*done);
		*done = NULL;
	}
	buf_release(&p);
	return rc;
}

/* ---- per task ------------------------------------------------------------ */

struct tally {
	long n, c;
	cJSON *classes; /* {"class": count} */
	double ratio_cells, ratio_area;
	long nppa;
	long over_budget; /* passing samples noted ppa/over-budget */
};

static int cmp_sample(const void *a, const void *b)
{
	double x = json_get_number(*(cJSON *const *)a, "sample", 0);
	double y = json_get_number(*(cJSON *const *)b, "sample", 0);

	return x < y ? -1 : x > y;
}

static int bump(cJSON *obj, const char *key)
{
	cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (v) {
		cJSON_SetNumberValue(v, v->valuedouble + 1);
		return 0;
	}
	return json_add_num(obj, key, 1);
}

/* The task's results, deduplicated, sorted by sample index. */
static int task_results(cJSON ***out, size_t *n, const cJSON *res,
			const char *id)
{
	size_t cap = 0;
	cJSON **v = NULL;

	*n = 0;
	for (cJSON *r = res ? res->child : NULL; r; r = r->next) {
		bool dup = false;

		if (strcmp(json_get_string(r, "task"), id))
			continue;
		for (size_t i = 0; i < *n && !dup; i++)
			dup = json_get_number(v[i], "sample", -1) ==
			      json_get_number(r, "sample", -2);
		if (dup)
			continue;
		if (*n == cap) {
			cJSON **nv;

			cap = cap ? cap * 2 : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv) {
				free(v);
				return err_set(ERR_FAIL, "out of memory");
			}
			v = nv;
		}
		v[(*n)++] = r;
	}
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_sample);
	*out = v;
	return 0;
}

static void add_ppa(struct tally *t, const cJSON *st, const cJSON *r)
{
	const cJSON *ref = json_get_object(st, "ppa");
	const cJSON *cand = json_get_object(r, "ppa");
	double rc_, ra, cc, ca;

	if (!ref || !cand)
		return;
	/* synth_stats_json names the CMOS area estimate "transistors" */
	rc_ = json_get_number(ref, "cells", 0);
	ra = json_get_number(ref, "transistors",
			     json_get_number(ref, "area", 0));
	cc = json_get_number(cand, "cells", 0);
	ca = json_get_number(cand, "transistors",
			     json_get_number(cand, "area", 0));
	if (rc_ <= 0)
		return;
	t->ratio_cells += cc / rc_;
	t->ratio_area += ra > 0 ? ca / ra : 1.0;
	t->nppa++;
}

static bool has_note(const cJSON *r, const char *what)
{
	const cJSON *n = json_get_array(r, "notes");

	for (const cJSON *e = n ? n->child : NULL; e; e = e->next)
		if (cJSON_IsString(e) && !strcmp(e->valuestring, what))
			return true;
	return false;
}

static int tally_task(struct tally *t, const cJSON *st, const cJSON *res,
		      cJSON *classes_all)
{
	cJSON **v = NULL;
	size_t n = 0;
	int rc = task_results(&v, &n, res, json_get_string(st, "id"));

	for (size_t i = 0; !rc && i < n; i++) {
		const char *cls = json_get_string(v[i], "class");

		t->n++;
		if (!strcmp(json_get_string(v[i], "verdict"), "pass")) {
			t->c++;
			add_ppa(t, st, v[i]);
			t->over_budget += has_note(v[i], "ppa/over-budget");
			continue;
		}
		cls = cls ? cls : "unknown";
		rc = bump(t->classes, cls) || bump(classes_all, cls)
			     ? err_set(ERR_FAIL, "out of memory")
			     : 0;
	}
	free(v);
	return rc;
}

static cJSON *ppa_json(const struct tally *t, const cJSON *st)
{
	cJSON *p = cJSON_CreateObject();
	const cJSON *ref = json_get_object(st, "ppa");

	if (!p)
		return NULL;
	if (ref)
		json_add_take(p, "reference", cJSON_Duplicate(ref, 1));
	json_add_num(p, "samples", (double)t->nppa);
	json_add_num(p, "over_budget", (double)t->over_budget);
	if (t->nppa) {
		json_add_num(p, "ratio_cells",
			     round(t->ratio_cells / t->nppa * 1e4) / 1e4);
		json_add_num(p, "ratio_area",
			     round(t->ratio_area / t->nppa * 1e4) / 1e4);
	}
	return p;
}

static cJSON *task_json(const struct tally *t, const cJSON *st)
{
	cJSON *o = cJSON_CreateObject();
	bool broken = json_get_bool(st, "broken", false);
	int bad;

	bad = !o || json_add_str(o, "id", json_get_string(st, "id")) ||
	      json_add_bool(o, "broken", broken);
	if (!bad && broken)
		bad = json_add_str(o, "class", json_get_string(st, "class")) ||
		      json_add_str(o, "reason", json_get_string(st, "reason")) ||
		      json_add_num(o, "unscored",
				   json_get_number(st, "unscored", 0));
	if (!bad && !broken)
		bad = json_add_num(o, "n", (double)t->n) ||
		      json_add_num(o, "c", (double)t->c) ||
		      json_add_take(o, "classes",
				    cJSON_Duplicate(t->classes, 1)) ||
		      json_add_take(o, "ppa", ppa_json(t, st));
	if (bad) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- the whole summary --------------------------------------------------- */

static int cmp_index(const void *a, const void *b)
{
	double x = json_get_number(*(cJSON *const *)a, "index", 0);
	double y = json_get_number(*(cJSON *const *)b, "index", 0);

	return x < y ? -1 : x > y;
}

static int cmp_line(const void *a, const void *b)
{
	const cJSON *x = *(cJSON *const *)a, *y = *(cJSON *const *)b;
	double lx = json_get_number(x, "line", 0);
	double ly = json_get_number(y, "line", 0);

	if (lx != ly)
		return lx < ly ? -1 : 1;
	return strcmp(json_get_string(x, "message"),
		      json_get_string(y, "message"));
}

/* A sorted copy of an array of objects. */
static cJSON *sorted(const cJSON *arr, int (*cmp)(const void *, const void *))
{
	size_t n = (size_t)cJSON_GetArraySize(arr), i = 0;
	cJSON **v = calloc(n ? n : 1, sizeof(*v));
	cJSON *out = cJSON_CreateArray();

	if (!v || !out) {
		free(v);
		cJSON_Delete(out);
		return NULL;
	}
	for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next)
		v[i++] = (cJSON *)e;
	if (n)
		qsort(v, n, sizeof(*v), cmp);
	for (i = 0; i < n; i++)
		cJSON_AddItemToArray(out, cJSON_Duplicate(v[i], 1));
	free(v);
	return out;
}

static cJSON *sorted_object(const cJSON *obj)
{
	size_t n = (size_t)cJSON_GetArraySize(obj), i = 0;
	const cJSON **v = calloc(n ? n : 1, sizeof(*v));
	cJSON *out = cJSON_CreateObject();

	if (!v || !out) {
		free(v);
		cJSON_Delete(out);
		return NULL;
	}
	for (const cJSON *e = obj->child; e; e = e->next)
		v[i++] = e;
	for (size_t a = 1; a < n; a++)
		for (size_t b = a;
		     b > 0 && strcmp(v[b - 1]->string, v[b]->string) > 0; b--) {
			const cJSON *t = v[b];

			v[b] = v[b - 1];
			v[b - 1] = t;
		}
	for (i = 0; i < n; i++)
		json_add_num(out, v[i]->string, v[i]->valuedouble);
	free(v);
	return out;
}

struct totals {
	long samples, passed, broken, scored, unscored, empty;
	cJSON *classes, *tasks, *broken_list;
	cJSON *unscored_list; /* [{"task", "samples", "why"}] */
};

/*
 * pass@k averages over the scored tasks with at least k samples: the
 * count goes beside each value ("pass_at_k_tasks"), so that pass@5 over
 * 1 task is not read as pass@5 over the suite.
 */
static int pass_at_k(cJSON *sum, const cJSON *ks, const cJSON *tasks)
{
	cJSON *p = cJSON_CreateObject(), *pt = cJSON_CreateObject();

	if (!p || !pt) {
		cJSON_Delete(p);
		cJSON_Delete(pt);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (const cJSON *k = ks ? ks->child : NULL; k; k = k->next) {
		long kk = (long)k->valuedouble, m = 0;
		double s = 0;
		char key[24];

		for (const cJSON *t = tasks->child; t; t = t->next) {
			long n = (long)json_get_number(t, "n", 0);

			if (json_get_bool(t, "broken", false) || n < kk)
				continue;
			s += bench_pass_at_k(
				n, (long)json_get_number(t, "c", 0), kk);
			m++;
		}
		if (kk <= 0)
			continue;
		snprintf(key, sizeof(key), "%ld", kk);
		json_add_num(pt, key, (double)m);
		if (m)
			json_add_num(p, key, round(s / (double)m * 1e6) / 1e6);
	}
	if (json_add_take(sum, "pass_at_k", p)) {
		cJSON_Delete(pt);
		return ERR_FAIL;
	}
	return json_add_take(sum, "pass_at_k_tasks", pt);
}

static int unscored_entry(struct totals *to, const char *task, double n,
			  const char *why)
{
	cJSON *u = cJSON_CreateObject();

	to->unscored += (long)n;
	if (!u || json_add_str(u, "task", task) ||
	    json_add_num(u, "samples", n) || json_add_str(u, "why", why) ||
	    json_append_take(to->unscored_list, u))
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

static int walk_tasks(struct totals *to, const cJSON *st_tasks,
		      const cJSON *res)
{
	cJSON *ordered = sorted(st_tasks, cmp_index);
	int rc = ordered ? 0 : err_set(ERR_FAIL, "out of memory");

	for (const cJSON *st = ordered ? ordered->child : NULL; !rc && st;
	     st = st->next) {
		struct tally t = { .classes = cJSON_CreateObject() };
		bool broken = json_get_bool(st, "broken", false);
		cJSON *tj, *cls;

		rc = t.classes ? 0 : err_set(ERR_FAIL, "out of memory");
		if (!rc && !broken)
			rc = tally_task(&t, st, res, to->classes);
		cls = t.classes ? sorted_object(t.classes) : NULL;
		cJSON_Delete(t.classes);
		t.classes = cls;
		tj = !rc && cls ? task_json(&t, st) : NULL;
		if (!rc && (!tj || json_append_take(to->tasks, tj)))
			rc = err_set(ERR_FAIL, "out of memory");
		if (!rc && broken) {
			cJSON *b = cJSON_CreateObject();

			to->broken++;
			rc = !b ||
			     json_add_str(b, "task",
					  json_get_string(st, "id")) ||
			     json_add_str(b, "class",
					  json_get_string(st, "class")) ||
			     json_add_str(b, "reason",
					  json_get_string(st, "reason")) ||
			     json_add_num(b, "unscored",
					  json_get_number(st, "unscored", 0)) ||
			     json_append_take(to->broken_list, b);
			if (!rc && json_get_number(st, "unscored", 0) > 0) {
				struct buf why = BUF_INIT;

				rc = buf_addf(&why, "the task is broken (%s)",
					      json_get_string(st, "class"));
				if (!rc)
					rc = unscored_entry(
						to, json_get_string(st, "id"),
						json_get_number(st, "unscored",
								0),
						why.data);
				buf_release(&why);
			}
		} else if (!rc) {
			to->scored++;
			to->empty += t.n == 0;
			to->samples += t.n;
			to->passed += t.c;
		}
		cJSON_Delete(t.classes);
	}
	cJSON_Delete(ordered);
	return rc ? ERR_FAIL : 0;
}

/* Samples naming tasks the suite does not have, by name. */
static int unknown_tasks(struct totals *to, const cJSON *selftest)
{
	const cJSON *obj = json_get_object(selftest, "unknown_tasks");
	cJSON *u;
	int rc = 0;

	if (!obj)
		return 0;
	u = sorted_object(obj);
	if (!u)
		return err_set(ERR_FAIL, "out of memory");
	for (const cJSON *e = u ? u->child : NULL; !rc && e; e = e->next)
		rc = unscored_entry(to, e->string, e->valuedouble,
				    "no such task in the suite");
	cJSON_Delete(u);
	return rc;
}

static int unscored_json(cJSON *sum, struct totals *to)
{
	cJSON *u = cJSON_CreateObject();

	if (!u || json_add_num(u, "samples", (double)to->unscored) ||
	    json_add_take(u, "tasks", to->unscored_list)) {
		cJSON_Delete(u);
		return err_set(ERR_FAIL, "out of memory");
	}
	to->unscored_list = NULL;
	return json_add_take(sum, "unscored", u);
}

int bench__summarize(cJSON **out, const cJSON *selftest, const cJSON *res)
{
	struct totals to = { .classes = cJSON_CreateObject(),
			     .tasks = cJSON_CreateArray(),
			     .broken_list = cJSON_CreateArray(),
			     .unscored_list = cJSON_CreateArray() };
	cJSON *sum = cJSON_CreateObject(), *errs = NULL;
	int rc = sum && to.classes && to.tasks && to.broken_list &&
			 to.unscored_list
			 ? 0
			 : err_set(ERR_FAIL, "out of memory");

	*out = NULL;
	if (!rc)
		rc = walk_tasks(&to, json_get_array(selftest, "tasks"), res);
	if (!rc)
		rc = unknown_tasks(&to, selftest);
	if (!rc) {
		errs = sorted(json_get_array(selftest, "input_errors"),
			      cmp_line);
		rc = json_add_take(
			     sum, "suite",
			     cJSON_Duplicate(json_get_object(selftest, "suite"),
					     1)) ||
		     json_add_num(sum, "tasks_scored", (double)to.scored) ||
		     json_add_num(sum, "tasks_broken", (double)to.broken) ||
		     json_add_num(sum, "tasks_without_samples",
				  (double)to.empty) ||
		     json_add_num(sum, "samples", (double)to.samples) ||
		     json_add_num(sum, "passed", (double)to.passed) ||
		     pass_at_k(sum, json_get_array(selftest, "ks"), to.tasks) ||
		     json_add_take(sum, "classes", sorted_object(to.classes)) ||
		     json_add_take(sum, "broken", to.broken_list) ||
		     json_add_take(sum, "input_errors", errs) ||
		     unscored_json(sum, &to) ||
		     json_add_take(sum, "tasks", to.tasks);
		to.broken_list = to.tasks = NULL;
		rc = rc ? err_set(ERR_FAIL, "out of memory") : 0;
	}
	cJSON_Delete(to.classes);
	cJSON_Delete(to.tasks);
	cJSON_Delete(to.broken_list);
	cJSON_Delete(to.unscored_list);
	if (rc) {
		cJSON_Delete(sum);
		return rc;
	}
	*out = sum;
	return 0;
}

/* ---- text for people ------------------------------------------------------
 */

long bench_unscored_samples(const cJSON *summary)
{
	return (long)json_get_number(json_get_object(summary, "unscored"),
				     "samples", 0);
}

int bench_unscored_text(struct buf *b, const cJSON *summary)
{
	const cJSON *u = json_get_array(json_get_object(summary, "unscored"),
					"tasks");
	struct buf esc = BUF_INIT;
	int rc = 0;

	for (const cJSON *t = u ? u->child : NULL; t; t = t->next) {
		const char *id = json_get_string(t, "task");
		double n = json_get_number(t, "samples", 0);

		buf_reset(&esc);
		rc |= buf_add_escaped(&esc, id ? id : "", id ? strlen(id) : 0);
		rc |= buf_addf(b, "%.0f sample%s of '%s' not scored: %s\n", n,
			       n == 1 ? "" : "s", esc.data,
			       json_get_string(t, "why"));
	}
	buf_release(&esc);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* "pass@5: 0.6786 (28 tasks with >= 5 samples)" for each k asked. */
static int pass_text(struct buf *b, const cJSON *s)
{
	const cJSON *pk = json_get_object(s, "pass_at_k");
	const cJSON *pt = json_get_object(s, "pass_at_k_tasks");
	int rc = 0;

	for (const cJSON *k = pt ? pt->child : NULL; k; k = k->next) {
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(pk, k->string);
		double m = k->valuedouble;
		const char *pl = strcmp(k->string, "1") ? "s" : "";

		if (v)
			rc |= buf_addf(b, "pass@%s: %.4f (%.0f task%s with >= %s "
					  "sample%s)\n",
				       k->string, v->valuedouble, m,
				       m == 1 ? "" : "s", k->string, pl);
		else
			rc |= buf_addf(b, "pass@%s: not computed (no task has "
					  ">= %s sample%s)\n",
				       k->string, k->string, pl);
	}
	/* a summary from before the task counts */
	for (const cJSON *k = pt ? NULL : pk ? pk->child : NULL; k; k = k->next)
		rc |= buf_addf(b, "pass@%s: %.4f\n", k->string, k->valuedouble);
	return rc;
}

/* bench --loop: both pass@1 side by side, and each task's path. */
static int loop_text(struct buf *b, const cJSON *s)
{
	const cJSON *l = json_get_object(s, "loop");
	const cJSON *f = json_get_object(l, "first_attempt");
	const cJSON *p = json_get_object(l, "loop");
	const cJSON *ts = json_get_array(l, "tasks");
	int rc = 0;

	if (!l)
		return 0;
	rc |= buf_addf(b,
		       "loop (oracle-free, %.0f rounds, %.0f candidates): "
		       "pass@1 first attempt %.4f (%.0f/%.0f), after the loop "
		       "%.4f (%.0f/%.0f), held-out harness; %.0f tokens\n",
		       json_get_number(l, "rounds", 0),
		       json_get_number(l, "candidates", 0),
		       json_get_number(f, "pass_at_1", 0),
		       json_get_number(f, "passed", 0),
		       json_get_number(f, "tasks", 0),
		       json_get_number(p, "pass_at_1", 0),
		       json_get_number(p, "passed", 0),
		       json_get_number(p, "tasks", 0),
		       json_get_number(l, "tokens", 0));
	for (const cJSON *t = ts ? ts->child : NULL; t; t = t->next)
		rc |= buf_addf(b,
			       "  %-24s first %s, loop %s (judged by %s in the "
			       "loop: %s; %.0f rounds, %.0f tokens)\n",
			       json_get_string(t, "id"),
			       json_get_string(t, "first"),
			       json_get_string(t, "final"),
			       json_get_string(t, "checker"),
			       json_get_string(t, "loop_verdict"),
			       json_get_number(t, "rounds", 0),
			       json_get_number(t, "tokens", 0));
	return rc;
}

int bench_summary_text(struct buf *b, const cJSON *s)
{
	const cJSON *su = json_get_object(s, "suite");
	const cJSON *cl = json_get_object(s, "classes");
	const cJSON *br = json_get_array(s, "broken");
	const cJSON *ie = json_get_array(s, "input_errors");
	long unscored = bench_unscored_samples(s);
	struct buf esc = BUF_INIT;
	int rc = 0;

	rc |= buf_addf(b, "suite %s (%s, %.12s): %.0f tasks scored, %.0f broken",
		       json_get_string(su, "name"), json_get_string(su, "format"),
		       json_get_string(su, "hash"),
		       json_get_number(s, "tasks_scored", 0),
		       json_get_number(s, "tasks_broken", 0));
	if (json_get_number(s, "tasks_without_samples", 0) > 0)
		rc |= buf_addf(b, " (%.0f of the scored have no samples)",
			       json_get_number(s, "tasks_without_samples", 0));
	rc |= buf_addch(b, '\n');
	rc |= buf_addf(b, "samples: %.0f scored, %.0f passed\n",
		       json_get_number(s, "samples", 0),
		       json_get_number(s, "passed", 0));
	if (unscored)
		rc |= buf_addf(b, "not scored: %ld sample%s (broken or unknown "
				  "tasks)\n",
			       unscored, unscored == 1 ? "" : "s");
	rc |= pass_text(b, s);
	rc |= loop_text(b, s);
	if (cl && cl->child)
		rc |= buf_addstr(b, "failure classes (samples that did not "
				    "pass):\n");
	for (const cJSON *c = cl ? cl->child : NULL; c; c = c->next)
		rc |= buf_addf(b, "  %-24s %.0f\n", c->string, c->valuedouble);
	for (const cJSON *t = br ? br->child : NULL; t; t = t->next) {
		const char *r = json_get_string(t, "reason");

		buf_reset(&esc);
		rc |= buf_add_escaped(&esc, r ? r : "", r ? strlen(r) : 0);
		rc |= buf_addf(b, "broken: %s: %s: %s\n",
			       json_get_string(t, "task"),
			       json_get_string(t, "class"), esc.data);
	}
	for (const cJSON *e = ie ? ie->child : NULL; e; e = e->next)
		rc |= buf_addf(b, "input error: %s\n",
			       json_get_string(e, "message"));
	buf_release(&esc);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* ---- merge -----------------------------------------------------------------
 */

struct merge {
	cJSON *doc; /* merged selftest document */
	cJSON *results; /* all lines */
	bool *seen; /* shard k seen */
	long n;
};

static int merge_one(struct merge *m, const char *dir)
{
	struct buf p = BUF_INIT;
	cJSON *st = NULL, *res = NULL;
	const char *shard, *hash;
	long k = 0, n = 0;
	char *end;
	int rc;

	rc = buf_addf(&p, "%s/selftest.json", dir);
	if (!rc)
		rc = json_parse_file(&st, p.data, 64u << 20);
	if (rc) {
		buf_release(&p);
		return err_wrap(ERR_USAGE, "'%s' is not a bench output", dir);
	}
	shard = json_get_string(st, "shard");
	hash = json_get_string(json_get_object(st, "suite"), "hash");
	if (shard) {
		k = strtol(shard, &end, 10);
		n = *end == '/' ? strtol(end + 1, &end, 10) : 0;
	}
	if (!hash || k < 1 || n < k || n > 100000)
		rc = err_set(ERR_USAGE, "'%s': bad selftest.json", dir);
	else if (!m->doc) {
		m->n = n;
		m->seen = calloc((size_t)n + 1, sizeof(*m->seen));
		m->doc = cJSON_Duplicate(st, 1);
		cJSON_DeleteItemFromObjectCaseSensitive(m->doc, "shard");
		if (m->doc && k != 1)
			cJSON_DeleteItemFromObjectCaseSensitive(
				m->doc, "unknown_tasks");
		rc = m->seen && m->doc ? 0 : err_set(ERR_FAIL, "out of memory");
	} else if (strcmp(hash,
			  json_get_string(json_get_object(m->doc, "suite"),
					  "hash")))
		rc = err_set(ERR_USAGE, "'%s' scored another suite", dir);
	else if (n != m->n)
		rc = err_set(ERR_USAGE,
			     "'%s' is shard %ld/%ld, others are of %ld", dir, k,
			     n, m->n);
	else if (m->seen[k])
		rc = err_set(ERR_USAGE, "shard %ld/%ld given twice ('%s')", k,
			     n, dir);
	else {
		cJSON *tasks = json_get_array(m->doc, "tasks");
		cJSON *errs = json_get_array(m->doc, "input_errors");

		for (cJSON *t = json_get_array(st, "tasks")->child; t;
		     t = t->next)
			cJSON_AddItemToArray(tasks, cJSON_Duplicate(t, 1));
		for (cJSON *e = json_get_array(st, "input_errors")->child; e;
		     e = e->next)
			cJSON_AddItemToArray(errs, cJSON_Duplicate(e, 1));
		/* every shard read the same samples: shard 1 counts the
		 * samples of tasks the suite does not have */
		if (k == 1 && json_get_object(st, "unknown_tasks"))
			json_add_take(m->doc, "unknown_tasks",
				      cJSON_Duplicate(json_get_object(
							      st,
							      "unknown_tasks"),
						      1));
	}
	if (!rc)
		m->seen[k] = true;
	buf_reset(&p);
	if (!rc)
		rc = buf_addf(&p, "%s/results.jsonl", dir);
	if (!rc)
		rc = bench__read_results(&res, p.data, false);
	for (cJSON *r = res ? res->child : NULL; !rc && r; r = r->next)
		cJSON_AddItemToArray(m->results, cJSON_Duplicate(r, 1));
	cJSON_Delete(res);
	cJSON_Delete(st);
	buf_release(&p);
	return rc;
}

static int write_merged(const struct merge *m, const char *out_dir,
			cJSON *summary)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	int rc =
		mkdir(out_dir, 0777) && errno != EEXIST
			? err_set_errno(ERR_FAIL, "cannot create '%s'", out_dir)
			: 0;

	for (const cJSON *r = m->results->child; !rc && r; r = r->next)
		rc = json_print(&text, r, false) || buf_addch(&text, '\n');
	if (!rc)
		rc = buf_addf(&p, "%s/results.jsonl", out_dir) ||
		     buf_write_file(p.data, text.data, text.len);
	buf_reset(&text);
	buf_reset(&p);
	if (!rc)
		rc = json_print(&text, m->doc, true) ||
		     buf_addch(&text, '\n') ||
		     buf_addf(&p, "%s/selftest.json", out_dir) ||
		     buf_write_file(p.data, text.data, text.len);
	buf_reset(&text);
	buf_reset(&p);
	if (!rc)
		rc = json_print(&text, summary, true) ||
		     buf_addch(&text, '\n') ||
		     buf_addf(&p, "%s/summary.json", out_dir) ||
		     buf_write_file(p.data, text.data, text.len);
	buf_reset(&p);
	if (!rc)
		rc = buf_addf(&p, "%s/report.html", out_dir) ||
		     bench_report_html(p.data, summary);
	buf_release(&p);
	buf_release(&text);
	return rc ? ERR_FAIL : 0;
}

int bench_merge(cJSON **summary, const char *const *dirs, size_t ndirs,
		const char *out_dir)
{
	struct merge m = { .results = cJSON_CreateArray() };
	int rc = m.results ? 0 : err_set(ERR_FAIL, "out of memory");

	*summary = NULL;
	for (size_t i = 0; !rc && i < ndirs; i++)
		rc = merge_one(&m, dirs[i]);
	for (long k = 1; !rc && k <= m.n; k++)
		if (!m.seen[k])
			rc = err_set(ERR_USAGE, "shard %ld/%ld is missing", k,
				     m.n);
	if (!rc && !m.doc)
		rc = err_set(ERR_USAGE, "nothing to merge");
	if (!rc) {
		json_add_str(m.doc, "shard", "1/1");
		rc = bench__summarize(summary, m.doc, m.results);
	}
	if (!rc) {
		cJSON *timing = cJSON_CreateObject();

		rc = !timing || json_add_num(timing, "shards", (double)m.n) ||
		     json_add_take(*summary, "timing", timing);
	}
	if (!rc)
		rc = write_merged(&m, out_dir, *summary);
	if (rc) {
		cJSON_Delete(*summary);
		*summary = NULL;
	}
	cJSON_Delete(m.doc);
	cJSON_Delete(m.results);
	free(m.seen);
	return rc;
}
