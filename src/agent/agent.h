#ifndef AGENT_AGENT_H
#define AGENT_AGENT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/*
 * libagent: the OpenAI-compatible LLM client (with its response cache,
 * transcripts, retries and token accounting), the generate-check-repair
 * loop behind `hwforge gen`, and sample generation for `hwforge bench
 * --model`.
 *
 * Settings come from the caller (the CLI fills them from flags > env >
 * config file); nothing here reads the environment.  The API key is sent
 * as `Authorization: Bearer` and is never written to any file or log:
 * every text that reaches a transcript, report or message is scrubbed of
 * it.  Errors follow STYLE 2.4: 0 or a negative enum err_code.
 */

/* ---- the client's settings --------------------------------------------- */

struct agent_llm_opts {
	const char *endpoint; /* base URL ("http://host:8000/v1"); the
				 client POSTs to <endpoint>/chat/completions
				 unless it already ends so.  Required. */
	const char *model; /* required */
	const char *api_key; /* NULL: no Authorization header */
	const char *cache_dir; /* NULL: no cache (and offline always misses) */
	bool offline; /* never touch the network; miss = ERR_NOTFOUND */
	bool stream; /* ask for SSE streaming */
	double temperature; /* < 0: not sent */
	int max_tokens; /* 0: not sent */
	int connect_timeout_s; /* default 10 */
	int idle_timeout_s; /* no byte for this long aborts; default 60 */
	int request_timeout_s; /* whole request; default 600 */
	int max_retries; /* per request, 429/5xx/transport; default 4 */
	int backoff_ms; /* first backoff; doubles, jittered; default 1000 */
	int backoff_cap_ms; /* default 30000 */
	int concurrency; /* parallel requests; default 4 */
	const char *transcript_path; /* JSONL of every request and response,
					secrets redacted; NULL: none */
	const char *cost_table; /* optional JSON file {"<model>": {"input":
				   $ per 1M tokens, "output": ...}} */
};
#define AGENT_LLM_OPTS_INIT                                                    \
	{                                                                      \
		.temperature = -1, .connect_timeout_s = 10,                    \
		.idle_timeout_s = 60, .request_timeout_s = 600,                \
		.max_retries = 4, .backoff_ms = 1000, .backoff_cap_ms = 30000, \
		.concurrency = 4                                               \
	}

/* What the client did during one run (report.json "llm"). */
struct agent_llm_stats {
	long requests; /* HTTP requests sent (retries included) */
	long cache_hits, cache_misses;
	long retries;
	long http_429, http_5xx, http_4xx;
	long transport_errors; /* resets, timeouts, truncated streams */
	long malformed; /* 200 replies that were not valid JSON/SSE */
	long truncated; /* finish_reason "length" */
	long failed; /* requests given up on */
	bool n_rejected; /* the server refused n > 1 (fell back) */
	bool max_completion_tokens; /* switched from max_tokens */
	long prompt_tokens, completion_tokens;
	double cost; /* from the cost table, 0 without one */
};

/* ---- `hwforge bench --model`: samples for a task suite ----------------- */

/* One task as the model may see it: never the testbench or reference. */
struct agent_task {
	const char *id; /* task id, written as "task" */
	const char *spec; /* the spec text (Markdown or plain) */
	const char *top; /* the module the sample must define */
	/* an assertion task: the design's files (spec may then be NULL);
	 * the sample asks for assertions on top (agent_assert_messages) and
	 * "code" holds the statements (rtlgen_extract_props) */
	const char *const *design;
	size_t ndesign;
};

struct agent_samples_opts {
	struct agent_llm_opts llm;
	int n; /* samples per task, >= 1 */
	unsigned long seed; /* sample i is requested with seed + i */
	const char *samples_path; /* JSONL, appended (created if absent) */
	const char *templates_dir; /* NULL: agent_template_search() */
	bool progress; /* one stderr line per finished task */
};
#define AGENT_SAMPLES_OPTS_INIT                               \
	{                                                     \
		.llm = AGENT_LLM_OPTS_INIT, .n = 1, .seed = 1 \
	}

