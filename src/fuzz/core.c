#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/strv.h"
#include "fuzz/fuzz-int.h"

/*
 * The core file: one JSON object.  Every error names its key path and is
 * ERR_USAGE (exit 2).  Relative source paths are relative to the core
 * file's directory; ${NAME} comes from --var first, then the environment.
 */

#define CORE_MAX (1u << 20)

struct parse {
	const char *file;
	const struct fuzz_vars *vars;
	char *dir;
};

static int bad(const struct parse *p, const char *key, const char *what)
{
	return err_set(ERR_USAGE, "%s: %s: %s", p->file, key, what);
}

static const char *var_value(const struct parse *p, const char *name)
{
	for (size_t i = 0; p->vars && i < p->vars->n; i++)
		if (!strcmp(p->vars->names[i], name))
			return p->vars->values[i];
	return getenv(name);
}

/* Expand ${NAME}; a missing variable is bad input naming it. */
static int expand(const struct parse *p, const char *key, const char *s,
		  char **out)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	while (!rc && *s) {
		const char *end, *v;
		char name[128];
		size_t n;

		if (s[0] != '$' || s[1] != '{') {
			rc = buf_addch(&b, *s++);
			continue;
		}
		end = strchr(s + 2, '}');
		n = end ? (size_t)(end - s - 2) : 0;
		if (!end || !n || n >= sizeof(name)) {
			rc = bad(p, key, "malformed ${NAME}");
			break;
		}
		memcpy(name, s + 2, n);
		name[n] = 0;
		v = var_value(p, name);
		if (!v || !*v) {
			struct buf m = BUF_INIT;

			buf_addf(&m, "'%s' is not set (give --var %s=PATH "
				     "or set it in the environment)",
				 name, name);
			rc = bad(p, key, m.data);
			buf_release(&m);
			break;
		}
		rc = buf_addstr(&b, v);
		s = end + 1;
	}
	if (!rc && b.data[0] != '/' && p->dir) {
		char *abs = str_fmt("%s/%s", p->dir, b.data);

		if (!abs)
			rc = err_set(ERR_FAIL, "out of memory");
		else {
			buf_reset(&b);
			rc = buf_addstr(&b, abs);
			free(abs);
		}
	}
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

static int get_str(const struct parse *p, const cJSON *o, const char *key,
		   const char *path, bool required, char **out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v) {
		if (required)
			return bad(p, path, "missing");
		return 0;
	}
	if (!cJSON_IsString(v) || !v->valuestring[0])
		return bad(p, path, "expected a non-empty string");
	free(*out);
	*out = strdup(v->valuestring);
	return *out ? 0 : err_set(ERR_FAIL, "out of memory");
}

static int get_bool(const struct parse *p, const cJSON *o, const char *key,
		    const char *path, bool *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		return 0;
	if (!cJSON_IsBool(v))
		return bad(p, path, "expected true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

/* A number or a "0x..." string, in [0, max]. */
static int get_u32(const struct parse *p, const cJSON *o, const char *key,
		   const char *path, uint32_t max, uint32_t *out)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!v)
		return 0;
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble < 0 || v->valuedouble > max ||
		    v->valuedouble != (double)(unsigned long long)v->valuedouble)
			return bad(p, path, "expected a whole number in range");
		*out = (uint32_t)v->valuedouble;
		return 0;
	}
	if (cJSON_IsString(v)) {
		unsigned long long x;
		char *end;

		errno = 0;
		x = strtoull(v->valuestring, &end, 0);
		if (!errno && end != v->valuestring && !*end && x <= max) {
			*out = (uint32_t)x;
			return 0;
		}
	}
	return bad(p, path, "expected a number (or a \"0x...\" string) in range");
}

static int push_str(char ***v, size_t *n, const char *s)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return err_set(ERR_FAIL, "out of memory");
	*v = nv;
	nv[*n] = strdup(s);
	if (!nv[*n])
		return err_set(ERR_FAIL, "out of memory");
	(*n)++;
	return 0;
}

