#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/base.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"

static char *fixture(const char *name)
{
	const char *src = getenv("TEST_SRCDIR");
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/fixtures/rtlgen/%s", src ? src : "tests", name);
	return buf_detach(&p, NULL);
}

static const struct rtlgen_port *port(const struct rtlgen_spec *s,
				      const char *name)
{
	for (size_t i = 0; i < s->ports.n; i++)
		if (!strcmp(s->ports.v[i].name, name))
			return &s->ports.v[i];
	return NULL;
}

static void test_header_spec(void)
{
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;
	struct buf probs = BUF_INIT;
	char *path = fixture("header-spec.md");
	const char *good = "module sat_add(input [7:0] a, input [7:0] b,\n"
			   " output reg [7:0] y, output ovf); endmodule";
	const char *bad = "module sat_add(a, b, y);\n input [7:0] a;\n"
			  " input [3:0] b;\n input [7:0] y;\nendmodule";
	int rc;

	rc = rtlgen_spec_load(&s, path, NULL);
	is_int(rc, 0, "load header spec");
	is_str(s.top, "sat_add", "top from the header");
	is_int(s.ports.n, 4, "four ports");
	ok(port(&s, "a") && port(&s, "a")->width == 8 &&
		   port(&s, "a")->dir == RTLGEN_IN,
	   "a: input 8 bits");
	ok(port(&s, "ovf") && port(&s, "ovf")->width == 1 &&
		   port(&s, "ovf")->dir == RTLGEN_OUT,
	   "ovf: output 1 bit");
	ok(s.interface && !strncmp(s.interface, "module sat_add", 14),
	   "interface text kept");
	is_int(rtlgen_ports_check(&probs, &s, good, strlen(good)), 0,
	       "matching candidate: no problems");
	rc = rtlgen_ports_check(&probs, &s, bad, strlen(bad));
	is_int(rc, 3, "non-ANSI candidate: three problems");
	has_str(probs.data, "port 'b' is 4 bits wide, must be 8", "width");
	has_str(probs.data, "port 'y' is an input, must be an output", "dir");
	has_str(probs.data, "missing port 'ovf'", "missing");
	buf_release(&probs);
	rtlgen_spec_release(&s);
	free(path);
}

static void test_verilogeval_spec(void)
{
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;
	char *path = fixture("verilogeval-prompt.txt");

	is_int(rtlgen_spec_load(&s, path, NULL), 0, "load VerilogEval prompt");
	is_str(s.top, "TopModule", "top from 'module named'");
	is_int(s.ports.n, 4, "bullet ports");
	ok(port(&s, "in") && port(&s, "in")->width == 8, "in: 8 bits");
	ok(port(&s, "reset") && port(&s, "reset")->width == 1, "reset: 1 bit");
	ok(s.interface == NULL, "no header in the prompt");
	{
		struct rtlgen_templates t = RTLGEN_TEMPLATES_INIT;
		struct buf dir = BUF_INIT;
		const char *src = getenv("TEST_SRCDIR");
		cJSON *m;
		char *text;

		buf_addf(&dir, "%s/../share/templates", src ? src : "tests");
		rtlgen_templates_load(&t, dir.data, NULL);
		m = rtlgen_prompt_initial(&t, &s);
		text = m ? cJSON_PrintUnformatted(m) : NULL;
		has_str(text,
			"module TopModule (\\n    input clk,\\n    "
			"input reset,\\n    input [7:0] in,\\n    "
			"output [7:0] out\\n);",
			"interface built from the bullet ports");
		cJSON_free(text);
		cJSON_Delete(m);
		rtlgen_templates_release(&t);
		buf_release(&dir);
	}
	rtlgen_spec_release(&s);
	free(path);
}

static void test_bad_specs(void)
{
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;
	const char *t = "Make an adder.";

	is_int(rtlgen_spec_parse(&s, t, strlen(t), NULL), ERR_USAGE,
	       "no module named: usage error");
	has_str(err_last(), "--top", "message suggests --top");
	is_int(rtlgen_spec_parse(&s, t, strlen(t), "add"), 0, "--top given");
	is_str(s.top, "add", "top from --top");
	rtlgen_spec_release(&s);
	is_int(rtlgen_spec_load(&s, "/nonexistent/spec.md", NULL), ERR_USAGE,
	       "missing spec file: usage error");
}

static void test_templates(void)
{
	struct rtlgen_templates t = RTLGEN_TEMPLATES_INIT;
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;
	const char *src = getenv("TEST_SRCDIR");
	struct buf dir = BUF_INIT;
	const char *search[] = { "/nonexistent", NULL, NULL };
	const char *spec = "module m(input a, output y);";
	cJSON *msgs;
	char *text;

	buf_addf(&dir, "%s/../share/templates", src ? src : "tests");
	search[1] = dir.data;
	is_int(rtlgen_templates_load(&t, NULL, search), 0, "templates found");
	rtlgen_spec_parse(&s, spec, strlen(spec), NULL);
	msgs = rtlgen_prompt_repair(&t, &s, "module m; endmodule",
				    "Check compile failed");
	is_int(cJSON_GetArraySize(msgs), 4,
	       "repair: system, user, "
	       "assistant, user");
	text = cJSON_PrintUnformatted(msgs);
	has_str(text, "Check compile failed", "feedback in the prompt");
	has_str(text, "module `m`", "rules rendered with top");
	has_str(text, RTLGEN_SENTINEL_BEGIN, "sentinel asked for");
	cJSON_free(text);
	cJSON_Delete(msgs);
	rtlgen_templates_release(&t);
	is_int(rtlgen_templates_load(&t, NULL, search + 2), ERR_NOTFOUND,
	       "no templates: not found");
	rtlgen_spec_release(&s);
	buf_release(&dir);
}

/* Found by tests/libfuzzer/fz-extract: a NUL byte inside the spec text
 * ended the copy, and the lexer read past it. */
static void test_nul_in_spec(void)
{
	static const char text[] = "module m(input a,\0 output y);";
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;
	int rc = rtlgen_spec_parse(&s, text, sizeof(text) - 1, NULL);

	ok(rc == 0 || rc == ERR_USAGE, "NUL in spec: parsed or refused");
	rtlgen_spec_release(&s);
}

int main(void)
{
	test_nul_in_spec();
	test_header_spec();
	test_verilogeval_spec();
	test_bad_specs();
	test_templates();
	return done();
}
