#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth.h"
#include "verify/formal-eqrun.h"

/*
 * Sequential equivalence from reset.  A generated harness instantiates
 * hwf_gold and hwf_gate on the same inputs; in cycle 0 the reset (if the
 * design has one) is assumed active, afterwards every output must match.
 * Registers without a reset or initial value start at zero in both
 * designs (setundef -zero -init), so two identical designs are not
 * "different" merely because of arbitrary power-up state.
 *
 * Methods, in order: BMC to the depth (a failure is a refutation with a
 * trace), k-induction (a pass is a proof), ABC pdr on the AIGER (proof, or
 * a refutation deeper than the bound, re-checked by BMC for its trace).
 * If nothing decides: inconclusive, "no difference within N cycles".
 */

#define PDR_TRACE_MAX 200

/* Both designs under the harness, memories as flops, zero power-up. */
#define HARNESS_PREP                                                      \
	"read_rtlil both.il\n"                                             \
	"read_verilog -sv -formal harness.sv\n"                            \
	"prep -flatten -top hwf_harness\n"                                 \
	"memory_map\nopt_clean\nsetundef -zero -init\n"                    \
	"async2sync\ndffunmap\n"

static int harness_ports(struct buf *h, const struct eq_run *r)
{
	size_t k = 0;
	int rc = buf_addstr(h, "module hwf_harness(");

	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *p = &r->gold.p[i];

		if (p->dir != VERIFY_IN)
			continue;
		rc |= buf_addf(h, "%s\n\tinput ", k++ ? "," : "");
		if (p->width > 1)
			rc |= buf_addf(h, "[%d:0] ", p->width - 1);
		rc |= buf_addf(h, "in_%s", p->name);
	}
	rc |= buf_addstr(h, "\n);\n");
	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *p = &r->gold.p[i];

		if (p->dir != VERIFY_OUT)
			continue;
		rc |= buf_addf(h, "\twire [%d:0] gold_%s, gate_%s;\n",
			       p->width - 1, p->name, p->name);
	}
	return rc;
}

static int harness_inst(struct buf *h, const struct eq_run *r, const char *mod,
			const char *inst, const char *pfx)
{
	int rc = buf_addf(h, "\t%s %s(", mod, inst);

	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *p = &r->gold.p[i];

		rc |= buf_addf(h, "%s\n\t\t.%s(%s%s)", i ? "," : "", p->name,
			       p->dir == VERIFY_IN ? "in_" : pfx, p->name);
	}
	return rc | buf_addstr(h, "\n\t);\n");
}

static int harness_check(struct buf *h, const struct eq_run *r)
{
	size_t k = 0;
	int rc = 0;

	if (r->reset) {
		if (r->clock)
			rc |= buf_addf(h,
				       "\treg hwf_step0 = 1'b1;\n"
				       "\talways @(posedge in_%s)\n",
				       r->clock);
		else
			rc |= buf_addstr(h, "\treg hwf_step0 = 1'b1;\n"
					    "\talways @($global_clock)\n");
		rc |= buf_addf(h,
			       "\t\thwf_step0 <= 1'b0;\n"
			       "\talways @* begin\n"
			       "\t\tif (hwf_step0)\n"
			       "\t\t\tassume(in_%s == 1'b%d);\n"
			       "\t\telse\n\t\t\tassert(1'b1",
			       r->reset, r->reset_low ? 0 : 1);
	} else {
		rc |= buf_addstr(h, "\talways @* begin\n\t\tassert(1'b1");
	}
	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *p = &r->gold.p[i];

		if (p->dir != VERIFY_OUT)
			continue;
		rc |= buf_addf(h, " &&\n\t\t\t\tgold_%s == gate_%s", p->name,
			       p->name);
		k++;
	}
	return rc | buf_addstr(h, ");\n\tend\nendmodule\n");
}

