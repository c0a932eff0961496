#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"

static void extract(struct rtlgen_code *c, const char *s)
{
	if (rtlgen_extract_props(c, s, strlen(s)))
		printf("# extract failed: %s\n", err_last());
}

static void test_sentinel(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c, "Here.\n// BEGIN VERILOG\n"
		    "a1: assert property (@(posedge clk) a |-> b);\n"
		    "always @(posedge clk) if (!rst) assert (q < 10);\n"
		    "// END VERILOG\nbye assert property (x);\n");
	is_str(c.path, "sentinel", "sentinel block");
	ok(c.code && strstr(c.code, "a1: assert property") &&
		   strstr(c.code, "always @(posedge clk) if (!rst)") &&
		   !strstr(c.code, "bye") && !strstr(c.code, "(x)"),
	   "a plain list is kept whole, nothing after the end line");
	rtlgen_code_release(&c);
}

static void test_fence_module(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c, "<think>assert property (decoy);</think>\n"
		    "```text\nno statements here\n```\n"
		    "```systemverilog\nmodule m(input clk);\n"
		    "  reg [3:0] q;\n"
		    "  p_wrap: assert property (@(posedge clk) disable iff "
		    "(rst) (q == 4'd9) |=> (q == 0));\n"
		    "  assert property (@(posedge clk) $rose(a) |-> ##2 b);\n"
		    "endmodule\n```\n");
	is_str(c.path, "fence", "the fence holding statements");
	ok(c.code && !strstr(c.code, "module") && !strstr(c.code, "reg ") &&
		   !strstr(c.code, "decoy"),
	   "a module's header and body are dropped, reasoning is not read");
	ok(c.code && strstr(c.code, "p_wrap: assert property (@(posedge clk) "
				    "disable iff (rst) (q == 4'd9) |=> "
				    "(q == 0));\n"),
	   "the labelled statement is whole, nested parentheses included");
	ok(c.code && strstr(c.code, "\nassert property (@(posedge clk) "
				    "$rose(a) |-> ##2 b);\n"),
	   "the second statement on its own line");
	rtlgen_code_release(&c);
}

static void test_scan(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c, "We assert that the counter wraps:\n"
		    "cover property (@(posedge clk) q == 9);\n"
		    "and we assert property nothing else.\n");
	is_str(c.path, "scan", "prose is scanned");
	is_str(c.code, "cover property (@(posedge clk) q == 9);\n",
	       "only the statement, not the prose");
	rtlgen_code_release(&c);
	extract(&c, "I cannot write assertions for this design.");
	ok(!c.code, "no statements: no code");
	is_str(c.path, "none", "path none");
	rtlgen_code_release(&c);
}

int main(void)
{
	test_sentinel();
	test_fence_module();
	test_scan();
	return done();
}
