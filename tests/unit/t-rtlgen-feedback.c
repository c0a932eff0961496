#include "config.h"

#include <string.h>

#include "base/base.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"
#include "verify/evidence.h"

/* Evidence strings are owned (char *): writable copies of literals. */
#define S(x) ((char[]){ x })

/* Feedback is rendered from typed evidence (verify/evidence.h): the
 * structs below are what verify hands over, no JSON in between. */

static const char code[] = "module t(input a, output y);\n"
			   "  wire w;\n"
			   "  assign y = a &;\n"
			   "endmodule\n";

static void test_compile(void)
{
	struct buf b = BUF_INIT;
	struct vev_diag d = { .file = S("/tmp/hwforge-verify-x1/cand.v"),
			      .line = 3,
			      .message = S("syntax error") };
	struct verify_evidence ev = { .diags = &d, .ndiags = 1 };
	struct vev_stage st[] = {
		{ .name = "compile",
		  .status = "fail",
		  .class = "compile/syntax",
		  .summary = "1 error in /tmp/hwforge-verify-x1/cand.v",
		  .ev = &ev },
		{ .name = "sim", .status = "skipped" },
	};

	is_int(rtlgen_feedback(&b, st, 2, code, 0), 0,
	       "render compile verdict");
	has_str(b.data, "compile/syntax", "class named");
	has_str(b.data, "- cand.v:3: syntax error", "error line, base name");
	has_str(b.data, ">    3 |   assign y = a &;", "offending line marked");
	has_str(b.data, "     1 | module t(", "context before");
	ok(!strstr(b.data, "/tmp/"), "no temporary paths");
	ok(!strstr(b.data, "Check sim"), "skipped stage not rendered");
	buf_release(&b);
}

static void test_mismatch(void)
{
	struct buf b = BUF_INIT;
	struct vev_kv in[] = { { S("a"), S("1") }, { S("b"), S("0") } };
	struct vev_kv exp[] = { { S("y"), S("1") } }, got[] = { { S("y"), S("0") } };
	struct vev_row row = { .cycle = 3,
			       .inputs = { in, 2 },
			       .expected = { exp, 1 },
			       .got = { got, 1 } };
	struct verify_evidence ev = {
		.compared = 100, .mismatches = 7, .table = &row, .ntable = 1
	};
	struct vev_stage st = { .name = "sim",
				.status = "fail",
				.class = "sim/mismatch",
				.ev = &ev };

	is_int(rtlgen_feedback(&b, &st, 1, code, 0), 0, "render sim verdict");
	has_str(b.data, "7 of 100 compared cycles mismatched", "counts");
	has_str(b.data, "| 3 | a=1 b=0 | y=1 | y=0 |", "mismatch row");
	buf_release(&b);
}

static void test_equiv_synth_budget(void)
{
	struct buf b = BUF_INIT;
	struct vev_kv in[] = { { S("a"), S("1") } };
	struct vev_kv gold[] = { { S("y"), S("1") } }, gate[] = { { S("y"), S("0") } };
	struct vev_row cex = { .cycle = 0,
			       .inputs = { in, 1 },
			       .expected = { gold, 1 },
			       .got = { gate, 1 } };
	struct vev_finding f = { .kind = S("latch"), .signal = S("q"), .line = 12 };
	struct verify_evidence eq = { .compared = -1,
				      .mismatches = -1,
				      .cex = &cex,
				      .ncex = 1 };
	struct verify_evidence sy = { .compared = -1,
				      .mismatches = -1,
				      .findings = &f,
				      .nfindings = 1 };
	struct vev_stage st[] = {
		{ .name = "equiv", .status = "fail", .ev = &eq },
		{ .name = "synth",
		  .status = "fail",
		  .class = "synth/latch",
		  .ev = &sy },
	};

	is_int(rtlgen_feedback(&b, st, 2, code, 0), 0, "render equiv+synth");
	has_str(b.data, "| cycle | inputs | reference | yours |", "cex header");
	has_str(b.data, "| 0 | a=1 | y=1 | y=0 |", "cex row");
	has_str(b.data, "- latch on signal q (line 12)", "latch finding");
	buf_reset(&b);
	rtlgen_feedback(&b, st, 2, code, 120);
	ok(b.len <= 120, "budget respected");
	has_str(b.data, "(feedback truncated)", "truncation said");
	buf_release(&b);
}

static void test_precheck(void)
{
	struct buf b = BUF_INIT;
	char *probs[] = { S("port y missing") };
	struct verify_evidence ev = { .problems = probs, .nproblems = 1 };
	struct vev_stage st = { .name = "precheck",
				.status = "fail",
				.class = "ports",
				.summary = "ports differ",
				.ev = &ev };

	is_int(rtlgen_feedback(&b, &st, 1, code, 0), 0, "render precheck");
	has_str(b.data, "Check precheck failed (ports): ports differ\n"
			"- port y missing\n",
		"problems listed under the stage line");
	buf_release(&b);
}

/* An undecided proof is not a difference: the model must not be told
 * its design is wrong. */
static void test_equiv_inconclusive(void)
{
	struct buf b = BUF_INIT;
	struct verify_evidence ev = { .compared = -1,
				      .mismatches = -1,
				      .depth = 20,
				      .result = S("inconclusive"),
				      .reason = S("z3 timed out after 60 s") };
	struct vev_stage st = { .name = "equiv",
				.status = "inconclusive",
				.class = "equiv/inconclusive",
				.summary = "the solvers did not decide",
				.ev = &ev };

	is_int(rtlgen_feedback(&b, &st, 1, code, 0), 0, "render inconclusive");
	has_str(b.data, "Check equiv could not be proven", "could not be proven");
	has_str(b.data, "Reason: z3 timed out after 60 s", "the reason given");
	ok(!strstr(b.data, "not equivalent") && !strstr(b.data, "failed"),
	   "never called a difference");
	buf_release(&b);
}

/* Screen violations and port differences reach the model, one a line. */
static void test_violations_ports(void)
{
	struct buf b = BUF_INIT;
	struct vev_diag v = { .line = 4,
			      .message = S("system task not allowed"),
			      .token = S("$fopen") };
	char *ports[] = { S("port y: width 1, reference 8") };
	struct verify_evidence ev = { .compared = -1,
				      .mismatches = -1,
				      .violations = &v,
				      .nviolations = 1,
				      .ports = ports,
				      .nports = 1 };
	struct vev_stage st = { .name = "screen",
				.status = "fail",
				.class = "sandbox/violation",
				.ev = &ev };

	is_int(rtlgen_feedback(&b, &st, 1, code, 0), 0, "render screen");
	has_str(b.data, "- line 4: system task not allowed '$fopen'\n",
		"violation with line and token");
	has_str(b.data, "- port y: width 1, reference 8\n", "port difference");
	buf_release(&b);
}

int main(void)
{
	test_equiv_inconclusive();
	test_violations_ports();
	test_compile();
	test_mismatch();
	test_equiv_synth_budget();
	test_precheck();
	return done();
}
