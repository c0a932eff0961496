#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/*
 * Scoring model samples on hardware-design task suites: VerilogEval v2
 * (spec-to-rtl and code-complete-iccad2023), RTLLM and the native format
 * (see suite-format.md).  Every task's reference is self-tested through
 * the same harness first; broken tasks are reported and left out of the
 * score.  Verdicts come only from testbench lines stamped with a per-run
 * nonce the candidate cannot see (the harness module names, instance
 * names and report lines are rewritten with it, and the sources are
 * deleted before the simulation starts).
 *
 * Error discipline: a failing sample is data (a result line); negative
 * codes mean the run itself could not go on (bad suite path, I/O trouble
 * on the output directory, ERR_INTR).  Libraries never print: progress
 * comes back through a callback.
 */

enum bench_format {
	BENCH_FMT_VERILOGEVAL = 1,
	BENCH_FMT_RTLLM,
	BENCH_FMT_NATIVE,
};
const char *bench_format_name(enum bench_format f);

/* A data file a testbench reads ($readmemh("reference.dat")). */
struct bench_file {
	char *name; /* plain file name, no '/' */
	char *data;
	size_t len;
};

struct bench_task {
	char *id;
	char *top; /* module the candidate must define */
	char *ref_top; /* the reference's name for top when it differs
			* (VerilogEval RefModule, RTLLM verified_<top>) */
	char *tb_top; /* testbench top module */
	char *spec; /* prompt text shown to a model; owned */
	char *ref_text; /* reference source(s), NULL if missing; owned */
	char *tb_text; /* testbench source, NULL if missing; owned */
	struct bench_file *files; /* data files next to the testbench */
	size_t nfiles;
	size_t index; /* position in the suite */
	int timeout_s; /* 0: the run's default */
	cJSON *ppa_budget; /* native: {"max_cells", ...} or NULL; owned */
	char *load_error; /* set when the task cannot be run at all */
};

struct bench_suite {
	char *path;
	char *name;
	enum bench_format format;
	char hash[65]; /* sha256 over every file the harness reads */
	struct bench_task *tasks;
	size_t ntasks;
};

/*
 * Detect the format and read every task.  A task whose files are missing
 * or malformed is kept with load_error set (the run reports it as broken);
 * ERR_USAGE only when the directory is not a suite at all.
 */
int bench_suite_load(struct bench_suite *out, const char *path);
void bench_suite_release(struct bench_suite *s);
/* The task with this id, or NULL. */
const struct bench_task *bench_suite_find(const struct bench_suite *s,
					  const char *id);

/* ---- unbiased pass@k ------------------------------------------------- */

/* 1 - C(n-c, k) / C(n, k), computed as a product; k <= n. */
double bench_pass_at_k(long n, long c, long k);

/* ---- a run -------------------------------------------------------------- */

struct bench_event {
	const char *task;
	long sample; /* -1 for a self-test */
	const char *verdict; /* "pass", "fail", "broken", "error" */
	const char *class; /* failure class or NULL */
	const char *message; /* one line or NULL */
	size_t done, total;
};
typedef void (*bench_event_fn)(const struct bench_event *ev, void *payload);

struct bench_opts {
	const char *suite; /* suite directory */
	const char *samples; /* samples JSONL; NULL: refs_as_samples */
	bool refs_as_samples; /* submit each reference as sample 0 */
	const char *out_dir; /* created if missing */
	int jobs; /* 0: one per core */
	const long *ks; /* pass@k list; NULL: 1, 5, 10 */
	size_t nks;
	int timeout_s; /* per simulation; default 30 */
	bool resume; /* continue DIR/results.jsonl */
	int shard_k, shard_n; /* 1-based shard; n = 0: no sharding */
	const char *cache_dir; /* self-test cache root; NULL: no cache */
	int ppa; /* Yosys stats of passing samples: 1 on, 0 off, -1 (the
		  * default) on for native suites only, whose verdicts use
		  * them (synth/latch, PPA budgets) */
	enum proc_sandbox sandbox;
	bool keep_tmp;
	size_t max_sample_bytes; /* default 4 MiB */
	bench_event_fn on_event; /* called from worker threads, serialized */
	void *payload;
};
#define BENCH_OPTS_INIT                                                     \
	{                                                                   \
		.timeout_s = 30, .sandbox = PROC_SANDBOX_AUTO, .ppa = -1,   \
		.max_sample_bytes = 4u << 20                                \
	}

/*
 * Self-test the references, score every sample of this shard, append one
 * line per sample to DIR/results.jsonl (flushed as each finishes), then
 * write DIR/selftest.json, DIR/summary.json and DIR/report.html.
 * *summary (caller owns, cJSON_Delete) is the summary object.
 */
int bench_run(cJSON **summary, const struct bench_opts *o);

/*
 * Combine shard directories into out_dir (summary.json, report.html,
 * results.jsonl, selftest.json).  The summary equals an unsharded run's
 * apart from "timing".  ERR_USAGE for mismatched suites, missing or
 * duplicate shards.
 */
int bench_merge(cJSON **summary, const char *const *dirs, size_t ndirs,
		const char *out_dir);

/* ---- bench --loop: the oracle-free loop, scored held out -------------- */

