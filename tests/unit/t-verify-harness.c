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

int main(void)
{
	test_rename();
	test_stamp();
	return done();
}
