#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/tmpdir.h"
#include "tap.h"
#include "verify/assert.h"

/* verify_assertions() with real Yosys, yosys-smtbmc and z3. */

static char path[4096];

static const char *fixture(void)
{
	const char *src = getenv("TEST_SRCDIR");

	snprintf(path, sizeof(path), "%s/fixtures/assert/cnt.v",
		 src ? src : "tests");
	return path;
}

static int judge(struct assert_report *r, const char *stmts)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	const char *files[1];

	files[0] = fixture();
	o.files = files;
	o.nfiles = 1;
	o.top = "cnt";
	o.timeout_s = 60;
	o.props_depth = 20;
	return verify_assertions(r, &o, "cnt", stmts, strlen(stmts));
}

static const struct assert_item *item(const struct assert_report *r,
				      const char *label)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].label && !strcmp(r->v[i].label, label))
			return &r->v[i];
	return NULL;
}

static int status(const struct assert_report *r, const char *label)
{
	const struct assert_item *it = item(r, label);

	return it ? (int)it->status : -1;
}

static void test_statuses(void)
{
	static const char text[] =
		"p_range: assert property (@(posedge clk) q <= 4'd9);\n"
		"p_far: assert property (@(posedge clk) c != 8'd200);\n"
		"\n"
		"p_vac: assert property (@(posedge clk)\n"
		"\tq == 4'd12 |-> en);\n"
		"p_seven: assert property (@(posedge clk) q != 4'd7);\n"
		"always @(*) p_c3: assert (c != 8'd3);\n";
	struct assert_report r = ASSERT_REPORT_INIT;
	struct buf fb = BUF_INIT;
	cJSON *j;

	is_int(judge(&r, text), 0, "judged");
	is_int((int)r.n, 5, "five assertions");
	is_int(status(&r, "p_range"), AS_PROVED, "invariant: proved");
	is_int(status(&r, "p_far"), AS_BOUNDED, "far violation: bounded");
	is_int(status(&r, "p_vac"), AS_VACUOUS, "unreachable antecedent");
	is_int(status(&r, "p_seven"), AS_FAILS, "reachable 7: fails");
	is_int(status(&r, "p_c3"), AS_FAILS, "c == 3: fails");
	if (item(&r, "p_vac")) {
		is_int(item(&r, "p_vac")->line, 4, "multi-line: its first line");
		has_str(item(&r, "p_vac")->reason, "q == 4'd12",
			"vacuous: the antecedent named");
	}
	if (item(&r, "p_seven")) {
		has_str(item(&r, "p_seven")->reason, "fails at cycle 7 ",
			"clocked: the cycle the values were sampled");
		has_str(item(&r, "p_seven")->trace, "\n7 ", "row 7");
		has_str(item(&r, "p_seven")->trace, " 7 <- fails",
			"q is 7 in the failing row");
		is_int(item(&r, "p_seven")->depth, 20, "depth");
	}
	/* c counts every cycle from 0; an always @* check sees it at once */
	if (item(&r, "p_c3"))
		has_str(item(&r, "p_c3")->reason, "fails at cycle 3 ",
			"combinational check: cycle 3");
	is_int(assert_report_feedback(&fb, &r), 0, "feedback");
	has_str(fb.data, "3 of 5 assertions need work", "feedback: count");
	has_str(fb.data, "p_seven: fails", "feedback: failing one");
	has_str(fb.data, "Counterexample", "feedback: with its trace");
	has_str(fb.data, "p_vac: vacuous", "feedback: vacuous one");
	ok(!strstr(fb.data, "p_range"), "feedback: not the proved one");
	j = assert_report_json(&r);
	ok(j != NULL, "json");
	is_int(cJSON_GetArraySize(json_get_array(j, "assertions")), 5,
	       "json: every assertion");
	ok(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		   json_get_object(j, "mutation"), "score")),
	   "json: no score without mutants");
	cJSON_Delete(j);
	buf_release(&fb);
	assert_report_release(&r);
}

