#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "gate/gate-int.h"

/*
 * The lint check.  verify.h has no lint stage, so the gate runs the two
 * linters itself, the same way verify runs tools: proc_run() with the
 * configured sandbox, in a fresh tmpdir, the design files bound
 * read-only.  "normal": iverilog -Wall, warnings are listed but do not
 * fail (errors do); "strict": verilator --lint-only -Wall
 * -Wno-DECLFILENAME, any finding fails.
 *
 * NEEDSWORK: move this into src/verify (verify_lint) once it has one.
 */

#define LINT_MAX_FINDINGS 50

struct lint_ctx {
	const struct gate_unit *u;
	char **abs; /* realpath of each source (NULL-ended) */
	cJSON *findings; /* [{"file","line","severity","code","message"}] */
	long errors, warnings;
};

/* The gate file's spelling of a path the tool printed as absolute. */
static const char *user_path(const struct lint_ctx *c, const char *p)
{
	for (size_t i = 0; c->abs[i]; i++)
		if (!strcmp(c->abs[i], p))
			return c->u->sources[i];
	return p;
}

static void add_finding(struct lint_ctx *c, const char *file, long line,
			const char *sev, const char *code, const char *msg)
{
	cJSON *f;

	if (!strcmp(sev, "error"))
		c->errors++;
	else
		c->warnings++;
	if (cJSON_GetArraySize(c->findings) >= LINT_MAX_FINDINGS)
		return;
	f = cJSON_CreateObject();
	if (!f)
		return;
	json_add_str(f, "file", file ? user_path(c, file) : NULL);
	json_add_num(f, "line", (double)line);
	json_add_str(f, "severity", sev);
	json_add_str(f, "code", code);
	json_add_str(f, "message", msg);
	json_append_take(c->findings, f);
}

/* "%Warning-WIDTH: /abs/x.v:4:14: Operator ..." or "%Error: ..." */
static void parse_verilator_line(struct lint_ctx *c, char *l)
{
	char *colon, *file, *p, *end;
	const char *sev, *code = NULL;

	if (!strncmp(l, "%Warning", 8)) {
		sev = "warning";
		if (l[8] == '-')
			code = l + 9;
	} else if (!strncmp(l, "%Error", 6)) {
		sev = "error";
		if (l[6] == '-')
			code = l + 7;
	} else {
		return;
	}
	colon = strstr(l, ": ");
	if (!colon)
		return;
	*colon = '\0';
	file = colon + 2;
	if (!strncmp(file, "Exiting due to", 14))
		return;
	p = strchr(file, ':');
	if (p && p[1] >= '0' && p[1] <= '9') {
		long line = strtol(p + 1, &end, 10);

		*p = '\0';
		while (*end == ':' || (*end >= '0' && *end <= '9'))
			end++;
		while (*end == ' ')
			end++;
		add_finding(c, file, line, sev, code, end);
	} else {
		add_finding(c, NULL, 0, sev, code, file);
	}
}

/*
 * iverilog: "/abs/x.v:5: warning: Port 1 (a) ...", "/abs/x.v:8: error:
 * ...", "/abs/x.v:8: syntax error", "/abs/x.v:3: sorry: ...".
 */
static void parse_iverilog_line(struct lint_ctx *c, char *l)
{
	char *p = strstr(l, ": "), *q, *end;
	const char *sev = "error";
	long line;

	if (!p)
		return;
	*p = '\0';
	p += 2;
	q = strrchr(l, ':');
	if (!q)
		return;
	line = strtol(q + 1, &end, 10);
	if (*end || end == q + 1)
		return;
	*q = '\0';
	if (!strncmp(p, "warning: ", 9)) {
		sev = "warning";
		p += 9;
	} else if (!strncmp(p, "error: ", 7)) {
		p += 7;
	}
	add_finding(c, l, line, sev, NULL, p);
}

static void parse_output(struct lint_ctx *c, char *text, bool strict)
{
	char *l = text, *nl;

	for (; l && *l; l = nl) {
		nl = strchr(l, '\n');
		if (nl)
			*nl++ = '\0';
		if (strict)
			parse_verilator_line(c, l);
		else
			parse_iverilog_line(c, l);
	}
}

struct argv_list {
	const char **v;
	size_t n;
};

static int build_argv(struct argv_list *a, const struct lint_ctx *c,
		      struct buf *defs, bool strict)
{
	const struct gate_unit *u = c->u;
	size_t ndef = 0, max;

	while (u->defines[ndef])
		ndef++;
	max = 12 + ndef + u->nsources;
	a->v = calloc(max, sizeof(*a->v));
	if (!a->v)
		return err_set(ERR_FAIL, "out of memory");
	if (strict) {
		a->v[a->n++] = "verilator";
		a->v[a->n++] = "--lint-only";
		a->v[a->n++] = "-Wall";
		a->v[a->n++] = "-Wno-DECLFILENAME";
		a->v[a->n++] = "-Wno-fatal";
		a->v[a->n++] = "--top-module";
		a->v[a->n++] = u->top;
	} else {
		a->v[a->n++] = "iverilog";
		a->v[a->n++] = "-g2012";
		a->v[a->n++] = "-Wall";
		a->v[a->n++] = "-o";
		a->v[a->n++] = "lint.vvp";
		a->v[a->n++] = "-s";
		a->v[a->n++] = u->top;
	}
	/* "-DNAME=V" strings live in defs, NUL-separated; offsets first. */
	for (size_t i = 0; i < ndef; i++) {
		buf_addf(defs, "-D%s", u->defines[i]);
		buf_addch(defs, '\0');
	}
	for (size_t i = 0, off = 0; i < ndef; i++) {
		a->v[a->n++] = defs->data + off;
		off += strlen(defs->data + off) + 1;
	}
	for (size_t i = 0; c->abs[i]; i++)
		a->v[a->n++] = c->abs[i];
	return 0;
}

