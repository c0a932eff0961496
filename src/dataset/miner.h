#ifndef DATASET_MINER_H
#define DATASET_MINER_H

/* Private to src/dataset/: the per-repository miner shared by walk.c,
 * record.c and resume.c. */

#include <git2.h>

#include "dataset/dataset-int.h"

/* A set of object ids with a small value (open addressing). */
struct oidmap {
	git_oid *keys;
	signed char *vals; /* 0: empty slot */
	size_t n, cap;
};
int oidmap_get(const struct oidmap *m, const git_oid *id); /* 0: absent */
int oidmap_put(struct oidmap *m, const git_oid *id, int val);
void oidmap_release(struct oidmap *m);

/* A set of 64-bit hashes (skipped-line keys). */
struct hset {
	uint64_t *v;
	size_t n, cap;
};
bool hset_has(const struct hset *s, uint64_t h);
int hset_add(struct hset *s, uint64_t h);
void hset_release(struct hset *s);
uint64_t hash64(const char *p, size_t n);

enum change_kind { CH_ADD = 'A', CH_DEL = 'D', CH_MOD = 'M', CH_REN = 'R' };

struct change {
	char *path;     /* new path (old path for deletions) */
	char *old_path; /* renames: where it came from; else NULL */
	git_oid old_id, new_id;
	char kind;
};

struct changes {
	struct change *v;
	size_t n, alloc;
};

/* The trees read most recently: commit N's old side is commit N+1's new
 * side in walk order.  Holds one reference to each tree. */
#define TREE_CACHE 256
struct tree_cache {
	git_oid id[TREE_CACHE];
	git_tree *t[TREE_CACHE];
};

/* Blobs read and split most recently: commit N's before side is usually
 * the after side of the next commit that touched the file. */
#define BLOB_CACHE 64
struct blob_cache {
	git_oid id[BLOB_CACHE];
	git_blob *b[BLOB_CACHE];
	struct dataset_unit *u[BLOB_CACHE];
	size_t nu[BLOB_CACHE];
	size_t next;
};

struct miner {
	const struct dataset_opts *o;
	git_repository *repo;
	git_odb *odb;
	const char *name;
	FILE *rec, *skip;
	struct oidmap has_hdl; /* tree id -> 1 no HDL, 2 HDL */
	struct oidmap done;    /* resume: commits whose records are complete */
	struct hset skipped;   /* resume: skipped lines already written */
	git_oid lic_blob;      /* the licence blob last classified */
	const char *lic_spdx;
	bool lic_valid;
	git_oid attr_blob;     /* root .gitattributes last parsed */
	char *attrs;           /* its text (NULL: none) */
	bool attr_valid;
	struct dataset_repo_stats *st;
	struct tree_cache tc;
	struct blob_cache bc;
	long written;          /* records this process wrote (kill_after) */
	struct emitter *em;    /* record.c: the emitter thread, or NULL */
#define MINER_CTX_TREES 2
	struct hindex *ctx[MINER_CTX_TREES]; /* context.c: HDL files by name */
};

/* walk.c */
/* git_tree_lookup through the cache; free *out with git_tree_free. */
int miner_tree(struct miner *m, git_tree **out, const git_oid *id);
void miner_tree_cache_release(struct miner *m);
void miner_blob_cache_release(struct miner *m);
int miner_tree_diff(struct miner *m, const git_tree *a, const git_tree *b,
		    struct changes *out, bool first_only);
void changes_release(struct changes *c);
const char *git_msg(void);

/* record.c: every record of one candidate commit (it takes the changes:
 * ch is left empty).  Its diff shape adds at most MINER_SHAPE_MAX to the
 * message's score (small_one_module), so a commit below --min-score by
 * more than that is never loaded. */
#define MINER_SHAPE_MAX 1.0
int miner_commit_records(struct miner *m, git_commit *c,
			 const struct dataset_class *cls,
			 struct changes *ch);
/* Records are written by a second thread between these two calls (in
 * line if it cannot start, or with --filter); finish() waits for the
 * last one and returns the first write failure. */
int miner_emitter_start(struct miner *m);
int miner_emitter_finish(struct miner *m);
int miner_skip(struct miner *m, const git_oid *commit, const char *path,
	       const git_oid *blob, const char *reason, size_t size);

/* context.c (--filter): into out, the files of tree that the unit (of the
 * file at path, whose text is file) needs (submodules only if modules),
 * then the unit with every `include inlined; see there for what is
 * looked for. */
int miner_context(struct miner *m, git_tree *tree, const char *path,
		  const char *file, size_t flen, const char *top, bool modules,
		  const char *unit, size_t ulen, struct buf *out);
void miner_context_release(struct miner *m);

/* resume.c: truncate torn or incomplete tails; fill m->done, m->skipped. */
int miner_resume_scan(struct miner *m, const char *rec_path,
		      const char *skip_path);

#endif
