/*
 * Contamination flags: the 8-token n-grams of every HDL file of the
 * published suites given with --contamination (VerilogEval v2, RTLLM
 * problems and references) go into one hash table; a record whose after
 * (or before) module shares at least half of its n-grams with one problem
 * file is flagged with that problem.  A flag, never a filter.
 */
#include "config.h"

#include <ftw.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/miner.h"

struct dataset_contam {
	uint64_t *keys;  /* n-gram hash (0: empty) */
	uint32_t *prob;  /* index into names */
	size_t cap, n;
	char **names;
	size_t nnames;
};

static int put(struct dataset_contam *c, uint64_t h, uint32_t prob)
{
	size_t i;

	if ((c->n + 1) * 2 > c->cap) {
		struct dataset_contam g = { .cap = c->cap ? c->cap * 2 : 4096 };

		g.keys = calloc(g.cap, sizeof(*g.keys));
		g.prob = calloc(g.cap, sizeof(*g.prob));
		if (!g.keys || !g.prob) {
			free(g.keys);
			free(g.prob);
			return err_set(ERR_FAIL, "out of memory");
		}
		for (size_t k = 0; k < c->cap; k++)
			if (c->keys[k]) {
				size_t j = c->keys[k] & (g.cap - 1);

				while (g.keys[j])
					j = (j + 1) & (g.cap - 1);
				g.keys[j] = c->keys[k];
				g.prob[j] = c->prob[k];
			}
		free(c->keys);
		free(c->prob);
		c->keys = g.keys;
		c->prob = g.prob;
		c->cap = g.cap;
	}
	for (i = h & (c->cap - 1); c->keys[i]; i = (i + 1) & (c->cap - 1))
		if (c->keys[i] == h)
			return 0; /* the first problem keeps a shared n-gram */
	c->keys[i] = h;
	c->prob[i] = prob;
	c->n++;
	return 0;
}

static long find(const struct dataset_contam *c, uint64_t h)
{
	if (!c->cap)
		return -1;
	for (size_t i = h & (c->cap - 1); c->keys[i]; i = (i + 1) & (c->cap - 1))
		if (c->keys[i] == h)
			return c->prob[i];
	return -1;
}

/* Call fn(hash) for each n-gram of text (never 0: 0 marks an empty slot);
 * returns the number of n-grams. */
struct ngram_fn {
	void (*fn)(uint64_t h, void *arg);
	void *arg;
};

static void ngram_one(uint64_t h, void *arg)
{
	struct ngram_fn *f = arg;

	f->fn(h | 1, f->arg);
}

static size_t ngrams(const char *text, size_t len,
		     void (*fn)(uint64_t h, void *arg), void *arg)
{
	struct ngram_fn f = { fn, arg };

	return dataset_shingles(text, len, DATASET_NGRAM, ngram_one, &f);
}

struct add_ctx {
	struct dataset_contam *c;
	uint32_t prob;
	int rc;
};

static void add_one(uint64_t h, void *arg)
{
	struct add_ctx *a = arg;

	if (!a->rc)
		a->rc = put(a->c, h, a->prob);
}

/* nftw has no user pointer: the index being built, for this thread. */
static __thread struct dataset_contam *building;
static __thread size_t root_len;

static int visit(const char *path, const struct stat *st, int flag,
		 struct FTW *ftw)
{
	const char *dot = strrchr(path, '.');
	struct buf text = BUF_INIT;
	struct add_ctx a = { .c = building };
	char **nv;

	(void)st;
	(void)ftw;
	if (flag != FTW_F || !dot || (strcmp(dot, ".v") && strcmp(dot, ".sv") &&
				      strcmp(dot, ".svh") && strcmp(dot, ".vh")))
		return 0;
	if (buf_read_file(&text, path, 8 << 20)) {
		err_clear();
		return 0;
	}
	nv = realloc(building->names, (building->nnames + 1) * sizeof(*nv));
	if (!nv || !(nv[building->nnames] = strdup(path + root_len))) {
		if (nv)
			building->names = nv;
		buf_release(&text);
		err_set(ERR_FAIL, "out of memory");
		return -1;
	}
	building->names = nv;
	a.prob = (uint32_t)building->nnames++;
	ngrams(text.data, text.len, add_one, &a);
	buf_release(&text);
	return a.rc ? -1 : 0;
}

int dataset_contam_build(struct dataset_contam **out, const char *const *dirs,
			 size_t ndirs)
{
	struct dataset_contam *c = calloc(1, sizeof(*c));

	*out = NULL;
	if (!c)
		return err_set(ERR_FAIL, "out of memory");
	building = c;
	for (size_t i = 0; i < ndirs; i++) {
		root_len = strlen(dirs[i]);
		if (root_len && dirs[i][root_len - 1] != '/')
			root_len++;
		if (nftw(dirs[i], visit, 16, FTW_PHYS)) {
			dataset_contam_free(c);
			building = NULL;
			return err_set(ERR_USAGE, "--contamination %s: cannot read it",
				       dirs[i]);
		}
	}
	building = NULL;
	if (!c->nnames) {
		dataset_contam_free(c);
		return err_set(ERR_USAGE, "--contamination: no .v/.sv files found");
	}
	*out = c;
	return 0;
}

void dataset_contam_free(struct dataset_contam *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c->keys);
	free(c->prob);
	free(c);
}

struct hit_ctx {
	const struct dataset_contam *c;
	uint32_t *count; /* per problem */
	uint32_t *touched;
	size_t ntouched;
};

static void hit_one(uint64_t h, void *arg)
{
	struct hit_ctx *x = arg;
	long p = find(x->c, h);

	if (p < 0)
		return;
	if (!x->count[p]++)
		x->touched[x->ntouched++] = (uint32_t)p;
}

int dataset_contam_json(struct buf *b, const struct dataset_contam *c,
			const char *text, size_t len)
{
	struct hit_ctx x = { .c = c };
	size_t total, best = 0;
	long bp = -1;
	int rc;

	if (!c)
		return buf_addstr(b, ",\"contamination\":null");
	x.count = calloc(c->nnames, sizeof(*x.count));
	x.touched = calloc(c->nnames, sizeof(*x.touched));
	if (!x.count || !x.touched) {
		free(x.count);
		free(x.touched);
		return err_set(ERR_FAIL, "out of memory");
	}
	total = ngrams(text, len, hit_one, &x);
	for (size_t i = 0; i < x.ntouched; i++)
		if (x.count[x.touched[i]] > best) {
			best = x.count[x.touched[i]];
			bp = x.touched[i];
		}
	if (bp >= 0 && total && best * 2 >= total) {
		rc = buf_addstr(b, ",\"contamination\":{\"problem\":");
		rc |= djson_str(b, c->names[bp], strlen(c->names[bp]));
		rc |= buf_addf(b, ",\"overlap\":%.3f,\"ngrams\":%zu}",
			       (double)best / (double)total, best);
	} else {
		rc = buf_addstr(b, ",\"contamination\":null");
	}
	free(x.count);
	free(x.touched);
	return rc;
}