struct agent_samples_stats {
	size_t existing; /* (task, sample) pairs already in the file: skipped */
	size_t written; /* new lines appended */
	size_t failed; /* requests given up on (no line written) */
	struct agent_llm_stats llm;
};

/*
 * Generate o->n samples per task through the client and append one JSON
 * line per sample to o->samples_path in the suite-format.md samples
 * format: {"task", "sample", "model", "temperature", "seed", "response",
 * "code" (extracted, may be null), "extract" (sentinel|fence|scan|none),
 * "finish_reason", "usage": {"prompt_tokens", "completion_tokens"},
 * "cached"}.  Each line is written and flushed as its reply arrives.
 *
 * Resumable: (task, sample) pairs already in the file are skipped, and
 * replies come from the cache when the same request was answered before,
 * so a killed run, re-run, neither repeats nor doubles anything.  The
 * prompt holds only the task's spec and top (the rtlgen templates).
 * A request that fails after its retries is counted in out->failed and
 * has no line; a later run retries it.  Returns 0 (even with failures),
 * ERR_NOTFOUND for an --offline cache miss, ERR_USAGE for bad options,
 * ERR_INTR, ERR_FAIL (I/O).
 */
int agent_samples(struct agent_samples_stats *out,
		  const struct agent_samples_opts *o,
		  const struct agent_task *tasks, size_t ntasks);

/* ---- `hwforge gen`: the generate-check-repair loop ---------------------- */

/* Progress of the loop, for the CLI to show (the library never prints). */
struct agent_progress {
	int round, rounds; /* 1-based */
	int k; /* candidates this round */
	const char *phase; /* "requesting", "checking", "done" */
	const char *const *states; /* per candidate: "waiting", "no-code",
				      a failure class or "pass" */
	long tokens; /* prompt + completion so far */
	bool passed; /* set with phase "done" when one passed */
};
typedef void (*agent_progress_fn)(const struct agent_progress *p,
				  void *payload);

struct agent_gen_opts {
	struct agent_llm_opts llm;
	const char *spec_path;
	const char *top; /* NULL: from the spec */
	const char *const *refs; /* reference design (trusted), optional */
	size_t nrefs;
	const char *tb; /* testbench (trusted), optional */
	const char *out_dir; /* created if needed */
	const char *templates_dir; /* NULL: agent_template_search() */
	int candidates; /* K per round, default 3 */
	int rounds; /* default 4 */
	long budget_tokens; /* 0: unlimited */
	int jobs; /* parallel checks; 0: one per core */
	unsigned long seed; /* default 1 */
	int tool_timeout_s; /* per tool run; default 60 */
	enum proc_sandbox sandbox;
	bool keep_tmp;
	agent_progress_fn on_progress; /* NULL: none */
	void *progress_payload;
	size_t feedback_chars; /* feedback budget; 0: 6000 */
	int tb_attempts; /* no refs and no tb: testbench requests from the
			    model at most; 0: 3; -1: none (candidates are
			    only cross-checked) */
};
#define AGENT_GEN_OPTS_INIT                                                   \
	{                                                                     \
		.llm = AGENT_LLM_OPTS_INIT, .candidates = 3, .rounds = 4,     \
		.seed = 1, .tool_timeout_s = 60, .sandbox = PROC_SANDBOX_AUTO \
	}

struct agent_gen_result {
	bool passed; /* final.v passed every check that was asked */
	int rounds; /* rounds run */
	char *final_path; /* DIR/final.v, or NULL when no code at all; owned */
	char *class; /* the final candidate's failure class or NULL */
	struct agent_llm_stats llm;
	long tool_ms; /* summed wall time of the checks */
	long wall_ms;
	const char *checker; /* static: what judged final.v ("reference",
				"testbench", "model-testbench",
				"differential", "compile") */
};
void agent_gen_result_release(struct agent_gen_result *r);

