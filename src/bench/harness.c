#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench-int.h"
#include "synth/synth.h"
#include "verify/verify.h"

/*
 * The harness for one candidate.  The verdict channel: the trusted
 * testbench text is rewritten so that its harness modules and instances
 * carry a per-run nonce in their names (a candidate cannot instantiate
 * RefModule or reach tb.good1) and every report string it prints starts
 * with the nonce.  After compilation the sources and the compiled program
 * are deleted from the run directory and the program is fed to
 * `vvp /dev/stdin`, so nothing the design can read holds the nonce; only
 * output lines carrying it are parsed.  The candidate is screened before
 * any of this (no $finish/$fatal, file I/O, plusargs, `include,
 * hierarchical references, harness module definitions).
 */

#define NONCE_HEX      24
#define SIM_MAX_OUTPUT (1u << 20)

void bench__outcome_release(struct bench_outcome *o)
{
	free(o->class);
	free(o->summary);
	cJSON_Delete(o->evidence);
	cJSON_Delete(o->ppa);
	cJSON_Delete(o->notes);
	memset(o, 0, sizeof(*o));
}

/* ---- text rewriting ------------------------------------------------------ */

/* Length of a comment or string starting at p, 0 if none. */
static size_t skip_lexical(const char *p)
{
	const char *q;

	if (p[0] == '/' && p[1] == '/') {
		q = strchr(p, '\n');
		return q ? (size_t)(q - p) : strlen(p);
	}
	if (p[0] == '/' && p[1] == '*') {
		q = strstr(p + 2, "*/");
		return q ? (size_t)(q + 2 - p) : strlen(p);
	}
	if (p[0] == '"') {
		q = p + 1;
		while (*q && *q != '"' && *q != '\n') {
			if (*q == '\\' && q[1])
				q++;
			q++;
		}
		return (size_t)(q - p) + (*q == '"');
	}
	return 0;
}

int bench__rename(struct buf *out, const char *text, const char *const *names,
		  const char *suffix)
{
	const char *p = text;
	int rc = 0;

	while (*p && !rc) {
		size_t n = skip_lexical(p);

		if (n) {
			rc = buf_add(out, p, n);
			p += n;
			continue;
		}
		if (!bench__is_ident(*p) ||
		    (p > text && bench__is_ident(p[-1]))) {
			rc = buf_addch(out, *p++);
			continue;
		}
		n = 0;
		while (bench__is_ident(p[n]))
			n++;
		rc = buf_add(out, p, n);
		for (size_t i = 0; !rc && names[i]; i++)
			if (strlen(names[i]) == n && !memcmp(p, names[i], n))
				rc = buf_addstr(out, suffix);
		p += n;
	}
	return rc ? ERR_FAIL : 0;
}

static const char *const stamped[] = {
	"$display", "$displayb", "$displayh", "$displayo", "$strobe",
	"$error",   "$fatal",	 "$warning",  "$info",	   NULL,
};

static const char *const dumps[] = {
	"$dumpfile", "$dumpvars",  "$dumpon",	 "$dumpoff",
	"$dumpall",  "$dumplimit", "$dumpflush", NULL,
};

static bool word_in(const char *p, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(p, list[i], n))
			return true;
	return false;
}

/* After a system task name: the end of its "( ... )" argument list. */
static const char *args_end(const char *p)
{
	int depth = 0;
	const char *q = p;

	while (*q == ' ' || *q == '\t')
		q++;
	if (*q != '(')
		return p;
	while (*q) {
		size_t n = skip_lexical(q);

		if (n) {
			q += n;
			continue;
		}
		if (*q == '(')
			depth++;
		else if (*q == ')' && --depth == 0)
			return q + 1;
		else if (*q == ';')
			return p; /* unbalanced: leave it alone */
		q++;
	}
	return p;
}

