#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz/camp-int.h"

/*
 * state.json: everything a worker needs to continue exactly where its
 * last checkpoint left it (test index, corpus list, coverage map,
 * distinct findings, byte length of findings.jsonl, scheduler state,
 * statistics).  Written via tmp + rename, so a kill -9 leaves either the
 * previous checkpoint or this one.  No fsync: a killed process's writes
 * survive in the page cache, and a sync per checkpoint cost more wall
 * time than the tests on a busy disk (power loss can lose the campaign).
 */

#define STATE_MAX (256u << 20)

int fuzz__cov_hex(struct buf *b, const uint8_t *m)
{
	static const char hx[] = "0123456789abcdef";
	int rc = buf_grow(b, 2 * FUZZ_COV_BYTES + 1);

	for (size_t k = 0; !rc && k < FUZZ_COV_BYTES; k++) {
		b->data[b->len++] = hx[m[k] >> 4];
		b->data[b->len++] = hx[m[k] & 15];
	}
	if (!rc)
		b->data[b->len] = 0;
	return rc;
}

static int nib(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

int fuzz__cov_unhex(uint8_t *m, const char *hex)
{
	if (!hex || strlen(hex) != 2 * FUZZ_COV_BYTES)
		return err_set(ERR_USAGE, "coverage map of the wrong size");
	for (size_t k = 0; k < FUZZ_COV_BYTES; k++) {
		int a = nib(hex[2 * k]), b = nib(hex[2 * k + 1]);

		if (a < 0 || b < 0)
			return err_set(ERR_USAGE, "coverage map is not hex");
		m[k] = (uint8_t)(a << 4 | b);
	}
	return 0;
}

static int corpus_file(char *out, size_t size, const struct camp *c,
		       size_t i)
{
	(void)c;
	return snprintf(out, size, "corpus/%06zu.hex", i) >= (int)size;
}

/*
 * Per-family coverage (what a scheduler's local reward is measured
 * against): [family, first bit, gap, gap, ...] for each family's set bits.
 */
static int fmaps_save(struct buf *b, const struct camp *c)
{
	int rc = 0, first = 1;

	for (size_t f = 0; f < c->nfmaps; f++) {
		const uint8_t *m = c->fmaps[f];
		long last = -1;

		if (!m)
			continue;
		rc |= buf_addf(b, "%s[%zu", first ? "" : ",", f);
		first = 0;
		for (long i = 0; i < (long)FUZZ_COV_BITS; i++)
			if (m[i >> 3] & (1u << (i & 7))) {
				rc |= buf_addf(b, ",%ld", i - last);
				last = i;
			}
		rc |= buf_addch(b, ']');
	}
	return rc;
}

static int fmaps_load(struct camp *c, const cJSON *list)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, list)
	{
		const cJSON *v = e->child;
		uint8_t *m;
		long bit = -1;

		if (!cJSON_IsNumber(v) || v->valuedouble < 0)
			return err_set(ERR_USAGE, "state.json: bad fmaps");
		m = fuzz__family_map(c, (int)v->valuedouble);
		if (!m)
			return err_set(ERR_FAIL, "out of memory");
		for (v = v->next; v; v = v->next) {
			bit += (long)v->valuedouble;
			if (bit < 0 || bit >= (long)FUZZ_COV_BITS)
				return err_set(ERR_USAGE, "state.json: bad fmaps");
			m[bit >> 3] |= (uint8_t)(1u << (bit & 7));
		}
	}
	return 0;
}

/*
 * Coverage over tests, wall and CPU time: a point every CKPT_TESTS tests
 * whatever the wall clock says (the checkpoint file itself is written at
 * most once a second), so a curve has the same resolution on a loaded
 * machine as on a quiet one.
 */
