#ifndef FUZZ_CAMP_INT_H
#define FUZZ_CAMP_INT_H

/* Private to src/fuzz: one worker's campaign state. */

#include "fuzz/fuzz-int.h"

struct centry {
	struct rv_prog prog;
	int family;
	int worker; /* -1: our own (corpus/NNNNNN.hex); else a sibling's */
};

/* A distinct finding: its signature and how often it was hit. */
struct fsig {
	char *sig;
	uint64_t hits;
};

struct camp_stats {
	uint64_t tests, insns, cycles, hangs, budget_ends, unspec;
	double seconds, cpu_seconds;
};

struct camp {
	const struct fuzz_opts *o;
	const struct fuzz_core *core;
	char *dir, *so_path;
	struct fuzz_exec x;
	uint64_t stride, offset, next;
	struct centry *corpus;
	size_t ncorpus, acorpus, nfamilies;
	size_t nown;      /* entries in our own corpus/ */
	int worker;       /* our index among --jobs workers */
	size_t *imports;  /* per sibling worker: entries taken so far */
	size_t nimports;
	uint8_t *cov;
	uint8_t **fmaps;
	size_t nfmaps;
	struct fsig *sigs;
	size_t nsigs;
	uint64_t findings_bytes;
	const struct fuzz_sched_ops *sched;
	void *sched_state;
	struct camp_stats st;
	struct buf history; /* JSON array body: [tests, seconds, coverage,
			       cpu_seconds], ... one every CKPT_TESTS tests */
	uint64_t history_tests; /* tests of the last history point */
	double t0, cpu0, last_progress, last_ckpt;
	uint64_t tests_at_start;
	bool said_budget;
};

uint64_t fuzz__mix64(uint64_t x);
double fuzz__now(void);
double fuzz__cpu_seconds(void);
unsigned fuzz__cov_count(const uint8_t *m);

int fuzz__camp_open(struct camp *c, const struct fuzz_opts *o,
		    const char *dir, const char *so_path, uint64_t stride,
		    uint64_t offset);
void fuzz__camp_release(struct camp *c);
int fuzz__loop(struct camp *c);
/* Add p (taken: *p is emptied) as a corpus entry; family -1: a new one. */
int fuzz__corpus_add(struct camp *c, struct rv_prog *p, int family,
		     int worker, bool write);
/* sched-reseed.c: retire family f's entries, clear its map (arm.reseed). */
void fuzz__reseed_family(struct camp *c, int family);
int fuzz__summary_json(cJSON **out, const char *dir);
/* A family's own coverage map (allocated on first use), NULL on OOM. */
uint8_t *fuzz__family_map(struct camp *c, int family);
int fuzz__make_test(struct camp *c, uint64_t i, struct rv_prog *out,
		    struct fuzz_arm *arm);

/* findings.c: record, minimize and reproduce one divergence. */
int fuzz__finding(struct camp *c, uint64_t test, const struct rv_prog *p,
		  const struct fuzz_outcome *o);
int fuzz__commit_json(cJSON **out, const struct rv_commit *r);

/* state.c: checkpoint, restore, import from siblings, summary. */
int fuzz__checkpoint(struct camp *c);
/* Append a history point for the tests run so far (once per count). */
int fuzz__history_point(struct camp *c);
int fuzz__restore(struct camp *c);
int fuzz__import(struct camp *c);
int fuzz__write_summary(struct camp *c);
int fuzz__cov_hex(struct buf *b, const uint8_t *m);
int fuzz__cov_unhex(uint8_t *m, const char *hex);

/* report.c */
int fuzz__report_html(const char *path, const cJSON *summary);

#endif
