#ifndef VERIFY_VERIFY_H
#define VERIFY_VERIFY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"
#include "synth/synth.h"
#include "verify/evidence.h"

/*
 * The check pipeline: judge a design (untrusted: an LLM or a person wrote
 * it) with real tools.  See DESIGN.md "The one idea".
 *
 * Error discipline (STYLE 2.4 rule 2): every function returns 0 when the
 * tools reached a decision and puts the decision in the verdict or stage,
 * including "fail".  A negative code means the tools could not be run at
 * all (ERR_NOTFOUND tool missing, ERR_INTR, ERR_FAIL I/O, ERR_USAGE bad
 * input such as a missing file or an unknown --top).  A tool timeout or
 * an undecided proof is a stage with status INCONCLUSIVE or ERROR, never
 * a pass.
 *
 * Trust: `files` are untrusted; references, testbenches and property
 * files are trusted.  Untrusted code only runs through proc_run() with
 * the configured sandbox, in a fresh tmpdir, and no verdict is ever read
 * from text the design can print.
 */

enum verify_status {
	VERIFY_PASS = 0,
	VERIFY_FAIL,
	VERIFY_INCONCLUSIVE, /* the tools could not decide (timeout, bound) */
	VERIFY_ERROR,        /* a tool failed to run or crashed */
	VERIFY_SKIPPED,      /* not run: an earlier stage failed or not asked */
};
const char *verify_status_name(enum verify_status s); /* "pass", ... */

/* One stage's result.  Every pointer is owned by the stage. */
struct verify_stage {
	char name[16];   /* "screen", "compile", "synth", "sim", "equiv", "props" */
	enum verify_status status;
	char *class;     /* failure class, e.g. "compile/syntax"; NULL on pass */
	char *summary;   /* one line for people */
	cJSON *evidence; /* stage-specific JSON (see verify_check); what
			    verify_verdict_json() emits */
	struct verify_evidence ev; /* the same, typed: filled by
				      verify_verdict_add(); read this */
	long elapsed_ms;
};
void verify_stage_release(struct verify_stage *s);
/* Set name/status/class/summary in one call (class may be NULL). */
int verify_stage_set(struct verify_stage *s, const char *name,
		     enum verify_status st, const char *class,
		     const char *summary_fmt, ...)
	__attribute__((format(printf, 5, 6)));
cJSON *verify_stage_json(const struct verify_stage *s);

#define VERIFY_MAX_STAGES 8
struct verify_verdict {
	enum verify_status status; /* pass only if every stage that ran passed */
	int failed;                /* index of the deciding stage, -1 if none */
	struct verify_stage stages[VERIFY_MAX_STAGES];
	size_t nstages;
	cJSON *meta;               /* tools (versions), flags, seed; owned */
	long samples;              /* VerilogEval: samples compared, -1 */
	bool end_seen;             /* the testbench reached its own $finish */
};
void verify_verdict_init(struct verify_verdict *v);
void verify_verdict_release(struct verify_verdict *v);
/* Append a stage (moved in; *s is zeroed) and update status/failed. */
int verify_verdict_add(struct verify_verdict *v, struct verify_stage *s);
/* The stage called `name` (borrowed), NULL when it did not run. */
const struct verify_stage *verify_verdict_stage(const struct verify_verdict *v,
						const char *name);
/*
 * The verdict object: {"verdict": "pass|fail|inconclusive|error",
 * "stage": <failed stage or null>, "class": <class or null>,
 * "stages": [{"name","status","class","summary","evidence","time_ms"}],
 * "tools": {...}, "flags": {...}, "seed": N}.  Caller owns it.
 */
cJSON *verify_verdict_json(const struct verify_verdict *v);

void verify_evidence_init(struct verify_evidence *e);
void verify_evidence_release(struct verify_evidence *e);
/*
 * Views of the verdict's stages for renderers such as rtlgen_feedback()
 * (borrowed: valid while v is); returns how many were written (<= cap).
 */
size_t verify_verdict_views(struct vev_stage *out, size_t cap,
			    const struct verify_verdict *v);

/* ---- the job -> verdict entry point ----------------------------------- */

/* One source as text: `name` is what messages call it ("cand.sv"). */
struct verify_source {
	const char *name;
	const char *text; /* NUL-terminated */
};

