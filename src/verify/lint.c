#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * The lint stage: "normal" is iverilog -Wall (warnings are listed but do
 * not fail, errors do), "strict" is verilator --lint-only -Wall
 * -Wno-DECLFILENAME (any finding fails).  Run like every other tool,
 * through vrun_tool() (the sandbox and the standard limits) in a fresh
 * tmpdir, the design files bound read-only where they are, so messages
 * name the user's paths.
 */

#define LINT_MAX_FINDINGS 50

struct lint_ctx {
	const struct verify_opts *o;
	char **abs; /* realpath of each source (NULL-ended) */
	cJSON *findings; /* [{"file","line","severity","code","message"}] */
	long errors, warnings;
};

/* The gate file's spelling of a path the tool printed as absolute. */
static const char *user_path(const struct lint_ctx *c, const char *p)
{
	for (size_t i = 0; c->abs[i]; i++)
		if (!strcmp(c->abs[i], p))
			return c->o->files[i];
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

static int build_argv(char ***out, const struct lint_ctx *c, bool strict)
{
	const struct verify_opts *o = c->o;
	char **v = NULL;
	int rc;

	if (strict)
		rc = strv_push(&v, NULL, "verilator") ||
		     strv_push(&v, NULL, "--lint-only") ||
		     strv_push(&v, NULL, "-Wall") ||
		     strv_push(&v, NULL, "-Wno-DECLFILENAME") ||
		     strv_push(&v, NULL, "-Wno-fatal") ||
		     strv_push(&v, NULL, "--top-module") ||
		     strv_push(&v, NULL, o->top);
	else
		rc = strv_push(&v, NULL, "iverilog") ||
		     strv_push(&v, NULL, "-g2012") ||
		     strv_push(&v, NULL, "-Wall") ||
		     strv_push(&v, NULL, "-o") ||
		     strv_push(&v, NULL, "lint.vvp") ||
		     strv_push(&v, NULL, "-s") || strv_push(&v, NULL, o->top);
	for (size_t i = 0; !rc && o->defines && o->defines[i]; i++) {
		struct buf d = BUF_INIT;

		rc = buf_addf(&d, "-D%s", o->defines[i]) ||
		     strv_push(&v, NULL, d.data);
		buf_release(&d);
	}
	for (size_t i = 0; !rc && c->abs[i]; i++)
		rc = strv_push(&v, NULL, c->abs[i]);
	if (rc) {
		strv_free(v);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = v;
	return 0;
}

static int resolve_sources(struct lint_ctx *c)
{
	c->abs = calloc(c->o->nfiles + 1, sizeof(*c->abs));
	if (!c->abs)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < c->o->nfiles; i++) {
		c->abs[i] = realpath(c->o->files[i], NULL);
		if (!c->abs[i])
			return err_set_errno(ERR_FAIL, "cannot resolve '%s'",
					     c->o->files[i]);
	}
	return 0;
}

static int run_linter(struct lint_ctx *c, struct proc_result *res,
		      bool strict)
{
	struct tmpdir tmp = TMPDIR_INIT;
	char **argv = NULL;
	int rc;

	rc = build_argv(&argv, c, strict);
	if (!rc)
		rc = tmpdir_create(&tmp, "lint");
	tmp.keep = c->o->keep_tmp;
	if (!rc)
		rc = vrun_tool(res, c->o, tmp.path, (const char *const *)argv,
			       (const char *const *)c->abs, NULL, 0,
			       VRUN_FLOOD);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run '%s': not found",
			     argv ? argv[0] : "linter");
	tmpdir_remove(&tmp);
	strv_free(argv);
	return rc;
}

static int judge(struct verify_stage *out, struct lint_ctx *c,
		 const struct proc_result *res, bool strict)
{
	const char *tool = strict ? "verilator" : "iverilog";
	int t = c->o->timeout_s > 0 ? c->o->timeout_s : 60;

	if (res->timed_out)
		return verify_stage_set(out, "lint", VERIFY_ERROR, NULL,
					"%s timed out after %d s", tool, t);
	if (res->exit_code && !c->errors)
		return verify_stage_set(out, "lint", VERIFY_ERROR, NULL,
					"%s exited with status %d", tool,
					res->exit_code);
	if (c->errors || res->exit_code || (strict && c->warnings))
		return verify_stage_set(
			out, "lint", VERIFY_FAIL,
			c->errors || res->exit_code ? "lint/error"
						    : "lint/warning",
			"%s: %ld error(s), %ld warning(s)", tool, c->errors,
			c->warnings);
	if (c->warnings)
		return verify_stage_set(out, "lint", VERIFY_PASS, NULL,
					"%ld warning(s) (not failing at lint "
					"\"normal\")",
					c->warnings);
	return verify_stage_set(out, "lint", VERIFY_PASS, NULL, "%s", "");
}

int verify_lint(struct verify_stage *out, const struct verify_opts *o,
		bool strict)
{
	struct lint_ctx c = { .o = o };
	struct proc_result res = PROC_RESULT_INIT;
	struct buf raw = BUF_INIT;
	cJSON *ev = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!o->nfiles || !o->top)
		return err_set(ERR_USAGE, "lint: needs files and a top");
	c.findings = cJSON_CreateArray();
	rc = c.findings ? resolve_sources(&c)
			: err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = run_linter(&c, &res, strict);
	if (!rc) {
		rc = buf_add_escaped(&raw, res.err.data,
				     res.err.len > 4096 ? 4096 : res.err.len);
		parse_output(&c, res.err.data, strict);
		parse_output(&c, res.out.data, strict);
	}
	if (!rc)
		rc = judge(out, &c, &res, strict);
	if (!rc) {
		ev = cJSON_CreateObject();
		rc = ev ? 0 : err_set(ERR_FAIL, "out of memory");
	}
	if (!rc) {
		rc = json_add_str(ev, "tool", strict ? "verilator" : "iverilog") |
		     json_add_num(ev, "errors", (double)c.errors) |
		     json_add_num(ev, "warnings", (double)c.warnings) |
		     json_add_str(ev, "stderr", raw.data ? raw.data : "") |
		     json_add_take(ev, "findings", c.findings);
		c.findings = NULL; /* taken, even on failure */
		rc = rc ? ERR_FAIL : 0;
	}
	if (!rc) {
		out->evidence = ev;
		ev = NULL;
		out->elapsed_ms = res.elapsed_ms;
	}
	cJSON_Delete(ev);
	cJSON_Delete(c.findings);
	for (size_t i = 0; c.abs && i < o->nfiles; i++)
		free(c.abs[i]);
	free(c.abs);
	buf_release(&raw);
	proc_result_release(&res);
	if (rc)
		verify_stage_release(out);
	return rc;
}
