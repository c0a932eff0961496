#ifndef DATASET_DATASET_INT_H
#define DATASET_DATASET_INT_H

/* Private to src/dataset/. */

#include <stdint.h>

#include "dataset/dataset.h"

/* ---- a small Verilog tokenizer (hdl.c) ------------------------------- */

enum dtok_kind { DTOK_END = 0, DTOK_IDENT, DTOK_NUMBER, DTOK_STRING,
		 DTOK_DIRECTIVE, DTOK_PUNCT };

struct dtok {
	const char *p;
	size_t len;
	int line;
	enum dtok_kind kind;
};

struct dlex {
	const char *s, *end;
	int line;
};

void dlex_init(struct dlex *lx, const char *s, size_t len);
/* The next token, comments and white space skipped; DTOK_END at the end. */
enum dtok_kind dlex_next(struct dlex *lx, struct dtok *t);

/* Call fn(hash) for each run of n tokens of text (n at most
 * DATASET_SHINGLE_MAX); returns how many there were. */
#define DATASET_SHINGLE_MAX 8
size_t dataset_shingles(const char *text, size_t len, size_t n,
			void (*fn)(uint64_t h, void *arg), void *arg);

#define DATASET_MINHASH 64
#define DATASET_BANDS 8
/* MinHash over 5-token shingles of a and b together. */
void dataset_minhash(uint32_t sig[DATASET_MINHASH], const char *a,
		     size_t alen, const char *b, size_t blen);

/* Append a JSON string literal (quoted, escaped; invalid UTF-8 as \u00XX). */
int djson_str(struct buf *b, const char *s, size_t len);

/* ---- mining one repository (walk.c) --------------------------------- */

struct dataset_repo_stats {
	long commits;      /* walked (after the merge rule) */
	long hdl_commits;  /* touching .v .sv .svh .vh */
	long candidates;   /* passed the message classification */
	long records;
	long skipped;
};

/*
 * Mine one repository into dir (created).  name: the repository's short
 * name.  One line on stderr per bad input; returns 0, ERR_USAGE (not a
 * repository, bad --branch), ERR_INTR, ERR_FAIL.
 */
int dataset_mine_repo(const struct dataset_opts *o, const char *path,
		      const char *name, const char *dir,
		      struct dataset_repo_stats *st);

/* ---- output post-pass (dedup.c) -------------------------------------- */

/*
 * Read every <sub>/records.jsonl under out_dir, write clusters.jsonl and
 * return counts as a JSON object (caller owns) for the manifest.
 */
int dataset_dedup(const char *out_dir, cJSON **counts);

/* ---- contamination (contam.c) ---------------------------------------- */

#define DATASET_NGRAM 8

/* Index every .v/.sv/.svh/.vh file under dirs by its 8-token n-grams. */
int dataset_contam_build(struct dataset_contam **out, const char *const *dirs,
			 size_t ndirs);
void dataset_contam_free(struct dataset_contam *c);
/* Append ',"contamination":null' or '{"problem","overlap","ngrams"}'. */
int dataset_contam_json(struct buf *b, const struct dataset_contam *c,
			const char *text, size_t len);

/* ---- check-pipeline labels (filter.c) -------------------------------- */

/* One way to give a module to the tools: its two sides' texts, and what
 * they were made of ("modules": with its repository's packages, includes
 * and submodules; "packages": without submodules; "none": the module
 * with its file's preprocessor lines). */
struct dataset_variant {
	const char *name;
	const char *before, *after;
	size_t blen, alen;
};

/* Append ',"filters":{...}' (nothing without o->filters): the first of
 * v[0..nv) in which both sides compile is synthesized and compared, and
 * named as "context"; when none compiles, v[0]'s diagnostics.  top NULL:
 * the unit is not a module.  Negative only for ERR_INTR and I/O
 * failures. */
int dataset_filter_json(struct buf *b, const struct dataset_opts *o,
			const char *top, const struct dataset_variant *v,
			size_t nv);

/* --to-suite (tosuite.c): records whose filters say compile, synth pass
 * and equiv refuted become native bench tasks under suite. */
int dataset_to_suite(const char *out_dir, const char *suite, size_t *ntasks);

/* Open path to read, with the name of its side state file (path suffix,
 * free it) and its size: 0; 1 when path cannot be opened (nothing set);
 * ERR_FAIL out of memory.  A state file caches what a pass over the
 * first bytes found (records only grow between runs). */
int dataset_open_state(const char *path, const char *suffix, FILE **f,
		       char **cpath, long *size);

/* manifest.json: heads, version, rules, counts (taken), SHA-256 of files. */
int dataset_manifest(const struct dataset_opts *o, cJSON *counts);

#endif
