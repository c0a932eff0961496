#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/proc.h"
#include "tap.h"
#include "verify/sva.h"
#include "verify/verify.h"

/*
 * verify_sva_translate(): the text it writes, its errors, and that the
 * translated property fails exactly where the concurrent one would (real
 * Yosys, yosys-smtbmc and z3 through verify_props()).
 */

static char dir[] = "/tmp/hwforge-t-verify-sva-XXXXXX";

/* Translate a text; the items in *r. */
static char *tr(const char *text, struct sva_result *r)
{
	struct buf o = BUF_INIT;

	if (verify_sva_translate(&o, text, strlen(text), r))
		return NULL;
	return buf_detach(&o, NULL);
}

static void test_text(void)
{
	struct sva_result r;
	char *s;

	s = tr("assert property (@(posedge clk) a |-> b);", &r);
	is_int((int)r.n, 1, "one statement");
	ok(r.items[0].error == NULL, "a |-> b: translated");
	has_str(s, "`ifdef FORMAL", "under ifdef FORMAL");
	has_str(s,
		"always @(posedge clk) if (!(1'b0) && hwforge_sva0_n >= 8'd0) "
		"assert(!((hwforge_sva0_n >= 8'd0) && (a)) || (b));",
		"a |-> b: same-cycle check");
	ok(!strstr(s, "_p"), "a |-> b: no delay register");
	ok(!strchr(s, '\n'), "one line: line numbers kept");
	sva_result_release(&r);
	free(s);

	s = tr("assert property (@(negedge ck) disable iff (rst) req |=> ack);",
	       &r);
	has_str(s, "always @(negedge ck) if (rst) hwforge_sva0_p <= 1'd0;",
		"|=>: disable clears the delay register");
	has_str(s, "hwforge_sva0_p[0] <= ((hwforge_sva0_n >= 8'd0) && (req));",
		"|=>: antecedent registered");
	has_str(s,
		"if (!(rst) && hwforge_sva0_n >= 8'd0) "
		"assert(!hwforge_sva0_p[0] || (ack));",
		"|=>: checked one cycle later, guarded by !rst");
	sva_result_release(&r);
	free(s);

	s = tr("assert property (@(posedge clk) a |-> ##2 b);", &r);
	has_str(s, "reg [1:0] hwforge_sva0_p", "##2: two delay bits");
	has_str(s, "hwforge_sva0_p[1] <= hwforge_sva0_p[0];", "##2: shift");
	has_str(s, "assert(!hwforge_sva0_p[1] || (b))", "##2: checks the last");
	sva_result_release(&r);
	free(s);

	s = tr("assert property (@(posedge clk) a |=> ##16 b);", &r);
	ok(r.items[0].error && strstr(r.items[0].error, "over ##16"),
	   "|=> ##16 is ##17: over the limit");
	sva_result_release(&r);
	free(s);

	s = tr("assert property (@(posedge clk) $rose(x) |-> ##[1:3] y);", &r);
	ok(r.items[0].error == NULL, "##[1:3]: translated");
	has_str(s, "((hwforge_sva0_n >= 8'd1) && ($rose(x)))",
		"$rose: first attempt at tick 1");
	has_str(s,
		"hwforge_sva0_p[1] <= hwforge_sva0_p[0] && "
		"!((hwforge_sva0_n >= 8'd0) && (y));",
		"##[1:3]: a pending attempt ends when y holds");
	has_str(s, "assert(!hwforge_sva0_p[2] || (y))", "##[1:3]: fails at +3");
	sva_result_release(&r);
	free(s);

	s = tr("assert property (@(posedge clk) $past(a, 3) |-> $stable(b));",
	       &r);
	has_str(s, "(hwforge_sva0_n >= 8'd3) && ($past(a, 3))",
		"$past(a, 3): valid from tick 3");
	has_str(s, "hwforge_sva0_n >= 8'd1) assert(",
		"$stable: checked from 1");
	sva_result_release(&r);
	free(s);

	s = tr("chk: cover property (@(posedge clk) a ##1 b);\n"
	       "assume property (@(posedge clk) $fell(a) |-> c);",
	       &r);
	is_int((int)r.n, 2, "cover and assume");
	is_str(r.items[0].label, "chk", "label kept");
	is_int((int)r.items[0].kind, SVA_COVER, "kind cover");
	is_int((int)r.items[1].kind, SVA_ASSUME, "kind assume");
	has_str(s, "/* chk */", "label in a comment");
	has_str(s,
		"cover(((hwforge_sva0_n >= 8'd0) && (b)) && (hwforge_sva0_p[0]))",
		"cover a ##1 b");
	has_str(s, "assume(!((hwforge_sva1_n >= 8'd1) && ($fell(a))) || (c));",
		"assume $fell(a) |-> c");
	ok(!strstr(s, "chk:"), "label replaced");
	is_int((int)(strchr(s, '\n') - s), (int)(strstr(s, "`endif\n") - s) + 6,
	       "first statement on line 1");
	sva_result_release(&r);
	free(s);
}

