#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gate/gate.h"

/*
 * Gate file parsing.  Every value is checked for type and range, every
 * object for unknown keys, and every path for a readable regular file, so
 * a mistake in the gate file is reported (exit 2) before any tool runs,
 * naming the key: "units[1].budget.max_cells: expected ...".
 */

#define GATE_MAX_FILE (4u << 20)

struct parser {
	const char *path; /* the gate file, for messages */
	const char *dir;
	struct buf key; /* the key path being parsed */
};

struct defaults {
	int timeout_s;
	enum gate_lint lint;
	int equiv_depth;
	bool allow_latches;
};

/* Push ".name" or "[i]" onto the key path; pop restores the length. */
static size_t key_push(struct parser *p, const char *name)
{
	size_t old = p->key.len;

	if (p->key.len)
		buf_addch(&p->key, '.');
	buf_addstr(&p->key, name);
	return old;
}

static size_t key_index(struct parser *p, size_t i)
{
	size_t old = p->key.len;

	buf_addf(&p->key, "[%zu]", i);
	return old;
}

static void key_pop(struct parser *p, size_t old)
{
	buf_setlen(&p->key, old);
}

/*
 * The usage error "<file>: <key path>: <message>", about the member k
 * of the value being parsed (NULL: the value itself).
 */
__attribute__((format(printf, 3, 4))) static int
bad_at(struct parser *p, const char *k, const char *fmt, ...)
{
	size_t old = k ? key_push(p, k) : p->key.len;
	struct buf m = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	buf_vaddf(&m, fmt, ap);
	va_end(ap);
	rc = err_set(ERR_USAGE, "%s: %s: %s", p->path,
		     p->key.len ? p->key.data : "(top level)", m.data);
	buf_release(&m);
	key_pop(p, old);
	return rc;
}
#define bad(p, ...) bad_at((p), NULL, __VA_ARGS__)

/*
 * Call fn on every item of the array v (NULL: none), "[i]" on the key
 * path while it runs; the first error stops the walk.
 */
typedef int (*item_fn)(struct parser *p, const cJSON *it, size_t i,
		       void *payload);
static int each_item(struct parser *p, const cJSON *v, item_fn fn,
		     void *payload)
{
	const cJSON *it;
	size_t i = 0;
	int rc = 0;

	cJSON_ArrayForEach(it, v)
	{
		size_t old = key_index(p, i);

		rc = fn(p, it, i, payload);
		key_pop(p, old);
		if (rc)
			break;
		i++;
	}
	return rc;
}

/* Reject keys not in the NULL-ended `known` list. */
static int check_keys(struct parser *p, const cJSON *obj,
		      const char *const *known)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, obj)
	{
		const cJSON *prev;
		size_t i;

		for (prev = obj->child; prev != it; prev = prev->next)
			if (it->string && prev->string &&
			    !strcmp(it->string, prev->string))
				return bad_at(p, it->string, "duplicate key");
		for (i = 0; known[i]; i++)
			if (it->string && !strcmp(it->string, known[i]))
				break;
		if (!known[i]) {
			struct buf k = BUF_INIT;
			int rc;

			for (i = 0; known[i]; i++)
				if (known[i][0] != '$' &&
				    strcmp(known[i], "comment"))
					buf_addf(&k, "%s%s", k.len ? ", " : "",
						 known[i]);
			rc = bad_at(p, it->string ? it->string : "?",
				    "unknown key (known: %s)", k.data);
			buf_release(&k);
			return rc;
		}
	}
	return 0;
}

/* The value must be an object whose keys are all in `known`. */
static int object_keys(struct parser *p, const cJSON *v,
		       const char *const *known, const char *expected)
{
	if (!cJSON_IsObject(v))
		return bad(p, "%s", expected);
	return check_keys(p, v, known);
}

static int get_long(struct parser *p, const cJSON *obj, const char *k, long min,
		    long max, long *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	if (!v)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble != floor(v->valuedouble) ||
	    v->valuedouble < (double)min || v->valuedouble > (double)max)
		return bad_at(p, k, "expected an integer from %ld to %ld", min,
			      max);
	*out = (long)v->valuedouble;
	return 0;
}

static int get_int(struct parser *p, const cJSON *obj, const char *k, long min,
		   long max, int *out)
{
	long v = *out;
	int rc = get_long(p, obj, k, min, max, &v);

	if (!rc)
		*out = (int)v;
	return rc;
}

