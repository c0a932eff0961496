#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "synth/synth.h"
#include "verify/assert-int.h"

/*
 * Property checking: the immediate assertions of the design (under
 * `ifdef FORMAL) and of trusted property files, read with -formal
 * -DFORMAL, checked by yosys-smtbmc with z3:
 *   BMC to depth D: a failing assertion is a refutation with a trace;
 *   k-induction to D: "proven";
 *   otherwise the stage PASSES with result "bounded" and says so ("no
 *   violation within D cycles"): a bounded check is what the user asked
 *   for with --depth, and the summary never claims a proof.
 * ABC pdr is not used here: on `write_aiger -zinit` of designs with
 * $initstate or uninitialized registers, Yosys 0.23 + ABC reported a
 * frame-0 violation of a property that holds (count10.v), so its answers
 * on such AIGERs are not trusted.  (The equivalence harness has neither:
 * every register is initialized there.)
 * A solver timeout is inconclusive.  The design is untrusted, so every
 * tool runs sandboxed even though the properties are trusted.
 */

#define TRACE_SIGNALS_MAX 64

struct pr_run {
	const struct verify_opts *o;
	struct vrun_dir d;
	const char *dir;
	struct synth_names props;
	const char **props_user; /* the property files read, owned array */
	const char *top;
	int depth;
};

static int run_tool(struct pr_run *r, const char *const *argv, int extra_s,
		    struct proc_result *res)
{
	struct verify_opts o = *r->o;

	o.timeout_s = (o.timeout_s > 0 ? o.timeout_s : 60) + extra_s;
	return vrun_tool(res, &o, r->dir, argv,
			 (const char *const *)r->d.ref_dirs, NULL, 0,
			 VRUN_PROC);
}

static bool design_is_props(const struct verify_opts *o)
{
	for (size_t i = 0; i < o->nprops; i++)
		for (size_t k = 0; k < o->nfiles; k++)
			if (!strcmp(o->props[i], o->files[k]))
				return true;
	return false;
}

static int read_cmd(struct buf *s, const struct pr_run *r)
{
	(void)r;
	return buf_addstr(s, "read_verilog -sv -formal -DFORMAL");
}

static int prepare(struct pr_run *r, struct proc_result *res)
{
	static const char *const argv[] = { "yosys",	 "-q", "-l",
					    "props.log", "-s", "props.ys",
					    NULL };
	struct buf s = BUF_INIT;
	int rc = read_cmd(&s, r);

	for (const char *const *d = r->o->defines; d && *d; d++)
		rc |= buf_addf(&s, " -D%s", *d);
	for (size_t i = 0; r->d.dut_names && r->d.dut_names[i]; i++)
		rc |= buf_addf(&s, " dut/%s", r->d.dut_names[i]);
	/*
	 * An assume() in the untrusted design could make the trusted
	 * properties vacuous (assume(0)): with property files, drop the
	 * design's own assumptions, unless the user named the design file as
	 * a property file too.  Without property files the design only
	 * checks its own assertions, and its assumptions (a reset in the
	 * first cycle) belong to them.
	 */
	if (r->props.n && !design_is_props(r->o))
		rc |= buf_addstr(&s, "\nchformal -assume -remove");
	if (r->props.n) {
		rc |= buf_addstr(&s, "\n");
		rc |= read_cmd(&s, r);
		for (const char *const *d = r->o->defines; d && *d; d++)
			rc |= buf_addf(&s, " -D%s", *d);
	}
	for (size_t i = 0; i < r->props.n; i++)
		rc |= buf_addf(&s, " props/%s", r->props.copied[i]);
	rc |= buf_addf(&s,
		       "\nprep -flatten -top %s\nasync2sync\ndffunmap\n"
		       "tee -q -o asserts.txt select -count t:$assert\n"
		       "write_smt2 -wires props.smt2\n",
		       r->top);
	if (!rc)
		rc = formal_write(r->dir, "props.ys", &s);
	if (!rc)
		rc = run_tool(r, argv, 30, res);
	buf_release(&s);
	return rc;
}

/* ---- a Yosys error: unsupported SVA or a plain error ---------------- */

/* The source line a "name:line: ERROR" message points at, from our copy. */
static int error_source(struct buf *line, const struct pr_run *r,
			const char *msg)
{
	const char *colon = strchr(msg, ':');
	struct buf path = BUF_INIT, text = BUF_INIT;
	long n, i = 1;
	int rc;

	if (!colon || !isdigit((unsigned char)colon[1]))
		return ERR_NOTFOUND;
	n = strtol(colon + 1, NULL, 10);
	rc = buf_add(&path, msg, (size_t)(colon - msg));
	if (!rc)
		rc = formal_read(&text, r->dir, path.data);
	for (const char *p = text.data; !rc && *p; p++) {
		if (i == n) {
			const char *e = strchr(p, '\n');

			buf_add(line, p, e ? (size_t)(e - p) : strlen(p));
			break;
		}
		if (*p == '\n')
			i++;
	}
	buf_release(&path);
	buf_release(&text);
	return rc;
}

