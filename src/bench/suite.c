#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bench/bench-int.h"

/*
 * Suite loading.  Three layouts, detected in this order: native (task
 * subdirectories with task.json), VerilogEval v2 (ProbNNN_name_prompt.txt
 * next to _ref.sv and _test.sv), RTLLM (any subdirectory, at any depth,
 * holding design_description.txt).  The suite id is a SHA-256 over the
 * format, every task id and the bytes of every file the harness reads, so
 * two copies of one suite get the same id wherever they live.
 */

#define SUITE_MAX_FILE (8u << 20)

const char *bench_format_name(enum bench_format f)
{
	switch (f) {
	case BENCH_FMT_VERILOGEVAL:
		return "verilogeval";
	case BENCH_FMT_RTLLM:
		return "rtllm";
	case BENCH_FMT_NATIVE:
		return "native";
	}
	return "unknown";
}

static char *path_join(const char *a, const char *b)
{
	struct buf p = BUF_INIT;

	if (buf_addf(&p, "%s/%s", a, b))
		return NULL;
	return buf_detach(&p, NULL);
}

static bool is_dir(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISDIR(st.st_mode);
}

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/*
 * Read a suite file as text.  On failure the task keeps a load error
 * (returned as a malloc'd message in *why) instead of failing the suite.
 */