static int get_bool(struct parser *p, const cJSON *obj, const char *k,
		    bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	if (v && !cJSON_IsBool(v))
		return bad_at(p, k, "expected true or false");
	if (v)
		*out = cJSON_IsTrue(v);
	return 0;
}

/* A present value must be a non-empty string; *out is borrowed. */
static int get_str(struct parser *p, const cJSON *obj, const char *k,
		   const char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);

	if (v && (!cJSON_IsString(v) || !*v->valuestring))
		return bad_at(p, k, "expected a non-empty string");
	if (v)
		*out = v->valuestring;
	return 0;
}

/* Unit names go into tables, JUnit names and annotations: keep them tame. */
static bool is_name(const char *s)
{
	if (!*s || strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!(*s == '_' || *s == '-' || (*s >= 'a' && *s <= 'z') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	return true;
}

static int get_top(struct parser *p, const cJSON *obj, const char *k,
		   bool required, char **out)
{
	const char *s = NULL;
	int rc = get_str(p, obj, k, &s);

	if (rc)
		return rc;
	if (!s && required)
		return bad_at(p, k, "missing (a module name is required)");
	if (s && !vlex_is_ident(s))
		return bad_at(p, k, "'%s' is not a Verilog module name", s);
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : err_set(ERR_FAIL, "out of memory");
}

/* Resolve a path relative to the gate file and check it is a readable file. */
static int resolve(struct parser *p, const char *rel, char **out)
{
	struct buf b = BUF_INIT;
	struct stat st;

	if (!*rel)
		return bad(p, "empty path");
	if (rel[0] == '/' || !strcmp(p->dir, "."))
		buf_addstr(&b, rel);
	else
		buf_addf(&b, "%s/%s", p->dir, rel);
	if (stat(b.data, &st)) {
		buf_release(&b);
		return bad(p, "cannot open '%s'", rel);
	}
	if (!S_ISREG(st.st_mode)) {
		buf_release(&b);
		return bad(p, "'%s' is not a regular file", rel);
	}
	*out = buf_detach(&b, NULL);
	return *out ? 0 : err_set(ERR_FAIL, "out of memory");
}

/* The array v (NULL: none) as a new NULL-ended list, fn making each entry. */
static int get_list(struct parser *p, const cJSON *v, item_fn fn, char ***out)
{
	*out = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(**out));
	if (!*out)
		return err_set(ERR_FAIL, "out of memory");
	return each_item(p, v, fn, *out);
}

static int path_item(struct parser *p, const cJSON *it, size_t i, void *payload)
{
	char **out = payload;

	if (!cJSON_IsString(it))
		return bad(p, "expected a file name");
	return resolve(p, it->valuestring, &out[i]);
}

/*
 * A list of paths: `k` must be an array of strings (empty allowed only
 * when allow_empty).  *out is NULL-ended with *n entries.
 */
static int get_paths(struct parser *p, const cJSON *obj, const char *k,
		     bool allow_empty, char ***out, size_t *n)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, k);
	size_t old = key_push(p, k);
	int rc;

	if (!v)
		rc = bad(p, "missing (a list of files is required)");
	else if (!cJSON_IsArray(v))
		rc = bad(p, "expected a list of file names");
	else if (!cJSON_GetArraySize(v) && !allow_empty)
		rc = bad(p, "the list is empty");
	else
		rc = get_list(p, v, path_item, out);
	if (!rc)
		*n = (size_t)cJSON_GetArraySize(v);
	key_pop(p, old);
	return rc;
}

static int define_item(struct parser *p, const cJSON *it, size_t i,
		       void *payload)
{
	char **out = payload;
	char *d = cJSON_IsString(it) ? strdup(it->valuestring) : NULL;
	char *eq = d ? strchr(d, '=') : NULL;
	int rc = 0;

	if (eq)
		*eq = '\0';
	if (!d || !vlex_is_ident(d) || (eq && strpbrk(eq + 1, "\n\r")))
		rc = bad(p, "expected \"NAME\" or \"NAME=VALUE\"");
	if (eq)
		*eq = '=';
	if (rc)
		free(d);
	else
		out[i] = d;
	return rc;
}

static int get_defines(struct parser *p, const cJSON *obj, char ***out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, "defines");
	size_t old = key_push(p, "defines");
	int rc;

	if (v && !cJSON_IsArray(v))
		rc = bad(p, "expected a list of \"NAME\" or \"NAME=VALUE\"");
	else
		rc = get_list(p, v, define_item, out);
	key_pop(p, old);
	return rc;
}

