#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tap.h"
#include "verify/verify-int.h"

/*
 * The static screen and the lexer under it: what a design may not do,
 * and what it may (comments, strings, numbers, instance paths, macros
 * it defines itself) without a false alarm.
 */

static char dir[] = "/tmp/hwforge-t-verify-screen-XXXXXX";

/* Screen one source; returns the stage (caller releases). */
static struct verify_stage screen_src(const char *src, bool file_io,
				      const char *const *forbidden)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st = { 0 };
	struct buf path = BUF_INIT;
	const char *files[1];

	buf_addf(&path, "%s/d.v", dir);
	buf_write_file(path.data, src, strlen(src));
	files[0] = path.data;
	o.files = files;
	o.nfiles = 1;
	o.allow_file_io = file_io;
	if (verify_screen(&st, &o, forbidden))
		st.status = VERIFY_ERROR;
	buf_release(&path);
	return st;
}

static void expect(const char *src, const char *cls, const char *name)
{
	struct verify_stage st = screen_src(src, false, NULL);

	if (cls) {
		is_int(st.status, VERIFY_FAIL, name);
		is_str(st.class, cls, name);
	} else {
		is_int(st.status, VERIFY_PASS, name);
		if (st.status != VERIFY_PASS)
			printf("#   summary: %s\n", st.summary);
	}
	verify_stage_release(&st);
}

static void test_rejects(void)
{
	expect("module m; initial $finish; endmodule\n",
	       "cheat/forbidden-task", "$finish");
	expect("module m; initial $finish_and_return(0); endmodule\n",
	       "cheat/forbidden-task", "$finish_and_return");
	expect("module m; real r; initial r = $table_model(1.0, \"/etc/x\","
	       " \"1E\"); endmodule\n",
	       "sandbox/violation", "$table_model");
	expect("module m; integer r; initial r = $fputc(80, 1); endmodule\n",
	       "sandbox/violation", "$fputc");
	expect("module m; initial $system(\"ls\"); endmodule\n",
	       "sandbox/violation", "$system");
	expect("module m; initial $asserton; endmodule\n",
	       "sandbox/violation", "$asserton: not on the allow-list");
	expect("module m; initial $hwf_unknown(1); endmodule\n",
	       "sandbox/violation", "an unknown task");
	expect("module m(output y); assign y = $unit::x; endmodule\n",
	       "cheat/hierarchical-ref", "$unit");
	expect("module m; integer f; initial f = $fopen(\"/etc/x\"); "
	       "endmodule\n",
	       "sandbox/violation", "$fopen");
	expect("module m; reg [7:0] r [0:3]; initial "
	       "$readmemh(\"/etc/shadow\", r); endmodule\n",
	       "sandbox/violation", "$readmemh");
	expect("module m; initial $fdisplayh(1, 2); endmodule\n",
	       "sandbox/violation", "$fdisplayh by prefix");
	expect("module m; reg x; initial x = $test$plusargs(\"a\"); "
	       "endmodule\n",
	       "sandbox/violation", "$test$plusargs");
	expect("`include \"x.vh\"\nmodule m; endmodule\n", "sandbox/violation",
	       "`include");
	expect("`line 1 \"x\" 0\nmodule m; endmodule\n", "sandbox/violation",
	       "unknown directive");
	expect("module m(output y); assign y = tb.good1.y; endmodule\n",
	       "cheat/hierarchical-ref", "reach into the testbench");
	expect("module m(output y); assign y = $root.tb.y; endmodule\n",
	       "cheat/hierarchical-ref", "$root");
}

static bool have_iverilog(void)
{
	const char *path = getenv("PATH");
	struct buf b = BUF_INIT;
	bool have = false;

	for (const char *p = path; p && *p && !have;) {
		size_t n = strcspn(p, ":");

		buf_reset(&b);
		buf_addf(&b, "%.*s/iverilog", (int)n, p);
		have = access(b.data, X_OK) == 0;
		p += n + (p[n] == ':');
	}
	buf_release(&b);
	return have;
}