/* A trusted data file the testbench reads at run time (RTLLM's
 * reference.dat): written into the run directory under `name`. */
struct verify_data {
	const char *name;
	const void *data;
	size_t len;
};

/*
 * How the candidate is judged.  The check pipeline (`check`, `gen`):
 *   DIFF: screen, compile, synth, differential simulation against the
 *     references (a generated harness whose report lines carry a nonce),
 *     equivalence, properties: the stages that apply.
 *   TB: the same with the trusted testbench instead of the differential
 *     simulation (vvp's exit status and ERROR:/FATAL: lines decide).
 * A suite's trusted testbench:
 *   VERILOGEVAL: tb + stimulus_gen + RefModule (the reference text); the
 *     testbench's own "Mismatches: N in M samples" line decides.
 *   RTLLM: the testbench's banners ("Your Design Passed", "... failures").
 *   NATIVE: vvp's exit status (a failing assertion, $fatal) and the
 *     testbench reaching its own $finish (the END marker).
 */
enum verify_harness_kind {
	VERIFY_HARNESS_DIFF = 1,
	VERIFY_HARNESS_TB,
	VERIFY_HARNESS_VERILOGEVAL,
	VERIFY_HARNESS_RTLLM,
	VERIFY_HARNESS_NATIVE,
};

struct verify_job {
	enum verify_harness_kind harness;
	const struct verify_source *srcs; /* the candidate (untrusted) */
	size_t nsrcs;
	const char *top;                  /* the candidate's top module */
	struct verify_source tb;          /* trusted testbench */
	const char *tb_top;
	struct verify_source ref;         /* trusted reference (VerilogEval) */
	const char *ref_top;
	/* the check pipeline (DIFF, TB) */
	const struct verify_source *refs; /* trusted reference design */
	size_t nrefs;
	const struct verify_source *props; /* trusted property files */
	size_t nprops;
	const char *props_top;
	const struct verify_data *data; /* the testbench's data files */
	size_t ndata;
	const char *const *incdirs; /* `include dirs of the trusted sources */
	const char *const *defines; /* NULL-ended "NAME[=VALUE]" */
	unsigned stages;            /* enum verify_stage_mask; 0: all */
	unsigned long seed;
	int sim_cycles, equiv_depth, props_depth; /* 0: the defaults */
	bool allow_file_io, allow_latches;
	int jobs;
	long expect_samples; /* VerilogEval: the reference's count; -1 */
	bool expect_end;     /* native: the reference's run printed END */
	struct proc_limits limits; /* every tool run's; wall_s: the
				      simulation's (compile gets 60 s more) */
	enum proc_sandbox sandbox;
	bool keep_tmp;
};
#define VERIFY_JOB_INIT                                                  \
	{ .expect_samples = -1, .limits = PROC_LIMITS_INIT,            \
	  .sandbox = PROC_SANDBOX_AUTO }

/* ---- ports of a module, as Yosys elaborates them ---------------------- */

enum verify_dir { VERIFY_IN = 1, VERIFY_OUT = 2, VERIFY_INOUT = 3 };

struct verify_port {
	char *name;
	enum verify_dir dir;
	int width;
	bool is_signed;
};

struct verify_iface {
	char *top;
	struct verify_port *ports;
	size_t nports;
	bool sequential;      /* has flip-flops or memories */
	const char *clock;    /* borrowed from ports[]: clk, clock, ... or NULL */
	const char *reset;    /* rst, reset, rst_n, areset, ... or NULL */
	bool reset_active_low;
};
void verify_iface_release(struct verify_iface *f);

/* ---- options ---------------------------------------------------------- */

enum verify_stage_mask {
	VERIFY_STAGE_COMPILE = 1 << 0, /* includes the screen */
	VERIFY_STAGE_SYNTH = 1 << 1,
	VERIFY_STAGE_SIM = 1 << 2,
	VERIFY_STAGE_EQUIV = 1 << 3,
	VERIFY_STAGE_PROPS = 1 << 4,
	VERIFY_STAGE_ALL = 0x1f,
};

