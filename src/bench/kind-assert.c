#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hash.h"
#include "base/pool.h"
#include "base/strv.h"
#include "bench/bench-int.h"
#include "rtlgen/rtlgen.h"
#include "verify/assert.h"

/*
 * The native "assert" suite kind (suite-format.md): a task is a design
 * and its spec, no properties; a sample is a model's assertion set.  Each
 * sample is judged statement by statement (verify_assertions) and the
 * statements that hold are scored by the mutants of the design they kill
 * (verify_assert_mutation).  The mutants and their equivalence filter are
 * made once per task and reused for every sample of it: they are most of
 * the cost.
 */

#define ASSERT_KIND_VERSION "bench-assert-1"
#define TASK_JSON_MAX (1u << 20)
#define DESIGN_MAX (8u << 20)
#define MUTANTS_DEFAULT 12
#define MUTANTS_MAX 200

static bool kind_is_assert(const cJSON *j)
{
	const char *k = json_get_string(j, "kind");

	return k && !strcmp(k, "assert");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The task directories of the suite (sorted; hidden entries left out). */
static int list_tasks(char ***out, size_t *n, const char *suite)
{
	DIR *d = opendir(suite);
	struct dirent *e;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return err_set_errno(ERR_USAGE, "suite '%s'", suite);
	while (!rc && (e = readdir(d))) {
		char *p;
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		p = str_fmt("%s/%s/task.json", suite, e->d_name);
		if (!p)
			rc = err_set(ERR_FAIL, "out of memory");
		else if (!stat(p, &st))
			rc = strv_push(out, n, e->d_name);
		free(p);
	}
	closedir(d);
	if (!rc && *n)
		qsort(*out, *n, sizeof(**out), cmp_str);
	return rc;
}

bool bench_assert_suite(const char *suite)
{
	char **names = NULL;
	size_t n = 0;
	bool yes = false;

	if (!list_tasks(&names, &n, suite))
		for (size_t i = 0; i < n && !yes; i++) {
			char *p = str_fmt("%s/%s/task.json", suite, names[i]);
			cJSON *j = NULL;

			if (p && !json_parse_file(&j, p, TASK_JSON_MAX))
				yes = kind_is_assert(j);
			cJSON_Delete(j);
			free(p);
		}
	err_clear();
	strv_free(names);
	return yes;
}

/* A path named by task.json: relative to the task directory. */
static char *task_path(const char *dir, const char *name)
{
	if (!name || !*name || name[0] == '/')
		return NULL;
	return str_fmt("%s/%s", dir, name);
}

static void hash_text(struct sha256 *h, const char *tag, const char *s,
		      size_t len)
{
	char n[32];
	int k = snprintf(n, sizeof(n), "%zu", len);

	sha256_update(h, tag, strlen(tag) + 1);
	sha256_update(h, n, (size_t)k + 1);
	sha256_update(h, s, len);
}

/* Read a file named by the task (hashed); ERR_USAGE names it. */
static int task_file(struct buf *b, const char *tj, const char *path,
		     const char *what, struct sha256 *h)
{
	int rc = buf_read_file(b, path, DESIGN_MAX);

	if (rc == ERR_NOTFOUND)
		return err_set(ERR_USAGE, "%s: %s '%s': no such file", tj,
			       what, path);
	if (rc)
		return err_wrap(ERR_USAGE, "%s: %s", tj, what);
	if (!b->len || buf_is_binary(b->data, b->len))
		return err_set(ERR_USAGE, "%s: %s '%s' is %s", tj, what, path,
			       b->len ? "binary" : "empty");
	hash_text(h, what, b->data, b->len);
	return 0;
}

static int task_design(struct bench_assert_task *t, const cJSON *j,
		       const char *dir, const char *tj, struct sha256 *h)
{
	const cJSON *d = json_get_array(j, "design"), *f;
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!d || !cJSON_GetArraySize(d))
		return err_set(ERR_USAGE,
			       "%s: an assert task needs \"design\": [files]",
			       tj);
	cJSON_ArrayForEach(f, d)
	{
		char *p = task_path(dir, cJSON_GetStringValue(f));

		if (!p) {
			rc = err_set(ERR_USAGE,
				     "%s: \"design\" holds a bad file name "
				     "(relative paths only)",
				     tj);
			break;
		}
		buf_reset(&b);
		rc = task_file(&b, tj, p, "design file", h);
		if (!rc)
			rc = strv_push(&t->design, &t->ndesign, p);
		free(p);
		if (rc)
			break;
	}
	buf_release(&b);
	return rc;
}

