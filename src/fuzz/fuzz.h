#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

/*
 * libfuzz: a differential processor fuzzer.  A core file (JSON) names a
 * core with an RVFI trace port; the core is Verilated once into a shared
 * object (cached by content), kept in process and compared on every
 * retired instruction against the RV32I ISS.  Programs come from a seeded
 * generator and mutators; a corpus keeps the programs that added
 * control-register coverage; divergences are findings, minimized and
 * reproduced in Icarus through the sandboxed runner.
 *
 * Errors: 0 or a negative enum err_code with err_last() set.  A finding
 * is data (fuzz_result.findings), not an error.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/base.h"

/* ---- the core file ----------------------------------------------------- */

enum fuzz_mem_kind {
	FUZZ_MEM_HF_CPU = 0, /* combinational imem/dmem ports, our rtl/cpu */
	FUZZ_MEM_PICORV32,   /* picorv32's native valid/ready bus */
};

/* Comparison rules for known, documented differences of a core's RVFI. */
enum fuzz_quirk {
	/* loads report rmask 0xf whatever the width: compare in the ISS's
	 * lanes only */
	FUZZ_QUIRK_LOAD_RMASK_WORD = 1 << 0,
	/* a jump to a misaligned target retires and the fetch traps after
	 * it: the test ends there, no finding */
	FUZZ_QUIRK_MISALIGNED_JUMP_LATE = 1 << 1,
	/* a trapping word whose low bits are not 11 is reported as its low
	 * 16 bits (a compressed-capable decoder): compare those */
	FUZZ_QUIRK_TRAP_INSN_LOW16 = 1 << 2,
	/* a FENCE with nonzero rd/rs1 (reserved fields) writes rd: the test
	 * ends there, no finding */
	FUZZ_QUIRK_FENCE_RESERVED = 1 << 3,
};

/* What a core file describes (its "kind"). */
enum fuzz_target {
	FUZZ_TARGET_CPU = 0, /* a processor with RVFI, against the RV32I ISS */
	FUZZ_TARGET_NPU,     /* rtl/npu's host interface, against tests/npu's
			      * golden model (src/fuzz/npu.c) */
};

struct fuzz_define {
	char *name;
	char *value; /* NULL: plain `define NAME */
};

struct fuzz_core {
	char *path;          /* the core file */
	char *name;
	enum fuzz_target target;
	/* kind "npu": the DUT's controller-access signals (read enable,
	 * read address, write enable, write address) under the instance,
	 * checked against the regions the golden GEMM may touch; NULL: no
	 * access monitor */
	char *access[4];
	char **sources;      /* absolute, ${VAR} expanded */
	size_t nsources;
	char *top;
	struct fuzz_define *defines;
	size_t ndefines;
	char **params;       /* "NAME=VALUE" for the wrapper's #(...) */
	size_t nparams;
	char *clock;
	char *reset;
	bool reset_active_low;
	enum fuzz_mem_kind mem;
	uint32_t ram_base, ram_size;
	uint32_t reset_pc;
	uint32_t end_insn;
	bool ecall_traps, ebreak_traps, misaligned_traps, fence_i_nop,
		trap_halts;
	unsigned quirks;     /* enum fuzz_quirk bits */
	char **cov_signals;  /* hierarchical names under the core instance */
	size_t ncov;
	unsigned cycles_per_insn; /* cycle budget = this x instruction budget */
	unsigned stall_cycles;    /* no retirement this long: a hang */
	unsigned reset_cycles;
	char *text;          /* the file's bytes (part of the cache key) */
};

/* NAME=VALUE pairs for ${NAME} in source paths (before the environment). */
struct fuzz_vars {
	const char *const *names;
	const char *const *values;
	size_t n;
};

/*
 * Parse a core file.  Bad input is ERR_USAGE with one line naming the key
 * path ("core.json: memory.kind: expected \"hf_cpu\" or \"picorv32\"").
 * `extra` defines (-D) are appended after the file's.  Free with
 * fuzz_core_free().
 */
int fuzz_core_load(struct fuzz_core **out, const char *path,
		   const struct fuzz_vars *vars,
		   const struct fuzz_define *extra, size_t nextra);
void fuzz_core_free(struct fuzz_core *c);

/* Parse "NAME" or "NAME=VALUE" into d (copies). */
int fuzz_define_parse(struct fuzz_define *d, const char *s);
void fuzz_define_release(struct fuzz_define *d);

/* ---- the scheduler interface ------------------------------------------- */