/* Copy a stamped task's argument list, nonce after its first quote. */
static int stamp_args(struct buf *out, const char *p, const char *end,
		      const char *nonce)
{
	const char *q = p;
	bool done = false;
	int rc = 0;

	while (q < end && !rc) {
		if (!done && *q == '"') {
			size_t n = skip_lexical(q);

			rc = buf_addch(out, '"') | buf_addstr(out, nonce) |
			     buf_addch(out, ' ') | buf_add(out, q + 1, n - 1);
			q += n;
			done = true;
			continue;
		}
		rc = buf_addch(out, *q++);
	}
	return rc;
}

static int mark_end(struct buf *out, const char *task, size_t n,
		    const char **pp, const char *nonce)
{
	const char *p = *pp, *end = args_end(p), *q = end;

	while (*q == ' ' || *q == '\t')
		q++;
	if (*q != ';')
		return buf_add(out, task, n); /* not a plain statement */
	*pp = q + 1;
	return buf_addf(out, "begin $display(\"%s END\"); ", nonce) |
	       buf_add(out, task, n) | buf_add(out, p, (size_t)(end - p)) |
	       buf_addstr(out, "; end");
}

int bench__stamp(struct buf *out, const char *text, const char *nonce,
		 unsigned flags)
{
	const char *p = text;
	int rc = 0;

	while (*p && !rc) {
		size_t n = skip_lexical(p);
		const char *end;

		if (n) {
			rc = buf_add(out, p, n);
			p += n;
			continue;
		}
		if (*p != '$' || (p > text && bench__is_ident(p[-1]))) {
			rc = buf_addch(out, *p++);
			continue;
		}
		n = 1;
		while (bench__is_ident(p[n]))
			n++;
		if (word_in(p, n, stamped)) {
			end = args_end(p + n);
			rc = buf_add(out, p, n) |
			     stamp_args(out, p + n, end, nonce);
			p = end;
		} else if ((flags & BENCH_STAMP_DROP_DUMP) &&
			   word_in(p, n, dumps)) {
			p = args_end(p + n); /* leaves a null statement */
		} else if ((flags & BENCH_STAMP_MARK_END) && n == 7 &&
			   !memcmp(p, "$finish", 7)) {
			const char *task = p;

			p += n;
			rc = mark_end(out, task, n, &p, nonce);
		} else {
			rc = buf_add(out, p, n);
			p += n;
		}
	}
	return rc ? ERR_FAIL : 0;
}

int bench__ref_as_candidate(struct buf *out, const struct bench_task *t)
{
	const char *const names[] = { t->ref_top, NULL };
	struct buf tmp = BUF_INIT;
	const char *p;
	int rc;

	if (!t->ref_top)
		return buf_addstr(out, t->ref_text);
	/* RefModule -> TopModule: rename to a marker, then to top. */
	rc = bench__rename(&tmp, t->ref_text, names, "\001");
	for (p = tmp.data; !rc && *p; p++) {
		size_t n = strlen(t->ref_top);

		if (p[0] != '\001')
			rc = buf_addch(out, *p);
		else if (out->len >= n) {
			buf_setlen(out, out->len - n);
			rc = buf_addstr(out, t->top);
		}
	}
	buf_release(&tmp);
	return rc ? ERR_FAIL : 0;
}

/* ---- the runs ------------------------------------------------------------ */

struct run {
	const struct bench_judge *j;
	struct bench_outcome *out;
	struct tmpdir dir;
	char nonce[NONCE_HEX + 1];
	char suffix[NONCE_HEX + 2];
	char tb_top[256];
};

