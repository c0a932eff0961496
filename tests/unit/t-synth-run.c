#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth.h"
#include "tap.h"

/* synth_run() against real Yosys on the fixtures in tests/fixtures/synth. */

static char fixture[4096];

static const char *fx(const char *name)
{
	const char *src = getenv("TEST_SRCDIR");

	snprintf(fixture, sizeof(fixture), "%s/fixtures/synth/%s",
		 src ? src : "tests", name);
	return fixture;
}

static int run(struct synth_report *r, const char *file, const char *top,
	       bool allow_latches)
{
	struct synth_opts o = SYNTH_OPTS_INIT;
	const char *files[1];

	files[0] = fx(file);
	o.files = files;
	o.nfiles = 1;
	o.top = top;
	o.timeout_s = 60;
	o.allow_latches = allow_latches;
	return synth_run(r, &o);
}

static const char *first_kind(const struct synth_report *r)
{
	const cJSON *f = r->findings ? r->findings->child : NULL;

	return f ? json_get_string(f, "kind") : NULL;
}

static void test_clean(void)
{
	struct synth_report r = SYNTH_REPORT_INIT;
	long n = 0;

	is_int(run(&r, "clean.v", "reg8", false), 0, "clean: ran");
	ok(r.ok, "clean: ok");
	ok(r.class == NULL, "clean: no class");
	is_int(r.stats.flops, 8, "clean: 8-bit register has 8 flops");
	is_int(r.stats.latches, 0, "clean: no latches");
	ok(r.stats.cells > 8 && r.stats.cells < 200, "clean: cell count");
	ok(r.stats.logic_depth >= 2 && r.stats.logic_depth < 40,
	   "clean: adder gives a logic depth");
	ok(r.stats.area > 50, "clean: transistor estimate");
	for (const cJSON *c = r.stats.cells_by_type
				      ? r.stats.cells_by_type->child
				      : NULL;
	     c; c = c->next)
		n += (long)c->valuedouble;
	is_int(n, r.stats.cells, "clean: cells by type add up");
	has_str(r.yosys_version, "Yosys", "clean: Yosys version recorded");
	synth_report_release(&r);
}

static void test_finding(const char *file, const char *top, const char *class,
			 const char *kind, const char *signal)
{
	struct synth_report r = SYNTH_REPORT_INIT;
	char name[128];
	const cJSON *f;

	snprintf(name, sizeof(name), "%s: %s", file, class);
	is_int(run(&r, file, top, false), 0, "ran to a decision");
	ok(!r.ok, "not ok");
	is_str(r.class, class, name);
	is_str(first_kind(&r), kind, "first finding kind");
	f = r.findings ? r.findings->child : NULL;
	if (signal)
		is_str(f ? json_get_string(f, "signal") : NULL, signal,
		       "finding names the signal");
	synth_report_release(&r);
}

static void test_allow_latches(void)
{
	struct synth_report r = SYNTH_REPORT_INIT;

	is_int(run(&r, "latch.v", "latchy", true), 0, "allow: ran");
	ok(r.ok, "allow-latches: latch does not fail");
	ok(r.stats.latches >= 4, "allow-latches: 4 latch bits counted");
	is_str(first_kind(&r), "latch", "allow-latches: still a finding");
	synth_report_release(&r);
}

static void test_syntax(void)
{
	struct synth_report r = SYNTH_REPORT_INIT;

	is_int(run(&r, "syntax.v", "broken", false), 0, "syntax: ran");
	is_str(r.class, "synth/error", "syntax: synth/error");
	has_str(r.summary, "syntax.v", "syntax: message names the file");
	synth_report_release(&r);
}

static void test_hier_and_usage(void)
{
	struct synth_report r = SYNTH_REPORT_INIT;

	is_int(run(&r, "hier.v", "pipe", false), 0, "hier: ran");
	ok(r.ok, "hier: ok (flattened before stat -json)");
	is_int(r.stats.flops, 8, "hier: two 4-bit stages, 8 flops");
	synth_report_release(&r);
	is_int(run(&r, "clean.v", "reg8; shell", false), ERR_USAGE,
	       "bad top name is a usage error");
	synth_report_release(&r);
	is_int(run(&r, "no-such.v", "x", false), ERR_USAGE,
	       "missing file is a usage error");
	synth_report_release(&r);
	is_int(run(&r, "clean.v", "nosuchtop", false), 0, "unknown top: ran");
	is_str(r.class, "synth/error", "unknown top: synth/error");
	synth_report_release(&r);
}

int main(void)
{
	char *y = proc_which("yosys");

	require_tool(y != NULL, "yosys");
	free(y);
	test_clean();
	test_finding("latch.v", "latchy", "synth/latch", "latch", "q");
	test_finding("multidrv.v", "multidrv", "synth/multi-driver",
		     "multi-driver", NULL);
	test_finding("undriven.v", "undriven", "synth/undriven", "undriven",
		     "hi");
	test_finding("loop.v", "loop", "synth/comb-loop", "comb-loop", NULL);
	test_allow_latches();
	test_syntax();
	test_hier_and_usage();
	return done();
}
