#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cache.h"
#include "base/clock.h"
#include "bench/bench-int.h"
#include "rtlgen/rtlgen.h"
#include "synth/synth.h"
#include "verify/verify.h"

/*
 * One bench run: self-test the references of this shard's tasks (cached),
 * read the samples, judge each one on a worker pool, append a result line
 * per sample as it finishes, then summarize.
 */

struct item {
	const struct bench_task *task;
	long sample;
	char *code; /* plain code (refs or "code"), owned */
	char *response; /* raw reply, owned */
	char *model;
	char *finish; /* finish_reason */
};

struct ctx {
	const struct bench_opts *o;
	struct bench_suite suite;
	cJSON *tools;
	cJSON **selftest; /* per task (NULL: not in this shard) */
	struct item *items;
	size_t nitems, cap;
	cJSON *input_errors;
	cJSON *unknown; /* {"task": samples} of tasks not in the suite */
	pthread_mutex_t lock;
	int results_fd;
	size_t done, total;
	int rc; /* first hard error from a worker */
	bool ppa; /* o->ppa resolved for this suite */
};

int bench_mkdir_p(const char *path)
{
	return mkdir_p(path);
}

static bool in_shard(const struct bench_opts *o, size_t index)
{
	return o->shard_n <= 0 ||
	       (long)(index % (size_t)o->shard_n) == (long)o->shard_k - 1;
}

static void emit(struct ctx *c, const char *task, long sample,
		 const char *verdict, const char *class, const char *msg)
{
	struct bench_event ev = { .task = task,
				  .sample = sample,
				  .verdict = verdict,
				  .class = class,
				  .message = msg,
				  .done = c->done,
				  .total = c->total };

	if (c->o->on_event)
		c->o->on_event(&ev, c->o->payload);
}

/* ---- self-test ----------------------------------------------------------- */

/*
 * The bench's content-addressed caches (base/cache.h) under
 * cache_dir/bench-<kind>/: self-test records (keyed by harness version,
 * suite hash, task, tool versions, timeout, PPA) and PPA statistics of a
 * design (keyed by its code, top and the Yosys version), so a reference
 * is synthesized once per content, and a sample that is the reference
 * byte for byte reuses it.  Best effort: a cache that cannot be read or
 * written only costs time.
 */
static int cache_where(const struct ctx *c, const char *kind,
		       const struct buf *key, struct buf *dir, char hex[65])
{
	if (!c->o->cache_dir || !key->data)
		return -1;
	sha256_hex(key->data, key->len, hex);
	return buf_addf(dir, "%s/bench-%s", c->o->cache_dir, kind);
}

static cJSON *cache_read(const struct ctx *c, const char *kind,
			 const struct buf *key)
{
	struct buf dir = BUF_INIT;
	cJSON *j = NULL;
	char hex[65];

	if (!cache_where(c, kind, key, &dir, hex) &&
	    cas_get_json(&j, dir.data, hex, 1u << 20))
		j = NULL;
	if (j && !cJSON_IsObject(j)) {
		cJSON_Delete(j);
		j = NULL;
	}
	err_clear();
	buf_release(&dir);
	return j;
}

static void cache_write(const struct ctx *c, const char *kind,
			const struct buf *key, const cJSON *rec)
{
	struct buf dir = BUF_INIT;
	char hex[65];

	if (!cache_where(c, kind, key, &dir, hex))
		cas_put_json(dir.data, hex, rec, false);
	err_clear();
	buf_release(&dir);
}

static void selftest_key(struct ctx *c, const struct bench_task *t,
			 struct buf *key)
{
	char *tools = c->tools ? cJSON_PrintUnformatted(c->tools) : NULL;

	buf_addf(key, "%s\n%s\n%s\n%s\n%d\n%d", BENCH_HARNESS_VERSION,
		 c->suite.hash, t->id, tools ? tools : "", c->o->timeout_s,
		 c->ppa);
	cJSON_free(tools);
}

