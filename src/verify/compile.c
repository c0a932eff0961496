#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

#define COMPILE_MAX_ERRORS 20
#define COMPILE_LOG_CAP	   8192

int verify_source_line(struct buf *out, const char *path, long line)
{
	struct buf b = BUF_INIT;
	const char *p, *end;
	long n = 1;

	buf_reset(out);
	if (line < 1 || buf_read_file(&b, path, (size_t)8 << 20)) {
		buf_release(&b);
		err_clear();
		return 0;
	}
	p = b.data;
	end = b.data + b.len;
	while (p < end && n < line) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl) {
			p = end;
			break;
		}
		p = nl + 1;
		n++;
	}
	if (p < end) {
		size_t len = strcspn(p, "\r\n");

		if (buf_add_escaped(out, p, len > 200 ? 200 : len)) {
			buf_release(&b);
			return ERR_FAIL;
		}
	}
	buf_release(&b);
	return 0;
}

/* The failure class an iverilog message stands for. */
static const char *classify(const char *msg)
{
	if (strstr(msg, "Unknown module type") || strstr(msg, "were missing"))
		return "compile/missing-module";
	if (strstr(msg, "is not a port") ||
	    strstr(msg, "Wrong number of ports") ||
	    strstr(msg, "too many ports") || strstr(msg, "port-mismatch"))
		return "compile/port-mismatch";
	if (strstr(msg, "Unable to bind") || strstr(msg, "not declared") ||
	    strstr(msg, "Unable to elaborate r-value") ||
	    strstr(msg, "undeclared"))
		return "compile/undeclared";
	if (strstr(msg, "syntax error") || strstr(msg, "Syntax"))
		return "compile/syntax";
	return "compile/elab";
}

struct cparse {
	const char *const *files;
	size_t nfiles;
	const char *prefix;
	cJSON *errors, *warnings;
	const char *class;
	char *first;
	size_t nerr;
};

/* One "file:line: [error: |warning: ]message" line. */
static int parse_line(struct cparse *cp, const char *line, size_t len)
{
	struct buf file = BUF_INIT, msg = BUF_INIT, src = BUF_INIT;
	const char *c1 = memchr(line, ':', len), *upath;
	bool warn;
	char *end;
	long ln;
	cJSON *e, *arr;
	int rc = 0;

	if (!c1 || c1 == line)
		return 0;
	errno = 0;
	ln = strtol(c1 + 1, &end, 10);
	if (errno || end == c1 + 1 || (size_t)(end - line) >= len ||
	    *end != ':')
		return 0;
	if (buf_add(&file, line, (size_t)(c1 - line)) ||
	    buf_add_escaped(&msg, end + 1, len - (size_t)(end + 1 - line))) {
		rc = ERR_FAIL;
		goto out;
	}
	buf_rtrim(&msg);
	while (msg.data[0] == ' ')
		memmove(msg.data, msg.data + 1, msg.len--);
	warn = !strncmp(msg.data, "warning:", 8);
	upath = vrun_user_path(file.data, cp->files, cp->nfiles, cp->prefix);
	if (!warn && !cp->class) {
		cp->class = classify(msg.data);
		free(cp->first);
		cp->first = NULL;
		{
			struct buf f = BUF_INIT;

			if (!buf_addf(&f, "%s:%ld: %s", upath, ln, msg.data))
				cp->first = buf_detach(&f, NULL);
			buf_release(&f);
		}
	}
	arr = warn ? cp->warnings : cp->errors;
	if (!warn)
		cp->nerr++;
	if (cJSON_GetArraySize(arr) >= COMPILE_MAX_ERRORS)
		goto out;
	if (upath != file.data)
		rc = verify_source_line(&src, upath, ln);
	e = cJSON_CreateObject();
	if (rc || !e || json_append_take(arr, e)) {
		rc = ERR_FAIL;
		goto out;
	}
	if (json_add_str(e, "file", upath) || json_add_num(e, "line", ln) ||
	    json_add_str(e, "message", msg.data) ||
	    json_add_str(e, "source", src.data))
		rc = ERR_FAIL;
out:
	buf_release(&file);
	buf_release(&msg);
	buf_release(&src);
	return rc;
}

static int parse_log(struct cparse *cp, const char *log, size_t len)
{
	const char *p = log, *end = log + len;
	int rc = 0;

	while (p < end && !rc) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		rc = parse_line(cp, p, n);
		p += n + 1;
	}
	return rc;
}

