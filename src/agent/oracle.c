#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent-int.h"
#include "base/vlex.h"
#include "rtlgen/rtlgen.h"
#include "verify/verify.h"

/*
 * The oracle-free loop's checkers (gen without --ref or --tb).
 *
 * The model writes a self-checking testbench from the spec alone.  It is
 * not trusted the way a suite's testbench is: before any candidate is
 * judged by it, hwforge checks the testbench itself against designs it
 * makes from the module header (every output stuck at 0, every output
 * stuck at 1).  A testbench is accepted only when, with each of them, it
 * compiles, reaches its own $finish (the END marker the harness stamps
 * with a per-run nonce) and reports a failure: one that passes a stuck
 * design checks nothing.  Everything runs through verify_run()'s native
 * harness, sandboxed, and the verdict comes from the nonce channel and
 * vvp's exit status, never from text the design under test prints.
 */

#define TB_TOP "tb"

void oracle_tb_release(struct oracle_tb *t)
{
	free(t->text);
	free(t->llm_error);
	cJSON_Delete(t->report);
	memset(t, 0, sizeof(*t));
}

int oracle_judge(struct verify_verdict *out, const char *tb, const char *code,
		 const char *top, const struct oracle_opts *o)
{
	struct verify_job j = VERIFY_JOB_INIT;
	struct verify_source src = { "cand.sv", code };

	j.harness = VERIFY_HARNESS_NATIVE;
	j.srcs = &src;
	j.nsrcs = 1;
	j.top = top;
	j.tb = (struct verify_source){ "tb.sv", tb };
	j.tb_top = TB_TOP;
	j.expect_end = true;
	j.limits.wall_s = o->timeout_s > 0 ? o->timeout_s : 60;
	j.sandbox = o->sandbox;
	j.keep_tmp = o->keep_tmp;
	return verify_run(out, &j);
}

int oracle_cross(bool *agree, long *mismatches, const char *a, const char *b,
		 const char *top, const struct oracle_opts *o)
{
	struct verify_opts vo = VERIFY_OPTS_INIT;
	struct verify_verdict v;
	const char *files[1] = { a }, *refs[1] = { b };
	int rc;

	vo.files = files;
	vo.nfiles = 1;
	vo.refs = refs;
	vo.nrefs = 1;
	vo.top = top;
	vo.stages = VERIFY_STAGE_COMPILE | VERIFY_STAGE_SIM;
	agent_tool_opts(&vo, o->timeout_s, o->sandbox, o->keep_tmp);
	rc = verify_check(&v, &vo);
	if (rc)
		return rc;
	*agree = v.status == VERIFY_PASS;
	*mismatches = -1;
	for (size_t i = 0; i < v.nstages; i++)
		if (!strcmp(v.stages[i].name, "sim"))
			*mismatches = v.stages[i].ev.mismatches;
	verify_verdict_release(&v);
	return 0;
}

/* ---- the designs that must fail ---------------------------------------- */

/* `module top(...); assign <out> = '0 ('1); endmodule` from the ports. */
static int stuck_design(struct buf *b, const struct rtlgen_spec *spec,
			const char *value)
{
	const struct rtlgen_ports *p = &spec->ports;
	int rc = buf_addf(b, "module %s (", spec->top);

	for (size_t i = 0; !rc && i < p->n; i++)
		rc = buf_addf(b, "\n    %s %s", rtlgen_dir_name(p->v[i].dir),
			      p->v[i].is_signed ? "signed " : "") ||
		     (p->v[i].width > 1 &&
		      buf_addf(b, "[%d:0] ", p->v[i].width - 1)) ||
		     buf_addf(b, "%s%s", p->v[i].name, i + 1 < p->n ? "," : "");
	if (!rc)
		rc = buf_addstr(b, "\n);\n");
	for (size_t i = 0; !rc && i < p->n; i++)
		if (p->v[i].dir == RTLGEN_OUT)
			rc = buf_addf(b, "  assign %s = %s;\n", p->v[i].name,
				      value);
	if (!rc)
		rc = buf_addstr(b, "endmodule\n");
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static const struct {
	const char *name, *value, *what;
} mutants[] = {
	{ "stuck-at-0", "'0", "every output stuck at 0" },
	{ "stuck-at-1", "'1", "every output stuck at 1" },
};

/* Why the testbench cannot judge: the static protocol, or NULL. */
static const char *protocol_problem(const char *tb, const char *top)
{
	bool finish = false, inst = false;
	struct vlex l;
	struct vtok t;

	if (rtlgen_defines_module(tb, strlen(tb), top))
		return "it defines the design's module itself";
	vlex_init(&l, tb, strlen(tb));
	for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t)) {
		if (t.kind == VTOK_SYSTASK && vtok_is(&t, "$finish"))
			finish = true;
		else if (t.kind == VTOK_IDENT && vtok_is(&t, top))
			inst = true;
		else if (t.kind == VTOK_DIRECTIVE && vtok_is(&t, "`include"))
			return "it uses `include";
	}
	if (!inst)
		return "it does not instantiate the design";
	if (!finish)
		return "it never calls $finish";
	return NULL;
}

