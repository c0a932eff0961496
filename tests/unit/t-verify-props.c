#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "verify/verify.h"

/* verify_props() with real Yosys, yosys-smtbmc and z3. */

static char paths[2][4096];

static const char *fx(int k, const char *name)
{
	const char *src = getenv("TEST_SRCDIR");

	snprintf(paths[k], sizeof(paths[k]), "%s/fixtures/props/%s",
		 src ? src : "tests", name);
	return paths[k];
}

static int run(struct verify_stage *st, const char *file, const char *top,
	       const char *props, const char *props_top)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	const char *files[1], *pf[1];

	memset(st, 0, sizeof(*st));
	files[0] = fx(0, file);
	o.files = files;
	o.nfiles = 1;
	o.top = top;
	o.timeout_s = 30;
	o.props_depth = 20;
	if (props) {
		pf[0] = fx(1, props);
		o.props = pf;
		o.nprops = 1;
		o.props_top = props_top;
	}
	return verify_props(st, &o);
}

static const char *ev_str(const struct verify_stage *st, const char *k)
{
	return json_get_string(st->evidence, k);
}

static void test_proven(void)
{
	struct verify_stage st;

	is_int(run(&st, "count10.v", "count10", NULL, NULL), 0, "ran");
	is_int(st.status, VERIFY_PASS, "invariant holds: pass");
	is_str(ev_str(&st, "result"), "proven", "invariant: proven");
	has_str(st.summary, "proven", "summary says proven");
	verify_stage_release(&st);
}

static void test_refuted(void)
{
	struct verify_stage st;
	const cJSON *tr, *last;

	is_int(run(&st, "count10-bug.v", "count10", NULL, NULL), 0, "ran");
	is_int(st.status, VERIFY_FAIL, "violated: fail");
	is_str(st.class, "props/refuted", "violated: class");
	is_str(ev_str(&st, "result"), "refuted", "violated: refuted");
	has_str(ev_str(&st, "assertion"), "count10-bug.v:13",
		"names the failing assertion's file and line");
	tr = json_get_array(st.evidence, "trace");
	ok(cJSON_GetArraySize(tr) >= 11, "trace covers the 11 cycles");
	last = cJSON_GetArrayItem(tr, cJSON_GetArraySize(tr) - 1);
	is_str(json_get_string(json_get_object(last, "signals"), "q"), "4'ha",
	       "last cycle shows q = 10");
	verify_stage_release(&st);
}

static void test_unsupported(void)
{
	struct verify_stage st;

	is_int(run(&st, "sva.v", "hs", NULL, NULL), 0, "ran");
	is_int(st.status, VERIFY_FAIL, "SVA: fail");
	is_str(st.class, "props/unsupported-syntax", "SVA: clear class");
	has_str(st.summary, "not supported", "SVA: says why");
	has_str(st.summary, "sva.v:6", "SVA: names the line");
	verify_stage_release(&st);
}

static void test_wrapper(void)
{
	struct verify_stage st;

	is_int(run(&st, "shift.v", "shift", "shift-props.v", "shift_props"), 0,
	       "ran");
	is_int(st.status, VERIFY_PASS, "wrapper properties with $past: pass");
	if (st.status != VERIFY_PASS)
		printf("# %s\n", st.summary ? st.summary : "(null)");
	ok(ev_str(&st, "result") && (!strcmp(ev_str(&st, "result"), "proven") ||
				     !strcmp(ev_str(&st, "result"), "bounded")),
	   "wrapper: result");
	verify_stage_release(&st);
	is_int(run(&st, "shift.v", "shift", NULL, NULL), 0, "ran");
	is_int(st.status, VERIFY_SKIPPED, "no assertions: skipped");
	verify_stage_release(&st);
}

int main(void)
{
	char *y = proc_which("yosys-smtbmc"), *z = proc_which("z3");

	require_tool(y != NULL, "yosys-smtbmc");
	require_tool(z != NULL, "z3");
	free(y);
	free(z);
	test_proven();
	test_refuted();
	test_unsupported();
	test_wrapper();
	return done();
}