static int task_numbers(struct bench_assert_task *t, const cJSON *j,
			const char *tj)
{
	long m = json_get_long(j, "mutants", MUTANTS_DEFAULT);
	long d = json_get_long(j, "depth", 20);

	if (m < 1 || m > MUTANTS_MAX)
		return err_set(ERR_USAGE, "%s: \"mutants\" must be 1..%d", tj,
			       MUTANTS_MAX);
	if (d < 1 || d > 200)
		return err_set(ERR_USAGE, "%s: \"depth\" must be 1..200", tj);
	t->mutants = (size_t)m;
	t->depth = (int)d;
	return 0;
}

static int load_task(struct bench_assert_task *t, const char *suite,
		     const char *name, struct sha256 *h)
{
	char *dir = str_fmt("%s/%s", suite, name);
	char *tj = dir ? str_fmt("%s/task.json", dir) : NULL;
	const char *id, *top, *spec;
	struct buf b = BUF_INIT;
	cJSON *j = NULL;
	int rc = tj ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc && (rc = buf_read_file(&b, tj, TASK_JSON_MAX)))
		rc = err_wrap(ERR_USAGE, "assert task");
	if (!rc)
		rc = json_parse(&j, b.data, b.len, tj); /* names tj */
	if (!rc && !kind_is_assert(j))
		rc = err_set(ERR_USAGE,
			     "%s: not \"kind\": \"assert\" (an assertion "
			     "suite holds only assertion tasks)",
			     tj);
	if (!rc) {
		hash_text(h, "task", b.data, b.len);
		id = json_get_string(j, "id");
		top = json_get_string(j, "top");
		spec = json_get_string(j, "spec");
		if (!id || strcmp(id, name))
			rc = err_set(ERR_USAGE,
				     "%s: \"id\" is missing or differs from "
				     "the directory name",
				     tj);
		else if (!top || !vlex_is_ident(top))
			rc = err_set(ERR_USAGE,
				     "%s: \"top\" is missing or not a module "
				     "name",
				     tj);
	}
	if (!rc && (!(t->id = strdup(id)) || !(t->top = strdup(top))))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = task_numbers(t, j, tj);
	if (!rc)
		rc = task_design(t, j, dir, tj, h);
	if (!rc && spec) {
		char *p = task_path(dir, spec);

		buf_reset(&b);
		rc = p ? task_file(&b, tj, p, "spec", h)
		       : err_set(ERR_USAGE, "%s: bad \"spec\" file name", tj);
		if (!rc)
			t->spec = buf_detach(&b, NULL);
		free(p);
	}
	cJSON_Delete(j);
	buf_release(&b);
	free(tj);
	free(dir);
	return rc;
}

void bench_assert_release(struct bench_assert_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].id);
		free(s->v[i].top);
		free(s->v[i].spec);
		strv_free(s->v[i].design);
	}
	free(s->v);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

int bench_assert_load(struct bench_assert_set *out, const char *suite)
{
	struct sha256 h;
	char **names = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	sha256_init(&h);
	hash_text(&h, "kind", ASSERT_KIND_VERSION,
		  strlen(ASSERT_KIND_VERSION));
	rc = list_tasks(&names, &n, suite);
	if (!rc && !n)
		rc = err_set(ERR_USAGE, "'%s' holds no task.json", suite);
	if (!rc && !(out->path = strdup(suite)))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc && !(out->v = calloc(n, sizeof(*out->v))))
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < n; i++) {
		hash_text(&h, "dir", names[i], strlen(names[i]));
		rc = load_task(&out->v[out->n++], suite, names[i], &h);
	}
	strv_free(names);
	if (rc) {
		bench_assert_release(out);
		return rc;
	}
	sha256_final_hex(&h, out->hash);
	return 0;
}

/* ---- scoring ------------------------------------------------------------ */

struct tstate {
	bool need; /* some sample of it is to be scored */
	struct mutant_set ms;
	struct mut_opts mo;
	int rc; /* making the mutants failed: every sample is an error */
	char *error;
};

struct item {
	size_t task;
	long sample;
	char *code; /* the statements; NULL: nothing extracted */
	char *extract;
	char *model;
	int rc;
};