/*
 * Run the loop: each round requests K candidates (one request with n=K,
 * or K requests with seeds seed+k when the server refuses n>1), checks
 * them all in parallel (port check, then verify_check), ranks them
 * (furthest stage, fewest mismatches, smaller area) and sends the best
 * one's evidence back in a conversation of system prompt, spec, latest
 * attempt and feedback.  Stops at the first candidate that passes, or
 * when rounds or the token budget run out.  Writes DIR/final.v,
 * DIR/report.json and DIR/transcript.jsonl.
 *
 * Returns 0 when the loop ran (out->passed says how it ended), ERR_USAGE
 * for bad input (spec, files, options), ERR_NOTFOUND for an --offline
 * cache miss or a missing tool, ERR_INTR, ERR_FAIL.
 */
int agent_gen(struct agent_gen_result *out, const struct agent_gen_opts *o);

/* ---- `hwforge repair`: patches for a failing design --------------------- */

/* A PPA budget (a gate unit's): -1 / < 0 means no limit. */
struct agent_budget {
	long max_cells, max_flops, max_depth;
	double max_area;
};

struct agent_repair_opts {
	struct agent_llm_opts llm;
	const char *const *files; /* the design as the user named it */
	size_t nfiles;
	const char *top; /* required */
	/* the evidence: at least one of refs, tbs, props or budget */
	const char *const *refs;
	size_t nrefs;
	const char *ref_top;
	const char *const *tbs; /* testbenches; the first runs with refs */
	const char *const *tb_tops; /* per tb, entries may be NULL */
	size_t ntbs;
	const char *const *props;
	size_t nprops;
	const char *props_top;
	int props_depth; /* 0: 20 */
	const char *const *defines; /* NULL-ended */
	int equiv_depth; /* 0: 20 */
	bool allow_latches;
	const struct agent_budget *budget; /* NULL: none */
	const char *out_dir; /* created if needed */
	const char *templates_dir; /* NULL: agent_template_search() */
	int candidates; /* K per round, default 3 */
	int rounds; /* default 4 */
	long budget_tokens; /* 0: unlimited */
	int jobs;
	unsigned long seed;
	int tool_timeout_s;
	enum proc_sandbox sandbox;
	bool keep_tmp;
	agent_progress_fn on_progress;
	void *progress_payload;
	size_t feedback_chars; /* 0: 6000 */
};
#define AGENT_REPAIR_OPTS_INIT                                                \
	{                                                                     \
		.llm = AGENT_LLM_OPTS_INIT, .candidates = 3, .rounds = 4,     \
		.seed = 1, .tool_timeout_s = 60, .sandbox = PROC_SANDBOX_AUTO \
	}

struct agent_repair_result {
	bool passed; /* the fixed design passes every check */
	bool already; /* the design passed before any patch (no request) */
	bool undecided; /* the checks could not decide (exit 3) */
	int rounds;
	size_t touched; /* lines touched by fix.patch */
	long cells; /* the fixed design's, -1 unknown */
	char *class; /* the best candidate's class when not passed; owned */
	char *patch_root; /* the directory fix.patch's paths are relative
			     to (the current one, else the files'); owned */
	char **fixed; /* NULL-ended texts of the fixed files, in the order of
			 o->files (when passed); owned */
	struct agent_llm_stats llm;
	long wall_ms;
};
void agent_repair_result_release(struct agent_repair_result *r);

/*
 * Run the repair loop: check the design (the evidence: compile errors,
 * mismatch table, counterexample, property trace, budget overrun), show
 * the files with line numbers and the evidence, ask for a unified diff
 * (or whole modules) against the original files, apply it strictly
 * (patch_from_reply; a patch that does not apply is its own class,
 * patch/context etc., fed back with the reason), check the patched
 * design through the same pipeline, and loop with the new evidence.
 * Passing patches of a round are ranked by lines touched, then cells.
 * Writes DIR/fix.patch (paths relative to out->patch_root, for `git
 * apply` and `patch -p1` there), DIR/fixed/<paths>, DIR/report.json,
 * DIR/transcript.jsonl and DIR/candidates/.
 *
 * Returns 0 when the loop ran (see out->passed, out->undecided),
 * ERR_USAGE for bad input, ERR_NOTFOUND (offline miss, missing tool),
 * ERR_INTR (the report is still written), ERR_FAIL.
 */