static int get_lint(struct parser *p, const cJSON *obj, enum gate_lint *out)
{
	const char *s = NULL;
	size_t old;
	int rc = get_str(p, obj, "lint", &s);

	if (rc || !s)
		return rc;
	old = key_push(p, "lint");
	if (!strcmp(s, "off"))
		*out = GATE_LINT_OFF;
	else if (!strcmp(s, "normal"))
		*out = GATE_LINT_NORMAL;
	else if (!strcmp(s, "strict"))
		*out = GATE_LINT_STRICT;
	else
		rc = bad(p, "'%s' is not one of off, normal, strict", s);
	key_pop(p, old);
	return rc;
}

/* "tb/tb_pe.v" -> "tb_pe" */
static char *file_stem(const char *path)
{
	const char *b = strrchr(path, '/');
	const char *dot;

	b = b ? b + 1 : path;
	dot = strrchr(b, '.');
	return strndup(b, dot && dot != b ? (size_t)(dot - b) : strlen(b));
}

static int parse_tb(struct parser *p, const cJSON *v, struct gate_tb *tb)
{
	static const char *const known[] = { "file", "top", NULL };
	const char *file = NULL;
	size_t old;
	int rc;

	if (cJSON_IsString(v)) {
		rc = resolve(p, v->valuestring, &tb->file);
	} else if (cJSON_IsObject(v)) {
		rc = check_keys(p, v, known);
		if (!rc)
			rc = get_str(p, v, "file", &file);
		if (!rc && !file)
			rc = bad_at(p, "file",
				    "missing (the testbench file is required)");
		if (!rc) {
			old = key_push(p, "file");
			rc = resolve(p, file, &tb->file);
			key_pop(p, old);
		}
		if (!rc)
			rc = get_top(p, v, "top", false, &tb->top);
	} else {
		rc = bad(p, "expected a file name or {\"file\", \"top\"}");
	}
	if (rc)
		return rc;
	tb->name = tb->top ? strdup(tb->top) : file_stem(tb->file);
	if (!tb->name)
		return err_set(ERR_FAIL, "out of memory");
	if (!is_name(tb->name))
		return bad(p,
			   "testbench name '%s' is not usable as a check "
			   "name (give \"top\")",
			   tb->name);
	return 0;
}

static int tb_item(struct parser *p, const cJSON *it, size_t i, void *payload)
{
	struct gate_unit *u = payload;
	int rc;

	u->ntbs = i + 1;
	rc = parse_tb(p, it, &u->tbs[i]);
	for (size_t j = 0; !rc && j < i; j++)
		if (!strcmp(u->tbs[j].name, u->tbs[i].name))
			rc = bad(p, "duplicate testbench name '%s'",
				 u->tbs[i].name);
	return rc;
}

static int parse_tbs(struct parser *p, const cJSON *unit, struct gate_unit *u)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(unit, "testbenches");
	size_t old;
	int rc = 0;

	if (!v)
		return 0;
	old = key_push(p, "testbenches");
	if (!cJSON_IsArray(v)) {
		rc = bad(p, "expected a list of testbenches");
		goto done;
	}
	u->tbs = calloc((size_t)cJSON_GetArraySize(v) + 1, sizeof(*u->tbs));
	if (!u->tbs) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	rc = each_item(p, v, tb_item, u);
done:
	key_pop(p, old);
	return rc;
}

