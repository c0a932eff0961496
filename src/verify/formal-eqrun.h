#ifndef VERIFY_FORMAL_EQRUN_H
#define VERIFY_FORMAL_EQRUN_H

/*
 * State of one equivalence check, shared by equiv.c (reading, interface,
 * verdict) and formal-seq.c / formal-comb.c (the proof methods).
 */
#include "verify/formal-int.h"

struct eq_port {
	char *name;
	int width;
	enum verify_dir dir;
};

struct eq_iface {
	struct eq_port *p;
	size_t n;
	bool seq; /* flip-flops, latches or memories */
};

struct eq_run {
	const struct verify_opts *o;
	struct vrun_dir d;
	const char *dir; /* d.td.path: the tools' working directory */
	struct eq_iface gold, gate;
	const char *clock, *reset; /* borrowed from gold.p[] */
	bool reset_low;
	int timeout_s;
	int depth;
};

/*
 * What a method found.  result: "proven", "refuted", "inconclusive";
 * method and reason are static strings or owned (reason_owned).
 */
struct eq_result {
	const char *result;
	const char *method;
	char *reason;
	int depth;
	cJSON *cex; /* rows of the counterexample; owned */
	bool have_vcd; /* cex.vcd in the run dir */
};

int eq_run_yosys(struct eq_run *r, const char *script, const struct buf *s,
		 struct proc_result *res);
/* eq_run_yosys() for a script that is one fixed text. */
int eq_run_yosys_text(struct eq_run *r, const char *script, const char *text,
		      struct proc_result *res);
int eq_smtbmc(struct eq_run *r, const char *const *args,
	      struct proc_result *res);
/* Turn cex.vcd (or name) into counterexample rows; 0 rows is an error. */
int eq_cex_from_vcd(struct eq_run *r, const char *name, cJSON **rows);

/* Append the bit-level miter and `sat -prove` commands to a script. */
int eq_sat_script(struct buf *s, const struct eq_run *r);
/* The bit-level SAT proof (sat.ys on both.il), then SMT on a timeout. */
int eq_comb(struct eq_run *r, struct eq_result *out);
int eq_seq(struct eq_run *r, struct eq_result *out);

#endif