struct ctx {
	const struct bench_opts *o;
	struct bench_assert_set s;
	struct tstate *ts;
	struct item *items;
	size_t nitems, done;
	cJSON *unknown; /* {"task": samples} of samples naming no task */
	int fd;
	int io_rc;
	pthread_mutex_t lock;
};

static bool in_shard(const struct ctx *c, size_t i)
{
	const struct bench_opts *o = c->o;

	return o->shard_n <= 0 ||
	       (int)(i % (size_t)o->shard_n) == o->shard_k - 1;
}

static void vopts(struct verify_opts *vo, const struct ctx *c, size_t t)
{
	static const struct verify_opts init = VERIFY_OPTS_INIT;
	const struct bench_assert_task *bt = &c->s.v[t];

	*vo = init;
	vo->files = (const char *const *)bt->design;
	vo->nfiles = bt->ndesign;
	vo->top = bt->top;
	vo->props_depth = bt->depth;
	/* formal runs, not simulations: never below the pipeline's 60 s */
	vo->timeout_s = c->o->timeout_s > 60 ? c->o->timeout_s : 60;
	vo->sandbox = c->o->sandbox;
	vo->keep_tmp = c->o->keep_tmp;
	vo->jobs = 1;
}

static void make_mutants(size_t i, void *payload)
{
	struct ctx *c = payload;
	struct tstate *ts = &c->ts[i];
	const struct bench_assert_task *t = &c->s.v[i];
	struct verify_opts vo;

	if (!ts->need)
		return;
	vopts(&vo, c, i);
	ts->mo.files = (const char *const *)t->design;
	ts->mo.nfiles = t->ndesign;
	ts->mo.module = t->top;
	ts->mo.max = t->mutants;
	ts->mo.seed = 1;
	ts->rc = verify_mutants(&ts->ms, &ts->mo);
	if (!ts->rc)
		ts->rc = verify_mutants_equiv(&ts->ms, &ts->mo, &vo, t->top);
	if (ts->rc)
		ts->error = strdup(err_last());
}

static const char *const status_keys[] = {
	[AS_PROVED] = "proved",   [AS_BOUNDED] = "bounded",
	[AS_FAILS] = "fails",     [AS_VACUOUS] = "vacuous",
	[AS_INVALID] = "invalid", [AS_UNKNOWN] = "unknown",
};
#define NSTATUS (sizeof(status_keys) / sizeof(*status_keys))

/* The result line's counts and mutation fields from a judged report. */
static int line_counts(cJSON *j, const struct assert_report *r)
{
	size_t n[NSTATUS] = { 0 };
	cJSON *rj = assert_report_json(r), *m;
	int rc = rj ? 0 : err_set(ERR_FAIL, "out of memory");

	for (size_t i = 0; i < r->n; i++)
		if ((size_t)r->v[i].status < NSTATUS)
			n[r->v[i].status]++;
	if (!rc)
		rc = json_add_num(j, "assertions", (double)r->n);
	for (size_t s = AS_PROVED; !rc && s < NSTATUS; s++)
		rc = json_add_num(j, status_keys[s], (double)n[s]);
	if (!rc) {
		m = cJSON_DetachItemFromObjectCaseSensitive(rj, "mutation");
		rc = json_add_take(j, "mutation", m);
	}
	if (!rc)
		rc = json_add_take(
			j, "items",
			cJSON_DetachItemFromObjectCaseSensitive(rj,
								"assertions"));
	cJSON_Delete(rj);
	return rc;
}