static void test_invalid(void)
{
	static const char text[] =
		"p_a: assert property (@(posedge clk) disable iff (rst)\n"
		"\ten && q != 4'd9 |=> q == $past(q) + 4'd1);\n"
		"p_b: assert property (@(posedge clk) q != nope);\n"
		"p_c: assert property (@(posedge clk) en |-> ##[2:$] q);\n"
		"always @(posedge clk) p_d: assert (q < );\n"
		"p_e: assert property (@(posedge clk) q <= 4'd9);\n";
	struct assert_report r = ASSERT_REPORT_INIT;

	is_int(judge(&r, text), 0, "judged");
	is_int((int)r.n, 5, "five assertions");
	is_int(status(&r, "p_a"), AS_PROVED, "good one proved");
	is_int(status(&r, "p_b"), AS_INVALID, "unknown signal");
	if (item(&r, "p_b"))
		is_str(item(&r, "p_b")->reason,
		       "line 3: 'nope' is not a signal of module 'cnt'",
		       "unknown signal: named with its line");
	is_int(status(&r, "p_c"), AS_INVALID, "unbounded delay");
	is_int(status(&r, "p_d"), AS_INVALID, "immediate syntax error");
	if (item(&r, "p_d"))
		has_str(item(&r, "p_d")->reason, "line 5: ",
			"syntax error: its line");
	is_int(status(&r, "p_e"), AS_PROVED, "the one after it still proved");
	assert_report_release(&r);
	is_int(judge(&r, ""), 0, "empty text");
	is_int((int)r.n, 0, "no assertions");
	assert_report_release(&r);
}

/* two immediate assertions under one if: each its own verdict */
static void test_guarded(void)
{
	static const char text[] =
		"always @(posedge clk)\n"
		"\tif (!rst) begin\n"
		"\t\tassert (q < 4'd10);\n"
		"\t\tassert (q != 4'd7);\n"
		"\tend\n";
	struct assert_report r = ASSERT_REPORT_INIT;

	is_int(judge(&r, text), 0, "judged");
	is_int((int)r.n, 2, "two assertions");
	if (r.n == 2) {
		is_int(r.v[0].line, 3, "first: line 3");
		is_int(r.v[0].status, AS_PROVED, "first: proved");
		is_int(r.v[1].status, AS_FAILS, "second: fails");
		has_str(r.v[1].reason, "fails at cycle 7 ", "second: cycle 7");
	}
	assert_report_release(&r);
}

/* assume(0) would make every assertion hold: vacuous instead */
static void test_assume(void)
{
	static const char ok_text[] =
		"a0: assume property (@(posedge clk) en);\n"
		"p_seven: assert property (@(posedge clk) q != 4'd7);\n";
	static const char bad_text[] =
		"a0: assume property (@(posedge clk) 1'b0);\n"
		"p_range: assert property (@(posedge clk) q <= 4'd9);\n";
	struct assert_report r = ASSERT_REPORT_INIT;

	is_int(judge(&r, ok_text), 0, "judged");
	is_int(status(&r, "p_seven"), AS_FAILS, "satisfiable assumption");
	assert_report_release(&r);
	is_int(judge(&r, bad_text), 0, "judged");
	is_int(status(&r, "p_range"), AS_VACUOUS, "assume(0): vacuous");
	if (item(&r, "p_range"))
		has_str(item(&r, "p_range")->reason, "assumptions",
			"assume(0): the reason");
	assert_report_release(&r);
}

static void test_usage(void)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct assert_report r = ASSERT_REPORT_INIT;
	const char *files[1] = { path };

	o.files = files;
	o.nfiles = 1;
	o.top = "cnt";
	is_int(verify_assertions(&r, &o, "nosuch", "", 0), ERR_USAGE,
	       "no such module: usage error");
	is_str(assert_status_name(AS_VACUOUS), "vacuous", "status names");
}

