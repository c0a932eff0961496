#ifndef BENCH_BENCH_INT_H
#define BENCH_BENCH_INT_H

/* Private to src/bench: shared between the files of libbench. */
#include <stdbool.h>
#include <stddef.h>

#include "base/vlex.h"
#include "bench/bench.h"

/* Bumped whenever the harness changes what a verdict means (cache key). */
#define BENCH_HARNESS_VERSION "bench-harness-3"

static inline bool bench__is_ident(char c)
{
	return vlex_ident_char((unsigned char)c);
}

char *bench__first_module(const char *text);
int bench__write_json(const char *path, const cJSON *j);

/* ---- judging one candidate (harness.c) ------------------------------- */

struct bench_judge {
	const struct bench_suite *suite;
	const struct bench_task *task;
	const char *code; /* the candidate (untrusted) */
	long expect_samples; /* VerilogEval: the reference's count; -1 */
	bool expect_end; /* the reference's run printed END */
	int timeout_s;
	enum proc_sandbox sandbox;
	bool keep_tmp;
	bool ppa; /* synthesize a passing candidate */
	const cJSON *ref_ppa; /* the reference's stats (self-test) or NULL */
	const cJSON *ppa_known; /* stats of this very code (PPA cache): no
				 * Yosys run; NULL to synthesize */
};

struct bench_outcome {
	bool pass;
	char *class; /* NULL on pass */
	char *summary; /* one line */
	cJSON *evidence; /* owned */
	cJSON *ppa; /* stats of a passing candidate, owned, or NULL */
	cJSON *notes; /* informational findings (["ppa/over-budget"]) */
	long samples; /* VerilogEval compared samples, -1 if unknown */
	bool end_seen; /* the testbench reached its own $finish */
	long screen_ms, compile_ms, sim_ms, synth_ms;
};
void bench__outcome_release(struct bench_outcome *o);

/*
 * 0 with the verdict in *out whatever the candidate did; negative only
 * when the tools could not run (missing iverilog, I/O, ERR_INTR).
 */
int bench__judge(struct bench_outcome *out, const struct bench_judge *j);

/* The reference as a candidate: VerilogEval's RefModule renamed to top. */
int bench__ref_as_candidate(struct buf *out, const struct bench_task *t);

/* ---- RTLLM (rtllm.c) ------------------------------------------------ */

/* Modules testbench text instantiates but does not define (malloc'd). */
int bench__rtllm_instances(char ***out, size_t *n, const char *tb);
/*
 * Set t->top to the module the testbench instantiates and t->ref_top to
 * the reference's module playing it when the names differ
 * (verified_<top>); a load error when the testbench names none.
 */
int bench__rtllm_names(struct bench_task *t, const char *dir_name);
/*
 * Rewrite the trusted testbench's `break`/`continue` (which Icarus 11
 * cannot compile) as `disable` of named blocks; *text is replaced.
 */
int bench__rtllm_adapt(char **text);
/* The RTLLM judge is verify_rtllm_line()/verify_rtllm_verdict(). */

/* ---- summary (summary.c) -------------------------------------------- */

/*
 * Build summary.json from the self-test record (selftest.json shape:
 * {"suite": {...}, "ks": [...], "tasks": [...], "input_errors": [...]})
 * and the result lines.  Deterministic: no timings, no paths, sorted.
 */
int bench__summarize(cJSON **out, const cJSON *selftest, const cJSON *results);

/* Read results.jsonl: parsed lines into *out (array).  A torn last line
 * is dropped and, if `repair`, cut off the file. */
int bench__read_results(cJSON **out, const char *path, bool repair);
/*
 * Open o->out_dir/results.jsonl for appending (*fd, -1 on error), the one
 * file both kinds of bench run write.  A non-empty one is refused unless
 * o->resume; with it, *done holds the lines already there (NULL if none),
 * and every one must be from the suite hashed suite_hash.
 */
int bench__open_results(int *fd, cJSON **done, const struct bench_opts *o,
			const char *suite_hash);

/* ---- assert suites (kind-assert-sum.c) ------------------------------ */

/*
 * summary.json of an assert suite from its result lines (those of the
 * shard's tasks; the last line of a (task, sample) wins) and the samples
 * naming no task ({"id": count}).
 */
int bench__assert_summarize(cJSON **out, const struct bench_assert_set *s,
			    const cJSON *results, const cJSON *unknown,
			    int shard_k, int shard_n);

#endif