/* Concurrent SVA that Yosys 0.23 does not read (TOOLS.md). */
static bool is_unsupported_sva(const char *line)
{
	static const char *const pat[] = { "|->",	  "|=>",
					   "##",	  "property",
					   "sequence",	  "assert property (@",
					   "disable iff", NULL };

	for (size_t i = 0; pat[i]; i++)
		if (strstr(line, pat[i]))
			return true;
	return false;
}

/* A tool message with our copies' names replaced by the user's. */
static void map_line(struct buf *out, const struct pr_run *r, const char *s,
		     size_t n)
{
	struct buf a = BUF_INIT;

	formal_map(&a, s, n, "dut", r->d.dut_names, r->o->files, r->o->nfiles);
	formal_map(out, a.data, a.len, "props", r->props.copied, r->props_user,
		   r->props.n);
	buf_release(&a);
}

static int read_failed(struct verify_stage *out, struct pr_run *r)
{
	struct buf log = BUF_INIT, src = BUF_INIT, a = BUF_INIT, m = BUF_INIT;
	const char *e, *end;
	int rc;

	formal_read(&log, r->dir, "props.log");
	e = strstr(log.data, "ERROR:");
	if (!e)
		e = "ERROR: Yosys failed without a message";
	while (e > log.data && e[-1] != '\n')
		e--;
	end = strchr(e, '\n');
	if (!end)
		end = e + strlen(e);
	buf_add(&a, e, (size_t)(end - e));
	map_line(&m, r, a.data, a.len);
	if (!error_source(&src, r, a.data) && is_unsupported_sva(src.data))
		rc = verify_stage_set(
			out, "props", VERIFY_FAIL, "props/unsupported-syntax",
			"Yosys 0.23 reads only immediate "
			"assertions (assert/assume inside always, "
			"$past, $initstate); concurrent SVA "
			"(assert property @(...), |->, |=>, ##N, "
			"sequence/property) is not supported: %s",
			m.data);
	else
		rc = verify_stage_set(out, "props", VERIFY_FAIL, "props/error",
				      "Yosys could not read the design with "
				      "its properties: %s",
				      m.data);
	buf_release(&log);
	buf_release(&src);
	buf_release(&a);
	buf_release(&m);
	return rc;
}

/* ---- the trace --------------------------------------------------------- */

