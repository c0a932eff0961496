#ifndef GATE_GATE_INT_H
#define GATE_GATE_INT_H

/* Private to src/gate: helpers shared by run.c, check.c and lint.c. */
#include "gate/gate.h"
#include "verify/verify.h"

/*
 * Fill check `k` from a verify stage (or from rc < 0: the tools could not
 * decide).  Takes the stage's evidence; renders the text detail and
 * where to annotate.
 */
void gate__take_stage(struct gate_check *k, struct verify_stage *st, int rc,
		      const struct gate_unit *u);
/* Judge the synthesis numbers against the unit's budget; takes
 * stats_json (the synth stage's "stats", reported as the evidence). */
void gate__budget(struct gate_check *k, const struct vev_stats *s,
		  cJSON *stats_json, const struct gate_unit *u);
void gate__skip(struct gate_check *k, const char *why);
/* The lint check (iverilog -Wall or verilator --lint-only). */
void gate__lint(struct gate_check *k, const struct gate_unit *u,
		const struct gate_opts *o);
/* One line of untrusted text made printable, capped at `max` bytes. */
char *gate__oneline(const char *s, size_t max);

#endif
