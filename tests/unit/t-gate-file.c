#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "gate/gate.h"
#include "tap.h"

/* Gate file parsing: defaults, path resolution, and errors naming keys. */

static struct tmpdir dir = TMPDIR_INIT;
static char gate_path[4096];

static void touch(const char *name, const char *text)
{
	char *p = tmpdir_file(&dir, name);

	if (!p || buf_write_file(p, text, strlen(text)))
		abort();
	free(p);
}

/* Parse `json`; on failure, *msg gets the error text (static copy). */
static int parse(struct gate_file *g, const char *json, const char **msg)
{
	static char last[1024];
	int rc = gate_file_parse(g, json, strlen(json), gate_path);

	snprintf(last, sizeof(last), "%s", rc ? err_last() : "");
	*msg = last;
	return rc;
}

static void expect_bad(const char *json, const char *key, const char *what,
		       const char *name)
{
	struct gate_file g;
	const char *msg;
	int rc = parse(&g, json, &msg);

	is_int(rc, ERR_USAGE, name);
	has_str(msg, key, "  ... names the key");
	if (what)
		has_str(msg, what, "  ... says what is wrong");
	if (!rc)
		gate_file_release(&g);
}

#define MIN_UNIT "\"name\": \"u\", \"sources\": [\"a.v\"], \"top\": \"a\""

static void test_minimal_defaults(void)
{
	struct gate_file g;
	const char *msg;
	int rc = parse(&g, "{\"units\": [{" MIN_UNIT "}]}", &msg);

	is_int(rc, 0, "minimal gate file parses");
	if (rc) {
		printf("# %s\n", msg);
		return;
	}
	is_str(g.name, "gate", "name defaults to 'gate'");
	is_int(g.nunits, 1, "one unit");
	is_int(g.units[0].nsources, 1, "one source");
	has_str(g.units[0].sources[0], "/a.v", "source resolved next to file");
	ok(!strncmp(g.units[0].sources[0], dir.path, strlen(dir.path)),
	   "source path starts with the gate file's directory");
	is_int(g.units[0].timeout_s, 60, "timeout defaults to 60");
	is_int(g.units[0].lint, GATE_LINT_NORMAL, "lint defaults to normal");
	is_int(g.units[0].equiv_depth, 20, "equiv_depth defaults to 20");
	ok(!g.units[0].has_budget && !g.units[0].has_props &&
		   !g.units[0].nrefs && !g.units[0].ntbs,
	   "no optional checks");
	ok(g.units[0].defines && !g.units[0].defines[0], "no defines");
	gate_file_release(&g);
}

static void test_full_unit(void)
{
	struct gate_file g;
	const char *msg;
	int rc = parse(
		&g,
		"{\"name\": \"npu\", \"jobs\": 3,"
		" \"defaults\": {\"timeout\": 7, \"lint\": \"off\","
		"  \"equiv_depth\": 5},"
		" \"units\": [{" MIN_UNIT ", \"defines\": [\"W=8\", \"X\"],"
		"  \"testbenches\": [\"tb/tb_a.v\","
		"   {\"file\": \"tb/tb_a.v\", \"top\": \"tb_other\"}],"
		"  \"reference\": {\"sources\": [\"gold.v\"]},"
		"  \"properties\": {\"files\": [], \"depth\": 9},"
		"  \"budget\": {\"max_cells\": 10, \"max_area\": 2.5},"
		"  \"lint\": \"strict\", \"timeout\": 11},"
		" {\"name\": \"v\", \"sources\": [\"a.v\"], \"top\": \"a\"}]}",
		&msg);

	is_int(rc, 0, "full gate file parses");
	if (rc) {
		printf("# %s\n", msg);
		return;
	}
	is_str(g.name, "npu", "gate name");
	is_int(g.jobs, 3, "jobs");
	is_str(g.units[0].defines[0], "W=8", "define with value");
	is_str(g.units[0].defines[1], "X", "define without value");
	is_int(g.units[0].ntbs, 2, "two testbenches");
	is_str(g.units[0].tbs[0].name, "tb_a", "bare tb named by file stem");
	ok(!g.units[0].tbs[0].top, "bare tb top is detected later");
	is_str(g.units[0].tbs[1].name, "tb_other", "tb named by its top");
	has_str(g.units[0].tbs[1].file, "/tb/tb_a.v", "tb path resolved");
	is_int(g.units[0].nrefs, 1, "reference sources");
	ok(!g.units[0].ref_top, "reference top defaults later");
	ok(g.units[0].has_props && g.units[0].nprops == 0,
	   "properties with an empty file list");
	is_int(g.units[0].props_depth, 9, "property depth");
	ok(g.units[0].has_budget, "budget present");
	is_int(g.units[0].budget.max_cells, 10, "max_cells");
	is_int(g.units[0].budget.max_flops, -1, "unset max_flops is -1");
	ok(g.units[0].budget.max_area == 2.5, "max_area");
	is_int(g.units[0].lint, GATE_LINT_STRICT, "unit lint overrides");
	is_int(g.units[0].timeout_s, 11, "unit timeout overrides");
	is_int(g.units[1].timeout_s, 7, "defaults.timeout applies");
	is_int(g.units[1].lint, GATE_LINT_OFF, "defaults.lint applies");
	is_int(g.units[1].equiv_depth, 5, "defaults.equiv_depth applies");
	gate_file_release(&g);
}