/* The engine: sites, descriptions, stable ids, nothing in comments. */
static void test_mutants(void)
{
	const char *files[1];
	struct mut_opts mo = { .files = files, .nfiles = 1, .module = "cnt" };
	struct mutant_set a = MUTANT_SET_INIT, b = MUTANT_SET_INIT;
	bool plus = false, drop = false, inv = false;
	unsigned mask = 0;
	size_t differ = 0, header = 0, other = 0;

	files[0] = fixture();
	is_int(verify_mutants(&a, &mo), 0, "mutants of cnt.v");
	is_int(verify_mutants(&b, &mo), 0, "again");
	is_int((int)a.n, (int)b.n, "the same number twice");
	for (size_t i = 0; i < a.n && i < b.n; i++) {
		differ += strcmp(a.v[i].id, b.v[i].id) ||
			  strcmp(a.v[i].desc, b.v[i].desc);
		plus |= strstr(a.v[i].desc, "cnt.v:13: '+' -> '-'") != NULL;
		drop |= a.v[i].op == MUT_DROP_ASSIGN && a.v[i].line == 15;
		inv |= a.v[i].op == MUT_INVERT_COND && a.v[i].line == 14;
		header += a.v[i].line <= 2;
	}
	is_int((int)differ, 0, "ids and descriptions stable");
	is_int((int)header, 0, "nothing in the header comment");
	ok(plus, "operator swap on line 13");
	ok(drop, "dropped assignment on line 15");
	ok(inv, "inverted condition on line 14");
	mutant_set_release(&b);
	is_int(mut_ops_parse(&mask, "operator,const"), 0, "ops list");
	mo.ops = mask;
	is_int(verify_mutants(&b, &mo), 0, "only two operators");
	for (size_t i = 0; i < b.n; i++)
		other += b.v[i].op != MUT_OPERATOR && b.v[i].op != MUT_CONST;
	is_int((int)other, 0, "no operator that was not asked for");
	ok(b.n > 0 && b.n < a.n, "the mask selects");
	is_int(mut_ops_parse(&mask, "operator,nosuch"), ERR_USAGE,
	       "a bad operator name is a usage error");
	mutant_set_release(&a);
	mutant_set_release(&b);
}

/*
 * The mutation score against an independent count: every non-equivalent
 * mutant written out and the holding assertions judged on it one by one
 * (verify_assertions, a full judgement each); killed when one fails.
 */
static void test_mutation(void)
{
	static const char text[] =
		"p_range: assert property (@(posedge clk) q <= 4'd9);\n"
		"p_wrap: assert property (@(posedge clk) disable iff (rst) "
		"en && q == 4'd9 |=> q == 4'd0);\n"
		"p_hold: assert property (@(posedge clk) disable iff (rst) "
		"!en |=> $stable(q));\n";
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct assert_report r = ASSERT_REPORT_INIT;
	struct mutant_set ms = MUTANT_SET_INIT;
	const char *files[1];
	struct mut_opts mo = { .files = files, .nfiles = 1, .module = "cnt" };
	size_t nonequiv = 0, killed = 0;

	files[0] = fixture();
	o.files = files;
	o.nfiles = 1;
	o.top = "cnt";
	o.props_depth = 12;
	is_int(verify_assertions(&r, &o, "cnt", text, strlen(text)), 0,
	       "judged");
	is_int(verify_mutants(&ms, &mo), 0, "mutants");
	ok(ms.n >= 5, "some mutants");
	is_int(verify_mutants_equiv(&ms, &mo, &o, "cnt"), 0, "equivalence");
	is_int(verify_assert_mutation(&r, &o, "cnt", text, strlen(text), &ms,
				      &mo),
	       0, "scored");
	for (size_t k = 0; k < ms.n; k++) {
		struct tmpdir td = TMPDIR_INIT;
		struct assert_report m = ASSERT_REPORT_INIT;
		struct verify_opts mo2 = o;
		char f[4096];
		const char *mf[1] = { f };
		bool dead = false;

		if (ms.v[k].equiv == MUT_EQ_EQUIVALENT ||
		    ms.v[k].equiv == MUT_EQ_STILLBORN)
			continue;
		nonequiv++;
		if (tmpdir_create(&td, "t-assert") ||
		    verify_mutant_write(&ms.v[k], &mo, td.path))
			break;
		snprintf(f, sizeof(f), "%s/cnt.v", td.path);
		mo2.files = mf;
		if (verify_assertions(&m, &mo2, "cnt", text, strlen(text)) == 0)
			for (size_t i = 0; i < m.n; i++)
				dead |= m.v[i].status == AS_FAILS;
		killed += dead;
		assert_report_release(&m);
		tmpdir_remove(&td);
	}
	is_int((int)r.nonequiv, (int)nonequiv, "non-equivalent count");
	is_int((int)r.killed, (int)killed, "killed: the independent count");
	is_int((int)r.nsurvivors, (int)(nonequiv - killed), "survivors");
	ok(r.killed > 0, "the set kills some");
	mutant_set_release(&ms);
	assert_report_release(&r);
}

int main(void)
{
	char *y = proc_which("yosys-smtbmc"), *z = proc_which("z3");

	require_tool(y != NULL, "yosys-smtbmc");
	require_tool(z != NULL, "z3");
	free(y);
	free(z);
	test_statuses();
	test_invalid();
	test_assume();
	test_guarded();
	test_usage();
	test_mutants();
	test_mutation();
	return done();
}
