#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench/bench-int.h"
#include "tap.h"
#include "verify/verify.h"

/* libbench without tools: pass@k, the reference as a candidate, suite loading,
 * torn results lines, summaries. */

static const char *srcdir(void)
{
	const char *s = getenv("TEST_SRCDIR");

	return s ? s : "tests";
}

static void test_pass_at_k(void)
{
	ok(bench_pass_at_k(10, 0, 1) == 0.0, "pass@1 with no pass is 0");
	ok(bench_pass_at_k(10, 10, 5) == 1.0, "pass@5 with all passing is 1");
	ok(fabs(bench_pass_at_k(5, 1, 1) - 0.2) < 1e-12, "pass@1 = c/n");
	ok(fabs(bench_pass_at_k(10, 3, 5) - (1.0 - 21.0 / 252.0)) < 1e-12,
	   "pass@5 of 3/10 = 1 - C(7,5)/C(10,5)");
	ok(bench_pass_at_k(10, 6, 5) == 1.0, "n - c < k: certain pass");
	ok(fabs(bench_pass_at_k(200, 1, 100) - 0.5) < 1e-12,
	   "large n stays stable (product form)");
	ok(bench_pass_at_k(3, 1, 5) == 0.0, "k > n is not defined: 0");
}

static void test_ref_as_candidate(void)
{
	char top[] = "TopModule", ref_top[] = "RefModule";
	char text[] = "module RefModule(output z);\n// RefModule\nendmodule\n";
	struct bench_task t = { .top = top,
				.ref_top = ref_top,
				.ref_text = text };
	struct buf b = BUF_INIT;

	ok(!bench__ref_as_candidate(&b, &t), "reference renamed");
	is_str(b.data, "module TopModule(output z);\n// RefModule\nendmodule\n",
	       "RefModule becomes TopModule in code only");
	buf_release(&b);
}

static void test_suites(void)
{
	struct bench_suite s, s2;
	struct buf p = BUF_INIT;
	const struct bench_task *t;

	buf_addf(&p, "%s/fixtures/bench/verilogeval", srcdir());
	ok(!bench_suite_load(&s, p.data), "VerilogEval fixture loads");
	is_int(s.format, BENCH_FMT_VERILOGEVAL, "format detected");
	is_int(s.ntasks, 3, "three problems");
	t = bench_suite_find(&s, "Prob002_count4");
	ok(t && !strcmp(t->top, "TopModule") && !strcmp(t->tb_top, "tb") &&
		   t->ref_text && t->tb_text && !t->load_error,
	   "problem files and names");
	ok(!bench_suite_load(&s2, p.data) && !strcmp(s.hash, s2.hash) &&
		   strlen(s.hash) == 64,
	   "suite hash is stable");
	bench_suite_release(&s2);
	bench_suite_release(&s);

	buf_reset(&p);
	buf_addf(&p, "%s/fixtures/bench/rtllm", srcdir());
	ok(!bench_suite_load(&s, p.data) && s.format == BENCH_FMT_RTLLM &&
		   s.ntasks == 4,
	   "RTLLM fixture loads (category folders, spaces in names)");
	t = bench_suite_find(&s, "adder_4bit");
	ok(t && !strcmp(t->top, "adder_4bit") && t->ref_top &&
		   !strcmp(t->ref_top, "verified_adder_4bit") &&
		   !strcmp(t->tb_top, "testbench"),
	   "RTLLM: top is what the testbench instantiates, the reference's "
	   "verified_<top> is renamed");
	t = bench_suite_find(&s, "rom_lut");
	ok(t && !strcmp(t->top, "rom_lut") && t->ref_top &&
		   !strcmp(t->ref_top, "verified_rom_lut") && t->nfiles == 1 &&
		   !strcmp(t->files[0].name, "reference.dat") &&
		   t->files[0].len == 48,
	   "RTLLM: reference file named otherwise, data file carried");
	has_str(t ? t->tb_text : NULL, "disable hwforge_brk_0;",
		"RTLLM: break in the testbench becomes disable");
	ok(bench_suite_find(&s, "seq_detect_101") != NULL,
	   "RTLLM: a design under 'Finite State Machine'");
	bench_suite_release(&s);
	buf_reset(&p);
	buf_addf(&p, "%s/fixtures/bench/native-bad", srcdir());
	ok(!bench_suite_load(&s, p.data) && s.ntasks == 4,
	   "a suite with malformed tasks still loads");
	t = bench_suite_find(&s, "badjson");
	has_str(t ? t->load_error : NULL, "invalid JSON at byte",
		"bad task.json is a per-task error");
	t = bench_suite_find(&s, "noref");
	has_str(t ? t->load_error : NULL, "missing reference",
		"missing reference is a per-task error");
	bench_suite_release(&s);

	is_int(bench_suite_load(&s, "/nonexistent/suite"), ERR_USAGE,
	       "missing suite is a usage error");
	buf_release(&p);
}