static int parse_reference(struct parser *p, const cJSON *unit,
			   struct gate_unit *u)
{
	static const char *const known[] = { "sources", "top", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(unit, "reference");
	size_t old;
	int rc;

	if (!v)
		return 0;
	old = key_push(p, "reference");
	rc = object_keys(p, v, known,
			 "expected {\"sources\": [...], \"top\": ...}");
	if (!rc)
		rc = get_paths(p, v, "sources", false, &u->refs, &u->nrefs);
	if (!rc)
		rc = get_top(p, v, "top", false, &u->ref_top);
	key_pop(p, old);
	return rc;
}

static int parse_props(struct parser *p, const cJSON *unit, struct gate_unit *u)
{
	static const char *const known[] = { "files", "top", "depth", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(unit, "properties");
	size_t old;
	int rc;

	if (!v)
		return 0;
	old = key_push(p, "properties");
	u->has_props = true;
	rc = object_keys(p, v, known,
			 "expected {\"files\": [...], \"top\", \"depth\"}");
	if (!rc && cJSON_GetObjectItemCaseSensitive(v, "files"))
		rc = get_paths(p, v, "files", true, &u->props, &u->nprops);
	else if (!rc && !(u->props = calloc(1, sizeof(*u->props))))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = get_top(p, v, "top", false, &u->props_top);
	if (!rc)
		rc = get_int(p, v, "depth", 1, 10000, &u->props_depth);
	key_pop(p, old);
	return rc;
}

static int parse_budget(struct parser *p, const cJSON *unit,
			struct gate_unit *u)
{
	static const char *const known[] = { "max_cells", "max_flops",
					     "max_depth", "max_area", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(unit, "budget");
	const cJSON *area;
	size_t old;
	int rc;

	if (!v)
		return 0;
	old = key_push(p, "budget");
	rc = object_keys(p, v, known,
			 "expected an object with max_cells, max_flops, "
			 "max_depth or max_area");
	if (!rc && !cJSON_GetArraySize(v))
		rc = bad(p, "empty (give max_cells, max_flops, max_depth or "
			    "max_area)");
	if (!rc)
		rc = get_long(p, v, "max_cells", 0, 1000000000L,
			      &u->budget.max_cells);
	if (!rc)
		rc = get_long(p, v, "max_flops", 0, 1000000000L,
			      &u->budget.max_flops);
	if (!rc)
		rc = get_long(p, v, "max_depth", 0, 1000000000L,
			      &u->budget.max_depth);
	area = cJSON_GetObjectItemCaseSensitive(v, "max_area");
	if (!rc && area &&
	    (!cJSON_IsNumber(area) || !(area->valuedouble >= 0) ||
	     !isfinite(area->valuedouble)))
		rc = bad_at(p, "max_area", "expected a number >= 0");
	else if (!rc && area)
		u->budget.max_area = area->valuedouble;
	u->has_budget = !rc;
	key_pop(p, old);
	return rc;
}

static int parse_unit(struct parser *p, const cJSON *v, struct gate_unit *u,
		      const struct defaults *d)
{
	static const char *const known[] = {
		"name",	       "sources",	"top",	      "defines",
		"testbenches", "reference",	"properties", "budget",
		"lint",	       "allow_latches", "timeout",    "equiv_depth",
		NULL
	};
	const char *name = NULL;
	int rc;

	u->budget.max_cells = u->budget.max_flops = u->budget.max_depth = -1;
	u->budget.max_area = -1;
	u->lint = d->lint;
	u->timeout_s = d->timeout_s;
	u->equiv_depth = d->equiv_depth;
	u->allow_latches = d->allow_latches;
	u->props_depth = 20;
	rc = object_keys(p, v, known, "expected a unit object");
	if (!rc)
		rc = get_str(p, v, "name", &name);
	if (!rc && !name)
		rc = bad_at(p, "name", "missing (every unit needs a name)");
	else if (!rc && !is_name(name))
		rc = bad_at(p, "name",
			    "'%s' is not a name (letters, digits, _ and -)",
			    name);
	if (!rc && !(u->name = strdup(name)))
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = get_paths(p, v, "sources", false, &u->sources,
			       &u->nsources);
	if (!rc)
		rc = get_top(p, v, "top", true, &u->top);
	if (!rc)
		rc = get_defines(p, v, &u->defines);
	if (!rc)
		rc = parse_tbs(p, v, u);
	if (!rc)
		rc = parse_reference(p, v, u);
	if (!rc)
		rc = parse_props(p, v, u);
	if (!rc)
		rc = parse_budget(p, v, u);
	if (!rc)
		rc = get_lint(p, v, &u->lint);
	if (!rc)
		rc = get_bool(p, v, "allow_latches", &u->allow_latches);
	if (!rc)
		rc = get_int(p, v, "timeout", 1, 86400, &u->timeout_s);
	if (!rc)
		rc = get_int(p, v, "equiv_depth", 1, 10000, &u->equiv_depth);
	return rc;
}

static int parse_defaults(struct parser *p, const cJSON *root,
			  struct defaults *d)
{
	static const char *const known[] = { "timeout", "lint", "equiv_depth",
					     "allow_latches", NULL };
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "defaults");
	size_t old;
	int rc;

	if (!v)
		return 0;
	old = key_push(p, "defaults");
	rc = object_keys(p, v, known, "expected an object");
	if (!rc)
		rc = get_int(p, v, "timeout", 1, 86400, &d->timeout_s);
	if (!rc)
		rc = get_lint(p, v, &d->lint);
	if (!rc)
		rc = get_int(p, v, "equiv_depth", 1, 10000, &d->equiv_depth);
	if (!rc)
		rc = get_bool(p, v, "allow_latches", &d->allow_latches);
	key_pop(p, old);
	return rc;
}

struct units_walk {
	struct gate_file *g;
	const struct defaults *d;
};

static int unit_item(struct parser *p, const cJSON *it, size_t i, void *payload)
{
	struct units_walk *w = payload;
	struct gate_unit *units = w->g->units;
	int rc;

	w->g->nunits = i + 1;
	rc = parse_unit(p, it, &units[i], w->d);
	for (size_t j = 0; !rc && j < i; j++)
		if (!strcmp(units[j].name, units[i].name))
			rc = bad_at(p, "name", "duplicate unit name '%s'",
				    units[i].name);
	return rc;
}

static int parse_units(struct parser *p, const cJSON *root, struct gate_file *g,
		       const struct defaults *d)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "units");
	struct units_walk w = { g, d };
	size_t old = key_push(p, "units");
	int rc = 0;