int agent_repair(struct agent_repair_result *out,
		 const struct agent_repair_opts *o);

/* ---- `hwforge assert`: assertions from the model, judged one by one ----- */

struct agent_assert_opts {
	struct agent_llm_opts llm;
	const char *const *files; /* the design */
	size_t nfiles;
	const char *top; /* required: the module the assertions are for */
	const char *spec_path; /* optional: shown to the model as it is */
	const char *const *defines; /* NULL-ended */
	const char *out_dir; /* created if needed */
	const char *templates_dir; /* NULL: agent_template_search() */
	int rounds; /* requests at most; default 4 */
	long budget_tokens; /* 0: unlimited */
	int depth; /* BMC and induction depth; 0: 20 */
	long mutants; /* mutation score: -1 none, 0 every mutant, N a
			 sample of N (seeded by seed) */
	const char *ops; /* mutation operators, NULL: all */
	unsigned long seed;
	int tool_timeout_s;
	enum proc_sandbox sandbox;
	bool keep_tmp;
	agent_progress_fn on_progress; /* "done" once a round: k assertions,
					  states their status names */
	void *progress_payload;
	size_t feedback_chars; /* 0: 6000 */
};
#define AGENT_ASSERT_OPTS_INIT                                               \
	{                                                                    \
		.llm = AGENT_LLM_OPTS_INIT, .rounds = 4, .mutants = 50,      \
		.seed = 1, .tool_timeout_s = 60, .sandbox = PROC_SANDBOX_AUTO \
	}

struct agent_assert_result {
	bool accepted; /* a set in which every assertion holds (proved or
			  bounded) and none is vacuous or invalid */
	bool undecided; /* only inconclusive ones left, or no reply at all */
	int rounds; /* requests made */
	int final_round; /* the round props.sva comes from; 0: none */
	size_t assertions, holding; /* of the final round's set */
	size_t proved, bounded, fails, vacuous, invalid, unknown;
	bool scored; /* the mutation counts are filled */
	size_t mutants, equivalent, stillborn, nonequiv, killed;
	const char *stopped; /* "accepted", "rounds", "budget", "undecided",
				"llm-error", "interrupted" */
	struct agent_llm_stats llm;
	long wall_ms;
};

/*
 * Run the assertion loop: show the model the design (and the spec), ask
 * for SystemVerilog assertions, judge every one of them separately with
 * the formal stages (verify_assertions: proved, bounded, fails with a
 * trace, vacuous, invalid), send the ones that do not hold back with
 * their counterexample or reason, and ask again, until a set holds or the
 * rounds or the token budget end.  The best round's assertions that hold
 * are written to DIR/props.sva (a statement list `hwforge check --props`
 * and gate files read); with o->mutants >= 0 they are scored by the
 * mutants of the design they kill (DIR/mutants.json, the non-equivalent
 * mutants under DIR/mutants/<id>/).  Also DIR/report.json,
 * DIR/transcript.jsonl and DIR/rounds/<n>.sva.
 *
 * Returns 0 when the loop ran (out says how it ended), ERR_USAGE for bad
 * input, ERR_NOTFOUND for an --offline cache miss or a missing tool,
 * ERR_INTR (report.json is still written), ERR_FAIL.
 */
int agent_assert(struct agent_assert_result *out,
		 const struct agent_assert_opts *o);

/* The template directories tried when none is given (NULL-ended). */
const char *const *agent_template_search(void);

/* {"requests": N, ...} for a report; caller owns it. */
cJSON *agent_llm_stats_json(const struct agent_llm_stats *s);

#endif