/* What one test is made from. */
struct fuzz_arm {
	int family;      /* seed family (corpus root); -1: a fresh program */
	int mutator;     /* enum rv_mut, or -1 for none */
	int len_bucket;  /* index into the length buckets */
	bool reseed;     /* family >= 0: a fresh program (of len_bucket)
			  * becomes the family's only root; the family's
			  * old entries are retired and its coverage map
			  * cleared (MABFuzz's arm reset) */
};

/* What the engine tells a scheduler about the campaign. */
struct fuzz_sched_view {
	size_t nfamilies;   /* families 0..nfamilies-1 have corpus entries */
	size_t nmutators;
	size_t nbuckets;
	uint64_t test;      /* index of the test being scheduled */
};

struct rv_rng;

/*
 * A scheduler: init allocates *state; pick chooses the arm of one test
 * from the view and the test's own random source; reward reports the
 * coverage points the test added to the whole campaign (new_global) and
 * to its family (new_local); save appends a JSON value of its state to
 * b, load restores it from that text.  Every choice uses only the rng it
 * is given and its state, so a campaign stays a function of its seed.
 */
struct fuzz_sched_ops {
	const char *name;
	int (*init)(void **state);
	void (*pick)(void *state, const struct fuzz_sched_view *v,
		     struct rv_rng *rng, struct fuzz_arm *out);
	void (*reward)(void *state, const struct fuzz_arm *arm,
		       unsigned new_global, unsigned new_local);
	int (*save)(void *state, struct buf *b);
	int (*load)(void *state, const char *json);
	void (*free)(void *state);
};

/* NULL when unknown. */
const struct fuzz_sched_ops *fuzz_sched_find(const char *name);
/* "uniform, ..." for messages (borrowed). */
const char *fuzz_sched_names(void);

/* ---- a campaign -------------------------------------------------------- */

struct fuzz_progress {
	uint64_t tests, findings, coverage;
	double seconds, rate;
	bool final;
};

struct fuzz_opts {
	const struct fuzz_core *core;
	uint64_t tests;          /* stop after this many (0: use time) */
	long time_ms;            /* or after this long */
	uint64_t seed;
	int jobs;                /* worker processes (>= 1) */
	const char *out_dir;
	bool resume;
	int shard_k, shard_n;    /* 1-based K of N; N = 1 unsharded */
	const char *scheduler;
	const char *cache_dir;   /* the Verilated model lives under here */
	enum proc_sandbox sandbox;
	bool keep_tmp;
	bool coverage;           /* false: no coverage (to measure its cost) */
	bool reproduce;          /* Icarus reproduction of findings */
	bool minimize;
	bool until_finding;      /* stop at the first finding */
	size_t min_len, max_len; /* generated program body lengths */
	/* called at most every progress_every seconds, and at the end */
	void (*on_progress)(const struct fuzz_progress *p, void *payload);
	void *progress_payload;
	double progress_every;
};
#define FUZZ_OPTS_INIT                                                  \
	{ .tests = 1000, .seed = 1, .jobs = 1, .shard_k = 1, .shard_n = 1,   \
	  .scheduler = "uniform", .sandbox = PROC_SANDBOX_AUTO,             \
	  .coverage = true, .reproduce = true, .minimize = true,            \
	  .min_len = 50, .max_len = 1000,                  \
	  .progress_every = 1.0 }

struct fuzz_result {
	uint64_t tests;
	uint64_t findings;      /* distinct findings */
	uint64_t coverage;      /* points set in the map */
	uint64_t hangs, budget_ends, unspecified_ends;
	uint64_t insns;
	double seconds;
	bool never_retired;     /* no test retired anything: see err */
};

/* Run (or resume) a campaign into o->out_dir. */
int fuzz_run(struct fuzz_result *out, const struct fuzz_opts *o);

/* Combine shard output directories into out_dir. */
int fuzz_merge(struct fuzz_result *out, const char *out_dir,
	       const char *const *dirs, size_t ndirs);

/* ---- lower level, for tests and benches -------------------------------- */

/* The Verilog wrapper for a core (malloc'd text into *out). */
int fuzz_wrapper_verilog(struct buf *out, const struct fuzz_core *c);

/* Throughput measurement over one fixed set of generated programs. */
struct fuzz_bench_opts {
	const struct fuzz_core *core;
	const char *cache_dir;
	enum proc_sandbox sandbox;
	size_t ntests, len;
	uint64_t seed;
	bool coverage;
	const char *mode;        /* "inproc", "verilator-proc", "icarus-proc" */
};
struct fuzz_bench_result {
	size_t tests;
	double cpu_seconds;      /* ours and our children's */
	double tests_per_cpu_s;
	uint64_t insns;
};
int fuzz_bench(struct fuzz_bench_result *out, const struct fuzz_bench_opts *o);

#endif