static int add_define_args(char ***argv, const struct verify_opts *o,
			   const char *flag)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; o->defines && o->defines[i] && !rc; i++) {
		buf_reset(&b);
		rc = buf_addf(&b, "%s%s", flag, o->defines[i]);
		if (!rc)
			rc = strv_push(argv, NULL, b.data);
	}
	buf_release(&b);
	return rc;
}

int verify_iverilog_argv(char ***out, const struct verify_opts *o,
			 const char *outfile, const char *top,
			 const char *const *files, const char *const *incdirs,
			 bool wall)
{
	char **v = calloc(1, sizeof(*v));
	struct buf b = BUF_INIT;
	int rc = v ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc)
		rc = strv_push(&v, NULL, "iverilog") ||
		     strv_push(&v, NULL, "-g2012") ||
		     (wall && strv_push(&v, NULL, "-Wall")) ||
		     strv_push(&v, NULL, "-o") || strv_push(&v, NULL, outfile);
	if (!rc && top)
		rc = strv_push(&v, NULL, "-s") || strv_push(&v, NULL, top);
	if (!rc)
		rc = add_define_args(&v, o, "-D");
	for (size_t i = 0; !rc && incdirs && incdirs[i]; i++) {
		buf_reset(&b);
		rc = buf_addf(&b, "-I%s", incdirs[i]);
		if (!rc)
			rc = strv_push(&v, NULL, b.data);
	}
	for (size_t i = 0; !rc && files[i]; i++)
		rc = strv_push(&v, NULL, files[i]);
	buf_release(&b);
	if (rc) {
		strv_free(v);
		return ERR_FAIL;
	}
	*out = v;
	return 0;
}

static int compile_verdict(struct verify_stage *out, struct proc_result *r,
			   const struct verify_opts *o)
{
	struct cparse cp = { .files = o->files,
			     .nfiles = o->nfiles,
			     .prefix = "d" };
	int rc;

	cp.errors = cJSON_CreateArray();
	cp.warnings = cJSON_CreateArray();
	out->evidence = cJSON_CreateObject();
	if (!cp.errors || !cp.warnings || !out->evidence) {
		cJSON_Delete(cp.errors);
		cJSON_Delete(cp.warnings);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = parse_log(&cp, r->err.data, r->err.len);
	if (!rc)
		rc = parse_log(&cp, r->out.data, r->out.len);
	rc |= json_add_take(out->evidence, "errors", cp.errors);
	rc |= json_add_take(out->evidence, "warnings", cp.warnings);
	rc |= json_add_take(
		out->evidence, "log",
		verify_json_excerpt(r->err.data, r->err.len, COMPILE_LOG_CAP));
	if (rc)
		goto out;
	if (r->timed_out)
		rc = verify_stage_set(
			out, "compile", VERIFY_INCONCLUSIVE, "compile/timeout",
			"iverilog did not finish in %d s", o->timeout_s);
	else if (r->exit_code == 0 && !cp.nerr)
		rc = verify_stage_set(out, "compile", VERIFY_PASS, NULL,
				      "compiled and elaborated as %s", o->top);
	else if (cp.class)
		rc = verify_stage_set(out, "compile", VERIFY_FAIL, cp.class,
				      "%s", cp.first ? cp.first : "error");
	else
		rc = verify_stage_set(out, "compile", VERIFY_FAIL,
				      "compile/elab",
				      "iverilog failed (exit %d) without a "
				      "located error",
				      r->exit_code);
out:
	free(cp.first);
	return rc ? ERR_FAIL : 0;
}

int verify_compile_in(struct verify_stage *out, const struct verify_opts *o,
		      const char *dir, const char *const *names)
{
	struct proc_result r = PROC_RESULT_INIT;
	char **argv = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = verify_iverilog_argv(&argv, o, "dut.vvp", o->top, names, NULL,
				  true);
	if (!rc)
		rc = vrun_tool(&r, o, dir, (const char *const *)argv, NULL,
			       NULL, 0, 0);
	if (!rc)
		rc = compile_verdict(out, &r, o);
	out->elapsed_ms = r.elapsed_ms;
	if (rc)
		verify_stage_release(out);
	strv_free(argv);
	proc_result_release(&r);
	return rc;
}

int verify_compile(struct verify_stage *out, const struct verify_opts *o)
{
	struct tmpdir td = TMPDIR_INIT;
	char **names = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = tmpdir_create(&td, "compile");
	if (rc)
		return rc;
	td.keep = o->keep_tmp;
	rc = vrun_copy_inputs(&names, td.path, o->files, o->nfiles, "d");
	if (!rc)
		rc = verify_compile_in(out, o, td.path,
				       (const char *const *)names);
	strv_free(names);
	tmpdir_remove(&td);
	return rc;
}
