#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth.h"
#include "verify/formal-eqrun.h"

/*
 * Combinational equivalence.  First the bit-level miter with `sat -prove
 * trigger 0` (a one-in-65536 difference is refuted in well under a
 * second); when SAT times out (rearranged arithmetic), the word-level
 * miter through yosys-smtbmc and z3.  Exit status 0 of `sat -verify`
 * means proven; a refutation is recognised by the VCD it writes.
 */

int eq_sat_script(struct buf *s, const struct eq_run *r)
{
	return buf_addf(s,
			"miter -equiv -flatten -make_outputs -ignore_gold_x "
			"hwf_gold hwf_gate hwf_miter\n"
			"hierarchy -top hwf_miter\n"
			"sat -verify -prove trigger 0 -set-def-inputs "
			"-show-ports -timeout %d -dump_vcd cex.vcd "
			"hwf_miter\n",
			r->timeout_s);
}

/* Exit 0: proven; a cex.vcd: refuted, with its trace; else *open. */
static int judge(struct eq_run *r, const struct proc_result *res,
		 struct eq_result *out, bool *open)
{
	*open = false;
	if (res->exit_code == 0) {
		out->result = "proven";
		return 0;
	}
	if (formal_exists(r->dir, "cex.vcd")) {
		out->result = "refuted";
		out->have_vcd = true;
		return eq_cex_from_vcd(r, "cex.vcd", &out->cex);
	}
	*open = true;
	return 0;
}

static int sat_bitlevel(struct eq_run *r, struct eq_result *out,
			bool *timed_out)
{
	struct proc_result pr = PROC_RESULT_INIT;
	const struct proc_result *res = &pr;
	struct buf log = BUF_INIT, s = BUF_INIT;
	bool open = false;
	int rc;

	*timed_out = false;
	rc = buf_addstr(&s, "read_rtlil both.il\n");
	rc |= eq_sat_script(&s, r);
	if (!rc)
		rc = eq_run_yosys(r, "sat.ys", &s, &pr);
	buf_release(&s);
	if (rc) {
		proc_result_release(&pr);
		return rc;
	}
	out->method = "bit-level miter, SAT (yosys sat)";
	if (res->timed_out)
		*timed_out = true;
	else
		rc = judge(r, res, out, &open);
	if (open) {
		formal_read(&log, r->dir, "sat.ys.log");
		if (log.data && strstr(log.data, "did time out"))
			*timed_out = true;
		else
			rc = err_set(ERR_FAIL,
				     "equiv: yosys sat failed "
				     "(exit %d)",
				     res->exit_code);
	}
	buf_release(&log);
	proc_result_release(&pr);
	return rc;
}

static int smt_wordlevel(struct eq_run *r, struct eq_result *out)
{
	static const char *const args[] = { "-t",	  "1",
					    "--dump-vcd", "cex.vcd",
					    "miter.smt2", NULL };
	struct proc_result res = PROC_RESULT_INIT;
	bool open;
	int rc;

	rc = eq_run_yosys_text(r, "smt.ys",
			       "read_rtlil both.il\n"
			       "miter -equiv -flatten -make_assert "
			       "-ignore_gold_x hwf_gold hwf_gate hwf_miter\n"
			       "hierarchy -top hwf_miter\n"
			       "write_smt2 -wires miter.smt2\n",
			       &res);
	if (!rc && res.exit_code != 0)
		rc = err_set(ERR_FAIL, "equiv: yosys write_smt2 failed");
	if (!rc)
		rc = eq_smtbmc(r, args, &res);
	if (rc)
		goto done;
	out->method = "word-level miter, SMT (yosys-smtbmc, z3)";
	if (res.timed_out) {
		out->result = "inconclusive";
		out->reason = str_fmt("bit-level SAT and word-level SMT "
					 "both timed out after %d s",
					 r->timeout_s);
	} else if (!(rc = judge(r, &res, out, &open)) && open) {
		rc = err_set(ERR_FAIL, "equiv: yosys-smtbmc failed (exit %d)",
			     res.exit_code);
	}
done:
	proc_result_release(&res);
	return rc;
}

int eq_comb(struct eq_run *r, struct eq_result *out)
{
	bool timed_out;
	int rc;

	out->depth = 1;
	rc = sat_bitlevel(r, out, &timed_out);
	if (!rc && timed_out)
		rc = smt_wordlevel(r, out);
	return rc;
}