/* The result line of a sample the tools could not decide. */
static cJSON *error_line(const struct ctx *c, const struct item *it,
			 const char *why)
{
	cJSON *j = cJSON_CreateObject();

	if (!j || json_add_str(j, "suite", c->s.hash) ||
	    json_add_str(j, "task", c->s.v[it->task].id) ||
	    json_add_num(j, "sample", (double)it->sample) ||
	    json_add_str(j, "verdict", "error") ||
	    json_add_str(j, "error", why)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

/* Judge statements: 0, or the tools' error (verify_assertions). */
static int judge_report(struct assert_report *r, struct ctx *c,
			const struct item *it)
{
	const struct bench_assert_task *t = &c->s.v[it->task];
	struct tstate *ts = &c->ts[it->task];
	size_t len = it->code ? strlen(it->code) : 0, hold = 0;
	struct verify_opts vo;
	int rc = 0;

	if (ts->rc)
		return err_set(ts->rc, "%s",
			       ts->error ? ts->error : "no mutants");
	vopts(&vo, c, it->task);
	if (len)
		rc = verify_assertions(r, &vo, t->top, it->code, len);
	for (size_t i = 0; !rc && i < r->n; i++)
		hold += r->v[i].status == AS_PROVED ||
			r->v[i].status == AS_BOUNDED;
	if (!rc && hold)
		rc = verify_assert_mutation(r, &vo, t->top, it->code, len,
					    &ts->ms, &ts->mo);
	else if (!rc)
		rc = verify_assert_no_kills(r, &ts->ms);
	return rc;
}

/*
 * Judge one sample: its result line.  NULL with *fatal set when the run
 * cannot go on (interrupted, a tool missing, out of memory); any other
 * failure of the tools is the sample's "error" line.
 */
static cJSON *judge(struct ctx *c, const struct item *it, int *fatal)
{
	struct assert_report r = ASSERT_REPORT_INIT;
	cJSON *j = NULL;
	int rc = judge_report(&r, c, it);

	*fatal = 0;
	if (rc == ERR_INTR || rc == ERR_NOTFOUND) {
		*fatal = rc;
		assert_report_release(&r);
		return NULL;
	}
	if (rc) {
		j = error_line(c, it, err_last());
	} else if ((j = cJSON_CreateObject())) {
		const struct item *i = it;

		rc = json_add_str(j, "suite", c->s.hash) ||
		     json_add_str(j, "task", c->s.v[i->task].id) ||
		     json_add_num(j, "sample", (double)i->sample) ||
		     (i->model && json_add_str(j, "model", i->model)) ||
		     json_add_str(j, "extract",
				  i->extract ? i->extract : "none") ||
		     json_add_str(j, "verdict", "scored") ||
		     line_counts(j, &r);
		if (rc) {
			cJSON_Delete(j);
			j = NULL;
		}
	}
	assert_report_release(&r);
	if (!j)
		*fatal = err_set(ERR_FAIL, "out of memory");
	return j;
}

static int append_line(struct ctx *c, const cJSON *j)
{
	struct buf b = BUF_INIT;
	int rc = json_print(&b, j, false);

	if (!rc)
		rc = buf_addch(&b, '\n');
	pthread_mutex_lock(&c->lock);
	/* one write(2) per line on an O_APPEND fd: no torn or mixed lines
	 * between workers; a kill can only cut the very last one */
	if (!rc && write(c->fd, b.data, b.len) != (ssize_t)b.len)
		rc = err_set_errno(ERR_FAIL, "cannot write results.jsonl");
	if (rc && !c->io_rc)
		c->io_rc = rc;
	pthread_mutex_unlock(&c->lock);
	buf_release(&b);
	return rc;
}

static void event(struct ctx *c, const struct item *it, const cJSON *j)
{
	struct bench_event ev = { .task = c->s.v[it->task].id,
				  .sample = it->sample };
	char msg[160];

	if (j && json_get_string(j, "error"))
		snprintf(msg, sizeof(msg), "%s", json_get_string(j, "error"));
	else if (j)
		snprintf(msg, sizeof(msg),
			 "%.0f assertions, %.0f proved, %.0f bounded; killed "
			 "%.0f/%.0f mutants",
			 json_get_number(j, "assertions", 0),
			 json_get_number(j, "proved", 0),
			 json_get_number(j, "bounded", 0),
			 json_get_number(json_get_object(j, "mutation"),
					 "killed", 0),
			 json_get_number(json_get_object(j, "mutation"),
					 "nonequivalent", 0));
	ev.verdict = j ? json_get_string(j, "verdict") : "error";
	ev.message = j ? msg : NULL;
	pthread_mutex_lock(&c->lock);
	ev.done = ++c->done;
	ev.total = c->nitems;
	if (c->o->on_event)
		c->o->on_event(&ev, c->o->payload);
	pthread_mutex_unlock(&c->lock);
}

static void run_item(size_t i, void *payload)
{
	struct ctx *c = payload;
	struct item *it = &c->items[i];
	cJSON *j;

	if (c->io_rc)
		return;
	j = judge(c, it, &it->rc);
	if (j)
		it->rc = append_line(c, j);
	event(c, it, j);
	cJSON_Delete(j);
}

/* ---- the samples ------------------------------------------------------- */

static long task_index(const struct ctx *c, const char *id)
{
	for (size_t i = 0; id && i < c->s.n; i++)
		if (!strcmp(c->s.v[i].id, id))
			return (long)i;
	return -1;
}

static bool done_has(const cJSON *done, const char *id, long sample)
{
	for (const cJSON *r = done ? done->child : NULL; r; r = r->next)
		if (!strcmp(json_get_string(r, "task"), id) &&
		    (long)json_get_number(r, "sample", -1) == sample)
			return true;
	return false;
}

static int count_unknown(struct ctx *c, const char *id)
{
	cJSON *n = cJSON_GetObjectItemCaseSensitive(c->unknown, id);

	if (n) {
		cJSON_SetNumberValue(n, n->valuedouble + 1);
		return 0;
	}
	return json_add_num(c->unknown, id, 1);
}

static bool planned(const struct ctx *c, size_t t, long sample)
{
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].task == t && c->items[i].sample == sample)
			return true;
	return false;
}

