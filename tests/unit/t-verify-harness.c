#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "verify/verify-int.h"

/* Suite testbench rewriting (tbtext.c) on the tokens of the one lexer. */

static void test_rename(void)
{
	const char *names[] = { "tb", "good1", "RefModule", NULL };
	struct buf b = BUF_INIT;

	vtb_rename(&b,
		   "module tb; RefModule good1(); // tb good1\n"
		   "wire tbx = tb.good1.y; initial $display(\"tb\"); "
		   "endmodule",
		   names, "_N");
	is_str(b.data,
	       "module tb_N; RefModule_N good1_N(); // tb good1\n"
	       "wire tbx = tb_N.good1_N.y; initial $display(\"tb\"); "
	       "endmodule",
	       "whole identifiers renamed; comments, strings, longer "
	       "names kept");
	buf_reset(&b);
	vtb_rename(&b, "/* tb */ (* tb *) module tb; endmodule", names, "_N");
	is_str(b.data, "/* tb */ (* tb *) module tb_N; endmodule",
	       "attributes and block comments kept");
	buf_release(&b);
}

static void test_stamp(void)
{
	struct buf b = BUF_INIT;

	vtb_stamp(&b,
		  "final $display(\"Mismatches: %1d in %1d\", e, c);\n"
		  "$fatal(1, \"%0d bad\", n); $display;\n"
		  "initial begin $dumpfile(\"w.vcd\"); $dumpvars(1, tb); end\n"
		  "// $display(\"not code\")\n",
		  "NONCE", VTB_DROP_DUMP);
	is_str(b.data,
	       "final $display(\"NONCE Mismatches: %1d in %1d\", e, c);\n"
	       "$fatal(1, \"NONCE %0d bad\", n); $display;\n"
	       "initial begin ; ; end\n"
	       "// $display(\"not code\")\n",
	       "report strings stamped, dumps dropped, comments kept");
	buf_reset(&b);
	vtb_stamp(&b, "if (e) $finish; else x = 1;\n#1 $finish(0) ;", "N",
		  VTB_MARK_END);
	is_str(b.data,
	       "if (e) begin $display(\"N END\"); $finish; end else x = 1;\n"
	       "#1 begin $display(\"N END\"); $finish(0) ; end",
	       "$finish statements print the END marker first");
	buf_reset(&b);
	vtb_stamp(&b, "$write(\"a\", $sformatf(\"%d\", x)); $monitor(\"m\");",
		  "N", 0);
	is_str(b.data,
	       "$write(\"N a\", $sformatf(\"%d\", x)); $monitor(\"N m\");",
	       "$write and $monitor are the testbench's lines too");
	buf_reset(&b);
	vtb_stamp(&b, "$display(\"x\" ; $display(\"y\");", "N", 0);
	is_str(b.data, "$display(\"x\" ; $display(\"N y\");",
	       "an unbalanced argument list is left alone");
	buf_release(&b);
}

/* ---- verify_run() on in-memory sources -------------------------------- */

static const char tb_native[] =
	"module tb;\n"
	"  reg [3:0] a; wire [3:0] y; integer i, e;\n"
	"  inc4 dut(.a(a), .y(y));\n"
	"  initial begin\n"
	"    e = 0;\n"
	"    for (i = 0; i < 16; i = i + 1) begin\n"
	"      a = i; #1;\n"
	"      if (y !== a + 4'd1) e = e + 1;\n"
	"    end\n"
	"    $display(\"errors %0d\", e);\n"
	"    if (e) $fatal(1, \"%0d mismatches\", e);\n"
	"    $finish;\n"
	"  end\n"
	"endmodule\n";

static void judge(struct verify_verdict *v, const char *code)
{
	struct verify_source cand = { .name = "inc4.v", .text = code };
	struct verify_job j = VERIFY_JOB_INIT;

	j.harness = VERIFY_HARNESS_NATIVE;
	j.srcs = &cand;
	j.nsrcs = 1;
	j.top = "inc4";
	j.tb.name = "tb.v";
	j.tb.text = tb_native;
	j.tb_top = "tb";
	j.expect_end = true;
	j.limits.wall_s = 20;
	ok(!verify_run(v, &j), "verify_run decides");
}

static const struct verify_stage *last(const struct verify_verdict *v)
{
	return v->failed >= 0 ? &v->stages[v->failed]
			      : &v->stages[v->nstages - 1];
}

static void test_run(void)
{
	struct verify_verdict v;
	const struct verify_stage *st;
	char *p;

	p = proc_which("iverilog");
	if (!p) {
		require_tool(0, "iverilog");
		return;
	}
	free(p);
	judge(&v, "module inc4(input [3:0] a, output [3:0] y);\n"
		  "  assign y = a + 1'b1;\nendmodule\n");
	is_int(v.status, VERIFY_PASS, "a right design passes");
	ok(v.end_seen, "the testbench reached its own $finish");
	is_int((int)v.nstages, 3, "screen, compile, sim");
	st = last(&v);
	ok(st->ev.nreport >= 2 && !strcmp(st->ev.report[0], "errors 0") &&
		   !strcmp(st->ev.report[st->ev.nreport - 1], "END"),
	   "typed evidence: the testbench's own lines, nonce removed");
	verify_verdict_release(&v);

	judge(&v, "module inc4(input [3:0] a, output [3:0] y);\n"
		  "  assign y = a + 1'b1;\n"
		  "  final $display(\"END\");\nendmodule\n");
	st = last(&v);
	is_str(st->class, "cheat/tamper", "a design printing END tampers");
	ok(st->ev.ntampered == 1 && !strcmp(st->ev.tampered[0], "END"),
	   "its line is named as the design's");
	verify_verdict_release(&v);

	judge(&v, "module inc4(input [3:0] a, output [3:0] y)\n"
		  "  assign y = a;\nendmodule\n");
	st = last(&v);
	ok(!strcmp(st->name, "compile") && !strcmp(st->class, "compile/syntax"),
	   "a syntax error is the compile stage's");
	verify_verdict_release(&v);
}

int main(void)
{
	test_rename();
	test_stamp();
	test_run();
	return done();
}
