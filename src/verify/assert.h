#ifndef VERIFY_ASSERT_H
#define VERIFY_ASSERT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "verify/mutate.h"
#include "verify/sva.h"
#include "verify/verify.h"

/*
 * Assertions judged one by one, and scored by the mutants they kill.
 *
 * Input: a property set for one module of a design: SystemVerilog
 * concurrent assertions (the subset of verify/sva.h) and/or immediate
 * assertions, as a statement list without a module header (what a model
 * writes and `hwforge assert` saves), inserted before the module's
 * `endmodule` (verify_sva_insert).  Each assert statement gets a verdict:
 */

enum assert_status {
	AS_PROVED = 1, /* k-induction succeeded */
	AS_BOUNDED,    /* no violation within depth cycles (said as such) */
	AS_FAILS,      /* a counterexample: trace filled */
	AS_VACUOUS,    /* holds, but its antecedent is never true (a cover of
			  the antecedent is unreachable within depth) */
	AS_INVALID,    /* does not parse, outside the subset, unbounded ##[m:$],
			  names a signal the module does not have: reason says
			  which, in one line */
	AS_UNKNOWN,    /* inconclusive: solver timeout, tool trouble */
};
const char *assert_status_name(enum assert_status s); /* "proved", ... */

struct assert_item {
	int line;        /* line in the statement text */
	char *label;     /* NULL if unlabelled */
	char *text;      /* the statement as written */
	enum assert_status status;
	int depth;       /* bound of BMC / induction used */
	char *reason;    /* one line (INVALID, VACUOUS, UNKNOWN; FAILS: the
			    cycle; BOUNDED: the bound), else NULL */
	char *trace;     /* FAILS: counterexample table, cycle by cycle, as
			    text for feedback; else NULL */
	size_t killed;   /* mutation: non-equivalent mutants this kills */
};

struct assert_report {
	struct assert_item *v;
	size_t n;
	/* mutation score of the set (filled by verify_assert_mutation) */
	size_t mutants, equivalent, stillborn, nonequiv, killed;
	char **survivors; /* ids + descs of non-equivalent mutants not killed */
	size_t nsurvivors;
};
#define ASSERT_REPORT_INIT { 0 }

/*
 * Judge every assertion of stmts (len bytes) for module of the design
 * vo->files (top vo->top, depth vo->props_depth, limits from vo).  Returns
 * 0 with every item filled even if some are INVALID; negative only when
 * the tools could not run at all.
 */
int verify_assertions(struct assert_report *out, const struct verify_opts *vo,
		      const char *module, const char *stmts, size_t len);
/*
 * The same for a property file that is a module of its own (a wrapper
 * instantiating the design, like rtl/npu/props/\*_props.v): every assert
 * of the file (immediate, or concurrent in the subset) judged, the top
 * being vo->props_top or the file's one module; the design's own
 * assumptions are dropped (verify_props).  Lines are the file's.
 */
int verify_assertions_file(struct assert_report *out,
			   const struct verify_opts *vo, const char *file);

/*
 * Mutation score: every non-equivalent mutant of ms (after
 * verify_mutants_equiv) checked against the assertions judged PROVED or
 * BOUNDED in r (bounded BMC, depth vo->props_depth); a mutant is killed
 * when any of them fails on it.  Fills the items' killed counts and the
 * report's totals and survivors.
 */
int verify_assert_mutation(struct assert_report *r,
			   const struct verify_opts *vo, const char *module,
			   const char *stmts, size_t len,
			   const struct mutant_set *ms,
			   const struct mut_opts *mo);
/* verify_assert_mutation() for a report of verify_assertions_file(). */
int verify_assert_mutation_file(struct assert_report *r,
				const struct verify_opts *vo, const char *file,
				const struct mutant_set *ms,
				const struct mut_opts *mo);
/*
 * The mutation fields of r for a set in which no assertion holds, so
 * there is nothing to check a mutant against: ms's totals, no kills, every
 * non-equivalent mutant a survivor.  Runs no tool.
 */
int verify_assert_no_kills(struct assert_report *r,
			   const struct mutant_set *ms);

/* {"assertions": [...], "mutation": {...}} for report.json */
cJSON *assert_report_json(const struct assert_report *r);
/* The feedback for a model: failing ones with their trace, vacuous and
 * invalid ones with the reason, in the loop's feedback style. */
int assert_report_feedback(struct buf *out, const struct assert_report *r);
void assert_report_release(struct assert_report *r);

/*
 * Read a property file into text (validated like every input: missing,
 * empty, binary, oversized give ERR_USAGE with one line) and tell whether
 * it defines a module (*is_module: a wrapper-module property file) or is
 * a statement list.
 */
int verify_props_read(struct buf *text, const char *path, bool *is_module);

#endif
