#include "config.h"

#include <string.h>

#include "base/base.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"

static const char code[] = "module t(input a, output y);\n"
			   "  wire w;\n"
			   "  assign y = a &;\n"
			   "endmodule\n";

static cJSON *parse(const char *s)
{
	cJSON *j = NULL;

	json_parse(&j, s, strlen(s), "test");
	return j;
}

static void test_compile(void)
{
	struct buf b = BUF_INIT;
	cJSON *v = parse(
		"{\"verdict\":\"fail\",\"stages\":[{\"name\":\"compile\","
		"\"status\":\"fail\",\"class\":\"compile/syntax\","
		"\"summary\":\"1 error in /tmp/hwforge-verify-x1/cand.v\","
		"\"evidence\":{\"errors\":[{\"file\":\"/tmp/hwforge-"
		"verify-x1/cand.v\",\"line\":3,\"message\":\"syntax "
		"error\"}]}},{\"name\":\"sim\",\"status\":\"skipped\"}]}");

	is_int(rtlgen_feedback(&b, v, code, 0), 0, "render compile verdict");
	has_str(b.data, "compile/syntax", "class named");
	has_str(b.data, "- cand.v:3: syntax error", "error line, base name");
	has_str(b.data, ">    3 |   assign y = a &;", "offending line marked");
	has_str(b.data, "     1 | module t(", "context before");
	ok(!strstr(b.data, "/tmp/"), "no temporary paths");
	ok(!strstr(b.data, "Check sim"), "skipped stage not rendered");
	buf_release(&b);
	cJSON_Delete(v);
}

static void test_mismatch(void)
{
	struct buf b = BUF_INIT;
	cJSON *v =
		parse("{\"stages\":[{\"name\":\"sim\",\"status\":\"fail\","
		      "\"class\":\"sim/mismatch\",\"evidence\":{\"compared\":"
		      "100,\"mismatches\":7,\"table\":[{\"cycle\":3,\"inputs\":"
		      "{\"a\":\"1\",\"b\":\"0\"},\"expected\":{\"y\":\"1\"},"
		      "\"got\":{\"y\":\"0\"}}]}}]}");

	is_int(rtlgen_feedback(&b, v, code, 0), 0, "render sim verdict");
	has_str(b.data, "7 of 100 compared cycles mismatched", "counts");
	has_str(b.data, "| 3 | a=1 b=0 | y=1 | y=0 |", "mismatch row");
	buf_release(&b);
	cJSON_Delete(v);
}

static void test_equiv_synth_budget(void)
{
	struct buf b = BUF_INIT;
	cJSON *v = parse(
		"{\"stages\":[{\"name\":\"equiv\",\"status\":\"fail\","
		"\"evidence\":{\"counterexample\":[{\"cycle\":0,"
		"\"inputs\":{\"a\":\"1\"},\"gold\":{\"y\":\"1\"},\"gate\":"
		"{\"y\":\"0\"}}]}},{\"name\":\"synth\",\"status\":\"fail\","
		"\"class\":\"synth/latch\",\"evidence\":{\"findings\":"
		"[{\"kind\":\"latch\",\"signal\":\"q\",\"line\":12}]}}]}");

	is_int(rtlgen_feedback(&b, v, code, 0), 0, "render equiv+synth");
	has_str(b.data, "| cycle | inputs | reference | yours |", "cex header");
	has_str(b.data, "| 0 | a=1 | y=1 | y=0 |", "cex row");
	has_str(b.data, "- latch on signal q (line 12)", "latch finding");
	buf_reset(&b);
	rtlgen_feedback(&b, v, code, 120);
	ok(b.len <= 120, "budget respected");
	has_str(b.data, "(feedback truncated)", "truncation said");
	buf_release(&b);
	cJSON_Delete(v);
}

int main(void)
{
	test_compile();
	test_mismatch();
	test_equiv_synth_budget();
	return done();
}
