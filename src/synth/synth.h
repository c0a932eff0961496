#ifndef SYNTH_SYNTH_H
#define SYNTH_SYNTH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/*
 * Yosys synthesis of one top module: structural checks and statistics.
 *
 * synth_run() returns 0 whenever Yosys ran to a decision; design problems
 * (latch, multiple drivers, undriven output, combinational loop, a parse
 * error) come back as out->ok = false with a class and findings.  Negative
 * codes mean "could not decide": ERR_NOTFOUND (no yosys), ERR_TIMEOUT,
 * ERR_INTR, ERR_FAIL (I/O).  Thread-safe.
 */
struct synth_opts {
	const char *const *files; /* Verilog/SystemVerilog sources */
	size_t nfiles;
	const char *top;
	const char *const *defines; /* "NAME" or "NAME=VALUE", NULL-ended */
	int timeout_s;              /* default 120 */
	enum proc_sandbox sandbox;
	bool keep_tmp;
	bool allow_latches;     /* latches are findings but do not fail */
	bool allow_undriven;    /* undriven outputs do not fail */
};
#define SYNTH_OPTS_INIT { .timeout_s = 120, .sandbox = PROC_SANDBOX_AUTO }

struct synth_stats {
	long cells;        /* after synth -flatten, generic gate library */
	long flops;        /* $_DFF_* and friends */
	long latches;
	long wires, wire_bits, memories, memory_bits;
	long logic_depth;  /* longest combinational path, ltp -noff */
	double area;       /* transistor estimate from stat -tech cmos */
	cJSON *cells_by_type; /* {"$_AND_": 12, ...}; owned */
};

struct synth_report {
	bool ok;          /* no blocking finding */
	char *class;      /* NULL if ok; "synth/latch", "synth/multi-driver",
			     "synth/undriven", "synth/comb-loop",
			     "synth/error" (Yosys rejected the design) */
	char *summary;    /* one line for people */
	cJSON *findings;  /* [{"kind","signal","message","line"?}]; owned */
	struct synth_stats stats;
	char *log;        /* Yosys log, capped; owned */
	char *yosys_version;
	long elapsed_ms;
};
#define SYNTH_REPORT_INIT { .ok = false }

int synth_run(struct synth_report *out, const struct synth_opts *o);
void synth_report_release(struct synth_report *r);
/* A new JSON object with every statistic; caller owns it. */
cJSON *synth_stats_json(const struct synth_stats *s);
/*
 * Untrusted inputs copied into a run directory (the synth stage and the
 * formal stages of src/verify): names the tools print map back to the
 * caller's paths.
 */
struct synth_names {
	char **copied; /* NULL-ended base names inside the run dir */
	const char *const *user; /* the caller's paths, borrowed */
	size_t n;
};

/*
 * Copy files into dir as "<prefix><i>_<sanitized basename>".  A missing,
 * unreadable, binary or oversized (> 8 MiB) file is ERR_USAGE naming it.
 */
int synth_copy_inputs(struct synth_names *nm, const char *dir,
		      const char *const *files, size_t n, const char *prefix);
void synth_names_release(struct synth_names *nm);
/* Append text with copied names replaced by the user's, escaped. */
int synth_map_names(struct buf *out, const char *s, size_t len,
		    const struct synth_names *nm);

/* "Yosys 0.23 (git sha1 ...)", cached after the first call; borrowed. */
const char *synth_yosys_version(void);

#endif