/* Macros and `ifdef: the screen judges the preprocessor's output. */
static void test_preprocessed(void)
{
	struct verify_stage st;
	struct verify_opts o = VERIFY_OPTS_INIT;
	static const char *const defs[] = { "EVIL", NULL };
	struct buf path = BUF_INIT;
	const char *files[1];
	const cJSON *v;

	st = screen_src("`define S tb\nmodule m(output y);\n"
			"assign y = `S.y; endmodule\n",
			false, NULL);
	is_str(st.class, "cheat/hierarchical-ref", "`define S tb, `S.y");
	v = cJSON_GetArrayItem(json_get_array(st.evidence, "violations"), 0);
	is_int(json_get_number(v, "line", 0), 3, "macro: line of the use");
	is_str(json_get_string(v, "token"), "tb", "macro: expanded token");
	ok(json_get_bool(st.evidence, "preprocessed", false),
	   "evidence says preprocessed");
	verify_stage_release(&st);
	expect("`define P(x) $write``x\nmodule m; reg [7:0] r [0:1];\n"
	       "initial `P(memh)(\"/tmp/x\", r); endmodule\n",
	       "sandbox/violation", "$write``memh pasted");
	expect("`define H(a, b) a.b\nmodule m(output y);\n"
	       "assign y = `H(tb, y); endmodule\n",
	       "cheat/hierarchical-ref", "macro argument builds a path");
	expect("`define W 4\n`ifdef EVIL\nmodule m; initial $fopen(\"x\");"
	       " endmodule\n`else\nmodule m(input [`W-1:0] a); endmodule\n"
	       "`endif\n",
	       NULL, "inactive `ifdef branch is not compiled");
	buf_addf(&path, "%s/d.v", dir);
	{
		static const char evil[] = "`ifdef EVIL\nmodule m; initial "
					   "$fopen(\"x\"); endmodule\n"
					   "`endif\n";

		buf_write_file(path.data, evil, sizeof(evil) - 1);
	}
	files[0] = path.data;
	o.files = files;
	o.nfiles = 1;
	o.defines = defs;
	memset(&st, 0, sizeof(st));
	ok(!verify_screen(&st, &o, NULL), "screen with -D EVIL runs");
	is_str(st.class, "sandbox/violation", "-D EVIL: active branch screened");
	verify_stage_release(&st);
	buf_release(&path);
}

static void test_allows(void)
{
	expect("module m(input signed [7:0] a, output [31:0] y);\n"
	       "localparam W = $clog2(256) + $bits(a);\n"
	       "assign y = $unsigned(a) + $signed(a) + W;\n"
	       "initial begin $display(\"%t\", $realtime); $strobe(1);\n"
	       "$monitor(a); $write(\"%d\", $urandom_range(0, 9)); end\n"
	       "endmodule\n",
	       NULL, "the allow-list: printing, sizes, conversions, random");
	expect("// $fopen in a comment, `include too\n"
	       "/* $finish */ module m(input a, output y);\n"
	       "initial $display(\"$fopen `include tb.x\");\n"
	       "assign y = a; endmodule\n",
	       NULL, "comments and strings are not code");
	expect("`define W 8\n`timescale 1ns/1ps\n"
	       "module m(input [`W-1:0] a, output [`W-1:0] y);\n"
	       "`ifdef FOO\n`else\nassign y = a;\n`endif\nendmodule\n",
	       NULL, "own macros and allowed directives");
	expect("module s(input a, output y); assign y = a; endmodule\n"
	       "module m(input a, output y); wire w; s u(.a(a), .y(w));\n"
	       "assign y = u.y; endmodule\n",
	       NULL, "a path into an instance the design declares");
	expect("module m(input [31:0] a, output real r);\n"
	       "assign r = 1.5e3; wire [31:0] k = 32'hdead.beef;\n"
	       "always @(*) begin end endmodule\n",
	       NULL, "numbers and @(*)");
	expect("(* keep = \"tb.x\" *) module m; endmodule\n", NULL,
	       "attributes are skipped");
}

