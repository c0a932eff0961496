#ifndef VERIFY_ASSERT_INT_H
#define VERIFY_ASSERT_INT_H

/*
 * Private to assert.c (judging) and assert-mut.c (mutation score): one
 * assertion text prepared for the tools.  Not part of assert.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "verify/assert.h"
#include "verify/formal-int.h"

struct aj_stmt {
	size_t start, end; /* bytes [start, end) of the text, ';' included;
			      start == end: nothing to blank */
	int line, eline;   /* first line; the line the src span of its
			      $assert cell ends on (Yosys starts it at an
			      enclosing if or begin) */
	bool concurrent, clocked;
	char *cover;       /* concurrent cover of the antecedent, or NULL */
	bool live;         /* still judged (not INVALID) */
	bool failed, reached, cover_done;
	char *vcd;         /* the trace file of its failure */
	char **idents;     /* identifiers of the statement, NULL-ended */
};

struct aj {
	const struct verify_opts *o;
	struct assert_report *r;
	struct aj_stmt *st;      /* parallel to r->v */
	const char *module;      /* statements: their module */
	const char *stmts;
	size_t len;
	const char *file;        /* or a property file (wrapper module) */
	struct buf text;         /* the assertion text, invalid ones blanked */
	struct buf src;          /* the text's own file, as read */
	char *top;
	char **clocks;           /* clock names of the concurrent ones */
	int depth;
	/* one run */
	struct vrun_dir d;
	const char *dir;
	char adir[8];            /* "dut" or "props": where the file is */
	char *afile;             /* its name there */
	int cover_base;          /* line of the first cover */
	bool live_cover;         /* statements with assumptions: a cover
				    that the assumptions allow depth cycles
				    (line cover_base + n) */
	bool live_reached, live_done;
	char **props_names;      /* props mode: the copy's name, NULL-ended */
	char **inputs;           /* the top's input ports */
};

static inline bool aj_holds(enum assert_status s)
{
	return s == AS_PROVED || s == AS_BOUNDED;
}

/* Read and enumerate the text (file NULL: statements for module). */
int aj_init(struct aj *a, struct assert_report *out,
	    const struct verify_opts *vo, const char *module,
	    const char *stmts, size_t len, const char *file);
void aj_release(struct aj *a);
/* A run directory with vo's design files; aj_close() removes it. */
int aj_open(struct aj *a, const struct verify_opts *vo);
void aj_close(struct aj *a);
/*
 * The Yosys run (judge: also the cover and one-assertion SMT2 files);
 * statements it cannot read become INVALID and are blanked; *ok false
 * when the design itself could not be read.
 */
int aj_prepare(struct aj *a, bool judge, bool *ok);
/* BMC of the live statements: st[i].failed, st[i].vcd. */
int aj_bmc(struct aj *a, bool *done);
/* Blank statement i out of the text. */
void aj_blank(struct aj *a, size_t i);

/*
 * verify_props() for one property file of statements (no module header)
 * for the top (or props_top) module: each assertion judged, the stage
 * failing on any that fails, is vacuous or invalid; evidence is
 * assert_report_json() with "result", "depth", "method".  *is_stmts false
 * (and nothing done) for any other property file.
 */
int verify_props_stmts(struct verify_stage *out, const struct verify_opts *o,
		       bool *is_stmts);

#endif