/* What the loop did with one task (filled by the caller's run()). */
struct bench_loop_result {
	char *first_code; /* the first attempt (round 1, candidate 0), owned;
			     NULL: no code */
	char *final_code; /* the loop's final design, owned; NULL: no code */
	bool passed; /* the loop's own checker passed it */
	const char *checker; /* static: what judged it in the loop */
	int rounds;
	long tokens; /* prompt + completion */
};

/*
 * Run the loop on one task: only its id, spec (the text, also written to
 * spec_path) and top are given, never the testbench or the reference.
 * `dir` is the task's own output directory.  0, or a negative code that
 * stops the whole run (ERR_INTR, an --offline miss, an API failure).
 */
typedef int (*bench_loop_fn)(struct bench_loop_result *out, const char *task,
			     const char *spec_path, const char *top,
			     const char *dir, void *payload);

struct bench_loop_opts {
	bench_loop_fn run;
	void *payload;
	int rounds, candidates; /* for the summary */
};

/*
 * `bench --loop`: the loop runs per task of o's shard (DIR/loop/<task>/),
 * its first attempts and final designs are written as sample 0 of
 * DIR/loop/first.jsonl and DIR/loop/final.jsonl and each file is scored
 * with the held-out harness (the first attempts into
 * DIR/loop/first-attempt/, the final designs into DIR itself).  The
 * summary is the final designs' with "loop": {"mode", "rounds",
 * "candidates", "first_attempt": {"passed", "tasks", "pass_at_1"},
 * "loop": {...}, "tokens", "tasks": [{"id", "checker", "loop_verdict",
 * "rounds", "tokens", "first", "final"}]} (first/final: the held-out
 * verdicts).  o->samples and o->refs_as_samples are ignored.
 */
int bench_loop(cJSON **summary, const struct bench_opts *o,
	       const struct bench_loop_opts *lo);

/* mkdir -p (0777 before umask). */
int bench_mkdir_p(const char *path);

/*
 * Samples that could not be scored (their task is broken or not in the
 * suite): the count, and one line per task ("5 samples of 'x' not
 * scored: the task is broken (sim/mismatch)") appended to b.
 */
long bench_unscored_samples(const cJSON *summary);
int bench_unscored_text(struct buf *b, const cJSON *summary);

/* Human-readable summary (for stdout) appended to b. */
int bench_summary_text(struct buf *b, const cJSON *summary);

/* Write the self-contained HTML report of a summary and its results. */
int bench_report_html(const char *path, const cJSON *summary);

/*
 * Native "repair" suites (src/bench/kind-repair.c): true when a task of
 * the suite has "kind": "repair".  bench_repair_score() scores saved
 * samples (patches) by the held-out check against each task's hidden
 * fixed reference and by lines touched; writes DIR/results.jsonl and
 * DIR/summary.json ({"kind": "repair", "tasks", "samples", "applied",
 * "held_out_pass", "pass_at_1", "lines_touched_mean", "tasks_detail"}).
 */
bool bench_repair_suite(const char *suite);
int bench_repair_score(cJSON **summary, const struct bench_opts *o);

/*
 * Native "assert" suites (src/bench/kind-assert.c): every task.json is
 * {"kind": "assert", "id", "top", "design": [files], "spec" (optional),
 * "mutants" (12), "depth" (20)}; a sample is a model's assertion set for
 * top.  bench_assert_suite() is true when a task of the suite has that
 * kind; bench_assert_load() reads them all (a bad task.json or a missing
 * file: ERR_USAGE, one line naming it).
 */
struct bench_assert_task {
	char *id, *top;
	char *spec; /* text, or NULL */
	char **design; /* paths of the design files (NULL-ended) */
	size_t ndesign;
	size_t mutants; /* mutants sampled per task for scoring */
	int depth; /* BMC / induction depth */
};
struct bench_assert_set {
	char *path;
	char hash[65]; /* over every task.json, design and spec text */
	struct bench_assert_task *v;
	size_t n;
};
bool bench_assert_suite(const char *suite);
int bench_assert_load(struct bench_assert_set *out, const char *suite);
void bench_assert_release(struct bench_assert_set *s);
/*
 * Score the samples of o->samples (task, sample, code | response) of this
 * shard: each statement judged (verify_assertions) and the ones that hold
 * scored by the task's mutants (made once per task, o->jobs side by side,
 * then the samples o->jobs side by side).  Appends one line per sample to
 * DIR/results.jsonl (o->resume continues it), writes DIR/summary.json
 * ({"kind": "assert", "tasks", "samples", "assertions", "proved",
 * "bounded", "fails", "vacuous", "invalid", "unknown", "proved_share",
 * "holding_share", "vacuous_share", "mutation_score", ...,
 * "tasks_detail"}).
 */
int bench_assert_score(cJSON **summary, const struct bench_opts *o);
/* Every task loads, its design compiles, its mutant sites: [{"task",
 * "compiles", "class", "summary", "mutant_sites", "mutants"}]. */
int bench_assert_selftest(cJSON **out, bool *all_ok,
			  const struct bench_opts *o);
/* The summary for people (what each share is of), appended to b. */
int bench_assert_text(struct buf *b, const cJSON *summary);

#endif
