#ifndef AGENT_AGENT_INT_H
#define AGENT_AGENT_INT_H

/* Private to libagent: the client behind agent_gen() and agent_samples(). */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "agent/agent.h"

struct llm;
struct rtlgen_templates;

struct llm_choice {
	char *content; /* owned; "" when the server sent null */
	char *reasoning; /* reasoning_content / reasoning; owned or NULL */
	char *finish_reason; /* owned or NULL */
};

struct llm_reply {
	struct llm_choice *choices;
	size_t n;
	long prompt_tokens, completion_tokens;
	bool cached;
	char key[65]; /* cache key (sha-256 hex) */
};
void llm_reply_release(struct llm_reply *r);

/*
 * Open a client with up to `slots` requests in flight (one reused HTTP
 * handle each).  The options are copied; strings must outlive the client.
 */
int llm_open(struct llm **out, const struct agent_llm_opts *o, size_t slots);
void llm_close(struct llm *l);

/*
 * One chat completion request with `n` choices (n > 1 only if the server
 * accepts it) and `seed`; served from the cache when possible, retried on
 * 429/5xx/transport failures with Retry-After or jittered exponential
 * backoff.  `tag` labels the transcript lines ("round 2").  Thread-safe.
 * Returns 0, ERR_NOTFOUND (offline cache miss), ERR_INTR, ERR_USAGE (the
 * API refused the request: 401/403/404), ERR_FAIL/ERR_TIMEOUT after the
 * retries; a server that rejects n > 1 gives LLM_ERR_N_REJECTED.
 */
#define LLM_ERR_N_REJECTED (-100)
int llm_chat(struct llm *l, const cJSON *messages, int n, unsigned long seed,
	     const char *tag, struct llm_reply *out);

/* One of k samples: the reply, or why there is none. */
struct llm_result {
	struct llm_reply reply;
	int rc; /* 0 or a negative code */
	char *error; /* its message (owned) when rc != 0 */
};
void llm_result_release(struct llm_result *r);

/*
 * k choices for the same messages: one request with n = k, or (when the
 * server refuses n > 1, remembered for the client's life) k requests with
 * seeds seed+i, run in parallel.  res[0..k-1] is always filled; release
 * each.  Returns ERR_INTR or ERR_NOTFOUND (offline miss) if any request
 * ended so, else 0 (failed samples have res[i].rc != 0).
 */
int llm_sample(struct llm *l, const cJSON *messages, int k, unsigned long seed,
	       const char *tag, struct llm_result *res);

/* A copy of the counters so far. */
void llm_stats(struct llm *l, struct agent_llm_stats *out);

/* Whether the tokens used so far reach budget_tokens (<= 0: never). */
bool llm_over_budget(struct llm *l, long budget_tokens);

/* Write one JSON object as a transcript line (redacted); thread-safe. */
void llm_transcript(struct llm *l, const cJSON *obj);

/* Replace every occurrence of the API key in b by "[REDACTED]". */
void llm_redact(const struct llm *l, struct buf *b);

/* ---- the assertion request (assert-prompt.c) ------------------------- */

/*
 * Load the assertion templates: DIR/assert (or DIR itself when it has no
 * assert directory) with --templates DIR, else the first
 * <agent_template_search()>/assert that holds them.
 */
int agent_assert_templates(struct rtlgen_templates *t, const char *dir);
/* The design as shown to the model: each file under `// file: <base>`. */
int agent_assert_design_text(struct buf *out, const char *const *files,
			     size_t nfiles);
/*
 * The messages asking for assertions on module `top` (spec may be NULL);
 * last and feedback non-NULL make the repair round.  NULL on error.
 */
cJSON *agent_assert_messages(const struct rtlgen_templates *t,
			     const char *top, const char *spec,
			     const char *design, const char *last,
			     const char *feedback);

/* ---- the oracle-free loop's checkers (oracle.c) ---------------------- */

struct rtlgen_templates;
struct rtlgen_spec;
struct verify_verdict;

struct oracle_opts {
	struct llm *llm;
	const struct rtlgen_templates *tmpl;
	const struct rtlgen_spec *spec;
	const char *out_dir; /* DIR: testbench.v, testbench/attempt-N.v */
	int attempts; /* testbench requests at most */
	unsigned long seed;
	int timeout_s;
	enum proc_sandbox sandbox;
	bool keep_tmp;
	size_t feedback_chars;
};

struct oracle_tb {
	char *text; /* the accepted testbench, owned; NULL: none accepted */
	cJSON *report; /* {"accepted", "file", "protocol", "attempts": [{
			  "attempt", "file", "status", "class", "reason",
			  "checks": [{"design", "verdict", "class",
			  "end_seen"}]}]}; owned */
	int llm_rc; /* a request got no reply after its retries: the API's
		       error (ERR_FAIL, ERR_USAGE), its message in llm_error */
	char *llm_error;
};
void oracle_tb_release(struct oracle_tb *t);

/*
 * Ask the model for a self-checking testbench (up to o->attempts
 * requests, each rejection's reason fed back) and accept the first that
 * follows the protocol and fails every stuck design made from the spec's
 * ports.  0 with out->text NULL when none was accepted.
 */
