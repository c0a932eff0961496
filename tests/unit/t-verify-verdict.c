#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "verify/verify-int.h"

/*
 * Verdict aggregation and its JSON, seeded stimulus and the harness text,
 * and one real differential simulation through verify_simulate().
 */

static void add(struct verify_verdict *v, const char *name,
		enum verify_status st, const char *cls)
{
	struct verify_stage s = { 0 };

	verify_stage_set(&s, name, st, cls, "%s %s", name,
			 verify_status_name(st));
	verify_verdict_add(v, &s);
}

static void test_aggregate(void)
{
	struct verify_verdict v;
	cJSON *j;

	verify_verdict_init(&v);
	is_int(v.status, VERIFY_PASS, "empty verdict passes");
	add(&v, "compile", VERIFY_PASS, NULL);
	add(&v, "synth", VERIFY_SKIPPED, NULL);
	is_int(v.status, VERIFY_PASS, "skipped is neutral");
	add(&v, "equiv", VERIFY_INCONCLUSIVE, "equiv/timeout");
	is_int(v.status, VERIFY_INCONCLUSIVE, "inconclusive beats pass");
	add(&v, "props", VERIFY_ERROR, "props/tool-error");
	is_int(v.status, VERIFY_ERROR, "error beats inconclusive");
	add(&v, "sim", VERIFY_FAIL, "sim/mismatch");
	is_int(v.status, VERIFY_FAIL, "fail beats everything");
	is_int(v.failed, 4, "the deciding stage");
	j = verify_verdict_json(&v);
	is_str(json_get_string(j, "verdict"), "fail", "json verdict");
	is_str(json_get_string(j, "stage"), "sim", "json stage");
	is_str(json_get_string(j, "class"), "sim/mismatch", "json class");
	is_int(cJSON_GetArraySize(json_get_array(j, "stages")), 5,
	       "every stage listed");
	ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		   cJSON_GetArrayItem(json_get_array(j, "stages"), 0),
		   "class")),
	   "a passing stage has class null");
	cJSON_Delete(j);
	verify_verdict_release(&v);
}

static char n_clk[] = "clk", n_rst[] = "rst_n", n_d[] = "d", n_q[] = "q";
static struct verify_port ports[] = {
	{ .name = n_clk, .dir = VERIFY_IN, .width = 1 },
	{ .name = n_rst, .dir = VERIFY_IN, .width = 1 },
	{ .name = n_d, .dir = VERIFY_IN, .width = 6 },
	{ .name = n_q, .dir = VERIFY_OUT, .width = 6 },
};

static void test_stimulus(void)
{
	struct verify_iface f = { .ports = ports,
				  .nports = 4,
				  .sequential = true };
	struct verify_stim a, b, c;
	struct buf h = BUF_INIT;
	bool same = true, differ = false;

	f.clock = ports[0].name;
	f.reset = ports[1].name;
	f.reset_active_low = true;
	ok(!verify_stim_make(&a, &f, 100, 5), "stimulus");
	ok(!verify_stim_make(&b, &f, 100, 5), "same seed");
	ok(!verify_stim_make(&c, &f, 100, 6), "other seed");
	is_int(a.nin, 2, "the clock is not driven as data");
	for (size_t i = 0; i < 200; i++) {
		same = same && !strcmp(a.val[i], b.val[i]);
		differ = differ || strcmp(a.val[i], c.val[i]);
	}
	ok(same, "the same seed gives the same stimulus");
	ok(differ, "another seed gives another stimulus");
	is_str(a.val[0], "0", "reset (active low) held in cycle 0");
	is_str(a.val[2 * 2], "0", "... and cycle 2");
	is_str(a.val[3 * 2], "1", "released in cycle 3");
	is_str(a.val[60 * 2], "0", "pulsed again later");
	is_str(a.val[0 * 2 + 1], "00", "corner: all zeros");
	is_str(a.val[1 * 2 + 1], "3f", "corner: all ones");
	is_str(a.val[2 * 2 + 1], "20", "corner: signed min");
	is_str(a.val[3 * 2 + 1], "1f", "corner: signed max");
	is_str(a.val[4 * 2 + 1], "01", "corner: walking one");
	ok(!verify_harness(&h, &f, &a, "dut", "hwfNONCE"), "harness");
	has_str(h.data,
		"dut u (.clk(i_clk), .rst_n(i_rst_n), .d(i_d), "
		".q(o_q));",
		"instance by name");
	has_str(h.data, "$display(\"hwfNONCE 99 %b\", o_q);", "last sample");
	has_str(h.data, "$display(\"hwfNONCE END\");", "end marker");
	buf_release(&h);
	verify_stim_release(&a);
	verify_stim_release(&b);
	verify_stim_release(&c);
}