static void test_torn_results(void)
{
	char path[] = "/tmp/t-bench-core-XXXXXX";
	const char *text =
		"{\"suite\":\"h\",\"task\":\"a\",\"sample\":0,\"verdict\":\"pass\"}\n"
		"{\"suite\":\"h\",\"task\":\"a\",\"sample\":1,\"verdict\":\"fa";
	struct buf b = BUF_INIT;
	cJSON *res = NULL;
	int fd = mkstemp(path);

	ok(fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text),
	   "results file written");
	close(fd);
	ok(!bench__read_results(&res, path, true), "results read");
	is_int(cJSON_GetArraySize(res), 1, "torn last line dropped");
	buf_read_file(&b, path, 0);
	is_int(b.len, strchr(text, '\n') - text + 1,
	       "torn line cut off the file");
	cJSON_Delete(res);
	buf_release(&b);
	unlink(path);
}

static void test_summary(void)
{
	const char *st =
		"{\"suite\":{\"name\":\"s\",\"hash\":\"h\"},\"ks\":[1,2,5],"
		"\"tasks\":[{\"id\":\"b\",\"index\":1,\"broken\":true,"
		"\"class\":\"sim/timeout\",\"reason\":\"r\",\"unscored\":2},"
		"{\"id\":\"a\",\"index\":0,\"broken\":false}],"
		"\"input_errors\":[],\"unknown_tasks\":{\"zz\":3}}";
	const char *res =
		"[{\"suite\":\"h\",\"task\":\"a\",\"sample\":1,\"verdict\":\"fail\","
		"\"class\":\"sim/mismatch\"},"
		"{\"suite\":\"h\",\"task\":\"a\",\"sample\":0,\"verdict\":\"pass\"},"
		"{\"suite\":\"h\",\"task\":\"a\",\"sample\":0,\"verdict\":\"pass\"}]";
	cJSON *s = NULL, *r = NULL, *sum = NULL;
	const cJSON *tasks;

	json_parse(&s, st, strlen(st), "st");
	json_parse(&r, res, strlen(res), "res");
	ok(!bench__summarize(&sum, s, r), "summary built");
	is_int(json_get_number(sum, "samples", -1), 2,
	       "duplicate result lines count once");
	is_int(json_get_number(sum, "tasks_broken", -1), 1, "broken counted");
	ok(fabs(json_get_number(json_get_object(sum, "pass_at_k"), "1", -1) -
		0.5) < 1e-9,
	   "pass@1 = 0.5");
	ok(json_get_number(json_get_object(sum, "pass_at_k"), "2", -1) == 1.0,
	   "pass@2 = 1");
	ok(!cJSON_GetObjectItemCaseSensitive(json_get_object(sum, "pass_at_k"),
					     "5"),
	   "no pass@5 with 2 samples");
	ok(json_get_number(json_get_object(sum, "pass_at_k_tasks"), "2", -1) ==
			   1 &&
		   json_get_number(json_get_object(sum, "pass_at_k_tasks"), "5",
				   -1) == 0,
	   "pass@k task counts: 1 task for k = 2, none for k = 5");
	is_int(bench_unscored_samples(sum), 5,
	       "unscored: 2 of a broken task + 3 of an unknown one");
	{
		struct buf u = BUF_INIT;

		bench_unscored_text(&u, sum);
		is_str(u.data,
		       "2 samples of 'b' not scored: the task is broken "
		       "(sim/timeout)\n3 samples of 'zz' not scored: no such "
		       "task in the suite\n",
		       "one unscored line per task");
		buf_release(&u);
	}
	tasks = json_get_array(sum, "tasks");
	is_str(json_get_string(tasks ? tasks->child : NULL, "id"), "a",
	       "tasks in suite order");
	is_int(json_get_number(json_get_object(sum, "classes"), "sim/mismatch",
			       0),
	       1, "class counted");
	cJSON_Delete(s);
	cJSON_Delete(r);
	cJSON_Delete(sum);
}

