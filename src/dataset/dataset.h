#ifndef DATASET_DATASET_H
#define DATASET_DATASET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "base/base.h"

/*
 * The dataset builder: mine git history (libgit2, used here and nowhere
 * else) for hardware bug-fix pairs at module level.  See
 * src/dataset/README.md for the record format and the rules.
 *
 * Output layout under opts.out_dir:
 *   <name>/records.jsonl   one module-level record a line, appended and
 *                          flushed as each is made (never torn: a torn last
 *                          line is dropped by --resume)
 *   <name>/skipped.jsonl   objects skipped with the reason
 *   <name>/state.json      the mined head (incremental runs hide it)
 *   clusters.jsonl         exact and near-duplicate cluster ids per record
 *   manifest.json          heads, versions (and check tools with --filter),
 *                          rules, counts, SHA-256 per file
 * where <name> is the repository's directory name.
 *
 * Errors: dataset_mine() returns 0 when every repository was mined (a
 * repository without HDL is not an error), ERR_USAGE when at least one
 * repository could not be opened (the others are still mined; one line
 * each on stderr), ERR_INTR when interrupted, ERR_FAIL on I/O failure.
 */

struct dataset_contam;

enum dataset_filter {
	DATASET_FILTER_COMPILE = 1 << 0,
	DATASET_FILTER_SYNTH = 1 << 1,
	DATASET_FILTER_EQUIV = 1 << 2,
};

struct dataset_opts {
	const char *const *repos; /* paths of repositories (work tree or bare) */
	size_t nrepos;
	const char *out_dir;      /* required unless list_commits */
	const char *branch;       /* NULL: HEAD of each repository */
	const char *since;        /* a revision whose history is left out */
	bool merges;              /* include merge commits (first parent) */
	bool resume;              /* continue an interrupted run */
	bool list_commits;        /* print HDL-touching commit ids to `list` */
	FILE *list;
	int jobs;                 /* worker processes over repositories */
	double min_score;         /* records below are not written; 2 */
	size_t max_blob;          /* bytes; larger blobs are skipped; 1 MiB */
	unsigned filters;         /* enum dataset_filter: labels, never drops */
	int filter_timeout;       /* seconds per tool run; 0: 30 */
	enum proc_sandbox sandbox;
	long kill_after;          /* testing: SIGKILL self after N records */
	const char *const *contam; /* dirs of published suites (VerilogEval, */
	size_t ncontam;            /* RTLLM): n-gram overlap is flagged */
	const struct dataset_contam *contam_index; /* built by dataset_mine */
	const char *to_suite;     /* write verified pairs as native tasks here */
};
#define DATASET_OPTS_INIT { .jobs = 1, .min_score = 2.0, .max_blob = 1 << 20 }

int dataset_mine(const struct dataset_opts *o);

/* ---- pieces, public for the unit tests ------------------------------- */

/* Message classification: score and reasons (comma-separated names). */
struct dataset_class {
	double score;
	char reasons[256];
};
void dataset_classify_message(struct dataset_class *out, const char *msg);

/* SPDX id from a licence file's text, or NULL when not recognised. */
const char *dataset_licence_spdx(const char *text, size_t len);

/* The role of a path from its directories and file name (no header). */
const char *dataset_path_role(const char *path);

/* One unit (module, interface, package) of a Verilog text. */
struct dataset_unit {
	char name[128];
	size_t start, end; /* byte offsets: `module` .. after `endmodule` */
	int line;          /* 1-based line of `start` */
	size_t next;       /* where the tokenizer stood after the end keyword */
	int next_line;     /* and its line */
};
/* Split text into units; *out is malloc'd (free it). */
int dataset_split_units(struct dataset_unit **out, size_t *n,
			const char *text, size_t len);
/* The same, for a text that is an edit of prev (split into pu[0..pn)):
 * the units of their common prefix are taken from pu, not lexed again. */
int dataset_split_units_after(struct dataset_unit **out, size_t *n,
			      const char *text, size_t len, const char *prev,
			      size_t plen, const struct dataset_unit *pu,
			      size_t pn);
/* Compare two texts ignoring comments (1) and white space (2); 0 differ. */
int dataset_same_code(const char *a, size_t alen, const char *b, size_t blen);

#endif
