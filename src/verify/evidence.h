#ifndef VERIFY_EVIDENCE_H
#define VERIFY_EVIDENCE_H

/*
 * Typed evidence of one check stage: what the next LLM round, a report
 * or a person needs to act on a verdict.  It lives in its own header that
 * includes only base, so that rtlgen (below verify in the dependency
 * graph) renders feedback from these structs without including verify.h
 * or linking libverify: the compiler checks the contract between the
 * producer (verify) and the renderer (rtlgen), instead of both agreeing
 * on JSON key names.  JSON is made from a verdict only at the edges
 * (verify_verdict_json()).
 *
 * Every pointer is owned by the evidence; verify_evidence_release() (in
 * libverify) frees it.  Strings are escaped for terminals and capped.
 */
#include <stdbool.h>
#include <stddef.h>

#include "base/base.h"

/* A compiler (or screen) diagnostic. */
struct vev_diag {
	char *file;     /* the user's path or display name; may be NULL */
	long line;      /* 0: unknown */
	long column;    /* 0: unknown */
	char *severity; /* "error", "warning"; may be NULL */
	char *message;
	char *source;   /* the offending source line, or NULL */
	char *token;    /* screen: the offending token, or NULL */
};

/* One cell of a table: name=value pairs ("a=1 b=0"), or one bare value. */
struct vev_kv {
	char *name; /* NULL for a bare value */
	char *value;
};
struct vev_cell {
	struct vev_kv *kv;
	size_t n;
};

/* A row of the mismatch table or of a counterexample trace. */
struct vev_row {
	long cycle;
	struct vev_cell inputs;
	struct vev_cell expected; /* the reference's (gold) */
	struct vev_cell got;      /* the design's (gate) */
};

/* A synthesis finding: latch, undriven wire, multiple drivers, ... */
struct vev_finding {
	char *kind;
	char *signal; /* cell or wire; may be NULL */
	char *file;   /* may be NULL */
	long line;    /* 0: unknown */
	char *message;
};

/* PPA statistics of a synthesized design (-1: unknown). */
struct vev_stats {
	bool have;
	long cells, flops, latches, depth;
	double area;
};

struct verify_evidence {
	char **problems; /* one line each: screen violations, port diffs */
	size_t nproblems;
	struct vev_diag *diags; /* compile diagnostics */
	size_t ndiags;
	long compared, mismatches; /* differential simulation; -1 */
	struct vev_row *table;     /* first mismatches */
	size_t ntable;
	struct vev_row *cex;       /* equivalence counterexample */
	size_t ncex;
	struct vev_finding *findings;
	size_t nfindings;
	struct vev_stats stats;
	char *output;     /* capped, escaped simulator output (untrusted) */
	char **report;    /* the trusted testbench's lines */
	size_t nreport;
	char **tampered;  /* result-shaped lines the design printed */
	size_t ntampered;
	long samples;     /* testbench samples compared; -1 */
	struct vev_diag *violations; /* screen: severity holds the class */
	size_t nviolations;
	char **ports;     /* port differences from the reference */
	size_t nports;
	char *log;        /* the tool's log (capped, escaped), or NULL */
	char *tool_stderr; /* lint: the linter's stderr, or NULL */
	char *ref_log;    /* sim: the reference's run, or NULL */
	/* formal stages (equiv, props) */
	char *result;     /* "proven", "refuted", "inconclusive"; NULL */
	char *method;     /* how it was decided, or NULL */
	char *reason;     /* why it was not decided, or NULL */
	long depth;       /* the bound; -1 */
	char *vcd;        /* the counterexample waveform (kept), or NULL */
	char *assertion;  /* props: the failing assertion's place, or NULL */
	struct vev_row *trace; /* props: the counterexample, signals in .got */
	size_t ntrace;
};

/*
 * A read-only view of one stage for renderers (rtlgen_feedback): the
 * names and the evidence are borrowed from the verdict.
 */
struct vev_stage {
	const char *name;   /* "screen", "compile", ..., "precheck" */
	const char *status; /* "pass", "fail", "skipped", ... */
	const char *class;  /* NULL on pass */
	const char *summary;
	const struct verify_evidence *ev; /* may be NULL */
};

#endif