struct verify_opts {
	const char *const *files; /* the design under test (untrusted) */
	size_t nfiles;
	const char *top;          /* required for check; detected if NULL */
	const char *const *refs;  /* reference design (trusted), optional */
	size_t nrefs;
	const char *ref_top;      /* default: top (renamed internally) */
	const char *tb;           /* testbench (trusted), optional */
	const char *tb_top;       /* default: the tb's only uninstantiated module */
	const char *const *props; /* property files (trusted), optional */
	size_t nprops;
	const char *props_top;    /* default: top */
	int props_depth;          /* default 20 */
	const char *const *defines; /* NULL-ended "NAME[=VALUE]" */
	int timeout_s;            /* per tool run; default 60 */
	unsigned long seed;       /* stimulus seed; 0: 1 */
	int sim_cycles;           /* differential simulation length; default 1000 */
	int equiv_depth;          /* sequential equivalence bound; default 20 */
	unsigned stages;          /* enum verify_stage_mask; 0: all that apply */
	bool allow_file_io;       /* trust the design's $readmemh etc. */
	bool allow_latches;
	bool keep_tmp;
	enum proc_sandbox sandbox;
	const char *const *incdirs; /* trusted `include dirs, NULL-ended */
	int jobs;                 /* tool runs side by side after compile
				     (stages; reference and design
				     simulations); 0: 2, 1: one at a time */
};
#define VERIFY_OPTS_INIT                                                  \
	{ .timeout_s = 60, .seed = 1, .sim_cycles = 1000, .equiv_depth = 20, \
	  .props_depth = 20, .sandbox = PROC_SANDBOX_AUTO }

/*
 * Read every input file and validate the options before any tool runs:
 * missing, empty, binary or oversized (> 8 MiB) files and an unknown --top
 * give ERR_USAGE with a one-line message naming the file or module.
 */
int verify_validate(const struct verify_opts *o);

/* ---- the whole pipeline ----------------------------------------------- */

/*
 * Run every stage that applies, in order: screen+compile, synth, sim (with
 * tb, or differential against refs), equiv (with refs), props (with props
 * files, or asked for by name in o->stages: the design's own assertions).
 * The screen and compile gate the rest (a design that does not
 * compile, or whose ports differ from the reference's, has nothing more
 * to say); after them every stage that applies runs, side by side (jobs),
 * so one round of feedback carries synthesis findings, the mismatch table
 * and the counterexample together.  o->top NULL: detected (the one module
 * nothing else instantiates).
 *
 * Evidence shapes:
 *   compile: {"errors": [{"file","line","message","source"}], "log"}
 *   synth:   {"stats": synth_stats_json, "findings": [...]}
 *   sim:     {"compared": N, "mismatches": N, "table": [{"cycle", "inputs":
 *             {...}, "expected": {...}, "got": {...}}], "output": "<capped,
 *             escaped DUT output>"}
 *   equiv:   {"method", "result": "proven|refuted|inconclusive", "reason",
 *             "depth", "counterexample": [{"cycle", "inputs": {...},
 *             "gold": {...}, "gate": {...}}], "vcd": "<path or null>"}
 *   props:   {"result": "proven|refuted|inconclusive", "depth", "trace"}
 */
int verify_check(struct verify_verdict *out, const struct verify_opts *o);
/*
 * verify_check() reads the files, validates them (one-line ERR_USAGE
 * naming the file) and builds a job (harness DIFF or TB) for
 * verify_run(): check, gen and bench share one implementation.  Messages
 * and evidence name the files by the sources' display names.
 */

/*
 * The one entry point: judge a job.  DIFF and TB run the check pipeline
 * (see verify_check for the stages and evidence).  The suite kinds judge
 * one candidate against a suite's trusted testbench: screen,
 * compile (iverilog) and simulate (vvp), each tool run sandboxed with
 * job->limits.  The verdict's stages are "screen", "compile", "sim";
 * the failing stage's class is the sample's failure class.
 *
 * The verdict channel: the testbench's report strings carry a per-run
 * nonce that appears in no name, parameter or string the candidate's
 * scope can read (harness modules and instances are renamed with a
 * different secret; the sources and the compiled program are gone
 * before vvp starts, the program comes in on stdin).  Only text after
 * the nonce counts as the testbench's.  A line the candidate printed
 * that looks like a result (a "Mismatches:" line, a pass banner, an END
 * marker) is tampering: class "cheat/tamper", and its lines are named
 * as the candidate's ("tampered"), never as the testbench's ("report").
 *
 * 0 with the verdict in *out whatever the candidate did; negative only
 * when the tools could not run (missing iverilog, I/O, ERR_INTR).
 */