static void test_errors_name_the_key(void)
{
	expect_bad("{\"units\": [{" MIN_UNIT ", \"budgett\": {}}]}",
		   "units[0].budgett", "unknown key", "unknown unit key");
	expect_bad("{\"unit\": []}", "unit:", "unknown key",
		   "unknown top-level key");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"budget\": {\"cells\": 3}}]}",
		   "units[0].budget.cells", "unknown key",
		   "unknown budget key");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"timeout\": \"10\"}]}",
		   "units[0].timeout", "integer", "timeout as a string");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"timeout\": 1.5}]}",
		   "units[0].timeout", "integer", "fractional timeout");
	expect_bad("{\"units\": [{" MIN_UNIT
		   ", \"budget\": {\"max_cells\": -1}}]}",
		   "units[0].budget.max_cells", "integer", "negative budget");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"budget\": {}}]}",
		   "units[0].budget", "empty", "empty budget");
	expect_bad("{\"units\": [{\"name\": \"u\", \"sources\": [\"a.v\", "
		   "\"nope.v\"], \"top\": \"a\"}]}",
		   "units[0].sources[1]", "cannot open 'nope.v'",
		   "missing source file");
	expect_bad("{\"units\": [{\"name\": \"u\", \"sources\": [\"a.v\"]}]}",
		   "units[0].top", "missing", "missing top");
	expect_bad("{\"units\": [{\"name\": \"u\", \"sources\": [], "
		   "\"top\": \"a\"}]}",
		   "units[0].sources", "empty", "empty sources");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"lint\": \"pedantic\"}]}",
		   "units[0].lint", "'pedantic'", "bad lint value");
	expect_bad("{\"units\": [{" MIN_UNIT "}, {" MIN_UNIT "}]}",
		   "units[1].name", "duplicate unit name 'u'",
		   "duplicate unit");
	expect_bad("{\"units\": [{\"name\": \"a b\", \"sources\": [\"a.v\"], "
		   "\"top\": \"a\"}]}",
		   "units[0].name", "'a b'", "unit name with a space");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"top\": \"1x\"}]}",
		   "units[0].top", "duplicate key", "duplicate key");
	expect_bad("{\"units\": [{\"name\": \"u\", \"sources\": [\"a.v\"], "
		   "\"top\": \"a;b\"}]}",
		   "units[0].top", "not a Verilog module name", "bad top");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"testbenches\": [{\"top\": "
		   "\"t\"}]}]}",
		   "units[0].testbenches[0].file", "missing",
		   "tb without file");
	expect_bad("{\"units\": [{" MIN_UNIT
		   ", \"testbenches\": [\"tb/tb_a.v\","
		   " \"tb/tb_a.v\"]}]}",
		   "units[0].testbenches[1]", "duplicate testbench name",
		   "duplicate testbench");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"defines\": [\"A B\"]}]}",
		   "units[0].defines[0]", "NAME", "bad define");
	expect_bad("{\"units\": [{" MIN_UNIT ", \"allow_latches\": 1}]}",
		   "units[0].allow_latches", "true or false", "bool as number");
	expect_bad("{\"units\": [{" MIN_UNIT
		   ", \"properties\": {\"depth\": 0}}]}",
		   "units[0].properties.depth", "integer", "zero depth");
	expect_bad("{\"units\": [{" MIN_UNIT
		   ", \"reference\": {\"top\": \"a\"}}]}",
		   "units[0].reference.sources", "missing",
		   "reference without sources");
	expect_bad("{\"defaults\": {\"timeout\": 0}, \"units\": [{" MIN_UNIT
		   "}]}",
		   "defaults.timeout", "integer", "zero default timeout");
	expect_bad("{\"jobs\": -2, \"units\": [{" MIN_UNIT "}]}", "jobs",
		   "integer", "negative jobs");
	expect_bad("{\"units\": []}", "units", "non-empty", "no units");
	expect_bad("{\"units\": [{" MIN_UNIT "}", "invalid JSON at byte", NULL,
		   "truncated JSON");
	expect_bad("[1]", "expected a JSON object", NULL, "not an object");
}

static void test_load(void)
{
	struct gate_file g;
	char *p = tmpdir_file(&dir, "missing.json");
	int rc = gate_file_load(&g, p);

	is_int(rc, ERR_NOTFOUND, "missing gate file is ERR_NOTFOUND");
	has_str(err_last(), "cannot open gate file", "... with a message");
	free(p);
	rc = gate_file_load(&g, gate_path);
	is_int(rc, 0, "gate file loads from disk");
	if (!rc)
		is_str(g.units[0].name, "disk", "... with its unit");
	gate_file_release(&g);
	gate_file_release(&g); /* release twice is safe */
}

int main(void)
{
	char *p;

	if (tmpdir_create(&dir, "t-gate-file"))
		return 1;
	if (snprintf(gate_path, sizeof(gate_path), "%s/gate.json", dir.path) >=
	    (int)sizeof(gate_path))
		return 1;
	p = tmpdir_file(&dir, "tb");
	if (!p || mkdir(p, 0700))
		return 1;
	free(p);
	touch("a.v", "module a; endmodule\n");
	touch("gold.v", "module a; endmodule\n");
	touch("tb/tb_a.v", "module tb_a; a a(); endmodule\n");
	touch("gate.json", "{\"units\": [{\"name\": \"disk\", "
			   "\"sources\": [\"a.v\"], \"top\": \"a\"}]}");
	test_minimal_defaults();
	test_full_unit();
	test_errors_name_the_key();
	test_load();
	tmpdir_remove(&dir);
	return done();
}