struct attempt {
	cJSON *j; /* {"attempt", "status", "class", "reason", "checks"} */
	struct buf feedback;
	bool accepted;
};

static int set_reason(struct attempt *a, const char *class, const char *fmt,
		      ...) __attribute__((format(printf, 3, 4)));

static int set_reason(struct attempt *a, const char *class, const char *fmt,
		      ...)
{
	struct buf r = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(&r, fmt, ap);
	va_end(ap);
	if (!rc)
		rc = json_add_str(a->j, "status", "rejected");
	if (!rc)
		rc = json_add_str(a->j, "class", class);
	if (!rc)
		rc = json_add_str(a->j, "reason", r.data);
	if (!rc)
		rc = buf_addf(&a->feedback, "Rejected (%s): %s\n", class,
			      r.data);
	buf_release(&r);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* Run the testbench on one stuck design; a rejection goes into *a. */
static int check_mutant(struct attempt *a, cJSON *checks, const char *tb,
			size_t m, const struct oracle_opts *o)
{
	const struct rtlgen_spec *spec = o->spec;
	struct buf design = BUF_INIT;
	struct verify_verdict v;
	struct vev_stage views[VERIFY_MAX_STAGES];
	const struct verify_stage *f;
	cJSON *c = cJSON_CreateObject();
	int rc = json_append_take(checks, c);

	if (!rc)
		rc = stuck_design(&design, spec, mutants[m].value);
	if (!rc)
		rc = oracle_judge(&v, tb, design.data, spec->top, o);
	if (rc) {
		buf_release(&design);
		return rc;
	}
	f = v.failed >= 0 ? &v.stages[v.failed] : NULL;
	rc = json_add_str(c, "design", mutants[m].name);
	if (!rc)
		rc = json_add_str(c, "verdict", verify_status_name(v.status));
	if (!rc)
		rc = json_add_str(c, "class", f ? f->class : NULL);
	if (!rc)
		rc = json_add_bool(c, "end_seen", v.end_seen);
	if (rc)
		goto done;
	if (v.status == VERIFY_PASS) {
		rc = set_reason(a, "tb/vacuous",
				"the testbench passes a design with %s, so "
				"it does not check the outputs against a model "
				"of the specification; that design was:\n%s",
				mutants[m].what, design.data);
	} else if (f && strcmp(f->name, "sim")) {
		rc = set_reason(a, "tb/compile",
				"the testbench does not compile with a design "
				"of the required interface (%s)",
				f->summary ? f->summary : "");
		if (!rc) {
			size_t n = verify_verdict_views(views,
							VERIFY_MAX_STAGES, &v);

			rc = rtlgen_feedback(&a->feedback, views, n, tb,
					     o->feedback_chars);
		}
	} else if (!v.end_seen) {
		rc = set_reason(a, "tb/no-end",
				"the testbench did not reach its $finish with "
				"a design with %s (%s: %s); it must always run "
				"to its end and report mismatches with ERROR "
				"lines",
				mutants[m].what, f && f->class ? f->class : "?",
				f && f->summary ? f->summary : "");
	} else if (m + 1 == sizeof(mutants) / sizeof(mutants[0])) {
		a->accepted = true;
	}
done:
	verify_verdict_release(&v);
	buf_release(&design);
	return rc;
}

static int write_file(const struct oracle_opts *o, const char *name,
		      const char *text)
{
	struct buf p = BUF_INIT, t = BUF_INIT;
	int rc = buf_addf(&p, "%s/%s", o->out_dir, name);

	if (!rc)
		rc = buf_addstr(&t, text);
	if (!rc) {
		llm_redact(o->llm, &t);
		rc = buf_write_file(p.data, t.data, t.len);
	}
	buf_release(&p);
	buf_release(&t);
	return rc;
}

/* One reply: extract, check the protocol, run the stuck designs. */
static int one_attempt(struct attempt *a, struct rtlgen_code *code,
		       const struct llm_result *res, int n,
		       const struct oracle_opts *o)
{
	const struct llm_choice *ch;
	const char *why;
	struct buf name = BUF_INIT;
	cJSON *checks;
	int rc;

	if (res->rc || !res->reply.n)
		return set_reason(a, "llm/error", "%s",
				  res->error ? res->error : "no reply");
	ch = &res->reply.choices[0];
	rc = rtlgen_extract(code, ch->content, strlen(ch->content), TB_TOP);
	if (rc)
		return rc;
	if (!code->code || !code->defines_top)
		return set_reason(a, "tb/no-code",
				  "no module `%s` found in the reply", TB_TOP);
	rc = buf_addf(&name, "testbench/attempt-%d.v", n);
	if (!rc)
		rc = write_file(o, name.data, code->code);
	if (!rc)
		rc = json_add_str(a->j, "file", name.data);
	buf_release(&name);
	if (rc)
		return rc;
	why = protocol_problem(code->code, o->spec->top);
	if (why)
		return set_reason(a, "tb/protocol",
				  "the testbench breaks the protocol: %s", why);
	why = o->spec->ports.n ? NULL : "the spec gives no port list";
	for (size_t i = 0; !why && i < o->spec->ports.n; i++)
		if (o->spec->ports.v[i].width < 0)
			why = "a port width is not a number";
	if (why) {
		/* no stuck designs to try: accepted unchecked, and said so */
		a->accepted = true;
		return json_add_str(a->j, "vacuity", why);
	}
	checks = cJSON_CreateArray();
	rc = json_add_take(a->j, "checks", checks);
	for (size_t m = 0; !rc && m < sizeof(mutants) / sizeof(mutants[0]);
	     m++) {
		rc = check_mutant(a, checks, code->code, m, o);
		if (json_get_string(a->j, "status"))
			break; /* rejected */
	}
	return rc;
}

int oracle_testbench(struct oracle_tb *out, const struct oracle_opts *o)
{
	struct rtlgen_code code = RTLGEN_CODE_INIT, last = RTLGEN_CODE_INIT;
	struct buf dir = BUF_INIT;
	cJSON *messages = NULL, *attempts = cJSON_CreateArray();
	int rc;

	memset(out, 0, sizeof(*out));
	out->report = cJSON_CreateObject();
	rc = out->report && attempts ? 0 : err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = json_add_take(out->report, "attempts", attempts);
	else
		cJSON_Delete(attempts);
	if (!rc)
		rc = buf_addf(&dir, "%s/testbench", o->out_dir);
	if (!rc)
		rc = agent_mkdirs(dir.data);
	if (!rc) {
		messages = rtlgen_prompt_tb(o->tmpl, o->spec, NULL, NULL);
		if (!messages)
			rc = ERR_USAGE;
	}
	for (int n = 1; !rc && n <= o->attempts && !out->text; n++) {
		struct attempt a = { .j = cJSON_CreateObject(),
				     .feedback = BUF_INIT };
		struct llm_result res;
		struct buf tag = BUF_INIT;

		rc = json_append_take(attempts, a.j);
		if (!rc)
			rc = json_add_num(a.j, "attempt", n);
		if (!rc)
			rc = buf_addf(&tag, "testbench %d", n);
		if (!rc)
			rc = llm_sample(o->llm, messages, 1,
					o->seed + 1000 + (unsigned long)n,
					tag.data, &res);
		buf_release(&tag);
		if (rc) {
			buf_release(&a.feedback);
			break;
		}
		rtlgen_code_release(&code);
		if (res.rc) {
			/* no reply after the retries: the API is the problem */
			out->llm_rc =
				res.rc == ERR_USAGE ? ERR_USAGE : ERR_FAIL;
			out->llm_error = strdup(res.error ? res.error
							  : "no reply from the "
							    "API");
		}
		rc = one_attempt(&a, &code, &res, n, o);
		llm_result_release(&res);
		if (!rc && a.accepted) {
			rc = json_add_str(a.j, "status", "accepted");
			if (!rc)
				rc = write_file(o, "testbench.v", code.code);
			out->text = rc ? NULL : strdup(code.code);
			if (!rc && !out->text)
				rc = err_set(ERR_FAIL, "out of memory");
		} else if (!rc && n < o->attempts) {
			/* the next request carries the reason */
			cJSON *m;

			if (code.code) {
				rtlgen_code_release(&last);
				last = code;
				code = (struct rtlgen_code)RTLGEN_CODE_INIT;
			}
			m = rtlgen_prompt_tb(o->tmpl, o->spec,
					     last.code ? last.code : "",
					     a.feedback.data);
			if (!m)
				rc = err_set(ERR_FAIL, "out of memory");
			else {
				cJSON_Delete(messages);
				messages = m;
			}
		}
		buf_release(&a.feedback);
		if (out->llm_rc)
			break;
	}
	if (!rc)
		rc = json_add_bool(out->report, "accepted", out->text != NULL);
	if (!rc)
		rc = json_add_str(out->report, "file",
				  out->text ? "testbench.v" : NULL);
	if (!rc)
		rc = json_add_str(out->report, "protocol",
				  "module tb instantiates the design, reports "
				  "mismatches with ERROR lines, ends with "
				  "$finish");
	cJSON_Delete(messages);
	rtlgen_code_release(&code);
	rtlgen_code_release(&last);
	buf_release(&dir);
	return rc;
}
