#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gate/gate.h"
#include "tap.h"

/*
 * Gate reports from a hand-made run: XML escaping of hostile text, JUnit
 * counts and elements, JSON, GitHub annotations, the exit code.  (The
 * e2e tests check the same reports from real tool runs.)
 */

static struct tmpdir dir = TMPDIR_INIT;

static void touch(const char *name, const char *text)
{
	char *p = tmpdir_file(&dir, name);

	if (!p || buf_write_file(p, text, strlen(text)))
		abort();
	free(p);
}

static char *esc(const char *s, size_t len, bool attr)
{
	struct buf b = BUF_INIT;

	gate_xml_escape(&b, s, len, attr);
	return buf_detach(&b, NULL);
}

static void test_xml_escape(void)
{
	char *e;

	e = esc("a<b>&c\"d'", 9, false);
	is_str(e, "a&lt;b&gt;&amp;c\"d'", "markup escaped in text");
	free(e);
	e = esc("a\"b'\n", 5, true);
	is_str(e, "a&quot;b&apos;&#10;", "quotes and newline in attributes");
	free(e);
	e = esc("x\x1b[31my\x01\x7f", 9, false);
	is_str(e, "x\\x1b[31my\\x01\\x7f", "control bytes become visible");
	free(e);
	e = esc("a\0b", 3, false);
	is_str(e, "a\\x00b", "NUL becomes visible");
	free(e);
	e = esc("caf\xc3\xa9", 5, false);
	is_str(e, "caf\xc3\xa9", "valid UTF-8 kept");
	free(e);
	e = esc("\xff\xc3(\xed\xa0\x80\xef\xbf\xbe", 9, false);
	is_str(e,
	       "\xef\xbf\xbd\xef\xbf\xbd(\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
	       "\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	       "invalid UTF-8, surrogates and U+FFFE become U+FFFD");
	free(e);
	e = esc("\xc2\x85", 2, false);
	is_str(e, "\\u0085", "C1 control shown");
	free(e);
	e = esc("]]>", 3, false);
	is_str(e, "]]&gt;", "CDATA end cannot appear");
	free(e);
}

static void set(struct gate_check *k, enum gate_result r, const char *msg,
		const char *detail, long ms)
{
	k->result = r;
	k->message = msg ? strdup(msg) : NULL;
	k->detail = detail ? strdup(detail) : NULL;
	k->elapsed_ms = ms;
}

static struct gate_check *find(struct gate_run *r, size_t unit,
			       const char *name)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (r->checks[i].unit == unit &&
		    !strcmp(r->checks[i].name, name))
			return &r->checks[i];
	abort();
}

