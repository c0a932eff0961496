#ifndef VERIFY_MUTATE_H
#define VERIFY_MUTATE_H

#include <stddef.h>

#include "verify/verify.h"

/*
 * Mutants of a design, made at source level on base/vlex tokens, and the
 * equivalence filter that drops the ones that cannot be told apart from
 * the original.  Used by `hwforge mutate`, by assertion scoring (which
 * mutants does a property set kill?) and to make repair tasks.
 *
 * Enumeration is deterministic: the same texts and options give the same
 * mutants with the same ids, in source order (file, then offset).
 */

enum mut_op {
	MUT_OPERATOR = 1, /* operator swap: + -, & |, ^ ~^, == !=, < <=, << >>, && || */
	MUT_CONST,        /* a literal changed: +1/-1, a bit flipped, 0 <-> 1 */
	MUT_BIT_INDEX,    /* x[i] -> x[i+1] or x[i-1] (constant indices) */
	MUT_INVERT_COND,  /* if (c) -> if (!(c)); c ? a : b -> !(c) ? a : b */
	MUT_STUCK_AT,     /* a driver's right-hand side -> 0 or all ones */
	MUT_DROP_ASSIGN,  /* one procedural assignment removed */
	MUT_OP_MAX
};
const char *mut_op_name(enum mut_op op); /* "operator", "const", ... */
/* "operator,const,..." -> mask of (1u << op); ERR_USAGE names a bad one. */
int mut_ops_parse(unsigned *mask, const char *list);

enum mut_equiv {
	MUT_EQ_UNCHECKED = 0,
	MUT_EQ_EQUIVALENT, /* proven equal to the original: discarded */
	MUT_EQ_DIFFERENT,  /* refuted (a counterexample exists) */
	MUT_EQ_UNKNOWN,    /* inconclusive (timeout, bound): kept, flagged */
	MUT_EQ_STILLBORN,  /* does not compile or synthesize: discarded */
};
const char *mut_equiv_name(enum mut_equiv e); /* "equivalent", ... */

struct mutant {
	char id[16];        /* "m001", ... */
	enum mut_op op;
	size_t file;        /* index into mut_opts.files */
	int line;           /* 1-based line of the site */
	char *desc;         /* one line: "npu_pe.v:14: '+' -> '-'" */
	char *text;         /* the whole mutated text of that file */
	enum mut_equiv equiv;
	char *equiv_reason; /* one line, or NULL */
};
struct mutant_set {
	struct mutant *v;
	size_t n;
};
#define MUTANT_SET_INIT { .v = NULL, .n = 0 }

struct mut_opts {
	const char *const *files; /* paths of the design's files */
	size_t nfiles;
	const char *module; /* mutate only inside this module; NULL: all */
	unsigned ops;       /* mask of (1u << op); 0: all */
	size_t max;         /* 0: every site; else a sample of max (seeded) */
	unsigned long seed;
};

/* Every mutant (or the sample); ERR_USAGE for unreadable files. */
int verify_mutants(struct mutant_set *out, const struct mut_opts *o);

/*
 * Fill each mutant's equiv: compile, then formal equivalence against the
 * original through the check pipeline (sandboxed, vo's limits; vo->files
 * and refs are set internally), top is the design's top module.
 */
int verify_mutants_equiv(struct mutant_set *ms, const struct mut_opts *o,
			 const struct verify_opts *vo, const char *top);

/* Write the mutant's file set to dir (every design file, one mutated). */
int verify_mutant_write(const struct mutant *m, const struct mut_opts *o,
			const char *dir);

/* [{"id","op","file","line","desc","equiv","reason"}] (mutants.json) */
cJSON *verify_mutants_json(const struct mutant_set *ms,
			   const struct mut_opts *o);

void mutant_set_release(struct mutant_set *ms);

#endif