/* NULL when the harness can be built, else the reason it cannot. */
static const char *harness_unsupported(const struct eq_run *r)
{
	for (size_t i = 0; i < r->gold.n; i++) {
		if (r->gold.p[i].dir == VERIFY_INOUT)
			return "inout ports are not supported";
		/* names go into generated Verilog: plain identifiers only */
		if (!vlex_is_ident(r->gold.p[i].name))
			return "a port name is not a plain identifier";
	}
	return NULL;
}

static int build(struct eq_run *r)
{
	struct buf h = BUF_INIT;
	struct proc_result res = PROC_RESULT_INIT;
	int rc;

	rc = harness_ports(&h, r);
	rc |= harness_inst(&h, r, "hwf_gold", "g", "gold_");
	rc |= harness_inst(&h, r, "hwf_gate", "t", "gate_");
	rc |= harness_check(&h, r);
	if (!rc)
		rc = formal_write(r->dir, "harness.sv", &h);
	if (!rc)
		rc = eq_run_yosys_text(
			r, "seq.ys",
			HARNESS_PREP "write_smt2 -wires harness.smt2\n", &res);
	if (!rc && (res.timed_out || res.exit_code != 0))
		rc = 1; /* the caller reports it as inconclusive */
	proc_result_release(&res);
	buf_release(&h);
	return rc;
}

/* 1: a failing trace in cex.vcd; 0: passed; 2: timed out. */
static int bmc(struct eq_run *r, int depth, bool induction, int *status)
{
	char t[16];
	const char *bmc_args[] = { "-t",	   t,	"--dump-vcd", "cex.vcd",
				   "harness.smt2", NULL };
	const char *ind_args[] = { "-i", "-t", t, "harness.smt2", NULL };
	struct proc_result res = PROC_RESULT_INIT;
	int rc;

	snprintf(t, sizeof(t), "%d", depth);
	rc = eq_smtbmc(r, induction ? ind_args : bmc_args, &res);
	if (!rc) {
		if (res.timed_out)
			*status = 2;
		else if (res.exit_code == 0)
			*status = 0;
		else if (induction || formal_exists(r->dir, "cex.vcd"))
			*status = 1;
		else
			rc = err_set(ERR_FAIL,
				     "equiv: yosys-smtbmc failed "
				     "(exit %d)",
				     res.exit_code);
	}
	proc_result_release(&res);
	return rc;
}

/*
 * The AIGER for ABC, built only when induction failed.  Every register,
 * memories mapped to flops included, starts at zero (ABC never sees an
 * uninitialized latch).  *ok = false when Yosys cannot build it.
 */
static int build_aiger(struct eq_run *r, bool *ok)
{
	struct proc_result res = PROC_RESULT_INIT;
	int rc;

	rc = eq_run_yosys_text(r, "aig.ys",
			       HARNESS_PREP
			       "opt -fast -nodffe -nosdff\n"
			       "techmap\nopt -fast -nodffe -nosdff\n"
			       "dffunmap\nsetundef -zero -init\n"
			       "abc -g AND -fast\nopt_clean\n"
			       "write_aiger -zinit harness.aig\n",
			       &res);
	*ok = !rc && !res.timed_out && res.exit_code == 0;
	proc_result_release(&res);
	return rc;
}

/* ABC pdr: 0 proved, 1 refuted at *frame, 2 undecided. */
static int pdr(struct eq_run *r, int *status, long *frame)
{
	char cmd[96];
	const char *argv[] = { "yosys-abc", "-c", cmd, NULL };
	struct proc_result res = PROC_RESULT_INIT;
	struct verify_opts o = *r->o;
	bool ok;
	int rc;

	*status = 2;
	rc = build_aiger(r, &ok);
	if (rc || !ok)
		return rc;
	snprintf(cmd, sizeof(cmd), "read_aiger harness.aig; fold; pdr -T %d",
		 r->timeout_s);
	o.timeout_s = r->timeout_s + 5;
	rc = vrun_tool(&res, &o, r->dir, argv, NULL, NULL, 0, 0);
	*status = 2;
	/* ABC exits 0 whatever it found: read its verdict line */
	if (!rc && !res.timed_out) {
		if (strstr(res.out.data, "Property proved"))
			*status = 0;
		else if (strstr(res.out.data, "was asserted in frame ")) {
			const char *f =
				strstr(res.out.data, "was asserted in frame ");

			*status = 1;
			*frame = strtol(f + 22, NULL, 10);
		}
	}
	proc_result_release(&res);
	return rc;
}