static void test_reports(void)
{
	struct gate_file g;
	struct gate_run r = GATE_RUN_INIT;
	struct gate_counts n;
	struct buf b = BUF_INIT;
	char *path = tmpdir_file(&dir, "gate.json");
	struct gate_check *k;
	cJSON *j;
	int rc;

	rc = gate_file_load(&g, path);
	is_int(rc, 0, "gate file loads");
	if (rc) {
		printf("# %s\n", err_last());
		free(path);
		return;
	}
	rc = gate_plan(&r, &g);
	is_int(rc, 0, "plan");
	is_int(r.nchecks, 8, "planned 5 + 3 checks");
	is_str(r.checks[0].name, "compile", "lint off: compile first");
	is_str(r.checks[5].name, "lint", "unit b starts with lint");
	is_str(find(&r, 0, "sim:tb_a")->name, "sim:tb_a", "sim check named");
	for (size_t i = 0; i < r.nchecks; i++)
		set(&r.checks[i], GATE_PASS, NULL, NULL, 10);
	is_int(gate_exit_code(&r), 0, "all pass: exit 0");
	k = find(&r, 0, "budget");
	free(k->message);
	set(k, GATE_FAIL, "cells 501 > max 500 (over by 1)", "cells 501", 0);
	k->class = strdup("budget/exceeded");
	k->file = strdup("rtl/a,b:c.v");
	k->line = 7;
	k = find(&r, 1, "compile");
	set(k, GATE_ERROR, "cannot run 'iverilog': not found", NULL, 5);
	k = find(&r, 0, "equiv");
	set(k, GATE_FAIL, "refuted <x> & \"y\"",
	    "counterexample:\n  cycle=0 a=\x1b[1m\n", 20);
	k = find(&r, 1, "synth");
	set(k, GATE_SKIPPED, "compile did not pass", NULL, 0);
	gate_count(&r, &n);
	ok(n.total == 8 && n.failed == 2 && n.errors == 1 && n.skipped == 1 &&
		   n.passed == 4,
	   "counts");
	is_int(gate_exit_code(&r), 1, "a failure: exit 1");

	rc = gate_junit(&b, &g, &r);
	is_int(rc, 0, "junit written");
	has_str(b.data,
		"<testsuites name=\"t\" tests=\"8\" failures=\"2\" "
		"errors=\"1\" skipped=\"1\"",
		"testsuites counts");
	has_str(b.data,
		"<testsuite name=\"a\" tests=\"5\" failures=\"2\" "
		"errors=\"0\" skipped=\"0\"",
		"unit a counts");
	has_str(b.data,
		"<testcase name=\"a.budget\" classname=\"t.a\" "
		"time=\"0.000\" file=\"rtl/a,b:c.v\">",
		"budget testcase");
	has_str(b.data,
		"<failure message=\"cells 501 &gt; max 500 (over by "
		"1)\" type=\"budget/exceeded\">cells 501</failure>",
		"failure with the numbers");
	has_str(b.data, "message=\"refuted &lt;x&gt; &amp; &quot;y&quot;\"",
		"message attribute escaped");
	has_str(b.data, "a=\\x1b[1m", "escape byte made visible");
	ok(!strchr(b.data, '\x1b'), "no raw escape byte in the XML");
	has_str(b.data,
		"<error message=\"cannot run &apos;iverilog&apos;: "
		"not found\"/>",
		"error element");
	has_str(b.data, "<skipped message=\"compile did not pass\"/>",
		"skipped element");
	has_str(b.data,
		"<testcase name=\"b.lint\" classname=\"t.b\" "
		"time=\"0.010\"/>",
		"passing testcase is empty");

	buf_reset(&b);
	rc = gate_annotations(&b, &g, &r, NULL);
	is_int(rc, 0, "annotations");
	has_str(b.data,
		"::error file=rtl/a%2Cb%3Ac.v,line=7,title=a.budget "
		"failed::a.budget: cells 501 > max 500 (over by 1)%0A"
		"cells 501\n",
		"budget annotation with escaped file");
	has_str(b.data,
		"title=b.compile could not decide::", "error annotated");
	ok(!strstr(b.data, "b.synth"), "skipped checks are not annotated");

	j = gate_json(&g, &r);
	ok(j != NULL, "json built");
	is_str(json_get_string(j, "result"), "fail", "json result");
	is_int(json_get_number(j, "failures", -1), 2, "json failures");
	is_int(cJSON_GetArraySize(json_get_array(j, "units")), 2, "json units");
	cJSON_Delete(j);

	buf_release(&b);
	gate_run_release(&r);
	gate_run_release(&r);
	gate_file_release(&g);
	free(path);
}

int main(void)
{
	if (tmpdir_create(&dir, "t-gate-report"))
		return 1;
	touch("a.v", "module a; endmodule\n");
	touch("tb_a.v", "module tb_a; a a(); endmodule\n");
	touch("gate.json",
	      "{\"name\": \"t\", \"units\": ["
	      "{\"name\": \"a\", \"sources\": [\"a.v\"], \"top\": \"a\","
	      " \"testbenches\": [\"tb_a.v\"],"
	      " \"reference\": {\"sources\": [\"a.v\"]},"
	      " \"budget\": {\"max_cells\": 500}, \"lint\": \"off\"},"
	      "{\"name\": \"b\", \"sources\": [\"a.v\"], \"top\": \"a\"}]}");
	test_xml_escape();
	test_reports();
	tmpdir_remove(&dir);
	return done();
}
