#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"

static void extract(struct rtlgen_code *c, const char *s, const char *top)
{
	if (rtlgen_extract(c, s, strlen(s), top))
		printf("# extract failed: %s\n", err_last());
}

static void test_sentinel(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c,
		"Sure.\n```verilog\nmodule other(); endmodule\n```\n"
		"  // BEGIN VERILOG\nmodule t(input a, output y);\n"
		"assign y = a;\nendmodule\n// END VERILOG\ntrailing\n",
		"t");
	is_str(c.path, "sentinel", "sentinel wins over fences");
	ok(c.code && strstr(c.code, "module t(") && !strstr(c.code, "other"),
	   "sentinel body is the code");
	ok(c.complete && c.defines_top, "sentinel code complete, defines top");
	rtlgen_code_release(&c);
	extract(&c,
		"// BEGIN VERILOG\n```verilog\nmodule t; endmodule\n```\n"
		"// END VERILOG\n",
		"t");
	ok(c.code && !strstr(c.code, "```"), "fence inside sentinel stripped");
	rtlgen_code_release(&c);
}

static void test_fences(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c,
		"First a helper:\n```\nmodule helper(input a); endmodule\n"
		"```\nAnd the top:\n    ~~~~ systemverilog\n"
		"    module top(input a);\n      helper h(.a(a));\n"
		"    endmodule\n    ~~~~\n",
		"top");
	is_str(c.path, "fence", "fence path");
	ok(c.code && !strncmp(c.code, "module top(", 10),
	   "block defining top chosen, indentation removed");
	ok(c.code && strstr(c.code, "\n  helper h"),
	   "relative indentation kept");
	rtlgen_code_release(&c);
	extract(&c, "```verilog\nmodule a1(); endmodule\n```\n", "zzz");
	ok(c.code && strstr(c.code, "module a1") && !c.defines_top,
	   "no block defines top: first module block, flagged");
	rtlgen_code_release(&c);
	extract(&c, "```verilog\nmodule t(input a);\n  assign x = a;\n", "t");
	is_str(c.path, "fence", "unterminated fence still a fence");
	ok(!c.complete, "module without endmodule: incomplete");
	rtlgen_code_release(&c);
}

static void test_scan(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;

	extract(&c,
		"The module below does it. module is a word.\n"
		"module t(input a, output y); // endmodule here is a comment\n"
		"  /* endmodule */ assign y = \"endmodule\" == a;\n"
		"endmodule\nThat's all, the endmodule closes it.\n",
		"t");
	is_str(c.path, "scan", "scan path");
	ok(c.code && !strncmp(c.code, "module t(", 9), "scan starts at module");
	ok(c.code && strstr(c.code, "assign y") &&
		   !strstr(c.code, "That's all"),
	   "scan skips endmodule in comments "
	   "and strings");
	ok(c.complete, "scan complete");
	rtlgen_code_release(&c);
	extract(&c, "I cannot help with that.", "t");
	is_str(c.path, "none", "nothing found");
	ok(c.code == NULL, "no code");
	rtlgen_code_release(&c);
}

static void test_reasoning(void)
{
	struct rtlgen_code c = RTLGEN_CODE_INIT;
	struct buf b = BUF_INIT, path = BUF_INIT;

	const char *src = getenv("TEST_SRCDIR");

	buf_addf(&path, "%s/fixtures/rtlgen/reply-think-decoy.txt",
		 src ? src : "tests");
	buf_read_file(&b, path.data, 0);
	ok(b.len > 0, "fixture read");
	rtlgen_extract(&c, b.data, b.len, "sat_add");
	is_str(c.path, "fence", "think fixture: fence");
	ok(c.code && strstr(c.code, "ovf") && !strstr(c.code, "assign y = 0"),
	   "decoy inside <think> ignored");
	ok(c.complete && c.defines_top, "complete despite endmodule comment");
	rtlgen_code_release(&c);
	extract(&c, "<think>module t; endmodule\nstill thinking", "t");
	is_str(c.path, "none", "unterminated think is never searched");
	rtlgen_code_release(&c);
	extract(&c,
		"module t(); wire decoy; endmodule</think>\n"
		"module t(); wire real_one; endmodule\n",
		"t");
	ok(c.code && strstr(c.code, "real_one") && !strstr(c.code, "decoy"),
	   "text before a lone </think> is reasoning");
	rtlgen_code_release(&c);
	buf_release(&b);
	buf_release(&path);
}

static void test_defines(void)
{
	const char *s = "// module fake(\nmodule real_1 #(parameter W=1)(a);"
			" endmodule";

	ok(rtlgen_defines_module(s, strlen(s), "real_1"), "defines real_1");
	ok(!rtlgen_defines_module(s, strlen(s), "fake"),
	   "commented module not defined");
}

int main(void)
{
	test_sentinel();
	test_fences();
	test_scan();
	test_reasoning();
	test_defines();
	return done();
}