static cJSON *cache_get(struct ctx *c, const struct bench_task *t)
{
	struct buf key = BUF_INIT;
	cJSON *j;

	selftest_key(c, t, &key);
	j = cache_read(c, "selftest", &key);
	buf_release(&key);
	if (j && (!json_get_string(j, "id") ||
		  strcmp(json_get_string(j, "id"), t->id))) {
		cJSON_Delete(j);
		j = NULL;
	}
	return j;
}

/*
 * A verdict a time limit decided (class "<stage>/timeout") is not kept:
 * it says how loaded the machine was, and a cached one would call the
 * reference broken on every later run however quiet the machine is.
 */
static bool time_decided(const cJSON *rec)
{
	const char *cls = json_get_string(rec, "class");
	size_t n = cls ? strlen(cls) : 0;

	return n >= 8 && !strcmp(cls + n - 8, "/timeout");
}

static void cache_put(struct ctx *c, const struct bench_task *t,
		      const cJSON *rec)
{
	struct buf key = BUF_INIT;

	if (time_decided(rec))
		return;
	selftest_key(c, t, &key);
	cache_write(c, "selftest", &key, rec);
	buf_release(&key);
}

static void ppa_key(const char *top, const char *code, struct buf *key)
{
	buf_addf(key, "%s\nppa\n%s\n%s\n%s", BENCH_HARNESS_VERSION,
		 synth_yosys_version(), top, code);
}

/* PPA of this code if Yosys already ran on it (ppa mode only). */
static cJSON *ppa_get(struct ctx *c, const char *top, const char *code)
{
	struct buf key = BUF_INIT;
	cJSON *j;

	if (!c->ppa || !code)
		return NULL;
	ppa_key(top, code, &key);
	j = cache_read(c, "ppa", &key);
	buf_release(&key);
	return j;
}

static void ppa_put(struct ctx *c, const char *top, const char *code,
		    const struct bench_outcome *oc, const cJSON *known)
{
	struct buf key = BUF_INIT;

	if (!oc->ppa || known || !c->ppa || !code)
		return;
	ppa_key(top, code, &key);
	cache_write(c, "ppa", &key, oc->ppa);
	buf_release(&key);
}