static void test_rtllm_lines(void)
{
	static const struct {
		const char *line;
		enum verify_rtllm_line want;
	} cases[] = {
		{ "===========Your Design Passed===========", RTLLM_LINE_PASS },
		{ "=========== Your Design Passed ===========", RTLLM_LINE_PASS },
		{ "Your Design Passed", RTLLM_LINE_PASS },
		{ "=========== Test completed with           0 /100 failures "
		  "===========",
		  RTLLM_LINE_PASS },
		{ "===========Test completed with           3 / 100 failures"
		  "===========",
		  RTLLM_LINE_FAIL },
		{ "=========== Test completed with          20 failures "
		  "===========",
		  RTLLM_LINE_FAIL },
		{ "=========== Test completed with           1/20 failures "
		  "===========",
		  RTLLM_LINE_FAIL },
		{ "Test completed with           2 errors.", RTLLM_LINE_FAIL },
		{ "===========Error===========", RTLLM_LINE_FAIL },
		{ "===========Failed===========          3", RTLLM_LINE_FAIL },
		{ "=========== Failed ===========", RTLLM_LINE_FAIL },
		{ "Test failed: A = 1, B = 2", RTLLM_LINE_FAIL },
		{ "Failed at 3: clk=1, clk_div=0 (expected 1)", RTLLM_LINE_FAIL },
		{ "Failed: out=0101 (expected 1101)", RTLLM_LINE_FAIL },
		{ "Fail   3 *   4:   11 instead of   12", RTLLM_LINE_FAIL },
		{ "Error: Data read from address 3 is incorrect",
		  RTLLM_LINE_FAIL },
		{ "Passed   3 *   4 =   12", RTLLM_LINE_INFO },
		{ "Count = 3", RTLLM_LINE_INFO },
		{ "rise: 1, down: 0", RTLLM_LINE_INFO },
		{ "Starting ROM Testbench...", RTLLM_LINE_INFO },
	};
	cJSON *lines = cJSON_CreateArray();
	struct verify_rtllm_verdict v;
	char *tb;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		is_int(verify_rtllm_line(cases[i].line), cases[i].want,
		       cases[i].line);
	cJSON_AddItemToArray(lines, cJSON_CreateString("Count = 1"));
	cJSON_AddItemToArray(lines, cJSON_CreateString(
					    "Failed at i= 3, out=0001"));
	cJSON_AddItemToArray(lines, cJSON_CreateString(
					    "=========== Your Design Passed "
					    "==========="));
	verify_rtllm_verdict(&v, lines);
	ok(v.passes == 1 && v.failures == 1 &&
		   !strcmp(v.first_failure, "Failed at i= 3, out=0001"),
	   "a pass line after a failure line: the failure is kept");
	cJSON_Delete(lines);

	tb = strdup("initial begin\n  repeat (4) begin\n    if (x) break;\n"
		    "    // break here is a comment\n    y = \"break\";\n"
		    "  end\n  for (i = 0; i < 3; i = i + 1) begin\n"
		    "    if (i == 1) continue;\n  end\n"
		    "  $fatal(\"Error: late\");\nend\n");
	ok(!bench__rtllm_adapt(&tb), "adapt runs");
	is_str(tb,
	       "initial begin\n  begin : hwforge_brk_0 repeat (4) begin\n"
	       "    if (x) disable hwforge_brk_0;\n"
	       "    // break here is a comment\n    y = \"break\";\n"
	       "  end end\n  for (i = 0; i < 3; i = i + 1) begin : "
	       "hwforge_cnt_1\n    if (i == 1) disable hwforge_cnt_1;\n  end\n"
	       "  $fatal(1, \"Error: late\");\nend\n",
	       "break, continue and $fatal(\"msg\") rewritten for Icarus 11");
	free(tb);
}

int main(void)
{
	test_pass_at_k();
	test_ref_as_candidate();
	test_suites();
	test_torn_results();
	test_summary();
	test_rtllm_lines();
	return done();
}