static char dir[] = "/tmp/hwforge-t-verify-verdict-XXXXXX";

static char *put(const char *name, const char *src)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", dir, name);
	buf_write_file(p.data, src, strlen(src));
	return buf_detach(&p, NULL);
}

static void have_tool(const char *name)
{
	char *p = proc_which(name);
	int have = p != NULL;

	free(p);
	require_tool(have, name);
}

static void test_simulate(void)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st = { 0 };
	char *ref = put("ref.v", "module x(input [3:0] a, output [3:0] y);\n"
				 "assign y = a ^ 4'h5; endmodule\n");
	char *good = put("good.v", "module x(input [3:0] a, output [3:0] y);\n"
				   "assign y = {a[3], ~a[2], a[1], ~a[0]};\n"
				   "endmodule\n");
	char *bad = put("bad.v", "module x(input [3:0] a, output [3:0] y);\n"
				 "assign y = a == 4'h9 ? 4'h0 : a ^ 4'h5;\n"
				 "endmodule\n");
	const char *refs[] = { ref }, *files[] = { good };
	const cJSON *row;

	have_tool("iverilog");
	have_tool("vvp");
	have_tool("yosys");
	o.top = "x";
	o.refs = refs;
	o.nrefs = 1;
	o.files = files;
	o.nfiles = 1;
	o.sim_cycles = 200;
	o.timeout_s = 30;
	ok(!verify_simulate(&st, &o), "simulate runs");
	is_int(st.status, VERIFY_PASS, "an equivalent rewrite passes");
	is_int(json_get_number(st.evidence, "compared", 0), 200,
	       "every cycle compared");
	verify_stage_release(&st);
	files[0] = bad;
	ok(!verify_simulate(&st, &o), "simulate runs again");
	is_int(st.status, VERIFY_FAIL, "a one-value bug fails");
	is_str(st.class, "sim/mismatch", "class");
	row = cJSON_GetArrayItem(json_get_array(st.evidence, "table"), 0);
	is_str(json_get_string(json_get_object(row, "inputs"), "a"), "4'h9",
	       "the row shows the input");
	is_str(json_get_string(json_get_object(row, "expected"), "y"), "4'hc",
	       "expected");
	is_str(json_get_string(json_get_object(row, "got"), "y"), "4'h0",
	       "got");
	verify_stage_release(&st);
	free(ref);
	free(good);
	free(bad);
}

static void test_iface_and_compile(void)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_iface f = { 0 };
	struct verify_stage st = { 0 };
	char *cnt = put("cnt.v",
			"module cnt(input clk, input rst_n, input [2:0] d,\n"
			"output reg [2:0] q);\n"
			"always @(posedge clk or negedge rst_n)\n"
			"if (!rst_n) q <= 0; else q <= q + d;\nendmodule\n");
	char *bad = put("bad.v", "module cnt(input a, output y);\n"
				 "assign y = a &;\nendmodule\n");
	const char *files[] = { cnt };
	const cJSON *e;

	ok(!verify_iface_read(&f, files, 1, "cnt", &o), "ports read");
	is_int(f.nports, 4, "four ports");
	is_str(f.clock, "clk", "clock found");
	is_str(f.reset, "rst_n", "reset found");
	ok(f.reset_active_low, "rst_n is active low");
	ok(f.sequential, "flip-flops make it sequential");
	is_int(f.nports == 4 ? f.ports[2].width : 0, 3, "d is 3 bits");
	verify_iface_release(&f);
	o.files = files;
	o.nfiles = 1;
	o.top = "cnt";
	ok(!verify_compile(&st, &o), "compile runs");
	is_int(st.status, VERIFY_PASS, "a good design compiles");
	verify_stage_release(&st);
	files[0] = bad;
	ok(!verify_compile(&st, &o), "compile runs on a bad design");
	is_str(st.class, "compile/syntax", "syntax error class");
	e = cJSON_GetArrayItem(json_get_array(st.evidence, "errors"), 0);
	is_str(json_get_string(e, "file"), bad, "the user's path");
	is_int(json_get_number(e, "line", 0), 2, "the line");
	is_str(json_get_string(e, "source"), "assign y = a &;",
	       "the offending source line");
	verify_stage_release(&st);
	free(cnt);
	free(bad);
}

int main(void)
{
	test_aggregate();
	test_stimulus();
	if (!mkdtemp(dir))
		return 1;
	test_simulate();
	test_iface_and_compile();
	rm_rf(dir);
	return done();
}