int verify_run(struct verify_verdict *out, const struct verify_job *job);

/* What one trusted RTLLM testbench line says (the RTLLM adapter's judge;
 * rtllm-judge.c lists the phrasings). */
enum verify_rtllm_line {
	RTLLM_LINE_INFO,
	RTLLM_LINE_PASS, /* "Your Design Passed", "... with 0 failures" */
	RTLLM_LINE_FAIL, /* "Error", "Failed", "... with N failures" */
};
enum verify_rtllm_line verify_rtllm_line(const char *line);

struct verify_rtllm_verdict {
	long passes, failures;
	const char *first_failure; /* borrowed from the lines */
};
void verify_rtllm_verdict(struct verify_rtllm_verdict *v, const cJSON *lines);

/*
 * Copy src into out with every identifier token equal to `from` (outside
 * comments and strings) replaced by `to` (trusted sources only).
 */
int verify_rename_module(struct buf *out, const char *src, size_t len,
			 const char *from, const char *to);

/* ---- single stages, for gate and bench -------------------------------- */

/*
 * Static screen of untrusted source before it is compiled: rejects
 * `include, every system task or function not on the allow-list (printing,
 * conversions, sizes, math, time, random, sampled values), hierarchical
 * references out of the design, and any definition of a module in
 * `forbidden_modules` (harness names such as tb, RefModule).  A design
 * with macros or `ifdef is screened after `iverilog -E` (sandboxed).
 * allow_file_io also lets file tasks, plusargs and $finish/$stop through.
 * Classes: "sandbox/violation" (files, the process, unknown tasks,
 * directives), "cheat/forbidden-task" (ending the simulation),
 * "cheat/hierarchical-ref", "cheat/harness-module".
 */
int verify_screen(struct verify_stage *out, const struct verify_opts *o,
		  const char *const *forbidden_modules);

/*
 * Lint of files (+ defines) as top, stage "lint": iverilog -Wall (strict
 * false: errors fail, warnings are listed) or verilator --lint-only -Wall
 * (strict: any finding fails, class lint/warning or lint/error); a timeout
 * or a tool that fails without findings is VERIFY_ERROR.  Evidence:
 * {tool, errors, warnings, stderr (escaped, capped), findings: [{file,
 * line, severity, code, message}] (at most 50, the user's paths)}.
 * ERR_NOTFOUND when the linter is not installed.
 */
int verify_lint(struct verify_stage *out, const struct verify_opts *o,
		bool strict);

/* iverilog -g2012 compile of files (+ defines) elaborated as top. */
int verify_compile(struct verify_stage *out, const struct verify_opts *o);

/* The ports of `top` in `files` (Yosys read + hierarchy + proc). */
int verify_iface_read(struct verify_iface *out, const char *const *files,
		      size_t nfiles, const char *top,
		      const struct verify_opts *o);

/*
 * Simulate: with o->tb, the testbench passes iff vvp exits 0 within the
 * timeout and prints no "ERROR:"/"FATAL:" line (a DUT can make itself
 * fail, never pass).  Without tb and with refs: a generated differential
 * testbench (random and corner-case stimulus, reset first for sequential
 * designs) compares every output every cycle; its report lines carry a
 * per-run nonce the design cannot know, and the count of compared cycles
 * must match.
 */
int verify_simulate(struct verify_stage *out, const struct verify_opts *o);

/* Formal equivalence of o->files (gate) against o->refs (gold). */
int verify_equiv(struct verify_stage *out, const struct verify_opts *o);

/* Bounded model check (and induction) of assertions, yosys-smtbmc -s z3. */
int verify_props(struct verify_stage *out, const struct verify_opts *o);

/* Synthesis stage wrapper around synth_run(): class synth/<kind>. */
int verify_synth(struct verify_stage *out, struct synth_stats *stats_out,
		 const struct verify_opts *o);

/* {"iverilog": "...", "yosys": "...", ...}, cached; caller owns the copy. */
cJSON *verify_tool_versions(void);

#endif