static char *read_text(const char *path, const char *what, char **why)
{
	struct buf b = BUF_INIT;
	struct buf m = BUF_INIT;
	int rc = buf_read_file(&b, path, SUITE_MAX_FILE);

	if (!rc && buf_is_binary(b.data, b.len))
		rc = err_set(ERR_USAGE, "'%s' is not text", path);
	if (!rc)
		return buf_detach(&b, NULL);
	buf_release(&b);
	if (!*why) {
		if (rc == ERR_NOTFOUND)
			buf_addf(&m, "missing %s", what);
		else
			buf_addf(&m, "%s: %s", what, err_last());
		*why = buf_detach(&m, NULL);
	}
	return NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names of a directory's entries (no dot files); *n entries. */
static int list_dir(char ***out, size_t *n, const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char **v = NULL;
	size_t len = 0, cap = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return err_set_errno(errno == ENOENT ? ERR_USAGE : ERR_FAIL,
				     "cannot open suite directory '%s'", path);
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		if (len == cap) {
			char **nv;

			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto oom;
			v = nv;
		}
		v[len] = strdup(e->d_name);
		if (!v[len])
			goto oom;
		len++;
	}
	closedir(d);
	if (len)
		qsort(v, len, sizeof(*v), cmp_str);
	*out = v;
	*n = len;
	return 0;
oom:
	closedir(d);
	for (size_t i = 0; i < len; i++)
		free(v[i]);
	free(v);
	return err_set(ERR_FAIL, "out of memory");
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static struct bench_task *add_task(struct bench_suite *s)
{
	struct bench_task *nt;

	nt = realloc(s->tasks, (s->ntasks + 1) * sizeof(*nt));
	if (!nt)
		return NULL;
	s->tasks = nt;
	memset(&nt[s->ntasks], 0, sizeof(*nt));
	nt[s->ntasks].index = s->ntasks;
	return &nt[s->ntasks++];
}

/* A new task named id in s; the out-of-memory error when either fails. */
static int add_named_task(struct bench_suite *s, const char *id,
			  struct bench_task **out)
{
	struct bench_task *t = add_task(s);

	*out = t;
	if (!t)
		return err_set(ERR_FAIL, "out of memory");
	t->id = strdup(id);
	if (!t->id)
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

/* The name of the first `module X` in text (malloc'd), or NULL. */
char *bench__first_module(const char *text)
{
	const char *p = text;

	while (p && (p = strstr(p, "module")) != NULL) {
		const char *q = p + 6;

		if ((p == text || !bench__is_ident(p[-1])) &&
		    (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')) {
			while (*q == ' ' || *q == '\t' || *q == '\n' ||
			       *q == '\r')
				q++;
			size_t n = 0;

			while (bench__is_ident(q[n]))
				n++;
			if (n)
				return strndup(q, n);
		}
		p += 6;
	}
	return NULL;
}

/* ---- VerilogEval v2 --------------------------------------------------- */

static int ve_task(struct bench_suite *s, const char *dir, const char *id)
{
	struct bench_task *t = add_task(s);
	struct buf p = BUF_INIT;
	int rc = 0;

	if (!t)
		return err_set(ERR_FAIL, "out of memory");
	t->id = strdup(id);
	t->top = strdup("TopModule");
	t->ref_top = strdup("RefModule");
	t->tb_top = strdup("tb");
	if (!t->id || !t->top || !t->ref_top || !t->tb_top)
		return err_set(ERR_FAIL, "out of memory");
	rc |= buf_addf(&p, "%s/%s_prompt.txt", dir, id);
	t->spec = read_text(p.data, "prompt", &t->load_error);
	buf_reset(&p);
	rc |= buf_addf(&p, "%s/%s_ref.sv", dir, id);
	t->ref_text = read_text(p.data, "reference", &t->load_error);
	buf_reset(&p);
	rc |= buf_addf(&p, "%s/%s_test.sv", dir, id);
	t->tb_text = read_text(p.data, "testbench", &t->load_error);
	buf_release(&p);
	return rc ? ERR_FAIL : 0;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t a = strlen(s), b = strlen(suf);

	return a >= b && !strcmp(s + a - b, suf);
}

static int load_ve(struct bench_suite *s, char **names, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		char *id;

		if (!has_suffix(names[i], "_prompt.txt"))
			continue;
		id = strndup(names[i], strlen(names[i]) - 11);
		if (!id)
			return err_set(ERR_FAIL, "out of memory");
		rc = ve_task(s, s->path, id);
		free(id);
	}
	return rc;
}

/* ---- RTLLM ------------------------------------------------------------ */

/* Files of an RTLLM design directory that are neither its description,
 * testbench, reference, makefile nor sources: data the testbench reads. */
static bool rtllm_data_file(const char *name)
{
	return strcmp(name, "design_description.txt") &&
	       strcmp(name, "testbench.v") && strcmp(name, "makefile") &&
	       strcmp(name, "Makefile") && !has_suffix(name, ".v") &&
	       !has_suffix(name, ".sv") && !has_suffix(name, ".md");
}

#define RTLLM_MAX_FILES 16

static int rtllm_files(struct bench_task *t, const char *dir, char **names,
		       size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct buf b = BUF_INIT;
		struct bench_file *f, *nf;
		char *p;
		int rc;

		if (!rtllm_data_file(names[i]))
			continue;
		p = path_join(dir, names[i]);
		if (!p)
			return err_set(ERR_FAIL, "out of memory");
		if (!is_file(p)) {
			free(p);
			continue;
		}
		rc = buf_read_file(&b, p, SUITE_MAX_FILE);
		free(p);
		if (rc || t->nfiles == RTLLM_MAX_FILES) {
			buf_release(&b);
			if (!t->load_error) {
				struct buf m = BUF_INIT;

				buf_addf(&m, "data file %s: %s", names[i],
					 rc ? err_last() : "too many files");
				t->load_error = buf_detach(&m, NULL);
			}
			continue;
		}
		nf = realloc(t->files, (t->nfiles + 1) * sizeof(*nf));
		if (!nf) {
			buf_release(&b);
			return err_set(ERR_FAIL, "out of memory");
		}
		t->files = nf;
		f = &nf[t->nfiles++];
		f->len = b.len;
		f->data = buf_detach(&b, NULL);
		f->name = strdup(names[i]);
		if (!f->data || !f->name)
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

static int rtllm_task(struct bench_suite *s, const char *dir, const char *id)
{
	struct bench_task *t;
	char **names = NULL, *p;
	size_t n = 0;
	int rc;

	rc = add_named_task(s, id, &t);
	if (rc)
		return rc;
	p = path_join(dir, "design_description.txt");
	t->spec = p ? read_text(p, "design_description.txt", &t->load_error)
		    : NULL;
	free(p);
	p = path_join(dir, "testbench.v");
	t->tb_text = p ? read_text(p, "testbench.v", &t->load_error) : NULL;
	free(p);
	rc = list_dir(&names, &n, dir);
	for (size_t i = 0; !rc && i < n; i++) {
		if (strncmp(names[i], "verified_", 9) ||
		    !has_suffix(names[i], ".v") || t->ref_text)
			continue;
		p = path_join(dir, names[i]);
		t->ref_text =
			p ? read_text(p, "reference", &t->load_error) : NULL;
		free(p);
	}
	if (!rc)
		rc = rtllm_files(t, dir, names, n);
	free_list(names, n);
	if (rc)
		return rc;
	if (!t->ref_text && !t->load_error)
		t->load_error = strdup("missing reference (verified_*.v)");
	if (t->tb_text)
		rc = bench__rtllm_adapt(&t->tb_text);
	if (rc)
		return rc;
	if (t->tb_text)
		t->tb_top = bench__first_module(t->tb_text);
	if (t->tb_text && !t->tb_top && !t->load_error)
		t->load_error = strdup("no module in testbench.v");
	if (t->ref_text && t->tb_top)
		rc = bench__rtllm_names(t, id);
	return rc;
}

static int load_rtllm(struct bench_suite *s, const char *dir, int depth)
{
	char **names = NULL, *p;
	size_t n = 0;
	int rc;

	if (depth > 6)
		return 0;
	p = path_join(dir, "design_description.txt");
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	if (is_file(p)) {
		const char *id = strrchr(dir, '/');

		free(p);
		return rtllm_task(s, dir, id ? id + 1 : dir);
	}
	free(p);
	rc = list_dir(&names, &n, dir);
	for (size_t i = 0; !rc && i < n; i++) {
		p = path_join(dir, names[i]);
		if (!p) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		if (is_dir(p))
			rc = load_rtllm(s, p, depth + 1);
		free(p);
	}
	free_list(names, n);
	return rc;
}

/* ---- native ----------------------------------------------------------- */

static char *native_file(const char *dir, const char *name, const char *what,
			 char **why)
{
	char *p, *text;

	if (!name || !*name || strstr(name, "..") || name[0] == '/') {
		if (!*why) {
			struct buf m = BUF_INIT;

			buf_addf(&m, "task.json: bad or missing '%s'", what);
			*why = buf_detach(&m, NULL);
		}
		return NULL;
	}
	p = path_join(dir, name);
	text = p ? read_text(p, what, why) : NULL;
	free(p);
	return text;
}

static int native_refs(struct bench_task *t, const char *dir, const cJSON *j)
{
	const cJSON *refs = cJSON_GetObjectItemCaseSensitive(j, "reference");
	struct buf all = BUF_INIT;
	const cJSON *r;

	if (cJSON_IsString(refs)) {
		t->ref_text = native_file(dir, refs->valuestring, "reference",
					  &t->load_error);
		return 0;
	}
	if (!cJSON_IsArray(refs) || !cJSON_GetArraySize(refs)) {
		if (!t->load_error)
			t->load_error = strdup("task.json: no 'reference'");
		return 0;
	}
	for (r = refs->child; r; r = r->next) {
		char *text = native_file(
			dir, cJSON_IsString(r) ? r->valuestring : NULL,
			"reference", &t->load_error);

		if (!text) {
			buf_release(&all);
			return 0;
		}
		if (buf_addstr(&all, text) || buf_addch(&all, '\n')) {
			free(text);
			buf_release(&all);
			return ERR_FAIL;
		}
		free(text);
	}
	t->ref_text = buf_detach(&all, NULL);
	return 0;
}

static int native_task(struct bench_suite *s, const char *dir, const char *id)
{
	struct bench_task *t;
	cJSON *j = NULL;
	char *p;
	const char *v;
	long to;
	int rc;

	rc = add_named_task(s, id, &t);
	if (rc)
		return rc;
	p = path_join(dir, "task.json");
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	rc = json_parse_file(&j, p, 1u << 20);
	free(p);
	if (rc || !cJSON_IsObject(j)) {
		struct buf m = BUF_INIT;

		buf_addf(&m, "task.json: %s",
			 rc ? err_last() : "not a JSON object");
		t->load_error = buf_detach(&m, NULL);
		cJSON_Delete(j);
		return 0;
	}
	v = json_get_string(j, "id");
	if (v && strcmp(v, id))
		t->load_error = strdup("task.json: 'id' differs from the "
				       "directory name");
	v = json_get_string(j, "top");
	t->top = v ? strdup(v) : NULL;
	if (!t->top && !t->load_error)
		t->load_error = strdup("task.json: no 'top'");
	v = json_get_string(j, "tb_top");
	t->tb_top = strdup(v ? v : "tb");
	t->spec = native_file(dir, json_get_string(j, "spec"), "spec",
			      &t->load_error);
	rc = native_refs(t, dir, j);
	t->tb_text = native_file(dir, json_get_string(j, "testbench"),
				 "testbench", &t->load_error);
	to = json_get_long(j, "timeout", 0);
	t->timeout_s = to >= 0 && to <= 3600 ? (int)to : 0;
	if (json_get_object(j, "ppa_budget"))
		t->ppa_budget =
			cJSON_Duplicate(json_get_object(j, "ppa_budget"), 1);
	cJSON_Delete(j);
	return rc;
}

static int load_native(struct bench_suite *s, char **names, size_t n)
{
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		char *d = path_join(s->path, names[i]), *tj;

		if (!d)
			return err_set(ERR_FAIL, "out of memory");
		tj = path_join(d, "task.json");
		if (tj && is_file(tj))
			rc = native_task(s, d, names[i]);
		free(tj);
		free(d);
	}
	return rc;
}

static void suite_name(struct bench_suite *s)
{
	char *p = path_join(s->path, "suite.json");
	cJSON *j = NULL;
	const char *v = NULL;

	if (p && s->format == BENCH_FMT_NATIVE &&
	    !json_parse_file(&j, p, 1u << 20))
		v = json_get_string(j, "name");
	if (!v) {
		v = strrchr(s->path, '/');
		v = v && v[1] ? v + 1 : s->path;
	}
	s->name = strdup(v);
	cJSON_Delete(j);
	free(p);
}

static void hash_field(struct sha256 *h, const char *tag, const char *s)
{
	char len[32];
	int n;

	sha256_update(h, tag, strlen(tag) + 1);
	n = snprintf(len, sizeof(len), "%zu", s ? strlen(s) : (size_t)0);
	sha256_update(h, len, (size_t)n + 1);
	if (s)
		sha256_update(h, s, strlen(s));
}

static void suite_hash(struct bench_suite *s)
{
	struct sha256 h;

	sha256_init(&h);
	hash_field(&h, "format", bench_format_name(s->format));
	for (size_t i = 0; i < s->ntasks; i++) {
		const struct bench_task *t = &s->tasks[i];
		char *budget = t->ppa_budget
				       ? cJSON_PrintUnformatted(t->ppa_budget)
				       : NULL;
		char tmo[24];

		snprintf(tmo, sizeof(tmo), "%d", t->timeout_s);
		hash_field(&h, "id", t->id);
		hash_field(&h, "top", t->top);
		hash_field(&h, "tb_top", t->tb_top);
		hash_field(&h, "spec", t->spec);
		hash_field(&h, "ref", t->ref_text);
		hash_field(&h, "tb", t->tb_text);
		for (size_t k = 0; k < t->nfiles; k++) {
			char fl[24];

			snprintf(fl, sizeof(fl), "%zu", t->files[k].len);
			hash_field(&h, "file", t->files[k].name);
			hash_field(&h, "len", fl);
			sha256_update(&h, t->files[k].data, t->files[k].len);
		}
		hash_field(&h, "timeout", tmo);
		hash_field(&h, "budget", budget);
		hash_field(&h, "error", t->load_error);
		cJSON_free(budget);
	}
	sha256_final_hex(&h, s->hash);
}

static int detect(struct bench_suite *s, char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *d = path_join(s->path, names[i]), *tj;
		bool native;

		if (!d)
			return err_set(ERR_FAIL, "out of memory");
		tj = path_join(d, "task.json");
		native = tj && is_file(tj);
		free(tj);
		free(d);
		if (native) {
			s->format = BENCH_FMT_NATIVE;
			return 0;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (has_suffix(names[i], "_prompt.txt")) {
			s->format = BENCH_FMT_VERILOGEVAL;
			return 0;
		}
	s->format = BENCH_FMT_RTLLM;
	return 0;
}

int bench_suite_load(struct bench_suite *out, const char *path)
{
	char **names = NULL;
	size_t n = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!is_dir(path))
		return err_set(ERR_USAGE, "suite '%s' is not a directory",
			       path);
	out->path = strdup(path);
	if (!out->path)
		return err_set(ERR_FAIL, "out of memory");
	while (strlen(out->path) > 1 && has_suffix(out->path, "/"))
		out->path[strlen(out->path) - 1] = '\0';
	rc = list_dir(&names, &n, out->path);
	if (!rc)
		rc = detect(out, names, n);
	if (!rc && out->format == BENCH_FMT_NATIVE)
		rc = load_native(out, names, n);
	else if (!rc && out->format == BENCH_FMT_VERILOGEVAL)
		rc = load_ve(out, names, n);
	else if (!rc)
		rc = load_rtllm(out, out->path, 0);
	free_list(names, n);
	for (size_t i = 0; !rc && i < out->ntasks; i++)
		if (!out->tasks[i].id)
			rc = err_set(ERR_FAIL, "out of memory");
	if (!rc && !out->ntasks)
		rc = err_set(ERR_USAGE,
			     "'%s' is not a task suite (no task.json, "
			     "*_prompt.txt or design_description.txt)",
			     path);
	if (rc) {
		bench_suite_release(out);
		return rc;
	}
	suite_name(out);
	suite_hash(out);
	return out->name ? 0 : err_set(ERR_FAIL, "out of memory");
}

void bench_suite_release(struct bench_suite *s)
{
	for (size_t i = 0; i < s->ntasks; i++) {
		struct bench_task *t = &s->tasks[i];

		free(t->id);
		free(t->top);
		free(t->ref_top);
		free(t->tb_top);
		free(t->spec);
		free(t->ref_text);
		free(t->tb_text);
		for (size_t k = 0; k < t->nfiles; k++) {
			free(t->files[k].name);
			free(t->files[k].data);
		}
		free(t->files);
		cJSON_Delete(t->ppa_budget);
		free(t->load_error);
	}
	free(s->tasks);
	free(s->path);
	free(s->name);
	memset(s, 0, sizeof(*s));
}

const struct bench_task *bench_suite_find(const struct bench_suite *s,
					  const char *id)
{
	for (size_t i = 0; i < s->ntasks; i++)
		if (!strcmp(s->tasks[i].id, id))
			return &s->tasks[i];
	return NULL;
}