	if (!cJSON_IsArray(v) || !cJSON_GetArraySize(v)) {
		rc = bad(p, v ? "expected a non-empty list of units"
			      : "missing (a list of units is required)");
		goto done;
	}
	g->units = calloc((size_t)cJSON_GetArraySize(v), sizeof(*g->units));
	if (!g->units) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	rc = each_item(p, v, unit_item, &w);
done:
	key_pop(p, old);
	return rc;
}

static int parse_root(struct parser *p, const cJSON *root, struct gate_file *g)
{
	static const char *const known[] = { "name",  "jobs",	 "defaults",
					     "units", "$schema", "comment",
					     NULL };
	struct defaults d = { .timeout_s = 60,
			      .lint = GATE_LINT_NORMAL,
			      .equiv_depth = 20,
			      .allow_latches = false };
	const char *name = NULL;
	int rc;

	rc = object_keys(p, root, known, "expected a JSON object");
	if (!rc)
		rc = get_str(p, root, "name", &name);
	if (!rc && name && !is_name(name))
		rc = bad_at(p, "name",
			    "'%s' is not a name (letters, digits, _ and -)",
			    name);
	if (!rc)
		rc = get_int(p, root, "jobs", 0, 1024, &g->jobs);
	if (!rc)
		rc = parse_defaults(p, root, &d);
	if (!rc)
		rc = parse_units(p, root, g, &d);
	if (!rc && !(g->name = strdup(name ? name : "gate")))
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int gate_file_parse(struct gate_file *out, const char *text, size_t len,
		    const char *path)
{
	struct parser p = { .path = path, .key = BUF_INIT };
	cJSON *root = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	out->path = strdup(path);
	out->dir = dir_of(path);
	if (!out->path || !out->dir)
		return err_set(ERR_FAIL, "out of memory");
	p.dir = out->dir;
	rc = json_parse(&root, text, len, path);
	if (!rc)
		rc = parse_root(&p, root, out);
	cJSON_Delete(root);
	buf_release(&p.key);
	if (rc) {
		int keep = rc;

		gate_file_release(out);
		return keep;
	}
	return 0;
}

int gate_file_load(struct gate_file *out, const char *path)
{
	struct buf b = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = buf_read_file(&b, path, GATE_MAX_FILE);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot open gate file '%s'", path);
	else if (rc == ERR_TOOBIG)
		rc = err_set(ERR_USAGE,
			     "gate file '%s' is larger than %u bytes", path,
			     GATE_MAX_FILE);
	else if (rc)
		rc = err_wrap(ERR_USAGE, "gate file '%s'", path);
	if (!rc)
		rc = gate_file_parse(out, b.data, b.len, path);
	buf_release(&b);
	return rc;
}

static void free_list(char **l)
{
	for (size_t i = 0; l && l[i]; i++)
		free(l[i]);
	free(l);
}

static void unit_release(struct gate_unit *u)
{
	free(u->name);
	free_list(u->sources);
	free(u->top);
	free_list(u->defines);
	for (size_t i = 0; i < u->ntbs; i++) {
		free(u->tbs[i].name);
		free(u->tbs[i].file);
		free(u->tbs[i].top);
	}
	free(u->tbs);
	free_list(u->refs);
	free(u->ref_top);
	free_list(u->props);
	free(u->props_top);
}

void gate_file_release(struct gate_file *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->nunits; i++)
		unit_release(&g->units[i]);
	free(g->units);
	free(g->path);
	free(g->dir);
	free(g->name);
	memset(g, 0, sizeof(*g));
}