static void test_errors(void)
{
	static const struct {
		const char *stmt, *err;
	} bad[] = {
		{ "assert property (@(posedge clk) a |-> (b;",
		  "line 2: cannot parse the assertion: no closing ')'" },
		{ "assert property (@(posedge clk) a |-> ##[1:$] b);",
		  "line 2: unbounded delay '##[1:$]' is not supported" },
		{ "assert property (@(posedge clk) a |-> s_eventually b);",
		  "line 2: 's_eventually' is not supported" },
		{ "assert property (@(posedge clk) a throughout b);",
		  "line 2: 'throughout' is not supported" },
		{ "assert property (@(posedge clk) (a ##1 b) within c);",
		  "line 2: 'within' is not supported" },
		{ "assert property (@(posedge clk) a intersect b);",
		  "line 2: 'intersect' is not supported" },
		{ "assert property (@(posedge clk) a |-> b) else $error(\"x\");",
		  "line 2: 'else' after a concurrent assertion is not supported" },
		{ "sequence s1; a ##1 b; endsequence",
		  "line 2: a 'sequence' block is not supported" },
		{ "property p1;\n @(posedge clk) a |-> b; endproperty",
		  "line 2: a 'property' block is not supported" },
		{ "assert property (@(posedge clk) a ##1 b |-> c);",
		  "line 2: a sequence ('##') in the antecedent is not supported" },
		{ "assert property (@(posedge clk) a |-> b[*2]);",
		  "line 2: repetition '[*], [+], [=], [->]' is not supported" },
		{ "assert property (a |-> b);",
		  "line 2: cannot parse the assertion: expected '@(posedge clk)'" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf in = BUF_INIT;
		struct sva_result r;
		char *s, name[160];

		buf_addf(
			&in,
			"module m(input clk, a, b, c);\n%s\n"
			"assert property (@(posedge clk) a |=> b);\nendmodule\n",
			bad[i].stmt);
		s = tr(in.data, &r);
		snprintf(name, sizeof(name), "error: %s", bad[i].err);
		ok(r.n == 2 && r.nerr == 1 && r.items[0].error &&
			   !strcmp(r.items[0].error, bad[i].err),
		   name);
		if (r.n && r.items[0].error &&
		    strcmp(r.items[0].error, bad[i].err))
			printf("# got: %s\n", r.items[0].error);
		ok(r.n == 2 && !r.items[1].error && s &&
			   strstr(s, "assert(!hwforge_sva0_p[0] || (b))"),
		   "the next assertion is still translated");
		ok(s && strstr(s, "/* hwforge-sva: not translated: line 2:"),
		   "the bad one becomes a comment");
		/* the lines stay where they were */
		ok(s && strstr(s, "\nendmodule\n") &&
			   strchr(strstr(s, "hwforge_sva0_n"), '\n') ==
				   strstr(s, "\nendmodule"),
		   "line numbers kept");
		sva_result_release(&r);
		free(s);
		buf_release(&in);
	}
}

/* ---- traces -------------------------------------------------------------- */

/*
 * The handshake: ack comes exactly 3 ticks after req; the top drives req
 * at tick 2 only (t counts ticks from 0), so every failure tick is known.
 */
static const char design[] =
	"module hs(input clk, input req, output reg ack);\n"
	"	reg [1:0] d = 2'b00;\n"
	"	initial ack = 1'b0;\n"
	"	always @(posedge clk) begin d <= {d[0], req}; ack <= d[1]; end\n"
	"endmodule\n"
	"module top(input clk);\n"
	"	reg [3:0] t = 4'd0;\n"
	"	wire ack, req = (t == 4'd2);\n"
	"	always @(posedge clk) if (t != 4'd15) t <= t + 4'd1;\n"
	"	hs dut(.clk(clk), .req(req), .ack(ack));\n";

/*
 * Check one assertion on the handshake: fail_tick < 0: it must hold to
 * depth 12; else smtbmc must fail at step fail_tick + 1 (see sva.h) on
 * line 11, the assertion's line.
 */
static void judge_in(const char *top, const char *stmt, int fail_tick)
{
	struct buf in = BUF_INIT, out = BUF_INIT, path = BUF_INIT;
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st;
	struct sva_result r;
	const char *files[1];
	char name[200];
	int rc;

	memset(&st, 0, sizeof(st));
	buf_addf(&in, "%s\t%s\nendmodule\n", top, stmt);
	rc = verify_sva_translate(&out, in.data, in.len, &r);
	ok(!rc && r.n >= 1 && !r.nerr, "translated");
	buf_addf(&path, "%s/hs.v", dir);
	buf_write_file(path.data, out.data, out.len);
	files[0] = path.data;
	o.files = files;
	o.nfiles = 1;
	o.top = "top";
	o.timeout_s = 30;
	o.props_depth = 12;
	rc = verify_props(&st, &o);
	if (fail_tick < 0) {
		snprintf(name, sizeof(name), "holds: %s", stmt);
		ok(!rc && st.status == VERIFY_PASS, name);
	} else {
		const cJSON *tr = json_get_array(st.evidence, "trace");
		const char *loc = json_get_string(st.evidence, "assertion");

		/*
		 * The rows are smtbmc's steps plus the VCD's closing
		 * timestamp: the failing step is the last row but one.
		 */
		int n = tr ? cJSON_GetArraySize(tr) : 0;
		const cJSON *row = cJSON_GetArrayItem(tr, n - 2);
		const char *tv =
			json_get_string(json_get_object(row, "signals"), "t");
		char want[16];

		snprintf(want, sizeof(want), "4'h%x", fail_tick + 1);
		snprintf(name, sizeof(name), "fails at tick %d (step %d): %s",
			 fail_tick, fail_tick + 1, stmt);
		ok(!rc && st.status == VERIFY_FAIL && n - 2 == fail_tick + 1,
		   name);
		if (top == design)
			ok(tv && !strcmp(tv, want),
			   "the failing step's t is the tick + 1");
		if (n - 2 != fail_tick + 1 ||
		    (top == design && (!tv || strcmp(tv, want))))
			printf("# trace has %d rows, t = %s\n", n,
			       tv ? tv : "?");
		ok(loc && strstr(loc, "hs.v:11."), "the failing line is the "
						   "assertion's");
	}
	if (rc || (fail_tick < 0) != (st.status == VERIFY_PASS))
		printf("# %s\n", st.summary ? st.summary : err_last());
	verify_stage_release(&st);
	sva_result_release(&r);
	buf_release(&in);
	buf_release(&out);
	buf_release(&path);
}

static void judge(const char *stmt, int fail_tick)
{
	judge_in(design, stmt, fail_tick);
}

/* The same handshake with req a free input (any value at any tick). */
static const char design_free[] =
	"module hs(input clk, input req, output reg ack);\n"
	"	reg [1:0] d = 2'b00;\n"
	"	initial ack = 1'b0;\n"
	"	always @(posedge clk) begin d <= {d[0], req}; ack <= d[1]; end\n"
	"endmodule\n"
	"module top(input clk, input req, input rst);\n"
	"	wire ack;\n"
	"	hs dut(.clk(clk), .req(req), .ack(ack));\n"
	"\n"
	"\n";

static void test_free(void)
{
	judge_in(design_free,
		 "assert property (@(posedge clk) req |-> ##3 ack);", -1);
	/* the valid counter: $past(req, 3) is not looked at before tick 3 */
	judge_in(design_free,
		 "assert property (@(posedge clk) $past(req, 3) |-> ack);", -1);
	judge_in(design_free,
		 "assert property (@(posedge clk) $past(req, 3) == ack);", -1);
	/* the solver picks req at tick 0: ##2 fails at tick 2 */
	judge_in(design_free,
		 "assert property (@(posedge clk) req |-> ##2 ack);", 2);
	/* a reset anywhere in the attempt aborts it; the property holds */
	judge_in(
		design_free,
		"assert property (@(posedge clk) disable iff (rst) req |-> ##3 "
		"ack);",
		-1);
}

/* Run a trusted tool in dir (the test's own design, no sandbox needed). */
static int tool(struct proc_result *res, const char *const *argv)
{
	struct proc_opts po = { .argv = argv,
				.cwd = dir,
				.timeout_ms = 60000,
				.max_output = 1 << 20 };

	*res = (struct proc_result)PROC_RESULT_INIT;
	return proc_run(res, &po);
}

/*
 * cover property through yosys-smtbmc -c: reached at step tick + 1 (the
 * clocked cover, like the clocked assert), or never.
 */
static void test_cover(void)
{
	static const char *const ys[] = {
		"yosys", "-q", "-p",
		"read_verilog -sv -formal cover.v; prep -top top; async2sync; "
		"dffunmap; write_smt2 -wires cover.smt2",
		NULL
	};
	static const char *const bmc[] = { "yosys-smtbmc", "-s", "z3",
					   "-c",	   "-t", "12",
					   "cover.smt2",   NULL };
	struct buf in = BUF_INIT, out = BUF_INIT, path = BUF_INIT;
	struct proc_result res;
	struct sva_result r;

	buf_addf(&in, "%s%s", design,
		 "\tcover property (@(posedge clk) req |-> ##3 ack);\n"
		 "\tcover property (@(posedge clk) $rose(req) ##[1:3] ack);\n"
		 "\tcover property (@(posedge clk) req ##2 ack);\n"
		 "endmodule\n");
	verify_sva_translate(&out, in.data, in.len, &r);
	ok(r.n == 3 && !r.nerr, "covers translated");
	buf_addf(&path, "%s/cover.v", dir);
	buf_write_file(path.data, out.data, out.len);
	ok(!tool(&res, ys) && res.exit_code == 0, "yosys reads the covers");
	proc_result_release(&res);
	tool(&res, bmc);
	has_str(res.out.data, "cover.v:11.", "(the first cover's line is 11)");
	ok(strstr(res.out.data, "Reached cover statement at cover.v:11.") &&
		   strstr(strstr(res.out.data,
				 "Reached cover statement at cover.v:11."),
			  "in step 6."),
	   "req |-> ##3 ack: reached at tick 5 (step 6)");
	ok(strstr(res.out.data, "Reached cover statement at cover.v:12.") &&
		   strstr(strstr(res.out.data,
				 "Reached cover statement at cover.v:12."),
			  "in step 6."),
	   "$rose(req) ##[1:3] ack: reached at tick 5 (step 6)");
	has_str(res.out.data, "Unreached cover statement at cover.v:13.",
		"req ##2 ack: never (ack comes 3 ticks after req)");
	ok(res.exit_code != 0, "an unreached cover: smtbmc fails");
	proc_result_release(&res);
	unlink(path.data);
	buf_reset(&path);
	buf_addf(&path, "%s/cover.smt2", dir);
	unlink(path.data);
	sva_result_release(&r);
	buf_release(&in);
	buf_release(&out);
	buf_release(&path);
}

/* Statements for a module, inserted before its endmodule. */
static void test_insert(void)
{
	static const char stmts[] =
		"// for hs\n"
		"assert property (@(posedge clk) req |-> ##3 ack);\n"
		"assert property (@(posedge clk) req |-> ##2 ack);\n"
		"assert property (@(posedge clk) req |-> ##[1:$] ack);\n";
	struct buf out = BUF_INIT, path = BUF_INIT, top = BUF_INIT;
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st;
	struct sva_result r;
	const char *files[1], *loc;
	char want[64];
	int first = 0, rc;

	buf_addf(&top, "%sendmodule\n", design);
	rc = verify_sva_insert(&out, top.data, top.len, "hs", stmts,
			       strlen(stmts), &r, &first);
	is_int(rc, 0, "insert: ran");
	is_int(first, 6, "insert: statements start after hs (line 5)");
	is_int((int)r.n, 3, "insert: three statements");
	is_str(r.items[2].error,
	       "line 4: unbounded delay '##[1:$]' is not supported",
	       "insert: the error names the statement's own line");
	buf_addf(&path, "%s/ins.v", dir);
	buf_write_file(path.data, out.data, out.len);
	files[0] = path.data;
	o.files = files;
	o.nfiles = 1;
	o.top = "top";
	o.timeout_s = 30;
	o.props_depth = 12;
	memset(&st, 0, sizeof(st));
	rc = verify_props(&st, &o);
	ok(!rc && st.status == VERIFY_FAIL, "insert: ##2 fails in hs");
	loc = json_get_string(st.evidence, "assertion");
	snprintf(want, sizeof(want), "ins.v:%d.", first + 3 - 1);
	ok(loc && strstr(loc, want), "insert: out line maps to statement 3");
	if (!loc || !strstr(loc, want))
		printf("# %s, want %s\n", loc ? loc : "?", want);
	sva_result_release(&r);
	is_int(verify_sva_insert(&out, top.data, top.len, "nosuch", stmts,
				 strlen(stmts), &r, &first),
	       ERR_USAGE, "insert: no such module");
	verify_stage_release(&st);
	unlink(path.data);
	buf_release(&out);
	buf_release(&path);
	buf_release(&top);
	sva_result_release(&r);
}

static void test_traces(void)
{
	/* req at tick 2, ack at tick 5 */
	judge("assert property (@(posedge clk) req |-> ##3 ack);", -1);
	judge("p: assert property (@(posedge clk) req |=> ##2 ack);", -1);
	judge("assert property (@(posedge clk) req |-> ##2 ack);", 4);
	judge("assert property (@(posedge clk) req |=> ack);", 3);
	judge("assert property (@(posedge clk) req |-> ack);", 2);
	judge("assert property (@(posedge clk) req |-> ##4 ack);", 6);
	/* disable iff: reset at tick 3 aborts the attempt of tick 2 */
	judge("assert property (@(posedge clk) disable iff (t == 4'd3) "
	      "req |-> ##2 ack);",
	      -1);
	/* ... at its last tick too; a reset after it does not */
	judge("assert property (@(posedge clk) disable iff (t == 4'd4) "
	      "req |-> ##2 ack);",
	      -1);
	judge("assert property (@(posedge clk) disable iff (t == 4'd5) "
	      "req |-> ##2 ack);",
	      4);
	judge("assert property (@(posedge clk) $rose(req) |-> ##[1:3] ack);",
	      -1);
	judge("assert property (@(posedge clk) $rose(req) |-> ##[1:2] ack);",
	      4);
	judge("assert property (@(posedge clk) $past(req, 3) |-> ack);", -1);
	judge("assert property (@(posedge clk) $past(req, 2) |-> ack);", 4);
	judge("assert property (@(posedge clk) $fell(req) |-> ##2 ack);", -1);
	judge("assert property (@(posedge clk) $fell(req) |-> ##1 ack);", 4);
	/* $stable at tick 0 has no history: not checked before tick 1 */
	judge("assert property (@(posedge clk) $stable(req) || t == 4'd2 || "
	      "t == 4'd3);",
	      -1);
	judge("assert property (@(posedge clk) $stable(req));", 2);
	/* an assumption restricts the check: t never reaches 3 */
	judge("assume property (@(posedge clk) t != 4'd3); assert property "
	      "(@(posedge clk) t != 4'd4);",
	      -1);
}

int main(void)
{
	char *y = proc_which("yosys-smtbmc"), *z = proc_which("z3");

	require_tool(y != NULL, "yosys-smtbmc");
	require_tool(z != NULL, "z3");
	free(y);
	free(z);
	test_text();
	test_errors();
	if (!mkdtemp(dir)) {
		ok(0, "mkdtemp");
		return done();
	}
	test_traces();
	test_free();
	test_cover();
	test_insert();
	{
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s/hs.v", dir);
		unlink(p.data);
		buf_release(&p);
		rmdir(dir);
	}
	return done();
}