/* One samples line: an item to score (code extracted if needed). */
static int plan_line(struct ctx *c, const cJSON *j, const cJSON *done)
{
	const char *id = json_get_string(j, "task");
	const char *code = json_get_string(j, "code");
	const char *resp = json_get_string(j, "response");
	long t = task_index(c, id), sample = json_get_long(j, "sample", -1);
	struct rtlgen_code ex = RTLGEN_CODE_INIT;
	struct item *v, *it;
	int rc = 0;

	if (!id || sample < 0)
		return 0; /* not a sample line */
	if (t < 0)
		return count_unknown(c, id);
	if (!in_shard(c, (size_t)t) || done_has(done, id, sample) ||
	    planned(c, (size_t)t, sample))
		return 0;
	v = realloc(c->items, (c->nitems + 1) * sizeof(*v));
	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	c->items = v;
	it = &v[c->nitems++];
	memset(it, 0, sizeof(*it));
	it->task = (size_t)t;
	it->sample = sample;
	c->ts[t].need = true;
	if (json_get_string(j, "model"))
		it->model = strdup(json_get_string(j, "model"));
	if (code) {
		it->code = strdup(code);
		it->extract = strdup(json_get_string(j, "extract")
					     ? json_get_string(j, "extract")
					     : "code");
	} else if (resp) {
		rc = rtlgen_extract_props(&ex, resp, strlen(resp));
		it->code = ex.code;
		ex.code = NULL;
		it->extract = strdup(ex.path);
	}
	rtlgen_code_release(&ex);
	return rc;
}

static int read_samples(struct ctx *c, const cJSON *done)
{
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, c->o->samples, 1u << 30);

	if (rc)
		return err_wrap(rc == ERR_NOTFOUND ? ERR_USAGE : rc,
				"samples '%s'", c->o->samples);
	for (size_t p = 0; !rc && p < b.len;) {
		char *nl = memchr(b.data + p, '\n', b.len - p);
		size_t e = nl ? (size_t)(nl - b.data) : b.len;
		cJSON *j = NULL;

		if (e > p && !json_parse(&j, b.data + p, e - p, "sample"))
			rc = plan_line(c, j, done);
		err_clear();
		cJSON_Delete(j);
		p = e + 1;
	}
	buf_release(&b);
	return rc;
}

static char *out_path(const struct bench_opts *o, const char *name)
{
	return str_fmt("%s/%s", o->out_dir, name);
}

static void ctx_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nitems; i++) {
		free(c->items[i].code);
		free(c->items[i].extract);
		free(c->items[i].model);
	}
	free(c->items);
	for (size_t i = 0; c->ts && i < c->s.n; i++) {
		mutant_set_release(&c->ts[i].ms);
		free(c->ts[i].error);
	}
	free(c->ts);
	cJSON_Delete(c->unknown);
	bench_assert_release(&c->s);
	if (c->fd >= 0)
		close(c->fd);
	pthread_mutex_destroy(&c->lock);
}

static int write_json(const struct bench_opts *o, const char *name,
		      const cJSON *j)
{
	char *p = out_path(o, name);
	int rc = p ? bench__write_json(p, j) : err_set(ERR_FAIL, "oom");

	free(p);
	return rc;
}

static int first_fatal(const struct ctx *c)
{
	if (c->io_rc)
		return c->io_rc;
	for (size_t i = 0; i < c->nitems; i++)
		if (c->items[i].rc)
			return c->items[i].rc;
	return 0;
}