static int selftest_record(cJSON **out, const struct bench_task *t,
			   const struct bench_outcome *oc, const char *reason)
{
	cJSON *r = cJSON_CreateObject();
	bool broken = reason || !oc->pass;
	int bad;

	bad = !r || json_add_str(r, "id", t->id) ||
	      json_add_bool(r, "broken", broken);
	if (!bad && broken)
		bad = json_add_str(r, "class",
				   reason ? "suite/load" : oc->class) ||
		      json_add_str(r, "reason", reason ? reason : oc->summary);
	if (!bad && !reason)
		bad = json_add_num(r, "samples", (double)oc->samples) ||
		      json_add_bool(r, "end", oc->end_seen);
	if (!bad && oc && oc->ppa)
		bad = json_add_take(r, "ppa", cJSON_Duplicate(oc->ppa, 1));
	if (bad) {
		cJSON_Delete(r);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = r;
	return 0;
}

static int selftest_one(struct ctx *c, const struct bench_task *t, cJSON **out)
{
	struct bench_judge j = { .suite = &c->suite,
				 .task = t,
				 .expect_samples = -1,
				 .timeout_s = c->o->timeout_s,
				 .sandbox = c->o->sandbox,
				 .keep_tmp = c->o->keep_tmp,
				 .ppa = c->ppa };
	struct bench_outcome oc = { .samples = -1 };
	struct buf code = BUF_INIT;
	cJSON *ppa;
	int rc;

	if (t->load_error)
		return selftest_record(out, t, &oc, t->load_error);
	*out = cache_get(c, t);
	if (*out)
		return 0;
	rc = bench__ref_as_candidate(&code, t);
	j.code = code.data;
	ppa = rc ? NULL : ppa_get(c, t->top, code.data);
	j.ppa_known = ppa;
	if (!rc)
		rc = bench__judge(&oc, &j);
	if (!rc)
		ppa_put(c, t->top, code.data, &oc, ppa);
	if (!rc)
		rc = selftest_record(out, t, &oc, NULL);
	if (!rc)
		cache_put(c, t, *out);
	bench__outcome_release(&oc);
	buf_release(&code);
	cJSON_Delete(ppa);
	return rc;
}

static void selftest_worker(size_t i, void *payload)
{
	struct ctx *c = payload;
	const struct bench_task *t = &c->suite.tasks[i];
	cJSON *rec = NULL;
	int rc;

	if (!in_shard(c->o, i))
		return;
	pthread_mutex_lock(&c->lock);
	rc = c->rc;
	pthread_mutex_unlock(&c->lock);
	if (rc)
		return;
	rc = selftest_one(c, t, &rec);
	pthread_mutex_lock(&c->lock);
	if (rc && !c->rc)
		c->rc = rc == ERR_INTR
				? rc
				: err_wrap(rc, "self-test of '%s'", t->id);
	if (!rc) {
		c->selftest[i] = rec;
		if (json_get_bool(rec, "broken", false))
			emit(c, t->id, -1, "broken",
			     json_get_string(rec, "class"),
			     json_get_string(rec, "reason"));
	}
	pthread_mutex_unlock(&c->lock);
}

/* ---- samples ------------------------------------------------------------- */

static int input_error(struct ctx *c, long line, const char *task,
		       const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int input_error(struct ctx *c, long line, const char *task,
		       const char *fmt, ...)
{
	struct buf m = BUF_INIT, esc = BUF_INIT;
	const struct bench_task *t =
		task ? bench_suite_find(&c->suite, task) : NULL;
	cJSON *e;
	va_list ap;
	int bad;

	/* errors of a known task belong to its shard; the rest to shard 1 */
	if (t ? !in_shard(c->o, t->index)
	      : c->o->shard_n > 0 && c->o->shard_k != 1)
		return 0;
	va_start(ap, fmt);
	bad = buf_vaddf(&m, fmt, ap);
	va_end(ap);
	bad |= buf_add_escaped(&esc, m.data, m.len);
	e = cJSON_CreateObject();
	bad |= !e || json_add_num(e, "line", (double)line) ||
	       json_add_str(e, "message", esc.data);
	if (!bad && t)
		bad = json_add_str(e, "task", t->id);
	if (!bad)
		bad = json_append_take(c->input_errors, e);
	else
		cJSON_Delete(e);
	if (!bad)
		emit(c, t ? t->id : "-", -1, "error", "input", esc.data);
	buf_release(&m);
	buf_release(&esc);
	return bad ? err_set(ERR_FAIL, "out of memory") : 0;
}

static struct item *new_item(struct ctx *c)
{
	if (c->nitems == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 256;
		struct item *ni = realloc(c->items, nc * sizeof(*ni));

		if (!ni)
			return NULL;
		c->items = ni;
		c->cap = nc;
	}
	memset(&c->items[c->nitems], 0, sizeof(struct item));
	return &c->items[c->nitems++];
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* A sample of a task the suite does not have: counted on shard 1. */
static int count_unknown(struct ctx *c, const char *task)
{
	cJSON *v;

	if (c->o->shard_n > 0 && c->o->shard_k != 1)
		return 0;
	v = cJSON_GetObjectItemCaseSensitive(c->unknown, task);
	if (v) {
		cJSON_SetNumberValue(v, v->valuedouble + 1);
		return 0;
	}
	return json_add_num(c->unknown, task, 1) ? err_set(ERR_FAIL,
							   "out of memory")
						 : 0;
}

static bool is_duplicate(struct ctx *c, const struct bench_task *t, long s)
{
	for (size_t i = c->nitems; i-- > 0;)
		if (c->items[i].task == t && c->items[i].sample == s)
			return true;
	return false;
}

static int sample_line(struct ctx *c, long ln, const char *line, size_t len)
{
	const struct bench_task *t;
	const char *task, *code, *resp;
	const cJSON *sv;
	struct item *it;
	cJSON *j = NULL;
	char what[48];
	long s;
	int rc;

	if (memchr(line, '\0', len))
		return input_error(c, ln, NULL, "line %ld: NUL byte in sample",
				   ln);
	if (len > c->o->max_sample_bytes)
		return input_error(c, ln, NULL,
				   "line %ld: sample is %zu bytes (limit %zu)",
				   ln, len, c->o->max_sample_bytes);
	snprintf(what, sizeof(what), "line %ld", ln);
	if (json_parse(&j, line, len, what) || !cJSON_IsObject(j)) {
		rc = input_error(c, ln, NULL, "%s",
				 j ? "line is not a JSON object" : err_last());
		cJSON_Delete(j);
		return rc;
	}
	task = json_get_string(j, "task");
	sv = cJSON_GetObjectItemCaseSensitive(j, "sample");
	code = json_get_string(j, "code");
	resp = json_get_string(j, "response");
	t = task ? bench_suite_find(&c->suite, task) : NULL;
	s = cJSON_IsNumber(sv) ? (long)sv->valuedouble : -1;
	if (!task)
		rc = input_error(c, ln, NULL, "line %ld: no 'task'", ln);
	else if (!t) {
		rc = input_error(c, ln, NULL, "line %ld: unknown task '%s'", ln,
				 task);
		if (!rc)
			rc = count_unknown(c, task);
	} else if (s < 0 || !cJSON_IsNumber(sv) || sv->valuedouble != (double)s)
		rc = input_error(c, ln, task,
				 "line %ld: 'sample' must be an integer >= 0",
				 ln);
	else if (!code && !resp)
		rc = input_error(c, ln, task,
				 "line %ld: neither 'code' nor 'response'", ln);
	else if (strstr(line, "\\u0000"))
		rc = input_error(c, ln, task, "line %ld: NUL byte in sample",
				 ln);
	else if (!in_shard(c->o, t->index))
		rc = 0;
	else if (is_duplicate(c, t, s))
		rc = input_error(c, ln, task,
				 "line %ld: duplicate sample %ld of '%s'", ln,
				 s, task);
	else if (!(it = new_item(c)))
		rc = err_set(ERR_FAIL, "out of memory");
	else {
		it->task = t;
		it->sample = s;
		it->code = dup_or_null(code);
		it->response = dup_or_null(code ? NULL : resp);
		it->model = dup_or_null(json_get_string(j, "model"));
		it->finish = dup_or_null(json_get_string(j, "finish_reason"));
		rc = 0;
	}
	cJSON_Delete(j);
	return rc;
}

static int read_samples(struct ctx *c)
{
	FILE *f = fopen(c->o->samples, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	long ln = 0;
	int rc = 0;

	if (!f)
		return err_set_errno(errno == ENOENT ? ERR_USAGE : ERR_FAIL,
				     "cannot open samples '%s'", c->o->samples);
	while (!rc && (n = getline(&line, &cap, f)) >= 0) {
		ln++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			n--;
		if (n == 0)
			continue;
		rc = sample_line(c, ln, line, (size_t)n);
	}
	if (!rc && ferror(f))
		rc = err_set_errno(ERR_FAIL, "cannot read '%s'", c->o->samples);
	free(line);
	fclose(f);
	return rc;
}

static int refs_as_items(struct ctx *c)
{
	for (size_t i = 0; i < c->suite.ntasks; i++) {
		const struct bench_task *t = &c->suite.tasks[i];
		struct buf code = BUF_INIT;
		struct item *it;

		if (!in_shard(c->o, i) || t->load_error)
			continue;
		it = new_item(c);
		if (!it || bench__ref_as_candidate(&code, t)) {
			buf_release(&code);
			return err_set(ERR_FAIL, "out of memory");
		}
		it->task = t;
		it->sample = 0;
		it->model = strdup("reference");
		it->code = buf_detach(&code, NULL);
	}
	return 0;
}

static void items_release(struct ctx *c)
{
	for (size_t i = 0; i < c->nitems; i++) {
		free(c->items[i].code);
		free(c->items[i].response);
		free(c->items[i].model);
		free(c->items[i].finish);
	}
	free(c->items);
}

/* ---- judging samples ------------------------------------------------- */

static cJSON *result_base(struct ctx *c, const struct item *it)
{
	cJSON *r = cJSON_CreateObject();
	int bad;

	bad = !r || json_add_str(r, "suite", c->suite.hash) ||
	      json_add_str(r, "task", it->task->id) ||
	      json_add_num(r, "sample", (double)it->sample);
	if (!bad && it->model)
		bad = json_add_str(r, "model", it->model);
	if (bad) {
		cJSON_Delete(r);
		return NULL;
	}
	return r;
}

static int result_finish(cJSON *r, struct ctx *c, struct bench_outcome *oc,
			 long t0, const char *code_path)
{
	cJSON *tm = cJSON_CreateObject();
	int bad;

	bad = json_add_str(r, "verdict", oc->pass ? "pass" : "fail");
	if (!bad)
		bad = oc->class ? json_add_str(r, "class", oc->class)
				: json_add_take(r, "class", cJSON_CreateNull());
	if (!bad)
		bad = json_add_str(r, "summary",
				   oc->summary ? oc->summary : "");
	if (!bad && code_path)
		bad = json_add_str(r, "extracted_by", code_path);
	if (!bad && oc->evidence) {
		bad = json_add_take(r, "evidence", oc->evidence);
		oc->evidence = NULL;
	}
	if (!bad && oc->ppa) {
		bad = json_add_take(r, "ppa", oc->ppa);
		oc->ppa = NULL;
	}
	if (!bad && oc->notes) {
		bad = json_add_take(r, "notes", oc->notes);
		oc->notes = NULL;
	}
	bad |= !tm || json_add_num(tm, "compile", (double)oc->compile_ms) ||
	       json_add_num(tm, "sim", (double)oc->sim_ms) ||
	       json_add_num(tm, "synth", (double)oc->synth_ms) ||
	       json_add_num(tm, "total", (double)(mono_ms() - t0));
	if (!bad)
		bad = json_add_take(r, "time_ms", tm);
	else
		cJSON_Delete(tm);
	if (!bad)
		bad = json_add_take(r, "tools", cJSON_Duplicate(c->tools, 1));
	return bad ? err_set(ERR_FAIL, "out of memory") : 0;
}

static int extract(struct bench_outcome *oc, char **code, const char **path,
		   const struct item *it)
{
	struct rtlgen_code rc_ = RTLGEN_CODE_INIT;
	int rc;

	*code = NULL;
	*path = NULL;
	if (it->code) {
		*code = strdup(it->code);
		return *code ? 0 : err_set(ERR_FAIL, "out of memory");
	}
	rc = rtlgen_extract(&rc_, it->response, strlen(it->response),
			    it->task->top);
	if (rc)
		return rc;
	*path = rc_.path;
	if (!rc_.code) {
		oc->class = strdup("no-code");
		oc->summary = strdup("no Verilog found in the response");
	} else if (!rc_.complete && it->finish &&
		   !strcmp(it->finish, "length")) {
		oc->class = strdup("truncated");
		oc->summary = strdup("reply cut off (finish_reason length) "
				     "before the module ended");
	} else {
		*code = rc_.code;
		rc_.code = NULL;
	}
	rtlgen_code_release(&rc_);
	return 0;
}

static int judge_item(struct ctx *c, const struct item *it, cJSON **out)
{
	const cJSON *st = c->selftest[it->task->index];
	struct bench_judge j = {
		.suite = &c->suite,
		.task = it->task,
		.expect_samples = json_get_long(st, "samples", -1),
		.expect_end = json_get_bool(st, "end", false),
		.timeout_s = c->o->timeout_s,
		.sandbox = c->o->sandbox,
		.keep_tmp = c->o->keep_tmp,
		.ppa = c->ppa,
		.ref_ppa = json_get_object(st, "ppa"),
	};
	struct bench_outcome oc = { .samples = -1 };
	long t0 = mono_ms();
	const char *path = NULL;
	char *code = NULL;
	cJSON *r = result_base(c, it), *ppa = NULL;
	int rc = r ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc)
		rc = extract(&oc, &code, &path, it);
	if (!rc && code) {
		j.code = code;
		ppa = ppa_get(c, it->task->top, code);
		j.ppa_known = ppa;
		rc = bench__judge(&oc, &j);
		if (!rc)
			ppa_put(c, it->task->top, code, &oc, ppa);
	}
	if (!rc)
		rc = result_finish(r, c, &oc, t0, path);
	bench__outcome_release(&oc);
	cJSON_Delete(ppa);
	free(code);
	if (rc) {
		cJSON_Delete(r);
		return rc;
	}
	*out = r;
	return 0;
}

static int append_line(struct ctx *c, const cJSON *r)
{
	struct buf b = BUF_INIT;
	int rc = json_print(&b, r, false);
	const char *p;
	size_t left;

	if (!rc)
		rc = buf_addch(&b, '\n');
	p = b.data;
	left = b.len;
	while (!rc && left) {
		ssize_t n = write(c->results_fd, p, left);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			rc = err_set_errno(ERR_FAIL, "cannot write results");
		else {
			p += n;
			left -= (size_t)n;
		}
	}
	buf_release(&b);
	return rc;
}

static void judge_worker(size_t i, void *payload)
{
	struct ctx *c = payload;
	const struct item *it = &c->items[i];
	cJSON *r = NULL;
	int rc;

	pthread_mutex_lock(&c->lock);
	rc = c->rc;
	pthread_mutex_unlock(&c->lock);
	if (rc)
		return;
	rc = judge_item(c, it, &r);
	pthread_mutex_lock(&c->lock);
	if (!rc && !c->rc)
		rc = append_line(c, r);
	if (rc && !c->rc)
		c->rc = rc == ERR_INTR ? rc
				       : err_wrap(rc, "sample %ld of '%s'",
						  it->sample, it->task->id);
	if (!rc) {
		c->done++;
		emit(c, it->task->id, it->sample, json_get_string(r, "verdict"),
		     json_get_string(r, "class"),
		     json_get_string(r, "summary"));
	}
	pthread_mutex_unlock(&c->lock);
	cJSON_Delete(r);
}

/* ---- files --------------------------------------------------------------- */

static char *out_file(const struct bench_opts *o, const char *name)
{
	struct buf p = BUF_INIT;

	if (buf_addf(&p, "%s/%s", o->out_dir, name))
		return NULL;
	return buf_detach(&p, NULL);
}

/* Drop items already in results.jsonl (resume). */
static void skip_done(struct ctx *c, const cJSON *done)
{
	size_t w = 0;

	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];
		bool seen = false;

		for (const cJSON *r = done->child; r && !seen; r = r->next)
			seen = !strcmp(json_get_string(r, "task"),
				       it->task->id) &&
			       (long)json_get_number(r, "sample", -1) ==
				       it->sample;
		if (seen) {
			free(it->code);
			free(it->response);
			free(it->model);
			free(it->finish);
			continue;
		}
		c->items[w++] = *it;
	}
	c->nitems = w;
}

static int open_results(struct ctx *c)
{
	cJSON *done = NULL;
	int rc =
		bench__open_results(&c->results_fd, &done, c->o, c->suite.hash);

	if (!rc && done)
		skip_done(c, done);
	cJSON_Delete(done);
	return rc;
}

static cJSON *selftest_doc(struct ctx *c)
{
	cJSON *doc = cJSON_CreateObject(), *su = cJSON_CreateObject();
	cJSON *tasks = cJSON_CreateArray(), *ks = cJSON_CreateArray();
	char shard[48];
	int bad = !doc || !su || !tasks || !ks;

	snprintf(shard, sizeof(shard), "%d/%d",
		 c->o->shard_n ? c->o->shard_k : 1,
		 c->o->shard_n ? c->o->shard_n : 1);
	bad = bad || json_add_str(su, "name", c->suite.name) ||
	      json_add_str(su, "format", bench_format_name(c->suite.format)) ||
	      json_add_str(su, "hash", c->suite.hash) ||
	      json_add_num(su, "tasks", (double)c->suite.ntasks);
	for (size_t i = 0; !bad && i < c->suite.ntasks; i++) {
		cJSON *t;

		if (!c->selftest[i])
			continue;
		t = cJSON_Duplicate(c->selftest[i], 1);
		bad = !t || json_add_num(t, "index", (double)i) ||
		      json_append_take(tasks, t);
	}
	for (size_t i = 0; !bad && i < (c->o->ks ? c->o->nks : 3); i++)
		bad = json_append_take(
			ks, cJSON_CreateNumber(c->o->ks ? (double)c->o->ks[i]
							: (i == 0   ? 1
							   : i == 1 ? 5
								    : 10)));
	if (!bad)
		bad = json_add_take(doc, "suite", su) ||
		      json_add_str(doc, "shard", shard) ||
		      json_add_take(doc, "ks", ks) ||
		      json_add_take(doc, "tasks", tasks) ||
		      json_add_take(doc, "input_errors",
				    cJSON_Duplicate(c->input_errors, 1)) ||
		      json_add_take(doc, "unknown_tasks",
				    cJSON_Duplicate(c->unknown, 1));
	else {
		cJSON_Delete(su);
		cJSON_Delete(tasks);
		cJSON_Delete(ks);
	}
	if (bad) {
		cJSON_Delete(doc);
		return NULL;
	}
	return doc;
}

/* j pretty-printed with a final newline into the file at path. */
int bench__write_json(const char *path, const cJSON *j)
{
	struct buf b = BUF_INIT;
	int rc = json_print(&b, j, true);

	if (!rc)
		rc = buf_addch(&b, '\n');
	if (!rc)
		rc = buf_write_file(path, b.data, b.len);
	buf_release(&b);
	return rc;
}

static int write_json(const struct bench_opts *o, const char *name,
		      const cJSON *j)
{
	char *p = out_file(o, name);
	int rc = p ? bench__write_json(p, j) : ERR_FAIL;

	free(p);
	return rc;
}

/* Summary, report and selftest.json from what is on disk now. */
static int finish(cJSON **summary, struct ctx *c, long wall_ms)
{
	cJSON *st = selftest_doc(c), *res = NULL;
	char *p = out_file(c->o, "results.jsonl");
	char *html = out_file(c->o, "report.html");
	int rc = st && p && html ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc)
		rc = write_json(c->o, "selftest.json", st);
	if (!rc)
		rc = bench__read_results(&res, p, false);
	if (!rc)
		rc = bench__summarize(summary, st, res);
	if (!rc) {
		cJSON *timing = cJSON_CreateObject();

		rc = !timing ||
		     json_add_num(timing, "wall_ms", (double)wall_ms) ||
		     json_add_take(*summary, "timing", timing);
	}
	if (!rc)
		rc = write_json(c->o, "summary.json", *summary);
	if (!rc)
		rc = bench_report_html(html, *summary);
	cJSON_Delete(st);
	cJSON_Delete(res);
	free(p);
	free(html);
	return rc;
}