static int resolve_sources(struct lint_ctx *c)
{
	c->abs = calloc(c->u->nsources + 1, sizeof(*c->abs));
	if (!c->abs)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < c->u->nsources; i++) {
		c->abs[i] = realpath(c->u->sources[i], NULL);
		if (!c->abs[i])
			return err_set_errno(ERR_FAIL, "cannot resolve '%s'",
					     c->u->sources[i]);
	}
	return 0;
}

static int run_linter(struct lint_ctx *c, struct proc_result *res,
		      const struct gate_opts *o, bool strict)
{
	struct argv_list a = { 0 };
	struct buf defs = BUF_INIT;
	struct tmpdir tmp = TMPDIR_INIT;
	struct proc_opts po = PROC_OPTS_INIT;
	int rc;

	rc = build_argv(&a, c, &defs, strict);
	if (!rc)
		rc = tmpdir_create(&tmp, "lint");
	tmp.keep = o->keep_tmp;
	if (!rc) {
		po.argv = a.v;
		po.cwd = tmp.path;
		po.timeout_ms = c->u->timeout_s * 1000;
		po.max_output = 1u << 20;
		po.kill_on_flood = true;
		po.cpu_seconds = c->u->timeout_s + 5;
		po.mem_bytes = (size_t)4 << 30;
		po.file_bytes = (size_t)64 << 20;
		po.sandbox = o->sandbox;
		po.sandbox_dir = tmp.path;
		po.sandbox_ro = (const char *const *)c->abs;
		rc = proc_run(res, &po);
	}
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run '%s': not found",
			     a.v ? a.v[0] : "linter");
	tmpdir_remove(&tmp);
	buf_release(&defs);
	free(a.v);
	return rc;
}

static void judge(struct gate_check *k, struct lint_ctx *c,
		  const struct proc_result *res, bool strict)
{
	struct buf m = BUF_INIT;
	const char *tool = strict ? "verilator" : "iverilog";

	if (res->timed_out) {
		k->result = GATE_ERROR;
		buf_addf(&m, "%s timed out after %d s", tool, c->u->timeout_s);
	} else if (res->exit_code && !c->errors) {
		k->result = GATE_ERROR;
		buf_addf(&m, "%s exited with status %d", tool, res->exit_code);
	} else if (c->errors || res->exit_code || (strict && c->warnings)) {
		k->result = GATE_FAIL;
		k->class = strdup(c->errors || res->exit_code ? "lint/error"
							      : "lint/warning");
		buf_addf(&m, "%s: %ld error(s), %ld warning(s)", tool,
			 c->errors, c->warnings);
	} else {
		k->result = GATE_PASS;
		if (c->warnings)
			buf_addf(&m,
				 "%ld warning(s) (not failing at lint "
				 "\"normal\")",
				 c->warnings);
	}
	if (m.len)
		k->message = buf_detach(&m, NULL);
	buf_release(&m);
}

static void render_findings(struct gate_check *k, const cJSON *findings)
{
	struct buf b = BUF_INIT;
	const cJSON *f;

	cJSON_ArrayForEach(f, findings)
	{
		const char *file = json_get_string(f, "file");
		const char *code = json_get_string(f, "code");
		const char *msg = json_get_string(f, "message");
		long line = (long)json_get_number(f, "line", 0);

		if (file && !k->file) {
			k->file = strdup(file);
			k->line = line;
		}
		buf_add_escaped(&b, file ? file : "-", file ? strlen(file) : 1);
		buf_addf(&b, ":%ld: %s", line, json_get_string(f, "severity"));
		if (code)
			buf_addf(&b, " [%s]", code);
		buf_addstr(&b, ": ");
		if (msg)
			buf_add_escaped(&b, msg, strlen(msg));
		buf_addch(&b, '\n');
	}
	if (b.len)
		k->detail = buf_detach(&b, NULL);
	buf_release(&b);
}

void gate__lint(struct gate_check *k, const struct gate_unit *u,
		const struct gate_opts *o)
{
	struct lint_ctx c = { .u = u };
	struct proc_result res = PROC_RESULT_INIT;
	bool strict = u->lint == GATE_LINT_STRICT;
	cJSON *ev = NULL;
	int rc;

	c.findings = cJSON_CreateArray();
	rc = c.findings ? resolve_sources(&c)
			: err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = run_linter(&c, &res, o, strict);
	if (rc) {
		k->result = GATE_ERROR;
		k->message = gate__oneline(
			rc == ERR_INTR ? "interrupted" : err_last(), 400);
	} else {
		struct buf raw = BUF_INIT;

		buf_add_escaped(&raw, res.err.data,
				res.err.len > 4096 ? 4096 : res.err.len);
		parse_output(&c, res.err.data, strict);
		parse_output(&c, res.out.data, strict);
		judge(k, &c, &res, strict);
		render_findings(k, c.findings);
		if (!k->detail && k->result != GATE_PASS && raw.len)
			k->detail = buf_detach(&raw, NULL);
		buf_release(&raw);
		ev = cJSON_CreateObject();
		if (ev) {
			json_add_str(ev, "tool",
				     strict ? "verilator" : "iverilog");
			json_add_num(ev, "errors", (double)c.errors);
			json_add_num(ev, "warnings", (double)c.warnings);
			json_add_take(ev, "findings", c.findings);
			c.findings = NULL;
		}
		k->evidence = ev;
	}
	if (!k->file)
		k->file = strdup(u->sources[0]);
	cJSON_Delete(c.findings);
	for (size_t i = 0; c.abs && i < u->nsources; i++)
		free(c.abs[i]);
	free(c.abs);
	proc_result_release(&res);
}