int oracle_testbench(struct oracle_tb *out, const struct oracle_opts *o);

/* Judge `code` by the model's testbench (native harness, sandboxed). */
int oracle_judge(struct verify_verdict *out, const char *tb, const char *code,
		 const char *top, const struct oracle_opts *o);

/* Differential simulation of design file a with file b as reference. */
int oracle_cross(bool *agree, long *mismatches, const char *a, const char *b,
		 const char *top, const struct oracle_opts *o);

/* mkdir -p */
int agent_mkdirs(const char *path);

/* *dst = a copy of s (NULL stays NULL), the old value freed. */
int agent_set_str(char **dst, const char *s);

/*
 * Write DIR/name (its directory made when name has one) with the API key
 * scrubbed from text; *path_out (when non-NULL) gets the path.
 */
int agent_write_under(struct llm *l, const char *dir, const char *name,
		      const char *text, char **path_out);

/* The pipeline's stages in order: screen 0 ... props 5 (unknown: 0). */
int agent_stage_index(const char *name);

/*
 * A run's output directory: DIR/sub made, DIR/transcript.jsonl removed
 * (each run writes its own), and the client opened writing it, with
 * `slots` requests in flight (0: o->concurrency, default 4).
 */
int agent_run_open(struct llm **out, const struct agent_llm_opts *o,
		   const char *dir, const char *sub, size_t slots);

/* The usage checks repair and assert make first: -o DIR, files, --top. */
int agent_check_design_args(const char *out_dir, size_t nfiles,
			    const char *top);

/*
 * The report.json parts gen, repair and assert share: "tokens" (prompt,
 * completion, total) and "llm" (the client's counters) added to r; the
 * loop's rounds, temperature, seed and budget_tokens added to p.
 */
int agent_report_usage(cJSON *r, const struct agent_llm_stats *st);
/* A candidate's reply: finish_reason, cached, its prompt/completion tokens. */
int agent_report_reply(cJSON *j, const struct llm_reply *r);
int agent_report_params(cJSON *p, int rounds, double temperature,
			unsigned long seed, long budget_tokens);

/*
 * Write DIR/name: the JSON printed (indented) with a final newline, the
 * API key scrubbed as agent_write_under() does.
 */
int agent_write_json(struct llm *l, const char *dir, const char *name,
		     const cJSON *j);

/*
 * The tool settings every check of a run gets, from the run's options:
 * timeout_s (<= 0: 60 s), the sandbox and --keep-tmp (loop.c).
 */
struct verify_opts;
void agent_tool_opts(struct verify_opts *vo, int timeout_s,
		     enum proc_sandbox sandbox, bool keep_tmp);

/* ---- what the gen and repair loops share (loop.c) -------------------- */

#define AGENT_MAX_CANDIDATES 32
#define AGENT_MAX_ROUNDS     100

/* The usage checks of --candidates and --rounds. */
int agent_check_loop_args(int candidates, int rounds);

/*
 * The state a generate-check loop keeps across its rounds: the output
 * directory, the client, report.json and its "rounds" array, k
 * candidates a round, the lock the check workers take, and where
 * progress goes (set by the caller, like the options it comes from).
 */
struct agent_loop {
	struct llm *llm;
	struct buf dir;
	cJSON *report, *rounds;
	int k, round;
	pthread_mutex_t lock;
	int nrounds; /* --rounds */
	agent_progress_fn on_progress; /* NULL: none */
	void *progress_payload;
};
#define AGENT_LOOP_INIT                                            \
	{                                                          \
		.dir = BUF_INIT, .lock = PTHREAD_MUTEX_INITIALIZER \
	}

/*
 * Open the run in out_dir (DIR/candidates made, the client opened) for k
 * candidates a round, with an empty report and rounds array.
 */
int agent_loop_open(struct agent_loop *l, const struct agent_llm_opts *o,
		    const char *out_dir, int k);
/* Free what l holds; fine on an AGENT_LOOP_INIT loop that never opened. */
void agent_loop_release(struct agent_loop *l);

/*
 * This round's k samples of `messages` (res[0..k-1], as llm_sample()):
 * seeds from seed + (round - 1) * k on, so no two rounds share one, and
 * the transcript lines tagged "round N".
 */
int agent_loop_sample(struct agent_loop *l, const cJSON *messages,
		      unsigned long seed, struct llm_result *res);

/*
 * Report the round's progress to l->on_progress (NULL: nothing): the
 * phase, one state per candidate (l->k of them) and whether one passed.
 */
void agent_loop_progress(const struct agent_loop *l, const char *phase,
			 const char *const *states, bool passed);

/*
 * Append this round's object to l->rounds: {"candidates": [], "round":
 * N}; *r and *cands (borrowed) are for the caller to fill further.
 */
int agent_loop_round(struct agent_loop *l, cJSON **r, cJSON **cands);

/* report.json's "parameters" of a loop: candidates, rounds, sampling. */
int agent_loop_params(const struct agent_loop *l, cJSON *p, double temperature,
		      unsigned long seed, long budget_tokens);

/* The end of report.json: "tools", then "rounds" (taken from l). */
int agent_loop_report_end(struct agent_loop *l);

#endif