static int parse_sources(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "sources");
	const cJSON *e;
	int i = 0;

	if (!a)
		return bad(p, "sources", "missing");
	if (!cJSON_IsArray(a) || !cJSON_GetArraySize(a))
		return bad(p, "sources", "expected a non-empty array of paths");
	cJSON_ArrayForEach(e, a)
	{
		char key[48], *s = NULL;
		int rc;

		snprintf(key, sizeof(key), "sources[%d]", i++);
		if (!cJSON_IsString(e) || !e->valuestring[0])
			return bad(p, key, "expected a path string");
		rc = expand(p, key, e->valuestring, &s);
		if (!rc)
			rc = push_str(&c->sources, &c->nsources, s);
		free(s);
		if (rc)
			return rc;
	}
	return 0;
}

static int valid_ident(const char *s)
{
	if (!*s || !(s[0] == '_' || (s[0] >= 'A' && s[0] <= 'Z') ||
		     (s[0] >= 'a' && s[0] <= 'z')))
		return 0;
	for (; *s; s++)
		if (!(*s == '_' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return 0;
	return 1;
}

/* A value that cannot break out of a Verilog literal or an argv. */
static int valid_value(const char *s)
{
	for (; *s; s++)
		if (!(*s == '_' || *s == '\'' || (*s >= '0' && *s <= '9') ||
		      (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			return 0;
	return 1;
}

int fuzz_define_parse(struct fuzz_define *d, const char *s)
{
	const char *eq = strchr(s, '=');
	size_t n = eq ? (size_t)(eq - s) : strlen(s);

	memset(d, 0, sizeof(*d));
	d->name = strndup(s, n);
	if (!d->name)
		return err_set(ERR_FAIL, "out of memory");
	if (eq) {
		d->value = strdup(eq + 1);
		if (!d->value)
			return err_set(ERR_FAIL, "out of memory");
	}
	if (!valid_ident(d->name) || (d->value && !valid_value(d->value)))
		return err_set(ERR_USAGE,
			       "define '%s' is not NAME or NAME=VALUE "
			       "(letters, digits, _)",
			       s);
	return 0;
}

void fuzz_define_release(struct fuzz_define *d)
{
	free(d->name);
	free(d->value);
	d->name = d->value = NULL;
}

static int add_define(struct fuzz_core *c, const char *name,
		      const char *value)
{
	struct fuzz_define *nd;

	nd = realloc(c->defines, (c->ndefines + 1) * sizeof(*nd));
	if (!nd)
		return err_set(ERR_FAIL, "out of memory");
	c->defines = nd;
	nd += c->ndefines++;
	nd->name = strdup(name);
	nd->value = value ? strdup(value) : NULL;
	if (!nd->name || (value && !nd->value))
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

/* "defines": ["A", "B=1"] or {"A": 1, "B": "x"}. */
static int parse_defines(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "defines");
	const cJSON *e;
	int i = 0;

	if (!a)
		return 0;
	if (!cJSON_IsArray(a) && !cJSON_IsObject(a))
		return bad(p, "defines", "expected an array or an object");
	cJSON_ArrayForEach(e, a)
	{
		struct fuzz_define d;
		char key[160], num[32];
		const char *s = NULL;
		int rc;

		if (cJSON_IsArray(a)) {
			snprintf(key, sizeof(key), "defines[%d]", i++);
			s = cJSON_IsString(e) ? e->valuestring : NULL;
			if (!s)
				return bad(p, key, "expected \"NAME\" or \"NAME=VALUE\"");
			if (fuzz_define_parse(&d, s)) {
				fuzz_define_release(&d);
				return bad(p, key, "expected \"NAME\" or \"NAME=VALUE\"");
			}
		} else {
			snprintf(key, sizeof(key), "defines.%.100s", e->string);
			memset(&d, 0, sizeof(d));
			if (cJSON_IsNumber(e)) {
				snprintf(num, sizeof(num), "%.0f", e->valuedouble);
				s = num;
			} else if (cJSON_IsString(e)) {
				s = e->valuestring;
			} else if (!cJSON_IsTrue(e)) {
				return bad(p, key, "expected a number, a string or true");
			}
			if (!valid_ident(e->string) || (s && !valid_value(s)))
				return bad(p, key, "not a plain identifier and value");
			d.name = strdup(e->string);
			d.value = s ? strdup(s) : NULL;
		}
		rc = add_define(c, d.name, d.value);
		fuzz_define_release(&d);
		if (rc)
			return rc;
	}
	return 0;
}

/* "parameters": {"ENABLE_MUL": 0, "PROGADDR_RESET": "32'h0"}. */
static int parse_params(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "parameters");
	const cJSON *e;

	if (!a)
		return 0;
	if (!cJSON_IsObject(a))
		return bad(p, "parameters", "expected an object");
	cJSON_ArrayForEach(e, a)
	{
		char key[160], val[64];
		char *s;
		int rc;

		snprintf(key, sizeof(key), "parameters.%.100s", e->string);
		if (cJSON_IsNumber(e) && e->valuedouble >= 0 &&
		    e->valuedouble <= 4294967295.0 &&
		    e->valuedouble == (double)(long long)e->valuedouble)
			snprintf(val, sizeof(val), "%lld",
				 (long long)e->valuedouble);
		else if (cJSON_IsString(e) && strlen(e->valuestring) < 60 &&
			 valid_value(e->valuestring))
			snprintf(val, sizeof(val), "%s", e->valuestring);
		else
			return bad(p, key, "expected a whole number or a Verilog literal");
		if (!valid_ident(e->string))
			return bad(p, key, "not a parameter name");
		s = str_fmt("%s=%s", e->string, val);
		if (!s)
			return err_set(ERR_FAIL, "out of memory");
		rc = push_str(&c->params, &c->nparams, s);
		free(s);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_reset(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *r = cJSON_GetObjectItemCaseSensitive(j, "reset");
	const char *pol;
	int rc;

	if (!r)
		return bad(p, "reset", "missing");
	if (!cJSON_IsObject(r))
		return bad(p, "reset", "expected {\"name\": ..., \"active\": \"high\"|\"low\"}");
	rc = get_str(p, r, "name", "reset.name", true, &c->reset);
	if (rc)
		return rc;
	if (!valid_ident(c->reset))
		return bad(p, "reset.name", "not a port name");
	pol = json_get_string(r, "active");
	if (!pol)
		return bad(p, "reset.active", "missing (\"high\" or \"low\")");
	if (!strcmp(pol, "low"))
		c->reset_active_low = true;
	else if (strcmp(pol, "high"))
		return bad(p, "reset.active", "expected \"high\" or \"low\"");
	return 0;
}

static int parse_memory(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(j, "memory");
	const char *kind;
	int rc;

	if (!m)
		return bad(p, "memory", "missing");
	if (!cJSON_IsObject(m))
		return bad(p, "memory", "expected an object");
	kind = json_get_string(m, "kind");
	if (!kind)
		return bad(p, "memory.kind", "missing (\"hf_cpu\" or \"picorv32\")");
	if (!strcmp(kind, "hf_cpu"))
		c->mem = FUZZ_MEM_HF_CPU;
	else if (!strcmp(kind, "picorv32"))
		c->mem = FUZZ_MEM_PICORV32;
	else
		return bad(p, "memory.kind", "expected \"hf_cpu\" or \"picorv32\"");
	rc = get_u32(p, m, "base", "memory.base", UINT32_MAX, &c->ram_base);
	if (!rc)
		rc = get_u32(p, m, "size", "memory.size", 1u << 24, &c->ram_size);
	if (rc)
		return rc;
	if (c->ram_size < 4096 || (c->ram_size & (c->ram_size - 1)))
		return bad(p, "memory.size",
			   "expected a power of two from 4096 to 16777216");
	if (c->ram_base & (c->ram_size - 1))
		return bad(p, "memory.base", "not aligned to memory.size");
	return 0;
}

static int parse_isa(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *i = cJSON_GetObjectItemCaseSensitive(j, "isa");
	const char *fi;
	int rc = 0;

	if (!i)
		return 0;
	if (!cJSON_IsObject(i))
		return bad(p, "isa", "expected an object");
	rc |= get_bool(p, i, "ecall_traps", "isa.ecall_traps", &c->ecall_traps);
	if (!rc)
		rc = get_bool(p, i, "ebreak_traps", "isa.ebreak_traps",
			      &c->ebreak_traps);
	if (!rc)
		rc = get_bool(p, i, "misaligned_traps", "isa.misaligned_traps",
			      &c->misaligned_traps);
	if (!rc)
		rc = get_bool(p, i, "trap_halts", "isa.trap_halts",
			      &c->trap_halts);
	if (rc)
		return rc;
	fi = json_get_string(i, "fence_i");
	if (cJSON_GetObjectItemCaseSensitive(i, "fence_i") && !fi)
		return bad(p, "isa.fence_i", "expected \"nop\" or \"illegal\"");
	if (fi && !strcmp(fi, "illegal"))
		c->fence_i_nop = false;
	else if (fi && strcmp(fi, "nop"))
		return bad(p, "isa.fence_i", "expected \"nop\" or \"illegal\"");
	return 0;
}

static int parse_end(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "end");

	if (!e)
		return 0;
	if (cJSON_IsString(e) && !strcmp(e->valuestring, "ebreak"))
		c->end_insn = 0x00100073;
	else if (cJSON_IsString(e) && !strcmp(e->valuestring, "ecall"))
		c->end_insn = 0x00000073;
	else
		return bad(p, "end", "expected \"ebreak\" or \"ecall\"");
	return 0;
}

static int parse_quirks(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "quirks");
	const cJSON *e;
	int i = 0;

	if (!a)
		return 0;
	if (!cJSON_IsArray(a))
		return bad(p, "quirks", "expected an array of names");
	cJSON_ArrayForEach(e, a)
	{
		char key[32];
		const char *s = cJSON_IsString(e) ? e->valuestring : "";

		snprintf(key, sizeof(key), "quirks[%d]", i++);
		if (!strcmp(s, "load_rmask_word"))
			c->quirks |= FUZZ_QUIRK_LOAD_RMASK_WORD;
		else if (!strcmp(s, "misaligned_jump_late"))
			c->quirks |= FUZZ_QUIRK_MISALIGNED_JUMP_LATE;
		else if (!strcmp(s, "trap_insn_low16"))
			c->quirks |= FUZZ_QUIRK_TRAP_INSN_LOW16;
		else if (!strcmp(s, "fence_reserved"))
			c->quirks |= FUZZ_QUIRK_FENCE_RESERVED;
		else
			return bad(p, key, "expected \"load_rmask_word\", "
					   "\"misaligned_jump_late\", "
					   "\"trap_insn_low16\" or "
					   "\"fence_reserved\"");
	}
	return 0;
}

/* A hierarchical name under the core instance: a.b.c, identifiers only. */
static int valid_hier(const char *s)
{
	char tmp[256];
	char *save = NULL, *tok;

	if (strlen(s) >= sizeof(tmp) || !*s || s[0] == '.' ||
	    s[strlen(s) - 1] == '.' || strstr(s, ".."))
		return 0;
	snprintf(tmp, sizeof(tmp), "%s", s);
	for (tok = strtok_r(tmp, ".", &save); tok;
	     tok = strtok_r(NULL, ".", &save))
		if (!valid_ident(tok))
			return 0;
	return 1;
}

static int parse_coverage(struct parse *p, const cJSON *j,
			  struct fuzz_core *c)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "coverage");
	const cJSON *e;
	int i = 0;

	if (!a)
		return 0;
	if (!cJSON_IsArray(a))
		return bad(p, "coverage", "expected an array of signal names");
	cJSON_ArrayForEach(e, a)
	{
		char key[32];
		int rc;

		snprintf(key, sizeof(key), "coverage[%d]", i++);
		if (!cJSON_IsString(e) || !valid_hier(e->valuestring))
			return bad(p, key, "expected a signal name under the core");
		rc = push_str(&c->cov_signals, &c->ncov, e->valuestring);
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_budget(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(j, "budget");
	uint32_t v;
	int rc;

	if (!b)
		return 0;
	if (!cJSON_IsObject(b))
		return bad(p, "budget", "expected an object");
	v = c->cycles_per_insn;
	rc = get_u32(p, b, "cycles_per_insn", "budget.cycles_per_insn", 4096, &v);
	c->cycles_per_insn = v;
	v = c->stall_cycles;
	if (!rc)
		rc = get_u32(p, b, "stall_cycles", "budget.stall_cycles",
			     1u << 20, &v);
	c->stall_cycles = v;
	if (!rc && (!c->cycles_per_insn || !c->stall_cycles))
		rc = bad(p, "budget", "budgets must be positive");
	return rc;
}

/*
 * "kind": "cpu" (the default) or "npu"; an NPU core may name its
 * controller's scratchpad accesses in "access": [re, raddr, we, waddr].
 */
static int parse_kind(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(j, "kind");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "access");
	int i = 0;

	if (k && (!cJSON_IsString(k) || (strcmp(k->valuestring, "cpu") &&
					 strcmp(k->valuestring, "npu"))))
		return bad(p, "kind", "expected \"cpu\" or \"npu\"");
	if (k && !strcmp(k->valuestring, "npu"))
		c->target = FUZZ_TARGET_NPU;
	if (!a)
		return 0;
	if (c->target != FUZZ_TARGET_NPU || !cJSON_IsArray(a) ||
	    cJSON_GetArraySize(a) != 4)
		return bad(p, "access", "expected 4 signal names (kind \"npu\")");
	for (const cJSON *e = a->child; e; e = e->next, i++) {
		if (!cJSON_IsString(e) || !valid_hier(e->valuestring))
			return bad(p, "access",
				   "expected a signal name under the core");
		c->access[i] = strdup(e->valuestring);
		if (!c->access[i])
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

static int parse_all(struct parse *p, const cJSON *j, struct fuzz_core *c)
{
	int rc;

	if (!cJSON_IsObject(j))
		return bad(p, "(top)", "expected a JSON object");
	rc = get_str(p, j, "name", "name", false, &c->name);
	if (!rc)
		rc = parse_sources(p, j, c);
	if (!rc)
		rc = get_str(p, j, "top", "top", true, &c->top);
	if (!rc && !valid_ident(c->top))
		rc = bad(p, "top", "not a module name");
	if (!rc)
		rc = get_str(p, j, "clock", "clock", true, &c->clock);
	if (!rc && !valid_ident(c->clock))
		rc = bad(p, "clock", "not a port name");
	if (!rc)
		rc = parse_reset(p, j, c);
	if (!rc)
		rc = parse_kind(p, j, c);
	if (!rc && c->target == FUZZ_TARGET_NPU) {
		rc = parse_defines(p, j, c);
		if (!rc)
			rc = parse_params(p, j, c);
		if (!rc)
			rc = parse_coverage(p, j, c);
		if (!rc)
			rc = parse_budget(p, j, c);
		return rc;
	}
	if (!rc)
		rc = parse_memory(p, j, c);
	if (!rc)
		rc = get_u32(p, j, "reset_pc", "reset_pc", UINT32_MAX,
			     &c->reset_pc);
	if (!rc && (c->reset_pc & 3))
		rc = bad(p, "reset_pc", "not word aligned");
	if (!rc && (c->reset_pc & ~(c->ram_size - 1)) != c->ram_base)
		rc = bad(p, "reset_pc", "outside the memory window");
	if (!rc)
		rc = parse_defines(p, j, c);
	if (!rc)
		rc = parse_params(p, j, c);
	if (!rc)
		rc = parse_isa(p, j, c);
	if (!rc)
		rc = parse_end(p, j, c);
	if (!rc)
		rc = parse_quirks(p, j, c);
	if (!rc)
		rc = parse_coverage(p, j, c);
	if (!rc)
		rc = parse_budget(p, j, c);
	return rc;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char cwd[PATH_MAX];

	if (path[0] == '/')
		return strndup(path, (size_t)(slash - path) + (slash == path));
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	if (!slash)
		return strdup(cwd);
	return str_fmt("%s/%.*s", cwd, (int)(slash - path), path);
}

int fuzz_core_load(struct fuzz_core **out, const char *path,
		   const struct fuzz_vars *vars,
		   const struct fuzz_define *extra, size_t nextra)
{
	struct parse p = { .file = path, .vars = vars };
	struct fuzz_core *c;
	struct buf text = BUF_INIT;
	cJSON *j = NULL;
	int rc;

	*out = NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return err_set(ERR_FAIL, "out of memory");
	c->ram_size = 65536;
	c->end_insn = 0x00100073;
	c->ecall_traps = c->ebreak_traps = c->misaligned_traps = true;
	c->fence_i_nop = c->trap_halts = true;
	c->cycles_per_insn = 64;
	c->stall_cycles = 2000;
	c->reset_cycles = 4;
	rc = buf_read_file(&text, path, CORE_MAX);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_USAGE, "cannot read core file '%s'", path);
	else if (rc)
		rc = err_wrap(ERR_USAGE, "cannot read core file '%s'", path);
	if (!rc) {
		rc = json_parse(&j, text.data, text.len, path);
		if (rc) {
			char *m = strdup(err_last());

			rc = err_set(ERR_USAGE, "%s", m ? m : path);
			free(m);
		}
	}
	p.dir = dir_of(path);
	if (!rc && !p.dir)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = parse_all(&p, j, c);
	for (size_t i = 0; !rc && i < nextra; i++)
		rc = add_define(c, extra[i].name, extra[i].value);
	if (!rc) {
		c->path = strdup(path);
		c->text = buf_detach(&text, NULL);
		if (!c->name)
			c->name = strdup(c->top);
		if (!c->path || !c->name)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	cJSON_Delete(j);
	buf_release(&text);
	free(p.dir);
	if (rc) {
		fuzz_core_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void fuzz_core_free(struct fuzz_core *c)
{
	if (!c)
		return;
	free(c->path);
	free(c->name);
	strv_free_n(c->sources, c->nsources);
	free(c->top);
	for (size_t i = 0; i < c->ndefines; i++)
		fuzz_define_release(&c->defines[i]);
	free(c->defines);
	strv_free_n(c->params, c->nparams);
	free(c->clock);
	free(c->reset);
	strv_free_n(c->cov_signals, c->ncov);
	for (size_t i = 0; i < 4; i++)
		free(c->access[i]);
	free(c->text);
	free(c);
}

void fuzz__isa(struct rv_isa *isa, const struct fuzz_core *c)
{
	rv_isa_default(isa);
	isa->reset_pc = c->reset_pc;
	isa->ram_base = c->ram_base;
	isa->ram_size = c->ram_size;
	isa->end_insn = c->end_insn;
	isa->ecall_traps = c->ecall_traps;
	isa->ebreak_traps = c->ebreak_traps;
	isa->misaligned_traps = c->misaligned_traps;
	isa->fence_i_nop = c->fence_i_nop;
	isa->trap_halts = c->trap_halts;
}