static int refuted(struct eq_run *r, struct eq_result *out, const char *method)
{
	out->result = "refuted";
	out->method = method;
	out->have_vcd = true;
	return eq_cex_from_vcd(r, "cex.vcd", &out->cex);
}

static int after_bmc(struct eq_run *r, struct eq_result *out)
{
	long frame = -1;
	int st, rc;

	rc = bmc(r, r->depth, true, &st);
	if (!rc && st == 0) {
		out->result = "proven";
		out->method = "k-induction (yosys-smtbmc, z3)";
		return 0;
	}
	/* the harness without a clock uses $global_clock: its $_FF_ under
	 * write_aiger -zinit is not trusted (see props.c), so no PDR */
	if (!rc && r->clock)
		rc = pdr(r, &st, &frame);
	if (!rc && st == 0) {
		out->result = "proven";
		out->method = "PDR (ABC pdr on the AIGER harness)";
		return 0;
	}
	if (!rc && st == 1 && frame >= 0 && frame < PDR_TRACE_MAX) {
		out->depth = (int)frame + 2;
		rc = bmc(r, out->depth, false, &st);
		if (!rc && st == 1)
			return refuted(r, out, "PDR (ABC), trace by BMC");
	}
	out->result = "inconclusive";
	out->method = "bounded model check (yosys-smtbmc, z3)";
	out->depth = r->depth;
	out->reason = str_fmt("bounded to %d cycles: no difference "
				 "within %d cycles from reset, but neither "
				 "induction nor PDR proved equivalence",
				 r->depth, r->depth);
	return rc;
}

/* Yosys could not build the proof (e.g. a cell smt2 does not support). */
static int harness_failed(struct eq_run *r, struct eq_result *out)
{
	struct buf log = BUF_INIT, line = BUF_INIT;
	const char *e, *end;

	formal_read(&log, r->dir, "seq.ys.log");
	e = strstr(log.data, "ERROR:");
	if (!e)
		e = "ERROR: Yosys failed or timed out";
	end = strchr(e, '\n');
	buf_add_escaped(&line, e, end ? (size_t)(end - e) : strlen(e));
	out->result = "inconclusive";
	out->method = "none";
	out->reason = str_fmt("Yosys could not build the sequential "
				 "proof: %.300s",
				 line.data);
	buf_release(&log);
	buf_release(&line);
	return 0;
}

int eq_seq(struct eq_run *r, struct eq_result *out)
{
	const char *why = harness_unsupported(r);
	int st, rc;

	out->depth = r->depth;
	if (why) {
		out->result = "inconclusive";
		out->method = "none";
		out->reason = strdup(why);
		return 0;
	}
	rc = build(r);
	if (rc == 1)
		return harness_failed(r, out);
	if (!rc)
		rc = bmc(r, r->depth, false, &st);
	if (rc)
		return rc;
	if (st == 1)
		return refuted(r, out,
			       "bounded model check from reset "
			       "(yosys-smtbmc, z3)");
	if (st == 2) {
		out->result = "inconclusive";
		out->method = "bounded model check (yosys-smtbmc, z3)";
		out->reason = str_fmt("the bounded check to %d cycles "
					 "timed out after %d s",
					 r->depth, r->timeout_s);
		return 0;
	}
	return after_bmc(r, out);
}