int fuzz__history_point(struct camp *c)
{
	double secs = c->st.seconds + (fuzz__now() - c->t0);
	double cpu = c->st.cpu_seconds + (fuzz__cpu_seconds() - c->cpu0);
	int rc = 0;

	if (c->history.len && c->history_tests == c->st.tests)
		return 0;
	c->history_tests = c->st.tests;
	if (c->history.len)
		rc |= buf_addch(&c->history, ',');
	rc |= buf_addf(&c->history, "[%llu,%.3f,%u,%.3f]",
		       (unsigned long long)c->st.tests, secs,
		       fuzz__cov_count(c->cov), cpu);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

int fuzz__checkpoint(struct camp *c)
{
	double secs = c->st.seconds + (fuzz__now() - c->t0);
	double cpu = c->st.cpu_seconds + (fuzz__cpu_seconds() - c->cpu0);
	struct buf b = BUF_INIT, sched = BUF_INIT;
	char *path = str_fmt("%s/state.json", c->dir);
	size_t own = 0;
	int rc = 0;

	if (!path)
		return err_set(ERR_FAIL, "out of memory");
	rc |= fuzz__history_point(c);
	rc |= c->sched->save(c->sched_state, &sched);
	rc |= buf_addf(&b,
		       "{\"version\":1,\"core\":\"%s\",\"seed\":%llu,"
		       "\"stride\":%llu,\"offset\":%llu,\"next\":%llu,"
		       "\"scheduler\":\"%s\",\"sched\":%s,\n",
		       c->core->top, (unsigned long long)c->o->seed,
		       (unsigned long long)c->stride,
		       (unsigned long long)c->offset,
		       (unsigned long long)c->next, c->sched->name, sched.data);
	rc |= buf_addf(&b,
		       "\"stats\":{\"tests\":%llu,\"insns\":%llu,\"cycles\":%llu,"
		       "\"hangs\":%llu,\"budget_ends\":%llu,\"unspecified\":%llu,"
		       "\"seconds\":%.3f,\"cpu_seconds\":%.3f},\n",
		       (unsigned long long)c->st.tests,
		       (unsigned long long)c->st.insns,
		       (unsigned long long)c->st.cycles,
		       (unsigned long long)c->st.hangs,
		       (unsigned long long)c->st.budget_ends,
		       (unsigned long long)c->st.unspec, secs, cpu);
	rc |= buf_addf(&b, "\"nfamilies\":%zu,\"corpus\":[", c->nfamilies);
	for (size_t i = 0; i < c->ncorpus; i++) {
		const struct centry *e = &c->corpus[i];

		rc |= buf_addf(&b, "%s[%d,%d]", i ? "," : "", e->family,
			       e->worker);
		own += e->worker < 0;
	}
	rc |= buf_addf(&b, "],\n\"own\":%zu,\"imports\":[", own);
	for (size_t w = 0; w < c->nimports; w++)
		rc |= buf_addf(&b, "%s%zu", w ? "," : "", c->imports[w]);
	rc |= buf_addf(&b, "],\"findings_bytes\":%llu,\"sigs\":[",
		       (unsigned long long)c->findings_bytes);
	for (size_t i = 0; i < c->nsigs; i++) {
		rc |= buf_addf(&b, "%s[", i ? "," : "");
		{
			cJSON *s = cJSON_CreateString(c->sigs[i].sig);

			rc |= s ? json_print(&b, s, false) : ERR_FAIL;
			cJSON_Delete(s);
		}
		rc |= buf_addf(&b, ",%llu]", (unsigned long long)c->sigs[i].hits);
	}
	rc |= buf_addstr(&b, "],\n\"fmaps\":[");
	rc |= fmaps_save(&b, c);
	rc |= buf_addstr(&b, "],\n\"history\":[");
	rc |= buf_add(&b, c->history.data, c->history.len);
	rc |= buf_addstr(&b, "],\n\"coverage\":\"");
	rc |= fuzz__cov_hex(&b, c->cov);
	rc |= buf_addstr(&b, "\"}\n");
	if (rc)
		rc = err_set(ERR_FAIL, "out of memory");
	else
		rc = fuzz__write_atomic(path, b.data, b.len, false);
	free(path);
	buf_release(&b);
	buf_release(&sched);
	return rc;
}

/* Delete what a killed run wrote after its last checkpoint. */
static int prune(struct camp *c, size_t own)
{
	char *cdir = str_fmt("%s/corpus", c->dir);
	char *fdir = str_fmt("%s/findings", c->dir);
	char *fl = str_fmt("%s/findings.jsonl", c->dir);
	DIR *d;
	struct dirent *e;
	int rc = 0;

	if (!cdir || !fdir || !fl) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	d = opendir(cdir);
	while (d && (e = readdir(d)) != NULL) {
		char *end, *p;
		unsigned long k = strtoul(e->d_name, &end, 10);

		if (end == e->d_name || strcmp(end, ".hex") || k < own)
			continue;
		p = str_fmt("%s/%s", cdir, e->d_name);
		if (p)
			unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	d = opendir(fdir);
	while (d && (e = readdir(d)) != NULL) {
		char *end, *p;
		unsigned long k = strtoul(e->d_name, &end, 10);

		if (end == e->d_name || *end != '-' || k < c->nsigs)
			continue;
		p = str_fmt("%s/%s", fdir, e->d_name);
		if (p)
			rm_rf(p);
		free(p);
	}
	if (d)
		closedir(d);
	if (truncate(fl, (off_t)c->findings_bytes) && errno != ENOENT)
		rc = err_set_errno(ERR_FAIL, "cannot truncate '%s'", fl);
done:
	free(cdir);
	free(fdir);
	free(fl);
	return rc;
}

static int load_corpus(struct camp *c, const cJSON *list)
{
	const cJSON *e;
	size_t own = 0;
	size_t *seen = calloc(c->nimports + 1, sizeof(*seen));
	int rc = 0;

	if (!seen)
		return err_set(ERR_FAIL, "out of memory");
	cJSON_ArrayForEach(e, list)
	{
		int fam = (int)cJSON_GetArrayItem(e, 0)->valuedouble;
		int w = (int)cJSON_GetArrayItem(e, 1)->valuedouble;
		struct rv_prog p;
		char name[64], *path;
		size_t idx = w < 0 ? own : (w < (int)c->nimports ? seen[w] : 0);

		corpus_file(name, sizeof(name), c, idx);
		path = w < 0 ? str_fmt("%s/%s", c->dir, name)
			     : str_fmt("%s/../worker-%d/%s", c->dir, w, name);
		rc = path ? fuzz__prog_read(path, &p) : ERR_FAIL;
		if (rc)
			rc = err_set(ERR_USAGE, "cannot resume: corpus entry "
						"'%s' is missing",
				     path ? path : name);
		free(path);
		if (rc)
			break;
		rc = fuzz__corpus_add(c, &p, fam, w, false);
		rv_prog_release(&p);
		if (rc)
			break;
		if (w < 0)
			own++;
		else if (w < (int)c->nimports)
			seen[w]++;
	}
	free(seen);
	if (!rc)
		rc = prune(c, own);
	return rc;
}

static int load_sigs(struct camp *c, const cJSON *list)
{
	const cJSON *e;
	size_t n = (size_t)cJSON_GetArraySize(list);

	c->sigs = calloc(n + 1, sizeof(*c->sigs));
	if (!c->sigs)
		return err_set(ERR_FAIL, "out of memory");
	cJSON_ArrayForEach(e, list)
	{
		const cJSON *s = cJSON_GetArrayItem(e, 0);

		if (!cJSON_IsString(s))
			return err_set(ERR_USAGE, "state.json: bad sigs");
		c->sigs[c->nsigs].sig = strdup(s->valuestring);
		c->sigs[c->nsigs].hits =
			(uint64_t)cJSON_GetArrayItem(e, 1)->valuedouble;
		if (!c->sigs[c->nsigs++].sig)
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

static int load_stats(struct camp *c, const cJSON *j)
{
	const cJSON *s = json_get_object(j, "stats");
	const cJSON *h = json_get_array(j, "history"), *e;
	const cJSON *im = json_get_array(j, "imports");
	int rc = 0;

	c->st.tests = (uint64_t)json_get_number(s, "tests", 0);
	c->st.insns = (uint64_t)json_get_number(s, "insns", 0);
	c->st.cycles = (uint64_t)json_get_number(s, "cycles", 0);
	c->st.hangs = (uint64_t)json_get_number(s, "hangs", 0);
	c->st.budget_ends = (uint64_t)json_get_number(s, "budget_ends", 0);
	c->st.unspec = (uint64_t)json_get_number(s, "unspecified", 0);
	c->st.seconds = json_get_number(s, "seconds", 0);
	c->st.cpu_seconds = json_get_number(s, "cpu_seconds", 0);
	c->next = (uint64_t)json_get_number(j, "next", (double)c->offset);
	c->findings_bytes = (uint64_t)json_get_number(j, "findings_bytes", 0);
	c->history_tests = c->st.tests;
	cJSON_ArrayForEach(e, h)
	{
		struct buf t = BUF_INIT;

		rc |= json_print(&t, e, false);
		if (c->history.len)
			rc |= buf_addch(&c->history, ',');
		rc |= buf_add(&c->history, t.data, t.len);
		buf_release(&t);
	}
	{
		size_t k = 0;

		cJSON_ArrayForEach(e, im)
		{
			if (k < c->nimports)
				c->imports[k] = (size_t)e->valuedouble;
			k++;
		}
	}
	return rc;
}

int fuzz__restore(struct camp *c)
{
	char *path = str_fmt("%s/state.json", c->dir);
	struct buf sched = BUF_INIT;
	cJSON *j = NULL;
	int rc;

	if (!path)
		return err_set(ERR_FAIL, "out of memory");
	rc = json_parse_file(&j, path, STATE_MAX);
	if (rc == ERR_NOTFOUND) {
		/* nothing checkpointed yet: start over, cleanly */
		free(path);
		return prune(c, 0);
	}
	if (rc)
		rc = err_wrap(ERR_USAGE, "cannot resume from '%s'", path);
	if (!rc && ((uint64_t)json_get_number(j, "seed", -1) != c->o->seed ||
		    (uint64_t)json_get_number(j, "stride", 0) != c->stride ||
		    (uint64_t)json_get_number(j, "offset", 0) != c->offset))
		rc = err_set(ERR_USAGE,
			     "cannot resume '%s': it was started with another "
			     "--seed, --jobs or --shard",
			     c->dir);
	if (!rc)
		rc = load_stats(c, j);
	if (!rc)
		rc = fuzz__cov_unhex(c->cov, json_get_string(j, "coverage"));
	if (!rc)
		rc = load_sigs(c, json_get_array(j, "sigs"));
	if (!rc)
		rc = fmaps_load(c, json_get_array(j, "fmaps"));
	if (!rc) {
		const cJSON *s = cJSON_GetObjectItemCaseSensitive(j, "sched");

		rc = s ? json_print(&sched, s, false) : 0;
		if (!rc && s)
			rc = c->sched->load(c->sched_state, sched.data);
	}
	if (!rc)
		rc = load_corpus(c, json_get_array(j, "corpus"));
	if (!rc)
		c->nfamilies = (size_t)json_get_number(j, "nfamilies", 0);
	cJSON_Delete(j);
	buf_release(&sched);
	free(path);
	return rc;
}

/* Take the corpus entries sibling workers added since the last look. */
int fuzz__import(struct camp *c)
{
	int rc = 0;

	for (size_t w = 0; w < c->nimports && !rc; w++) {
		if ((int)w == c->worker)
			continue;
		for (;;) {
			char name[64], *path;
			struct rv_prog p;
			int r;

			corpus_file(name, sizeof(name), c, c->imports[w]);
			path = str_fmt("%s/../worker-%zu/%s", c->dir, w, name);
			if (!path)
				return err_set(ERR_FAIL, "out of memory");
			r = fuzz__prog_read(path, &p);
			free(path);
			if (r)
				break;
			rc = fuzz__corpus_add(c, &p, -1, (int)w, false);
			rv_prog_release(&p);
			if (rc)
				break;
			c->imports[w]++;
		}
	}
	return rc;
}

static int read_findings(cJSON **out, const char *dir)
{
	char *path = str_fmt("%s/findings.jsonl", dir);
	struct buf b = BUF_INIT;
	cJSON *arr = cJSON_CreateArray();
	int rc;

	if (!path || !arr) {
		free(path);
		cJSON_Delete(arr);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = buf_read_file(&b, path, STATE_MAX);
	if (rc == ERR_NOTFOUND)
		rc = 0;
	for (char *l = b.data; !rc && *l;) {
		char *nl = strchr(l, '\n');
		cJSON *f = NULL;

		if (!nl)
			break;
		if (!json_parse(&f, l, (size_t)(nl - l), path))
			json_append_take(arr, f);
		l = nl + 1;
	}
	buf_release(&b);
	free(path);
	if (rc) {
		cJSON_Delete(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int fuzz__summary_json(cJSON **out, const char *dir)
{
	char *sp = str_fmt("%s/state.json", dir);
	cJSON *st = NULL, *s = NULL, *f = NULL, *h;
	int rc;

	if (!sp)
		return err_set(ERR_FAIL, "out of memory");
	rc = json_parse_file(&st, sp, STATE_MAX);
	free(sp);
	if (!rc)
		rc = read_findings(&f, dir);
	if (rc) {
		cJSON_Delete(st);
		return rc;
	}
	s = cJSON_CreateObject();
	rc = s ? 0 : ERR_FAIL;
	rc |= json_add_str(s, "core", json_get_string(st, "core"));
	rc |= json_add_num(s, "seed", json_get_number(st, "seed", 0));
	rc |= json_add_str(s, "scheduler", json_get_string(st, "scheduler"));
	{
		cJSON *stats = cJSON_DetachItemFromObjectCaseSensitive(st, "stats");
		double t, secs, cpu;
		uint8_t *m = calloc(1, FUZZ_COV_BYTES);

		t = json_get_number(stats, "tests", 0);
		secs = json_get_number(stats, "seconds", 0);
		cpu = json_get_number(stats, "cpu_seconds", 0);
		rc |= json_add_take(s, "stats", stats);
		rc |= json_add_num(s, "tests_per_second", secs > 0 ? t / secs : 0);
		rc |= json_add_num(s, "tests_per_cpu_second",
				   cpu > 0 ? t / cpu : 0);
		if (m && !fuzz__cov_unhex(m, json_get_string(st, "coverage")))
			rc |= json_add_num(s, "coverage", fuzz__cov_count(m));
		free(m);
	}
	rc |= json_add_num(s, "corpus",
			   cJSON_GetArraySize(json_get_array(st, "corpus")));
	rc |= json_add_num(s, "findings", cJSON_GetArraySize(f));
	h = cJSON_DetachItemFromObjectCaseSensitive(st, "history");
	rc |= json_add_take(s, "history", h ? h : cJSON_CreateArray());
	rc |= json_add_take(s, "finding_list", f);
	cJSON_Delete(st);
	if (rc) {
		cJSON_Delete(s);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = s;
	return 0;
}

int fuzz__write_summary(struct camp *c)
{
	cJSON *s = NULL;
	struct buf b = BUF_INIT;
	char *p = NULL, *h = NULL;
	int rc = fuzz__summary_json(&s, c->dir);

	if (rc)
		return rc;
	p = str_fmt("%s/summary.json", c->dir);
	h = str_fmt("%s/report.html", c->dir);
	rc = p && h ? json_print(&b, s, true) : ERR_FAIL;
	if (!rc)
		rc = fuzz__write_atomic(p, b.data, b.len, false);
	if (!rc)
		rc = fuzz__report_html(h, s);
	cJSON_Delete(s);
	buf_release(&b);
	free(p);
	free(h);
	return rc;
}