static int drop_unscored(struct ctx *c)
{
	long *count = calloc(c->suite.ntasks ? c->suite.ntasks : 1,
			     sizeof(*count));
	size_t w = 0;
	int rc = 0;

	if (!count)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < c->nitems; i++) {
		struct item *it = &c->items[i];

		if (!json_get_bool(c->selftest[it->task->index], "broken",
				   true)) {
			c->items[w++] = *it;
			continue;
		}
		/* --refs: the reference of a broken task is its self-test,
		 * already reported as broken */
		count[it->task->index] += c->o->samples != NULL;
		free(it->code);
		free(it->response);
		free(it->model);
		free(it->finish);
	}
	c->nitems = w;
	for (size_t i = 0; !rc && i < c->suite.ntasks; i++) {
		if (!count[i] || !c->selftest[i])
			continue;
		cJSON_DeleteItemFromObjectCaseSensitive(c->selftest[i],
							"unscored");
		if (json_add_num(c->selftest[i], "unscored", (double)count[i]))
			rc = err_set(ERR_FAIL, "out of memory");
	}
	free(count);
	return rc;
}

static int run(cJSON **summary, struct ctx *c)
{
	long t0 = mono_ms();
	int rc;

	rc = bench_mkdir_p(c->o->out_dir);
	if (!rc)
		rc = bench_suite_load(&c->suite, c->o->suite);
	if (!rc) {
		c->ppa = c->o->ppa < 0 ? c->suite.format == BENCH_FMT_NATIVE
				       : c->o->ppa > 0;
		c->tools = verify_tool_versions();
		c->selftest = calloc(c->suite.ntasks, sizeof(*c->selftest));
		c->input_errors = cJSON_CreateArray();
		c->unknown = cJSON_CreateObject();
		if (!c->tools || !c->selftest || !c->input_errors ||
		    !c->unknown)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	if (!rc && c->o->samples)
		rc = read_samples(c);
	else if (!rc)
		rc = refs_as_items(c);
	if (!rc)
		rc = open_results(c);
	if (!rc)
		rc = pool_run(c->suite.ntasks, c->o->jobs, selftest_worker, c);
	if (!rc)
		rc = c->rc;
	/* samples of broken tasks are not scored: counted per task */
	if (!rc)
		rc = drop_unscored(c);
	c->total = c->nitems;
	if (!rc)
		rc = pool_run(c->nitems, c->o->jobs, judge_worker, c);
	if (!rc)
		rc = c->rc;
	if (!rc)
		rc = finish(summary, c, mono_ms() - t0);
	return rc;
}

int bench_run(cJSON **summary, const struct bench_opts *o)
{
	struct ctx c = { .o = o, .results_fd = -1 };
	int rc;

	*summary = NULL;
	if (o->shard_n < 0 ||
	    (o->shard_n && (o->shard_k < 1 || o->shard_k > o->shard_n)))
		return err_set(ERR_USAGE, "bad shard %d/%d", o->shard_k,
			       o->shard_n);
	pthread_mutex_init(&c.lock, NULL);
	rc = run(summary, &c);
	if (c.results_fd >= 0 && close(c.results_fd) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot close results");
	for (size_t i = 0; c.selftest && i < c.suite.ntasks; i++)
		cJSON_Delete(c.selftest[i]);
	free(c.selftest);
	items_release(&c);
	cJSON_Delete(c.tools);
	cJSON_Delete(c.input_errors);
	cJSON_Delete(c.unknown);
	bench_suite_release(&c.suite);
	pthread_mutex_destroy(&c.lock);
	if (rc) {
		cJSON_Delete(*summary);
		*summary = NULL;
	}
	return rc;
}
