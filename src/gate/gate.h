#ifndef GATE_GATE_H
#define GATE_GATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/base.h"

/*
 * The CI gate: a gate file (JSON, see doc/hwforge-gate.1) names units
 * (design sources, top, testbenches, golden reference, properties, PPA
 * budgets, lint strictness, timeouts); gate_run() runs every unit's checks
 * through the verify pipeline on a thread pool and the report functions
 * turn the results into a table, JUnit XML, JSON and GitHub annotations.
 *
 * Ownership: every pointer inside a struct gate_file or struct gate_run
 * is owned by it and freed by its _release().  Errors follow STYLE 2.4:
 * 0 or a negative err code with the message in err_last().
 */

enum gate_lint { GATE_LINT_OFF = 0, GATE_LINT_NORMAL, GATE_LINT_STRICT };

struct gate_tb {
	char *name; /* the check is "sim:<name>": top, else file stem */
	char *file; /* resolved path */
	char *top; /* NULL: detected */
};

struct gate_budget {
	long max_cells, max_flops, max_depth; /* -1: no limit */
	double max_area; /* < 0: no limit */
};

struct gate_unit {
	char *name;
	char **sources; /* resolved paths; NULL-ended, nsources entries */
	size_t nsources;
	char *top;
	char **defines; /* NULL-ended "NAME[=VALUE]" */
	struct gate_tb *tbs;
	size_t ntbs;
	char **refs; /* reference sources, NULL-ended; nrefs == 0: no equiv */
	size_t nrefs;
	char *ref_top;
	bool has_props;
	char **props; /* property files, NULL-ended (may be empty) */
	size_t nprops;
	char *props_top;
	int props_depth;
	bool has_budget;
	struct gate_budget budget;
	enum gate_lint lint;
	bool allow_latches;
	int timeout_s;
	int equiv_depth;
};

struct gate_file {
	char *path; /* as given */
	char *dir; /* the directory paths are relative to */
	char *name;
	int jobs; /* 0: not set */
	struct gate_unit *units;
	size_t nunits;
};

/*
 * Parse and validate a gate file.  Every problem (bad JSON, an unknown
 * key, a value of the wrong type or range, a missing file, a duplicate
 * name) is ERR_USAGE with a one-line message naming the key, e.g.
 * "gate.json: units[1].budget.max_cells: expected an integer >= 0".
 * ERR_NOTFOUND if the gate file itself does not exist.
 */
int gate_file_load(struct gate_file *out, const char *path);
/* The same from text; `path` only names the file and gives the base dir. */
int gate_file_parse(struct gate_file *out, const char *text, size_t len,
		    const char *path);
void gate_file_release(struct gate_file *g);

/* ---- running ------------------------------------------------------------ */

enum gate_result {
	GATE_PASS = 0,
	GATE_FAIL, /* ran; the answer is no */
	GATE_ERROR, /* could not decide: tool missing, timeout, inconclusive */
	GATE_SKIPPED, /* not run: a check it depends on failed */
	GATE_NOTRUN, /* not run: interrupted first */
};
const char *gate_result_name(enum gate_result r); /* "pass", ... */

enum gate_kind {
	GATE_CHECK_LINT = 0,
	GATE_CHECK_COMPILE,
	GATE_CHECK_SYNTH,
	GATE_CHECK_BUDGET,
	GATE_CHECK_SIM,
	GATE_CHECK_EQUIV,
	GATE_CHECK_PROPS,
};

struct gate_check {
	size_t unit; /* index into gate_file.units */
	enum gate_kind kind;
	size_t tb; /* for GATE_CHECK_SIM */
	char *name; /* "compile", "sim:tb_pe", ... */
	enum gate_result result;
	char *class; /* failure class, e.g. "sim/mismatch"; or NULL */
	char *message; /* one line; NULL on a plain pass */
	char *detail; /* the evidence as text (multi-line) or NULL */
	char *file; /* where to annotate, or NULL */
	long line; /* 0: unknown */
	cJSON *evidence; /* the stage's evidence, or NULL */
	long elapsed_ms;
};

struct gate_run {
	struct gate_check *checks; /* grouped by unit, in gate file order */
	size_t nchecks;
	long elapsed_ms;
	int jobs; /* workers used */
	cJSON *tools; /* tool versions, or NULL */
};
#define GATE_RUN_INIT          \
	{                      \
		.checks = NULL \
	}

/*
 * Called once per finished check, serialized (never two at a time), from
 * a worker thread; `done` counts finished checks so far.
 */
