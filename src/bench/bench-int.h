#ifndef BENCH_BENCH_INT_H
#define BENCH_BENCH_INT_H

/* Private to src/bench: shared between the files of libbench. */
#include <stdbool.h>
#include <stddef.h>

#include "bench/bench.h"

/* Bumped whenever the harness changes what a verdict means (cache key). */
#define BENCH_HARNESS_VERSION "bench-harness-2"

static inline bool bench__is_ident(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$';
}

char *bench__first_module(const char *text);

/* ---- trusted-text rewriting (harness.c) ------------------------------ */

/*
 * Copy `text` to out with every identifier in `names` (NULL-ended) given
 * `suffix`, so the candidate cannot name harness modules or instances.
 */
int bench__rename(struct buf *out, const char *text, const char *const *names,
		  const char *suffix);

enum bench_stamp_flags {
	BENCH_STAMP_DROP_DUMP = 1 << 0, /* remove $dumpfile/$dumpvars ... */
	BENCH_STAMP_MARK_END = 1 << 1, /* $finish prints "<nonce> END" */
};
/*
 * Put `nonce` at the start of every report string of the testbench
 * ($display, $strobe, $error, $fatal, ...): only those lines count.
 */
int bench__stamp(struct buf *out, const char *text, const char *nonce,
		 unsigned flags);

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
/* Write the task's data files into dir. */
int bench__write_files(const char *dir, const struct bench_task *t);

enum rtllm_line {
	RTLLM_LINE_INFO,
	RTLLM_LINE_PASS, /* "Your Design Passed", "... with 0 failures" */
	RTLLM_LINE_FAIL, /* "Error", "Failed", "... with N failures" */
};
/* What one trusted testbench line says. */
enum rtllm_line bench__rtllm_line(const char *line);

struct rtllm_verdict {
	long passes, failures;
	const char *first_failure; /* borrowed from the lines */
};
void bench__rtllm_verdict(struct rtllm_verdict *v, const cJSON *lines);

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

#endif