static int set_result(struct bench_outcome *out, const char *class,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_result(struct bench_outcome *out, const char *class,
		      const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(&b, fmt, ap);
	va_end(ap);
	free(out->class);
	free(out->summary);
	out->pass = class == NULL;
	out->class = class ? strdup(class) : NULL;
	out->summary = buf_detach(&b, NULL);
	if (rc || (class && !out->class) || !out->summary)
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

static int write_in(struct run *r, const char *name, const char *text)
{
	char *p = tmpdir_file(&r->dir, name);
	int rc;

	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_write_file(p, text, strlen(text));
	free(p);
	return rc;
}

/* $finish, $stop, $fatal, $exit end the simulation: a cheat, not I/O. */
static const char *screen_class(const struct verify_stage *st)
{
	static const char *const enders[] = { "$finish", "$stop", "$fatal",
					      "$exit", NULL };
	const cJSON *v = json_get_array(st->evidence, "violations");
	const char *tok =
		v && v->child ? json_get_string(v->child, "token") : NULL;
	const char *cls = st->class ? st->class : "sandbox/violation";

	if (!tok || strcmp(cls, "sandbox/violation"))
		return cls;
	for (size_t i = 0; enders[i]; i++)
		if (!strcmp(tok, enders[i]))
			return "cheat/forbidden-task";
	return cls;
}

static int do_screen(struct run *r, bool *ok)
{
	const struct bench_task *t = r->j->task;
	const char *forbidden[] = { t->tb_top, "stimulus_gen",
				    t->ref_top ? t->ref_top : NULL, NULL };
	struct verify_opts vo = VERIFY_OPTS_INIT;
	struct verify_stage st;
	char *file = tmpdir_file(&r->dir, "cand.sv");
	const char *files[1];
	int rc;

	if (!file)
		return err_set(ERR_FAIL, "out of memory");
	files[0] = file;
	vo.files = files;
	vo.nfiles = 1;
	vo.top = t->top;
	rc = verify_screen(&st, &vo, forbidden);
	free(file);
	if (rc)
		return rc;
	*ok = st.status == VERIFY_PASS;
	if (!*ok) {
		const char *sum = st.summary ? st.summary : "screen failed";
		size_t dl = strlen(r->dir.path);

		/* the run directory's name means nothing to a reader */
		if (!strncmp(sum, r->dir.path, dl) && sum[dl] == '/')
			sum += dl + 1;
		rc = set_result(r->out, screen_class(&st), "%s", sum);
		if (!rc && st.evidence) {
			r->out->evidence = st.evidence;
			st.evidence = NULL;
		}
	}
	verify_stage_release(&st);
	return rc;
}

/* Harness text: tb (and reference) with the nonce names and stamps. */
static int prepare(struct run *r)
{
	const struct bench_task *t = r->j->task;
	const char *names[8] = { t->tb_top, NULL };
	struct buf renamed = BUF_INIT, tb = BUF_INIT, ref = BUF_INIT;
	bool ve = r->j->suite->format == BENCH_FMT_VERILOGEVAL;
	unsigned flags = ve ? BENCH_STAMP_DROP_DUMP : BENCH_STAMP_MARK_END;
	int rc;

	if (ve) {
		names[1] = t->ref_top;
		names[2] = "stimulus_gen";
		names[3] = "good1";
		names[4] = "stim1";
		names[5] = "top_module1";
	}
	rc = bench__rename(&renamed, t->tb_text, names, r->suffix);
	if (!rc)
		rc = bench__stamp(&tb, renamed.data, r->nonce, flags);
	if (!rc)
		rc = write_in(r, "tb.sv", tb.data);
	if (!rc && t->nfiles)
		rc = bench__write_files(r->dir.path, t);
	if (!rc && ve) {
		const char *refnames[] = { t->ref_top, NULL };

		rc = bench__rename(&ref, t->ref_text, refnames, r->suffix);
		if (!rc)
			rc = write_in(r, "ref.sv", ref.data);
	}
	if (!rc && (size_t)snprintf(r->tb_top, sizeof(r->tb_top), "%s%s",
				    t->tb_top, r->suffix) >= sizeof(r->tb_top))
		rc = err_set(ERR_USAGE, "testbench top name too long");
	buf_release(&renamed);
	buf_release(&tb);
	buf_release(&ref);
	return rc;
}

static void sandbox_opts(struct proc_opts *po, const struct run *r)
{
	po->cwd = r->dir.path;
	po->sandbox_dir = r->dir.path;
	po->sandbox = r->j->sandbox;
}

/* Compile errors by iverilog's own message shapes. */
static const char *compile_class(const char *log, const struct bench_task *t)
{
	const char *m = strstr(log, "Unknown module type: ");

	if (m) {
		m += strlen("Unknown module type: ");
		if ((t->ref_top &&
		     !strncmp(m, t->ref_top, strlen(t->ref_top)) &&
		     !bench__is_ident(m[strlen(t->ref_top)])) ||
		    !strncmp(m, "stimulus_gen", 12) ||
		    (!strncmp(m, t->tb_top, strlen(t->tb_top)) &&
		     !bench__is_ident(m[strlen(t->tb_top)])))
			return "cheat/harness-module";
	}
	if (strstr(log, "syntax error") || strstr(log, "I give up"))
		return "compile/syntax";
	if (strstr(log, "Unable to bind"))
		return "compile/undeclared";
	if (strstr(log, "is not a port of") ||
	    strstr(log, "Wrong number of ports") || strstr(log, "port ``"))
		return "compile/port-mismatch";
	if (m || strstr(log, "were missing"))
		return "compile/missing-module";
	return "compile/elab";
}

/* Remove every "_<nonce>" so messages read as the suite wrote them. */
static void unnonce(struct buf *b, const char *suffix)
{
	size_t n = strlen(suffix), w = 0;

	for (size_t i = 0; i < b->len;) {
		if (i + n <= b->len && !memcmp(b->data + i, suffix, n)) {
			i += n;
			continue;
		}
		b->data[w++] = b->data[i++];
	}
	buf_setlen(b, w);
}

static int compile_evidence(struct run *r, struct proc_result *pr)
{
	struct buf first = BUF_INIT, log = BUF_INIT;
	const char *e = pr->err.len ? pr->err.data : pr->out.data;
	size_t n = strcspn(e, "\n");
	int rc;

	rc = buf_add_escaped(&first, e, n > 300 ? 300 : n) |
	     buf_add_escaped(&log, e, strlen(e) > 4000 ? 4000 : strlen(e));
	if (!rc)
		rc = set_result(r->out, compile_class(e, r->j->task),
				"compile failed: %s", first.data);
	if (!rc) {
		r->out->evidence = cJSON_CreateObject();
		rc = !r->out->evidence ||
		     json_add_str(r->out->evidence, "log", log.data) ||
		     json_add_num(r->out->evidence, "exit", pr->exit_code);
	}
	buf_release(&first);
	buf_release(&log);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/*
 * Compile and simulate in one sandbox start: the shell deletes the
 * sources, opens the compiled program as standard input and deletes it
 * too before vvp starts, so no file the design could read holds the
 * nonce.  A compile failure is exit 97 plus the nonce marker on stderr.
 */
static int script(struct buf *b, const struct run *r, int tmo)
{
	bool ve = r->j->suite->format == BENCH_FMT_VERILOGEVAL;

	return buf_addf(b,
			"iverilog -Wall -Winfloop -Wno-timescale -g2012 "
			"-s %s -o x tb.sv cand.sv%s >&2 || "
			"{ echo '%s COMPILE-FAILED' >&2; exit 97; }\n"
			"rm -f tb.sv ref.sv cand.sv\n"
			"exec 0<x\n"
			"rm -f x\n"
			"exec timeout -k 1 %d vvp -n /dev/stdin\n",
			r->tb_top, ve ? " ref.sv" : "", r->nonce, tmo);
}

/* Drop our marker line (the nonce also appears inside harness names). */
static void strip_marker(struct buf *log, const char *nonce)
{
	struct buf m = BUF_INIT;
	char *hit;

	if (buf_addf(&m, "%s COMPILE-FAILED", nonce))
		return;
	hit = strstr(log->data, m.data);
	if (hit)
		buf_setlen(log, (size_t)(hit - log->data));
	buf_release(&m);
}

/* Lines carrying the nonce, with the nonce and one space removed. */
static int nonce_lines(cJSON **out, const char *text, const char *nonce)
{
	const char *p = text;
	size_t nl = strlen(nonce);

	*out = cJSON_CreateArray();
	if (!*out)
		return err_set(ERR_FAIL, "out of memory");
	while (*p) {
		size_t n = strcspn(p, "\n");
		const char *hit = NULL, *q = p;

		/* the last occurrence on the line starts the trusted text */
		while ((q = memmem(q, (size_t)(p + n - q), nonce, nl)) !=
		       NULL) {
			hit = q;
			q += nl;
		}
		if (hit) {
			struct buf b = BUF_INIT;
			const char *s = hit + nl + (hit[nl] == ' ');

			buf_add(&b, s, (size_t)(p + n - s));
			buf_rtrim(&b);
			cJSON_AddItemToArray(*out, cJSON_CreateString(b.data));
			buf_release(&b);
		}
		p += n + (p[n] == '\n');
	}
	return 0;
}

static bool any_line(const cJSON *lines, const char *word, bool nocase)
{
	for (const cJSON *l = lines->child; l; l = l->next)
		if (cJSON_IsString(l) &&
		    (nocase ? strcasestr(l->valuestring, word)
			    : strstr(l->valuestring, word)))
			return true;
	return false;
}

static bool has_line(const cJSON *lines, const char *want)
{
	for (const cJSON *l = lines->child; l; l = l->next)
		if (cJSON_IsString(l) && !strcmp(l->valuestring, want))
			return true;
	return false;
}

static int judge_ve(struct run *r, const cJSON *lines)
{
	long mism = -1, samples = -1;

	for (const cJSON *l = lines->child; l; l = l->next) {
		const char *s = l->valuestring;
		char *end;

		if (strncmp(s, "Mismatches: ", 12))
			continue;
		mism = strtol(s + 12, &end, 10);
		if (strncmp(end, " in ", 4))
			continue;
		samples = strtol(end + 4, &end, 10);
	}
	r->out->samples = samples;
	if (any_line(lines, "TIMEOUT", false))
		return set_result(r->out, "sim/timeout",
				  "testbench watchdog fired (TIMEOUT)");
	if (mism < 0 || samples < 0)
		return set_result(r->out, "sim/incomplete",
				  "the testbench printed no final report");
	if (mism > 0)
		return set_result(r->out, "sim/mismatch",
				  "%ld mismatches in %ld samples", mism,
				  samples);
	if (samples == 0 ||
	    (r->j->expect_samples >= 0 && samples != r->j->expect_samples))
		return set_result(r->out, "sim/incomplete",
				  "%ld samples compared, the reference gives "
				  "%ld",
				  samples, r->j->expect_samples);
	return set_result(r->out, NULL, "0 mismatches in %ld samples", samples);
}

static int judge_rtllm(struct run *r, const cJSON *lines)
{
	struct rtllm_verdict v;

	/* the words each RTLLM testbench prints: see rtllm.c */
	bench__rtllm_verdict(&v, lines);
	if (v.failures)
		return set_result(r->out, "sim/mismatch",
				  "the testbench reported: %.200s",
				  v.first_failure);
	if (!v.passes)
		return set_result(r->out, "sim/incomplete",
				  "the testbench printed neither its pass "
				  "line nor a failure");
	return set_result(r->out, NULL, "the testbench printed its pass line");
}

static bool raw_line_starts(const char *text, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = text; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (!strncmp(p, prefix, n))
			return true;
	}
	return false;
}

static int judge_native(struct run *r, const cJSON *lines,
			const struct proc_result *pr)
{
	/* a failing assert prints ERROR: without the nonce; a design may
	 * fail itself this way, never pass */
	if (pr->exit_code || any_line(lines, "ERROR", false) ||
	    raw_line_starts(pr->out.data, "ERROR:") ||
	    raw_line_starts(pr->out.data, "FATAL:")) {
		if (any_line(lines, "timeout", true))
			return set_result(r->out, "sim/timeout",
					  "testbench watchdog fired");
		if (any_line(lines, "MISMATCH", true))
			return set_result(r->out, "sim/mismatch",
					  "the testbench found mismatches");
		return set_result(r->out, "sim/runtime-error",
				  "simulation exited with status %d",
				  pr->exit_code);
	}
	if (r->j->expect_end && !r->out->end_seen)
		return set_result(r->out, "sim/incomplete",
				  "the testbench did not reach its end");
	return set_result(r->out, NULL, "testbench passed");
}

static int sim_evidence(struct run *r, const struct proc_result *pr,
			cJSON *lines)
{
	struct buf out = BUF_INIT;
	cJSON *ev = cJSON_CreateObject();
	size_t cap = pr->out.len > 2000 ? 2000 : pr->out.len;
	int bad;

	bad = !ev || buf_add_escaped(&out, pr->out.data, cap);
	if (!bad && r->out->samples >= 0)
		bad = json_add_num(ev, "samples", (double)r->out->samples);
	if (!bad)
		bad = json_add_num(ev, "exit", pr->exit_code);
	if (!bad && !r->out->pass)
		bad = json_add_str(ev, "output", out.data);
	if (!bad) {
		/* at most 10 trusted lines: mismatch tables stay readable */
		while (cJSON_GetArraySize(lines) > 10)
			cJSON_DeleteItemFromArray(lines, 10);
		bad = json_add_take(ev, "report", cJSON_Duplicate(lines, 1));
	}
	buf_release(&out);
	if (bad) {
		cJSON_Delete(ev);
		return err_set(ERR_FAIL, "out of memory");
	}
	cJSON_Delete(r->out->evidence);
	r->out->evidence = ev;
	return 0;
}

static int sim_class(struct run *r, const struct proc_result *pr,
		     const cJSON *lines, int tmo)
{
	if (pr->timed_out || pr->exit_code == 124 || pr->exit_code == 137)
		return set_result(r->out, "sim/timeout",
				  "simulation ran past %d s", tmo);
	if (pr->flooded)
		return set_result(r->out, "sim/flood",
				  "simulation printed more than %u bytes",
				  SIM_MAX_OUTPUT);
	if (pr->signal)
		return set_result(r->out, "sim/runtime-error",
				  "vvp died of signal %d", pr->signal);
	if (r->j->suite->format == BENCH_FMT_VERILOGEVAL)
		return judge_ve(r, lines);
	if (r->j->suite->format == BENCH_FMT_RTLLM)
		return judge_rtllm(r, lines);
	return judge_native(r, lines, pr);
}

static int do_run(struct run *r)
{
	const struct bench_task *t = r->j->task;
	int tmo = t->timeout_s > 0 ? t->timeout_s : r->j->timeout_s;
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_result pr = PROC_RESULT_INIT;
	struct buf sh = BUF_INIT;
	const char *argv[] = { "sh", "-c", NULL, NULL };
	cJSON *lines = NULL;
	int rc;

	rc = script(&sh, r, tmo);
	argv[2] = sh.data;
	po.argv = argv;
	po.timeout_ms = (tmo + 120) * 1000;
	po.max_output = SIM_MAX_OUTPUT;
	po.kill_on_flood = true;
	po.cpu_seconds = tmo + 60;
	po.file_bytes = 64u << 20;
	po.sandbox_proc = true; /* /dev/stdin is /proc/self/fd/0 */
	sandbox_opts(&po, r);
	if (!rc)
		rc = proc_run(&pr, &po);
	r->out->sim_ms = pr.elapsed_ms;
	if (!rc && pr.exit_code == 97 && strstr(pr.err.data, r->nonce)) {
		strip_marker(&pr.err, r->nonce);
		unnonce(&pr.err, r->suffix);
		rc = compile_evidence(r, &pr);
	} else if (!rc) {
		rc = nonce_lines(&lines, pr.out.data, r->nonce);
		if (!rc) {
			r->out->end_seen = has_line(lines, "END");
			rc = sim_class(r, &pr, lines, tmo);
		}
		/* iverilog only warns about port widths: a failing sample
		 * with such a warning has the wrong interface */
		if (!rc && !r->out->pass &&
		    strstr(pr.err.data, "warning: Port ") &&
		    strstr(pr.err.data, " expects "))
			rc = set_result(r->out, "compile/port-mismatch",
					"port width differs from the "
					"testbench's (%s)",
					r->out->summary);
		if (!rc)
			rc = sim_evidence(r, &pr, lines);
	}
	cJSON_Delete(lines);
	buf_release(&sh);
	proc_result_release(&pr);
	return rc;
}

static int note(struct run *r, const char *what)
{
	if (!r->out->notes)
		r->out->notes = cJSON_CreateArray();
	if (!r->out->notes)
		return err_set(ERR_FAIL, "out of memory");
	return json_append_take(r->out->notes, cJSON_CreateString(what));
}

/*
 * Native suites: a latch the reference does not have fails the sample
 * (synth/latch); going over the task's PPA budget is a note only.
 */
static int ppa_findings(struct run *r, const struct synth_stats *st)
{
	const cJSON *b = r->j->task->ppa_budget;
	bool over;

	if (r->j->suite->format != BENCH_FMT_NATIVE || !r->j->ref_ppa)
		return 0;
	if (st->latches > 0 &&
	    json_get_number(r->j->ref_ppa, "latches", 0) == 0)
		return set_result(r->out, "synth/latch",
				  "Yosys infers %ld latch(es); the reference "
				  "has none",
				  st->latches);
	over = (double)st->cells > json_get_number(b, "max_cells", 1e18) ||
	       (double)st->flops > json_get_number(b, "max_flops", 1e18) ||
	       (double)st->logic_depth >
		       json_get_number(b, "max_depth", 1e18) ||
	       st->area > json_get_number(b, "max_area", 1e18);
	return over ? note(r, "ppa/over-budget") : 0;
}

/* Stats this code already has (the PPA cache): findings without Yosys. */
static int known_ppa(struct run *r)
{
	const cJSON *k = r->j->ppa_known;
	struct synth_stats st = {
		.cells = (long)json_get_number(k, "cells", 0),
		.flops = (long)json_get_number(k, "flops", 0),
		.latches = (long)json_get_number(k, "latches", 0),
		.logic_depth = (long)json_get_number(k, "logic_depth", 0),
		.area = json_get_number(k, "transistors", 0),
	};

	r->out->ppa = cJSON_Duplicate(k, 1);
	if (!r->out->ppa)
		return err_set(ERR_FAIL, "out of memory");
	return ppa_findings(r, &st);
}

static int do_ppa(struct run *r)
{
	struct synth_opts so = SYNTH_OPTS_INIT;
	struct synth_report rep = SYNTH_REPORT_INIT;
	char *file = tmpdir_file(&r->dir, "cand.sv");
	const char *files[1];
	int rc;

	if (r->j->ppa_known) {
		free(file);
		return known_ppa(r);
	}
	if (!file)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_write_file(file, r->j->code, strlen(r->j->code));
	files[0] = file;
	so.files = files;
	so.nfiles = 1;
	so.top = r->j->task->top;
	so.sandbox = r->j->sandbox;
	so.allow_latches = true;
	so.allow_undriven = true;
	if (!rc)
		rc = synth_run(&rep, &so);
	r->out->synth_ms = rep.elapsed_ms;
	if (!rc && rep.ok) {
		r->out->ppa = synth_stats_json(&rep.stats);
		rc = ppa_findings(r, &rep.stats);
	} else if (!rc)
		log_debug("ppa: %s", rep.summary ? rep.summary : "failed");
	if (rc == ERR_TIMEOUT || rc == ERR_FAIL)
		rc = 0; /* PPA is informational: the verdict stands */
	synth_report_release(&rep);
	free(file);
	return rc;
}

int bench__judge(struct bench_outcome *out, const struct bench_judge *j)
{
	struct run r = {
		.j = j,
		.out = out,
		.dir = TMPDIR_INIT,
	};
	bool ok = false;
	int rc;

	memset(out, 0, sizeof(*out));
	out->samples = -1;
	rc = random_hex(r.nonce, NONCE_HEX);
	if (!rc) {
		snprintf(r.suffix, sizeof(r.suffix), "_%s", r.nonce);
		rc = tmpdir_create(&r.dir, "bench");
	}
	r.dir.keep = j->keep_tmp;
	if (!rc)
		rc = write_in(&r, "cand.sv", j->code);
	if (!rc)
		rc = do_screen(&r, &ok);
	if (!rc && ok)
		rc = prepare(&r);
	if (!rc && ok)
		rc = do_run(&r);
	if (!rc && out->pass && j->ppa)
		rc = do_ppa(&r);
	tmpdir_remove(&r.dir);
	return rc;
}