static cJSON *trace_rows(const struct formal_trace *t)
{
	cJSON *arr = cJSON_CreateArray();

	for (size_t c = 0; arr && c < t->ncycles; c++) {
		cJSON *row = cJSON_CreateObject(), *sig = cJSON_CreateObject();
		size_t k = 0;
		int rc = 0;

		for (size_t v = 0; sig && v < t->nvars; v++) {
			if (strchr(t->names[v], '$') ||
			    cJSON_GetObjectItemCaseSensitive(sig, t->names[v]))
				continue;
			if (k++ >= TRACE_SIGNALS_MAX)
				break;
			rc |= json_add_str(sig, t->names[v],
					   t->vals[c * t->nvars + v]);
		}
		rc |= json_add_num(row, "cycle", (double)c);
		rc |= json_add_take(row, "signals", sig);
		if (rc || !row || json_append_take(arr, row)) {
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

static int read_trace(struct pr_run *r, cJSON **rows)
{
	struct formal_trace t;
	struct buf b = BUF_INIT;
	int rc;

	*rows = NULL;
	rc = formal_read(&b, r->dir, "trace.vcd");
	if (!rc)
		rc = formal_trace_read(&t, b.data, b.len);
	buf_release(&b);
	if (rc)
		return err_wrap(rc, "props: reading the trace");
	*rows = trace_rows(&t);
	formal_trace_release(&t);
	return *rows ? 0 : err_set(ERR_FAIL, "out of memory");
}

/* "Assert failed in cnt: dut/d0_cnt.v:6.10-6.28 (...)" -> "cnt.v:6.10-6.28" */
static void failed_assert(struct buf *loc, const struct pr_run *r,
			  const char *out)
{
	const char *p = strstr(out, "Assert failed in ");
	const char *s, *e;

	if (!p || !(s = strstr(p, ": ")))
		return;
	s += 2;
	e = s;
	while (*e && *e != ' ' && *e != '\n')
		e++;
	map_line(loc, r, s, (size_t)(e - s));
}

/* ---- verdict ------------------------------------------------------------ */

static int finish(struct verify_stage *out, const char *result,
		  enum verify_status st, const char *cls, int depth,
		  const char *method, cJSON *trace, const char *loc,
		  const char *summary)
{
	cJSON *ev = cJSON_CreateObject();
	int rc = 0;

	rc |= json_add_str(ev, "result", result);
	rc |= json_add_str(ev, "method", method);
	rc |= json_add_num(ev, "depth", depth);
	rc |= json_add_take(ev, "assertion",
			    loc && *loc ? cJSON_CreateString(loc)
					: cJSON_CreateNull());
	rc |= json_add_take(ev, "trace", trace ? trace : cJSON_CreateArray());
	if (!rc)
		rc = verify_stage_set(out, "props", st, cls, "%s", summary);
	if (!rc) {
		cJSON_Delete(out->evidence);
		out->evidence = ev;
		return 0;
	}
	cJSON_Delete(ev);
	return rc;
}

static int smtbmc(struct pr_run *r, bool induction, struct proc_result *res)
{
	char t[16];
	const char *bmc[] = {
		"yosys-smtbmc", "-s",	     "z3",	   "-t", t,
		"--dump-vcd",	"trace.vcd", "props.smt2", NULL
	};
	const char *ind[] = { "yosys-smtbmc", "-s", "z3",	  "-i",
			      "-t",	      t,    "props.smt2", NULL };

	snprintf(t, sizeof(t), "%d", r->depth);
	return run_tool(r, induction ? ind : bmc, 0, res);
}

static int refuted(struct verify_stage *out, struct pr_run *r,
		   const struct proc_result *res)
{
	struct buf loc = BUF_INIT, sum = BUF_INIT;
	cJSON *trace = NULL;
	int rc;

	failed_assert(&loc, r, res->out.data);
	rc = read_trace(r, &trace);
	if (rc)
		goto done;
	buf_addf(&sum,
		 "assertion %s fails at cycle %d (from the initial "
		 "state)",
		 loc.len ? loc.data : "(unknown location)",
		 cJSON_GetArraySize(trace) - 1);
	rc = finish(out, "refuted", VERIFY_FAIL, "props/refuted",
		    cJSON_GetArraySize(trace),
		    "bounded model check (yosys-smtbmc, z3)", trace, loc.data,
		    sum.data);
	trace = NULL;
done:
	cJSON_Delete(trace);
	buf_release(&loc);
	buf_release(&sum);
	return rc;
}

static int bounded(struct verify_stage *out, struct pr_run *r)
{
	struct buf sum = BUF_INIT;
	int rc;

	buf_addf(&sum,
		 "no violation within %d cycles (bounded: induction did not "
		 "prove it)",
		 r->depth);
	rc = finish(out, "bounded", VERIFY_PASS, NULL, r->depth,
		    "bounded model check (yosys-smtbmc, z3)", NULL, NULL,
		    sum.data);
	buf_release(&sum);
	return rc;
}

static int after_bmc(struct verify_stage *out, struct pr_run *r)
{
	struct proc_result res = PROC_RESULT_INIT;
	struct buf sum = BUF_INIT;
	int rc;

	rc = smtbmc(r, true, &res);
	if (!rc && !res.timed_out && res.exit_code == 0) {
		buf_addf(&sum, "all assertions proven (k-induction, k=%d)",
			 r->depth);
		rc = finish(out, "proven", VERIFY_PASS, NULL, r->depth,
			    "k-induction (yosys-smtbmc, z3)", NULL, NULL,
			    sum.data);
	} else if (!rc) {
		rc = bounded(out, r);
	}
	proc_result_release(&res);
	buf_release(&sum);
	return rc;
}

static int check(struct verify_stage *out, struct pr_run *r)
{
	struct proc_result res = PROC_RESULT_INIT;
	struct buf n = BUF_INIT;
	int rc;

	rc = prepare(r, &res);
	if (!rc && res.timed_out)
		rc = finish(out, "inconclusive", VERIFY_INCONCLUSIVE,
			    "props/inconclusive", 0, "none", NULL, NULL,
			    "Yosys did not finish reading the design");
	if (rc || res.timed_out)
		goto done;
	if (res.exit_code != 0) {
		rc = read_failed(out, r);
		goto done;
	}
	formal_read(&n, r->dir, "asserts.txt");
	if (strtol(n.data, NULL, 10) <= 0) {
		rc = verify_stage_set(out, "props", VERIFY_SKIPPED, NULL,
				      "no assertions to check");
		goto done;
	}
	rc = smtbmc(r, false, &res);
	if (rc)
		goto done;
	if (res.timed_out)
		rc = finish(out, "inconclusive", VERIFY_INCONCLUSIVE,
			    "props/inconclusive", r->depth,
			    "bounded model check (yosys-smtbmc, z3)", NULL,
			    NULL, "the bounded check timed out");
	else if (res.exit_code != 0 && formal_exists(r->dir, "trace.vcd"))
		rc = refuted(out, r, &res);
	else if (res.exit_code != 0)
		rc = err_set(ERR_FAIL, "props: yosys-smtbmc failed (exit %d)",
			     res.exit_code);
	else
		rc = after_bmc(out, r);
done:
	proc_result_release(&res);
	buf_release(&n);
	return rc;
}

static bool is_design_file(const struct verify_opts *o, const char *p)
{
	for (size_t i = 0; i < o->nfiles; i++)
		if (!strcmp(o->files[i], p))
			return true;
	return false;
}

/* Property files go to props/; one that is also a design file is read once. */
static int copy_props(struct pr_run *r)
{
	const char **keep = calloc(r->o->nprops + 1, sizeof(*keep));
	struct buf p = BUF_INIT;
	size_t n = 0;
	int rc;

	if (!keep)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < r->o->nprops; i++)
		if (!is_design_file(r->o, r->o->props[i]))
			keep[n++] = r->o->props[i];
	r->props_user = keep;
	rc = buf_addf(&p, "%s/props", r->dir);
	if (!rc && mkdir(p.data, 0700))
		rc = err_set_errno(ERR_FAIL, "cannot create '%s'", p.data);
	if (!rc)
		rc = synth_copy_inputs(&r->props, p.data, keep, n, "p");
	buf_release(&p);
	return rc;
}

/*
 * Without props_top, a property file that defines exactly one module (a
 * wrapper binding to the design) is the top; otherwise the design's top.
 */
static int pick_top(struct pr_run *r, char **owned)
{
	char **all = NULL;
	int rc = 0;

	*owned = NULL;
	r->top = r->o->props_top ? r->o->props_top : r->o->top;
	if (r->o->props_top || !r->o->nprops)
		return 0;
	for (size_t i = 0; i < r->o->nprops && !rc; i++) {
		struct buf b = BUF_INIT;
		char **names = NULL;

		rc = buf_read_file(&b, r->o->props[i], (size_t)8 << 20);
		if (rc)
			rc = err_wrap(ERR_USAGE, "props: cannot read '%s'",
				      r->o->props[i]);
		if (!rc)
			rc = verify_module_names(&names, b.data, b.len);
		for (size_t k = 0; !rc && names && names[k]; k++)
			rc = strv_push(&all, NULL, names[k]);
		strv_free(names);
		buf_release(&b);
	}
	if (!rc && all && all[0] && !all[1] &&
	    (!r->top || strcmp(all[0], r->top))) {
		*owned = strdup(all[0]);
		r->top = *owned;
	}
	strv_free(all);
	return rc;
}

int verify_props(struct verify_stage *out, const struct verify_opts *o)
{
	struct pr_run r = { .o = o };
	long t0 = mono_ms();
	char *top = NULL;
	bool stmts;
	int rc;

	/* statements without a module header (what `hwforge assert` writes) */
	rc = verify_props_stmts(out, o, &stmts);
	if (rc || stmts) {
		out->elapsed_ms = mono_ms() - t0;
		return rc;
	}

	r.depth = o->props_depth > 0 ? o->props_depth : 20;
	rc = pick_top(&r, &top);
	if (!rc && (!o->nfiles || !r.top || !vlex_is_ident(r.top)))
		rc = err_set(ERR_USAGE, "props: bad top module name '%s'",
			     r.top ? r.top : "");
	if (rc) {
		free(top);
		return rc;
	}
	for (const char *const *d = o->defines; d && *d; d++)
		if (!vlex_is_define(*d))
			return err_set(ERR_USAGE, "props: bad define '%s'", *d);
	rc = vrun_dir_open(&r.d, o);
	if (rc == ERR_NOTFOUND)
		rc = err_wrap(ERR_USAGE, "props");
	if (rc) {
		free(top);
		return rc;
	}
	r.dir = r.d.td.path;
	rc = copy_props(&r);
	if (!rc)
		rc = check(out, &r);
	if (!rc) /* the typed view, for callers of the single stage */
		rc = verify_evidence_from_json(&out->ev, out->evidence);
	synth_names_release(&r.props);
	free(r.props_user);
	vrun_dir_close(&r.d);
	free(top);
	out->elapsed_ms = mono_ms() - t0;
	return rc;
}
