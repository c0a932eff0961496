#include "config.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify/verify-int.h"

/*
 * verify_run(): one candidate against a suite's trusted testbench
 * (VerilogEval, RTLLM, native).  The verdict channel:
 *
 *  - the testbench and reference are rewritten so that their harness
 *    modules and instances carry a per-run *name secret* (the candidate
 *    cannot instantiate RefModule or reach tb.good1, and `%m` shows only
 *    the name secret), and every report string they print starts with a
 *    different per-run *nonce*, which appears in no name, parameter or
 *    string the candidate's scope can read;
 *  - after compilation the sources and the compiled program are deleted
 *    from the run directory and the program is fed to `vvp /dev/stdin`,
 *    so no file the design could read holds the nonce;
 *  - in the output, the text after the nonce is the testbench's; any
 *    other line is the candidate's, and one shaped like a result (a
 *    "Mismatches:" line, a pass banner, an END marker) is tampering.
 *
 * No shell: iverilog and vvp are two argv runs, each with the limits of
 * vrun_limits().
 */

#define NONCE_HEX  24
#define SECRET_HEX 16

struct result {
	bool pass;
	char *class;   /* NULL on pass */
	char *summary; /* one line */
	long samples;  /* VerilogEval compared samples, -1 if unknown */
	bool end_seen;
};

struct run {
	const struct verify_job *j;
	struct result *out;
	struct tmpdir dir;
	char nonce[NONCE_HEX + 1];
	char suffix[SECRET_HEX + 3]; /* "_h<secret>" */
	char tb_top[256];
	cJSON *tampered; /* result-shaped lines the candidate printed */
	struct buf cerr; /* iverilog's messages (warnings on success) */
	char **cands;    /* candidate file names in dir, NULL-ended */
};