int bench_assert_score(cJSON **summary, const struct bench_opts *o)
{
	struct ctx c = { .o = o, .fd = -1 };
	cJSON *done = NULL, *all = NULL;
	char *p = NULL;
	int rc;

	*summary = NULL;
	pthread_mutex_init(&c.lock, NULL);
	rc = bench_assert_load(&c.s, o->suite);
	if (!rc && !o->samples)
		rc = err_set(ERR_USAGE, "an assertion suite is scored from "
					"--samples FILE or --model");
	if (!rc && (!(c.ts = calloc(c.s.n, sizeof(*c.ts))) ||
		    !(c.unknown = cJSON_CreateObject())))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = bench_mkdir_p(o->out_dir);
	if (!rc)
		rc = bench__open_results(&c.fd, &done, o, c.s.hash);
	if (!rc)
		rc = read_samples(&c, done);
	/* the mutants of every task with work, once, tasks side by side */
	if (!rc)
		rc = pool_run(c.s.n, o->jobs, make_mutants, &c);
	for (size_t i = 0; !rc && i < c.s.n; i++)
		if (c.ts[i].rc == ERR_INTR || c.ts[i].rc == ERR_USAGE)
			rc = err_set(c.ts[i].rc, "%s: %s", c.s.v[i].id,
				     c.ts[i].error ? c.ts[i].error : "");
	if (!rc)
		rc = pool_run(c.nitems, o->jobs, run_item, &c);
	if (!rc)
		rc = first_fatal(&c);
	if (!rc && !(p = out_path(o, "results.jsonl")))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = bench__read_results(&all, p, false);
	if (!rc)
		rc = bench__assert_summarize(summary, &c.s, all, c.unknown,
					     o->shard_k, o->shard_n);
	if (!rc)
		rc = write_json(o, "summary.json", *summary);
	if (rc) {
		cJSON_Delete(*summary);
		*summary = NULL;
	}
	free(p);
	cJSON_Delete(done);
	cJSON_Delete(all);
	ctx_release(&c);
	return rc;
}

/* ---- self-test: every task loads and its design compiles ------------- */

static int selftest_task(cJSON *arr, const struct bench_assert_task *t,
			 const struct bench_opts *o, bool *ok)
{
	static const struct verify_opts init = VERIFY_OPTS_INIT;
	struct verify_opts vo = init;
	struct verify_verdict v;
	struct mutant_set ms = MUTANT_SET_INIT;
	struct mut_opts mo = { .files = (const char *const *)t->design,
			       .nfiles = t->ndesign,
			       .module = t->top };
	cJSON *j = cJSON_CreateObject();
	int rc = j ? 0 : err_set(ERR_FAIL, "out of memory");

	vo.files = mo.files;
	vo.nfiles = t->ndesign;
	vo.top = t->top;
	vo.stages = VERIFY_STAGE_COMPILE;
	vo.sandbox = o->sandbox;
	vo.keep_tmp = o->keep_tmp;
	if (!rc)
		rc = verify_check(&v, &vo);
	if (!rc) {
		const struct verify_stage *st =
			v.failed >= 0 ? &v.stages[v.failed] : NULL;

		*ok &= v.status == VERIFY_PASS;
		rc = json_add_str(j, "task", t->id) ||
		     json_add_bool(j, "compiles", v.status == VERIFY_PASS) ||
		     json_add_str(j, "class", st ? st->class : NULL) ||
		     json_add_str(j, "summary", st ? st->summary : NULL);
		verify_verdict_release(&v);
	}
	if (!rc)
		rc = verify_mutants(&ms, &mo);
	if (!rc)
		rc = json_add_num(j, "mutant_sites", (double)ms.n) ||
		     json_add_num(j, "mutants",
				  (double)(ms.n < t->mutants ? ms.n
							     : t->mutants));
	mutant_set_release(&ms);
	if (!rc)
		return json_append_take(arr, j);
	cJSON_Delete(j);
	return rc;
}

int bench_assert_selftest(cJSON **out, bool *all_ok,
			  const struct bench_opts *o)
{
	struct bench_assert_set s;
	cJSON *arr;
	int rc = bench_assert_load(&s, o->suite);

	*out = NULL;
	*all_ok = true;
	if (rc)
		return rc;
	arr = cJSON_CreateArray();
	rc = arr ? 0 : err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < s.n; i++)
		rc = selftest_task(arr, &s.v[i], o, all_ok);
	bench_assert_release(&s);
	if (rc)
		cJSON_Delete(arr);
	else
		*out = arr;
	return rc;
}