static void test_file_io_flag(void)
{
	struct verify_stage st = screen_src(
		"module m; initial $finish; endmodule\n", true, NULL);

	is_int(st.status, VERIFY_PASS, "allow_file_io lets $finish through");
	verify_stage_release(&st);
	st = screen_src("module m; integer f; initial f = $fopen(\"x\"); "
			"reg [7:0] r [0:1]; initial $readmemh(\"x\", r);\n"
			"endmodule\n",
			true, NULL);
	is_int(st.status, VERIFY_PASS, "allow_file_io: $fopen, $readmemh");
	verify_stage_release(&st);
	st = screen_src("module m; initial $system(\"ls\"); endmodule\n", true,
			NULL);
	is_str(st.class, "sandbox/violation", "allow_file_io: not $system");
	verify_stage_release(&st);
}

static void test_forbidden_module(void)
{
	static const char *const forbid[] = { "tb", "RefModule", NULL };
	struct verify_stage st =
		screen_src("module RefModule(input a, output y); endmodule\n",
			   false, forbid);
	const cJSON *v;

	is_str(st.class, "cheat/harness-module", "defining RefModule");
	v = cJSON_GetArrayItem(json_get_array(st.evidence, "violations"), 0);
	is_int(json_get_number(v, "line", 0), 1, "evidence: line");
	is_str(json_get_string(v, "token"), "RefModule", "evidence: token");
	has_str(st.summary, "d.v:1:", "summary names file:line");
	verify_stage_release(&st);
}

static void test_rename_and_names(void)
{
	const char *src = "// module top in a comment\n"
			  "module top(input a); wire top_x; endmodule\n"
			  "module sub; top t(); endmodule\n";
	struct buf out = BUF_INIT;
	char **names = NULL;

	ok(!verify_rename_module(&out, src, strlen(src), "top", "ref_top"),
	   "rename runs");
	is_str(out.data,
	       "// module top in a comment\n"
	       "module ref_top(input a); wire top_x; endmodule\n"
	       "module sub; ref_top t(); endmodule\n",
	       "only identifier tokens are renamed");
	ok(!verify_module_names(&names, src, strlen(src)), "module names");
	ok(names && names[0] && names[1] && !names[2], "two modules");
	if (names && names[0] && names[1]) {
		is_str(names[0], "top", "first module");
		is_str(names[1], "sub", "second module");
	}
	strv_free(names);
	buf_release(&out);
}

static void test_lexer_lines(void)
{
	const char *src = "a /* x\ny */ b\n\"s\\\"q\" $t `d 8'hff\n";
	struct vlex l;
	struct vtok t;
	int kinds[8] = { 0 }, lines[8] = { 0 }, n = 0;

	vlex_init(&l, src, strlen(src));
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && n < 8;
	     vlex_next(&l, &t)) {
		kinds[n] = t.kind;
		lines[n++] = t.line;
	}
	is_int(n, 6, "six tokens");
	is_int(kinds[1], VTOK_IDENT, "b is an identifier");
	is_int(lines[1], 2, "b is on line 2");
	is_int(kinds[2], VTOK_STRING, "escaped quote stays in the string");
	is_int(kinds[3], VTOK_SYSTASK, "$t");
	is_int(kinds[4], VTOK_DIRECTIVE, "`d");
	is_int(kinds[5], VTOK_NUMBER, "8'hff is one number");
}

static void test_bad_input(void)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	const char *files[] = { "/nonexistent/x.v" };
	struct verify_stage st = { 0 };

	o.files = files;
	o.nfiles = 1;
	is_int(verify_screen(&st, &o, NULL), ERR_USAGE, "missing file");
	has_str(err_last(), "/nonexistent/x.v", "the message names it");
	o.top = "x";
	is_int(verify_validate(&o), ERR_USAGE, "validate: missing file");
}

int main(void)
{
	/* a design with macros is screened after iverilog -E */
	require_tool(have_iverilog(), "iverilog");
	if (!mkdtemp(dir))
		return 1;
	test_rejects();
	test_allows();
	test_preprocessed();
	test_file_io_flag();
	test_forbidden_module();
	test_rename_and_names();
	test_lexer_lines();
	test_bad_input();
	rm_rf(dir);
	return done();
}