static int set_result(struct result *out, const char *class,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_result(struct result *out, const char *class,
		      const char *fmt, ...)
{
	va_list ap;

	free(out->class);
	free(out->summary);
	va_start(ap, fmt);
	out->summary = str_vfmt(fmt, ap);
	va_end(ap);
	out->pass = class == NULL;
	out->class = class ? strdup(class) : NULL;
	if ((class && !out->class) || !out->summary)
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

/* A display name usable as a file name in the run dir, or NULL. */
static bool plain_name(const char *n)
{
	if (!n || !*n || *n == '.' || strlen(n) > 64)
		return false;
	for (; *n; n++)
		if (!vlex_ident_char((unsigned char)*n) && *n != '.' && *n != '-')
			return false;
	return true;
}

static int write_candidate(struct run *r)
{
	const struct verify_job *j = r->j;
	int rc = 0;

	if (!j->nsrcs)
		return err_set(ERR_USAGE, "no candidate source");
	r->cands = calloc(1, sizeof(*r->cands));
	if (!r->cands)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < j->nsrcs && !rc; i++) {
		const char *n = j->srcs[i].name;
		char tmp[32];

		if (!plain_name(n) || !strcmp(n, "tb.sv") ||
		    !strcmp(n, "ref.sv") || !strcmp(n, "x")) {
			snprintf(tmp, sizeof(tmp), "cand%zu.sv", i);
			n = tmp;
		}
		for (size_t k = 0; r->cands[k] && !rc; k++)
			if (!strcmp(r->cands[k], n))
				rc = err_set(ERR_USAGE,
					     "two candidate sources named %s", n);
		if (!rc)
			rc = strv_push(&r->cands, NULL, n);
		if (!rc)
			rc = write_in(r, n, j->srcs[i].text);
	}
	return rc;
}

/* A testbench data file; its name must not shadow a file of the run. */
static int write_data(struct run *r, const struct verify_data *d)
{
	char *p;
	int rc;

	if (!plain_name(d->name) || !strcmp(d->name, "tb.sv") ||
	    !strcmp(d->name, "ref.sv") || !strcmp(d->name, "x"))
		return err_set(ERR_USAGE, "bad data file name '%s'",
			       d->name ? d->name : "");
	for (size_t k = 0; r->cands && r->cands[k]; k++)
		if (!strcmp(r->cands[k], d->name))
			return err_set(ERR_USAGE,
				       "data file '%s' has a candidate's name",
				       d->name);
	p = tmpdir_file(&r->dir, d->name);
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_write_file(p, d->data, d->len);
	free(p);
	return rc;
}

/* ---- the screen ---------------------------------------------------------- */

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

static int do_screen(struct run *r, struct verify_stage *out, bool *ok)
{
	const struct verify_job *j = r->j;
	const char *forbidden[] = { j->tb_top, "stimulus_gen",
				    j->ref_top ? j->ref_top : NULL, NULL };
	struct verify_opts vo = VERIFY_OPTS_INIT;
	char **paths = NULL;
	int rc = 0;

	for (size_t i = 0; r->cands[i] && !rc; i++) {
		char *p = tmpdir_file(&r->dir, r->cands[i]);

		rc = p ? strv_push(&paths, NULL, p)
		       : err_set(ERR_FAIL, "out of memory");
		free(p);
		vo.nfiles++;
	}
	vo.files = (const char *const *)paths;
	vo.top = j->top;
	if (!rc)
		rc = verify_screen(out, &vo, forbidden);
	strv_free(paths);
	if (rc)
		return rc;
	*ok = out->status == VERIFY_PASS;
	if (!*ok) {
		const char *sum = out->summary ? out->summary : "screen failed";
		const char *cls = screen_class(out);
		size_t dl = strlen(r->dir.path);
		char *s, *c;

		/* the run directory's name means nothing to a reader */
		if (!strncmp(sum, r->dir.path, dl) && sum[dl] == '/')
			sum += dl + 1;
		s = strdup(sum);
		c = strdup(cls);
		if (!s || !c) {
			free(s);
			free(c);
			return err_set(ERR_FAIL, "out of memory");
		}
		free(out->summary);
		free(out->class);
		out->summary = s;
		out->class = c;
		out->status = VERIFY_FAIL;
		rc = set_result(r->out, c, "%s", s);
	}
	return rc;
}

/* ---- harness text ---------------------------------------------------------- */

/* Harness text: tb (and reference) with the secret names and the nonce. */
static int prepare(struct run *r)
{
	const struct verify_job *j = r->j;
	const char *names[8] = { j->tb_top, NULL };
	struct buf renamed = BUF_INIT, tb = BUF_INIT, ref = BUF_INIT;
	bool ve = j->harness == VERIFY_HARNESS_VERILOGEVAL;
	unsigned flags = ve ? VTB_DROP_DUMP : VTB_MARK_END;
	int rc;

	if (ve) {
		names[1] = j->ref_top;
		names[2] = "stimulus_gen";
		names[3] = "good1";
		names[4] = "stim1";
		names[5] = "top_module1";
	}
	rc = vtb_rename(&renamed, j->tb.text, names, r->suffix);
	if (!rc)
		rc = vtb_stamp(&tb, renamed.data ? renamed.data : "", r->nonce,
			       flags);
	if (!rc)
		rc = write_in(r, "tb.sv", tb.data ? tb.data : "");
	for (size_t i = 0; !rc && i < j->ndata; i++)
		rc = write_data(r, &j->data[i]);
	if (!rc && ve) {
		const char *refnames[] = { j->ref_top, NULL };

		rc = vtb_rename(&ref, j->ref.text ? j->ref.text : "", refnames,
				r->suffix);
		if (!rc)
			rc = write_in(r, "ref.sv", ref.data ? ref.data : "");
	}
	if (!rc && (size_t)snprintf(r->tb_top, sizeof(r->tb_top), "%s%s",
				    j->tb_top, r->suffix) >= sizeof(r->tb_top))
		rc = err_set(ERR_USAGE, "testbench top name too long");
	buf_release(&renamed);
	buf_release(&tb);
	buf_release(&ref);
	return rc;
}

/* ---- compile ------------------------------------------------------------- */

static bool names_module(const char *m, const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n && !strncmp(m, name, n) && !vlex_ident_char((unsigned char)m[n]);
}

/* Compile errors by iverilog's own message shapes. */
static const char *compile_class(const char *log, const struct verify_job *j)
{
	const char *m = strstr(log, "Unknown module type: ");

	if (m) {
		m += strlen("Unknown module type: ");
		if (names_module(m, j->ref_top) ||
		    !strncmp(m, "stimulus_gen", 12) ||
		    names_module(m, j->tb_top))
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

/* Remove every "_h<secret>" so messages read as the suite wrote them. */
static void unsuffix(struct buf *b, const char *suffix)
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

static int compile_failed(struct run *r, struct verify_stage *st,
			  const struct proc_result *pr)
{
	struct buf first = BUF_INIT, log = BUF_INIT, all = BUF_INIT;
	const char *e;
	size_t n;
	int rc;

	rc = buf_addstr(&all, pr->err.len ? pr->err.data : pr->out.data);
	unsuffix(&all, r->suffix);
	e = all.data ? all.data : "";
	n = strcspn(e, "\n");
	if (!rc)
		rc = buf_add_escaped(&first, e, n > 300 ? 300 : n) |
		     buf_add_escaped(&log, e,
				     strlen(e) > 4000 ? 4000 : strlen(e));
	if (!rc && pr->timed_out)
		rc = set_result(r->out, "compile/timeout",
				"iverilog ran past its time limit");
	else if (!rc)
		rc = set_result(r->out, compile_class(e, r->j),
				"compile failed: %s", first.data);
	if (!rc) {
		st->evidence = cJSON_CreateObject();
		rc = !st->evidence ||
		     json_add_str(st->evidence, "log", log.data) ||
		     json_add_num(st->evidence, "exit", pr->exit_code);
	}
	buf_release(&first);
	buf_release(&log);
	buf_release(&all);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static int sim_wall(const struct run *r)
{
	return r->j->limits.wall_s > 0 ? r->j->limits.wall_s : 60;
}

static void run_opts(struct proc_opts *po, const struct run *r,
		     const char *const *argv)
{
	po->argv = argv;
	po->cwd = r->dir.path;
	po->sandbox_dir = r->dir.path;
	po->sandbox = r->j->sandbox;
}

/*
 * iverilog in the sandbox.  *ok false: the compile failed and the
 * result and the stage are set.  Leaves dir/x behind on success.
 */
static int do_compile(struct run *r, struct verify_stage *st, bool *ok)
{
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_result pr = PROC_RESULT_INIT;
	struct proc_limits l = r->j->limits;
	char **argv = NULL;
	static const char *const head[] = { "iverilog", "-Wall", "-Winfloop",
					    "-Wno-timescale", "-g2012",
					    "-s", NULL };
	int rc = 0;

	for (size_t i = 0; head[i] && !rc; i++)
		rc = strv_push(&argv, NULL, head[i]);
	if (!rc)
		rc = strv_push(&argv, NULL, r->tb_top) ||
		     strv_push(&argv, NULL, "-o") ||
		     strv_push(&argv, NULL, "x") ||
		     strv_push(&argv, NULL, "tb.sv");
	for (size_t i = 0; !rc && r->cands[i]; i++)
		rc = strv_push(&argv, NULL, r->cands[i]);
	if (!rc && r->j->harness == VERIFY_HARNESS_VERILOGEVAL)
		rc = strv_push(&argv, NULL, "ref.sv");
	/* elaboration of untrusted code: the simulation's wall plus slack */
	l.wall_s = sim_wall(r) + 60;
	l.cpu_s = 0;
	vrun_limits(&po, &l, VRUN_FLOOD);
	run_opts(&po, r, (const char *const *)argv);
	if (!rc)
		rc = proc_run(&pr, &po);
	st->elapsed_ms = pr.elapsed_ms;
	*ok = !rc && pr.exit_code == 0 && !pr.timed_out;
	if (!rc && !*ok)
		rc = compile_failed(r, st, &pr);
	if (!rc && *ok)
		rc = buf_add(&r->cerr, pr.err.data, pr.err.len) ? ERR_FAIL : 0;
	if (!rc && !*ok)
		rc = verify_stage_set(st, "compile", VERIFY_FAIL, r->out->class,
				      "%s", r->out->summary);
	else if (!rc)
		rc = verify_stage_set(st, "compile", VERIFY_PASS, NULL,
				      "compiled with the testbench");
	strv_free(argv);
	proc_result_release(&pr);
	return rc;
}

/* ---- simulate and judge -------------------------------------------------- */

/* Whether a line the candidate printed has the shape of a result. */
static bool result_shaped(const struct run *r, const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	bool hit = false;

	if (buf_add(&b, s, n))
		return true; /* cannot tell: the conservative answer */
	buf_rtrim(&b);
	switch (r->j->harness) {
	case VERIFY_HARNESS_VERILOGEVAL:
		hit = strstr(b.data, "Mismatches:") ||
		      strstr(b.data, "TIMEOUT");
		break;
	case VERIFY_HARNESS_RTLLM:
		hit = strcasestr(b.data, "pass") ||
		      strcasestr(b.data, "test completed");
		break;
	case VERIFY_HARNESS_NATIVE: {
		const char *p = b.data;

		while (*p == ' ' || *p == '\t')
			p++;
		hit = !strcmp(p, "END");
		break;
	}
	default:
		break;
	}
	buf_release(&b);
	return hit;
}

static int add_tampered(struct run *r, const char *s, size_t n)
{
	cJSON *str;

	if (!r->tampered)
		r->tampered = cJSON_CreateArray();
	if (!r->tampered)
		return err_set(ERR_FAIL, "out of memory");
	if (cJSON_GetArraySize(r->tampered) >= 10)
		return 0;
	str = verify_json_excerpt(s, n, 300);
	return str ? json_append_take(r->tampered, str)
		   : err_set(ERR_FAIL, "out of memory");
}

/*
 * The testbench's lines: on a line carrying the nonce, the text after it
 * (the testbench's $display ends the line).  Any text the candidate
 * printed (a line without the nonce, or before it on the same line) that
 * is shaped like a result is recorded in r->tampered.
 */
static int nonce_lines(struct run *r, cJSON **out, const char *text)
{
	const char *p = text;
	size_t nl = strlen(r->nonce);
	int rc = 0;

	*out = cJSON_CreateArray();
	if (!*out)
		return err_set(ERR_FAIL, "out of memory");
	while (*p && !rc) {
		size_t n = strcspn(p, "\n");
		const char *hit = memmem(p, n, r->nonce, nl);

		if (!hit) {
			if (result_shaped(r, p, n))
				rc = add_tampered(r, p, n);
		} else {
			struct buf b = BUF_INIT;
			const char *s = hit + nl + (hit[nl] == ' ');

			if (hit > p && result_shaped(r, p, (size_t)(hit - p)))
				rc = add_tampered(r, p, (size_t)(hit - p));
			if (!rc && buf_add(&b, s, (size_t)(p + n - s)))
				rc = err_set(ERR_FAIL, "out of memory");
			if (!rc) {
				buf_rtrim(&b);
				rc = json_append_take(
					*out, cJSON_CreateString(b.data ? b.data
									: ""));
			}
			buf_release(&b);
		}
		p += n + (p[n] == '\n');
	}
	return rc;
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
	struct verify_rtllm_verdict v;

	/* the words each RTLLM testbench prints: see rtllm-judge.c */
	verify_rtllm_verdict(&v, lines);
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

/* The allocator's own words when RLIMIT_AS stops vvp. */
static bool out_of_memory(const struct proc_result *pr)
{
	const char *e = pr->err.data ? pr->err.data : "";

	return strstr(e, "bad_alloc") || strstr(e, "out of memory") ||
	       strstr(e, "Out of memory") ||
	       strstr(e, "Cannot allocate memory");
}

static int sim_class(struct run *r, const struct proc_result *pr,
		     const cJSON *lines)
{
	const struct proc_limits *l = &r->j->limits;

	if (pr->timed_out)
		return set_result(r->out, "sim/timeout",
				  "simulation ran past %d s", sim_wall(r));
	if (pr->flooded)
		return set_result(r->out, "sim/flood",
				  "simulation printed more than %zu bytes",
				  l->output_bytes ? l->output_bytes
						  : VRUN_SIM_OUTPUT);
	if ((pr->signal || pr->exit_code) && out_of_memory(pr))
		return set_result(r->out, "sim/memory",
				  "simulation ran out of memory (limit %zu "
				  "MiB)",
				  (l->mem_bytes ? l->mem_bytes
						: VRUN_MEM_BYTES) >>
					  20);
	if (r->tampered) {
		/* the testbench's own count still goes in the evidence */
		if (r->j->harness == VERIFY_HARNESS_VERILOGEVAL &&
		    judge_ve(r, lines))
			return ERR_FAIL;
		return set_result(r->out, "cheat/tamper",
				  "the design printed result-shaped lines "
				  "(%d); only the testbench reports results",
				  cJSON_GetArraySize(r->tampered));
	}
	if (pr->signal)
		return set_result(r->out, "sim/runtime-error",
				  "vvp died of signal %d", pr->signal);
	switch (r->j->harness) {
	case VERIFY_HARNESS_VERILOGEVAL:
		return judge_ve(r, lines);
	case VERIFY_HARNESS_RTLLM:
		return judge_rtllm(r, lines);
	default:
		break;
	}
	return judge_native(r, lines, pr);
}

static int sim_evidence(struct run *r, struct verify_stage *st,
			const struct proc_result *pr, cJSON *lines)
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
	/* the raw output of a tampering run would show the forged lines
	 * beside the testbench's: it gets "report" and "tampered" only */
	if (!bad && !r->out->pass && !r->tampered)
		bad = json_add_str(ev, "output", out.data ? out.data : "");
	if (!bad) {
		/* at most 10 trusted lines: mismatch tables stay readable */
		while (cJSON_GetArraySize(lines) > 10)
			cJSON_DeleteItemFromArray(lines, 10);
		bad = json_add_take(ev, "report", cJSON_Duplicate(lines, 1));
	}
	if (!bad && r->tampered) {
		bad = json_add_take(ev, "tampered", r->tampered);
		r->tampered = NULL;
	}
	buf_release(&out);
	if (bad) {
		cJSON_Delete(ev);
		return err_set(ERR_FAIL, "out of memory");
	}
	cJSON_Delete(st->evidence);
	st->evidence = ev;
	return 0;
}

/* The compiled program in memory, and nothing left in the run dir. */
static int take_program(struct run *r, struct buf *prog)
{
	static const char *const trusted[] = { "tb.sv", "ref.sv", NULL };
	char *p = tmpdir_file(&r->dir, "x");
	int rc;

	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_read_file(prog, p, (size_t)512 << 20);
	unlink(p);
	free(p);
	for (size_t i = 0; trusted[i]; i++) {
		p = tmpdir_file(&r->dir, trusted[i]);
		if (p)
			unlink(p);
		free(p);
	}
	for (size_t i = 0; r->cands[i]; i++) {
		p = tmpdir_file(&r->dir, r->cands[i]);
		if (p)
			unlink(p);
		free(p);
	}
	return rc;
}

static int do_sim(struct run *r, struct verify_stage *st)
{
	static const char *const argv[] = { "vvp", "-n", "/dev/stdin", NULL };
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_result pr = PROC_RESULT_INIT;
	struct proc_limits l = r->j->limits;
	struct buf prog = BUF_INIT;
	cJSON *lines = NULL;
	int rc;

	rc = take_program(r, &prog);
	l.wall_s = sim_wall(r);
	/* /dev/stdin is /proc/self/fd/0: the program comes in on stdin */
	vrun_limits(&po, &l, VRUN_FLOOD | VRUN_PROC);
	run_opts(&po, r, argv);
	po.stdin_data = prog.data;
	po.stdin_len = prog.len;
	if (!rc)
		rc = proc_run(&pr, &po);
	st->elapsed_ms = pr.elapsed_ms;
	if (!rc)
		rc = nonce_lines(r, &lines, pr.out.data ? pr.out.data : "");
	if (!rc) {
		r->out->end_seen = has_line(lines, "END");
		rc = sim_class(r, &pr, lines);
	}
	/* iverilog only warns about port widths: a failing sample with
	 * such a warning has the wrong interface */
	if (!rc && !r->out->pass && r->cerr.data &&
	    strcmp(r->out->class, "cheat/tamper") &&
	    strstr(r->cerr.data, "warning: Port ") &&
	    strstr(r->cerr.data, " expects ")) {
		char *was = strdup(r->out->summary);

		rc = was ? set_result(r->out, "compile/port-mismatch",
				      "port width differs from the "
				      "testbench's (%s)",
				      was)
			 : err_set(ERR_FAIL, "out of memory");
		free(was);
	}
	if (!rc)
		rc = sim_evidence(r, st, &pr, lines);
	if (!rc)
		rc = verify_stage_set(st, "sim",
				      r->out->pass ? VERIFY_PASS : VERIFY_FAIL,
				      r->out->class, "%s", r->out->summary);
	cJSON_Delete(lines);
	buf_release(&prog);
	proc_result_release(&pr);
	return rc;
}

/* ---- the entry point ----------------------------------------------------- */

static int add_stage(struct verify_verdict *v, struct verify_stage *st,
		     const char *name)
{
	if (!st->name[0])
		snprintf(st->name, sizeof(st->name), "%s", name);
	return verify_verdict_add(v, st);
}

int verify_run(struct verify_verdict *out, const struct verify_job *job)
{
	struct result res = { .samples = -1 };
	struct run r = {
		.j = job,
		.out = &res,
		.dir = TMPDIR_INIT,
		.cerr = BUF_INIT,
	};
	struct verify_stage st;
	bool ok = false;
	int rc;

	if (job->harness == VERIFY_HARNESS_DIFF ||
	    job->harness == VERIFY_HARNESS_TB)
		return vcheck_run(out, job);
	verify_verdict_init(out);
	memset(&st, 0, sizeof(st));
	if (!job->tb.text || !job->tb_top || !job->top)
		return err_set(ERR_USAGE, "job: testbench, its top and the "
					  "candidate's top are required");
	rc = random_hex(r.nonce, NONCE_HEX);
	if (!rc) {
		memcpy(r.suffix, "_h", 2);
		rc = random_hex(r.suffix + 2, SECRET_HEX);
	}
	if (!rc)
		rc = tmpdir_create(&r.dir, "bench");
	r.dir.keep = job->keep_tmp;
	if (!rc)
		rc = write_candidate(&r);
	if (!rc)
		rc = do_screen(&r, &st, &ok);
	if (!rc)
		rc = add_stage(out, &st, "screen");
	if (!rc && ok)
		rc = prepare(&r);
	if (!rc && ok)
		rc = do_compile(&r, &st, &ok);
	if (!rc && st.name[0])
		rc = add_stage(out, &st, "compile");
	if (!rc && ok)
		rc = do_sim(&r, &st);
	if (!rc && st.name[0])
		rc = add_stage(out, &st, "sim");
	out->samples = res.samples;
	out->end_seen = res.end_seen;
	verify_stage_release(&st);
	cJSON_Delete(r.tampered);
	buf_release(&r.cerr);
	strv_free(r.cands);
	free(res.class);
	free(res.summary);
	tmpdir_remove(&r.dir);
	if (rc)
		verify_verdict_release(out);
	return rc;
}