typedef void (*gate_progress_fn)(const struct gate_run *run,
				 const struct gate_check *c, size_t done,
				 void *payload);

struct gate_opts {
	int jobs; /* 0: one per core */
	enum proc_sandbox sandbox;
	bool keep_tmp;
	gate_progress_fn progress;
	void *payload;
};
#define GATE_OPTS_INIT                                  \
	{                                               \
		.jobs = 0, .sandbox = PROC_SANDBOX_AUTO \
	}

/* Fill `out` with the checks a gate file implies, all GATE_NOTRUN. */
int gate_plan(struct gate_run *out, const struct gate_file *g);

/*
 * Plan and run every check.  Independent checks of all units run in
 * parallel; checks that need a compiled design wait for their unit's
 * compile check and are GATE_SKIPPED when it did not pass.  Returns 0
 * once every check has a result (a failing design is a result), or
 * ERR_INTR when interrupted: `out` then holds the partial results (the
 * rest GATE_NOTRUN) and must still be released.
 */
int gate_run(struct gate_run *out, const struct gate_file *g,
	     const struct gate_opts *o);
void gate_run_release(struct gate_run *r);

/* ---- reports ------------------------------------------------------------ */

struct gate_counts {
	size_t total, passed, failed, errors, skipped, notrun;
};
void gate_count(const struct gate_run *r, struct gate_counts *out);
/* 0 all pass, 1 any fail, 3 any error (and no fail). */
int gate_exit_code(const struct gate_run *r);

/* The compact table and a summary line. */
int gate_write_table(FILE *f, const struct gate_file *g,
		     const struct gate_run *r);
/* JUnit XML: one <testsuite> per unit, one <testcase> per check. */
int gate_junit(struct buf *out, const struct gate_file *g,
	       const struct gate_run *r);
/* The whole run as a new JSON object; caller owns it. */
cJSON *gate_json(const struct gate_file *g, const struct gate_run *r);
/*
 * GitHub Actions workflow commands ("::error file=F,line=L,title=T::M"),
 * one per failed or errored check.  File paths are made relative to
 * `workspace` (GITHUB_WORKSPACE) when they lie under it.
 */
int gate_annotations(struct buf *out, const struct gate_file *g,
		     const struct gate_run *r, const char *workspace);

/* A Markdown summary table (for $GITHUB_STEP_SUMMARY). */
int gate_markdown(struct buf *out, const struct gate_file *g,
		  const struct gate_run *r);

/*
 * Append text as XML character data (attr false) or an attribute value
 * (attr true): markup characters become entities, invalid UTF-8 becomes
 * U+FFFD, control characters other than \t \n \r (and, in attributes,
 * those too) become visible "\xNN" text, so the result is always
 * well-formed XML 1.0.
 */
int gate_xml_escape(struct buf *out, const char *s, size_t len, bool attr);

/* ---- repair (gate --repair) -------------------------------------------- */

struct agent_repair_opts;
struct agent_repair_result;

struct gate_repair_opts {
	/* the loop's settings (LLM, rounds, candidates, templates); the
	   files, top and evidence are each unit's */
	const struct agent_repair_opts *loop;
	const char *dir; /* DIR/<unit>/ (the loop's outputs), DIR/<unit>.patch,
			    DIR/repair.json */
	bool apply; /* write the fixed files over the unit's sources */
	void (*on_unit)(const struct gate_unit *u,
			const struct agent_repair_result *r, const char *patch,
			bool applied, void *payload);
	void *payload;
};

struct agent_budget;
/*
 * A unit's checks as repair-loop options (files, top, defines, tbs,
 * reference, properties, depths, timeout, budget into *b): pointers are
 * borrowed from u; tbs and tb_tops need u->ntbs entries.
 */
int gate_unit_repair_opts(struct agent_repair_opts *ro, struct agent_budget *b,
			  const char **tbs, const char **tb_tops,
			  const struct gate_unit *u);

struct gate_repair_summary {
	size_t tried, fixed, applied, undecided;
};

/*
 * Run the repair loop on every unit with a failing check of `run` (the
 * unit's checks as evidence, lint aside) and write the proposed patches
 * (one per unit).  The tree changes only with o->apply, and only for
 * units whose fix passed.  Returns 0, ERR_INTR, or the first unit's
 * error (ERR_USAGE, ERR_NOTFOUND, ERR_FAIL).
 */
int gate_repair(struct gate_repair_summary *out, const struct gate_file *g,
		const struct gate_run *run, const struct gate_repair_opts *o);

#endif
