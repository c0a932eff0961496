/*
 * --filter: what a module needs from its repository to compile on its
 * own, taken from the tree of the commit it belongs to (the parent's tree
 * for the before side).  Best effort, and never a guess about behaviour:
 *
 *  - `include "F": replaced by the text of the file whose path ends in
 *    F (inlined as the preprocessor would; conditionals stay around it),
 *    so one self-contained text goes to every tool;
 *  - packages used as P:: (import P::*, P::T): the file named P.sv;
 *  - with modules set, modules (and interfaces) instantiated as
 *    `M [#(...)] u [...] (`: another unit of the module's own file, else
 *    the file named M.sv or M.v (the lowRISC and most projects' naming).
 *
 * Each is taken at most once, its own needs first (packages must precede
 * their users), up to CTX_FILES files and CTX_BYTES bytes.  What cannot
 * be found is left out: the compile stage then names it, and that is the
 * record's reason.  Where several files have the name, the one sharing
 * the longest directory prefix with the module's file is taken.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dataset/miner.h"

#define CTX_FILES 64
#define CTX_BYTES (4u << 20)
#define CTX_DEPTH 8

struct hentry {
	char *path;
	const char *base; /* inside path */
	git_oid id;
};

/* The HDL files of one tree, by base name (sorted). */
struct hindex {
	git_oid tree;
	struct hentry *v;
	size_t n, alloc;
};

struct ctx {
	struct miner *m;
	struct hindex *ix;
	const char *path;        /* the module's file */
	const char *file;        /* its text, and its units */
	const struct dataset_unit *units;
	size_t nunits;
	const char *top;
	bool modules;            /* submodules too, not only packages */
	char **seen;             /* names and paths taken */
	size_t nseen;
	size_t bytes, files;
	struct buf *out;
};

static bool is_hdl(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".v") || !strcmp(dot, ".sv") ||
		       !strcmp(dot, ".svh") || !strcmp(dot, ".vh"));
}

static int index_cb(const char *root, const git_tree_entry *e, void *arg)
{
	struct hindex *ix = arg;
	const char *name = git_tree_entry_name(e);
	struct hentry *h;

	if (git_tree_entry_type(e) != GIT_OBJECT_BLOB || !is_hdl(name))
		return 0;
	if (array_grow(&ix->v, &ix->alloc, ix->n + 1, sizeof(*ix->v), 256))
		return -1;
	h = &ix->v[ix->n];
	h->path = str_fmt("%s%s", root, name);
	if (!h->path)
		return -1;
	h->base = h->path + strlen(root);
	git_oid_cpy(&h->id, git_tree_entry_id(e));
	ix->n++;
	return 0;
}

static int hentry_cmp(const void *a, const void *b)
{
	const struct hentry *x = a, *y = b;
	int c = strcmp(x->base, y->base);

	return c ? c : strcmp(x->path, y->path);
}

static void hindex_clear(struct hindex *ix)
{
	for (size_t i = 0; i < ix->n; i++)
		free(ix->v[i].path);
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

void miner_context_release(struct miner *m)
{
	for (size_t i = 0; i < MINER_CTX_TREES && m->ctx[i]; i++) {
		hindex_clear(m->ctx[i]);
		free(m->ctx[i]);
		m->ctx[i] = NULL;
	}
}

/* The index of tree, built once per tree id (the last two are kept: a
 * commit's after and before sides). */
static struct hindex *tree_index(struct miner *m, git_tree *tree)
{
	const git_oid *id = git_tree_id(tree);
	struct hindex *ix;

	for (size_t i = 0; i < MINER_CTX_TREES; i++)
		if (m->ctx[i] && git_oid_equal(&m->ctx[i]->tree, id))
			return m->ctx[i];
	ix = m->ctx[MINER_CTX_TREES - 1];
	memmove(&m->ctx[1], &m->ctx[0], (MINER_CTX_TREES - 1) * sizeof(*m->ctx));
	if (ix)
		hindex_clear(ix);
	else if (!(ix = calloc(1, sizeof(*ix))))
		return NULL;
	m->ctx[0] = ix;
	if (git_tree_walk(tree, GIT_TREEWALK_PRE, index_cb, ix) < 0) {
		hindex_clear(ix); /* an unreadable subtree: what was read stays out */
		return ix;
	}
	qsort(ix->v, ix->n, sizeof(*ix->v), hentry_cmp);
	git_oid_cpy(&ix->tree, id);
	return ix;
}

static size_t common_dir(const char *a, const char *b)
{
	size_t k = 0, i = 0;

	for (; a[i] && a[i] == b[i]; i++)
		if (a[i] == '/')
			k++;
	return k;
}

/* The file whose path is want or ends in "/want" (want may have
 * directories: an include path), the closest to the module's file. */
static const struct hentry *find_file(const struct ctx *c, const char *want)
{
	const char *base = strrchr(want, '/');
	const struct hentry *best = NULL;
	size_t wl = strlen(want), lo = 0, hi = c->ix->n, bk = 0;

	base = base ? base + 1 : want;
	while (lo < hi) { /* the first entry with this base name */
		size_t mid = (lo + hi) / 2;

		if (strcmp(c->ix->v[mid].base, base) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < c->ix->n && !strcmp(c->ix->v[i].base, base); i++) {
		const struct hentry *h = &c->ix->v[i];
		size_t pl = strlen(h->path), k;

		if (pl < wl || strcmp(h->path + pl - wl, want) ||
		    (pl > wl && h->path[pl - wl - 1] != '/'))
			continue;
		k = common_dir(h->path, c->path);
		if (!best || k > bk) {
			best = h;
			bk = k;
		}
	}
	return best;
}

static bool seen(struct ctx *c, const char *key)
{
	char **nv;

	for (size_t i = 0; i < c->nseen; i++)
		if (!strcmp(c->seen[i], key))
			return true;
	nv = realloc(c->seen, (c->nseen + 1) * sizeof(*nv));
	if (!nv)
		return true;
	c->seen = nv;
	c->seen[c->nseen] = str_fmt("%s", key);
	if (!c->seen[c->nseen])
		return true;
	c->nseen++;
	return false;
}

/* A blob's text (within the budget), or NULL. */
static git_blob *read_text(struct ctx *c, const struct hentry *h)
{
	git_blob *b = NULL;
	size_t n;

	if (c->files >= CTX_FILES ||
	    git_blob_lookup(&b, c->m->repo, &h->id) < 0)
		return NULL;
	n = (size_t)git_blob_rawsize(b);
	if (c->bytes + n > CTX_BYTES ||
	    memchr(git_blob_rawcontent(b), 0, n)) {
		git_blob_free(b);
		return NULL;
	}
	c->bytes += n;
	c->files++;
	return b;
}

static bool tok_eq(const struct dtok *t, const char *w)
{
	return t->len == strlen(w) && !memcmp(t->p, w, t->len);
}

/* text with every `include "F" replaced by F's text (found in the tree). */
static int inline_includes(struct ctx *c, struct buf *out, const char *t,
			   size_t len, int depth)
{
	struct dlex lx;
	struct dtok k, s;
	size_t done = 0;
	int rc = 0;

	dlex_init(&lx, t, len);
	while (!rc && dlex_next(&lx, &k) != DTOK_END) {
		char name[512];
		const struct hentry *h;
		git_blob *b;

		if (k.kind != DTOK_DIRECTIVE || !tok_eq(&k, "`include"))
			continue;
		if (dlex_next(&lx, &s) != DTOK_STRING || s.len < 3 ||
		    s.len - 2 >= sizeof(name) || depth >= CTX_DEPTH)
			continue;
		memcpy(name, s.p + 1, s.len - 2);
		name[s.len - 2] = 0;
		if (!(h = find_file(c, name)) || !(b = read_text(c, h)))
			continue; /* left for the compiler to name */
		rc |= buf_add(out, t + done, (size_t)(k.p - t) - done);
		rc |= buf_addf(out, "// hwforge: `include \"%s\" from %s\n", name,
			       h->path);
		if (!rc)
			rc = inline_includes(c, out, git_blob_rawcontent(b),
					     (size_t)git_blob_rawsize(b), depth + 1);
		rc |= buf_addch(out, '\n');
		git_blob_free(b);
		done = (size_t)(s.p + s.len - t);
	}
	return rc | buf_add(out, t + done, len - done);
}

static int add_text(struct ctx *c, const char *t, size_t len, const char *from);

/* The words that can stand before an identifier and "(" without being a
 * module: not looked up. */
static bool not_a_module(const struct dtok *t)
{
	static const char *const kw[] = {
		"assert", "assume", "cover", "property", "sequence", "function",
		"task", "module", "interface", "program", "class", "new", "if",
		"else", "case", "casez", "casex", "for", "foreach", "while",
		"return", "begin", "end", "input", "output", "inout", "ref",
		"logic", "wire", "reg", "bit", "int", "integer", "assign",
		"always", "always_ff", "always_comb", "always_latch", "initial",
		"localparam", "parameter", "typedef", "import", "export",
		"virtual", "static", "automatic", "generate", "or", "and", "not",
		"posedge", "negedge", "disable", "iff", "unique", "priority",
		NULL,
	};

	for (size_t i = 0; kw[i]; i++)
		if (tok_eq(t, kw[i]))
			return true;
	return false;
}

static int need_package(struct ctx *c, const struct dtok *t)
{
	char name[160], key[170];
	const struct hentry *h;
	git_blob *b;
	int rc;

	if (t->len >= sizeof(name) - 4 || tok_eq(t, "std"))
		return 0;
	memcpy(name, t->p, t->len);
	memcpy(name + t->len, ".sv", 4);
	snprintf(key, sizeof(key), "pkg:%s", name);
	if (seen(c, key) || !(h = find_file(c, name)) || seen(c, h->path))
		return 0;
	if (!(b = read_text(c, h)))
		return 0;
	rc = add_text(c, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
		      h->path);
	git_blob_free(b);
	return rc;
}

static int need_module(struct ctx *c, const struct dtok *t)
{
	char name[160], key[170];
	const struct hentry *h = NULL;
	git_blob *b;
	int rc;

	if (t->len >= sizeof(name) - 4)
		return 0;
	memcpy(name, t->p, t->len);
	name[t->len] = 0;
	snprintf(key, sizeof(key), "mod:%s", name);
	if (!c->modules || !strcmp(name, c->top) || seen(c, key))
		return 0;
	for (size_t i = 0; i < c->nunits; i++) /* a unit of the same file */
		if (!strcmp(c->units[i].name, name))
			return add_text(c, c->file + c->units[i].start,
					c->units[i].end - c->units[i].start,
					c->path);
	for (int v = 0; v < 2 && !h; v++) {
		snprintf(key, sizeof(key), "%s%s", name, v ? ".v" : ".sv");
		h = find_file(c, key);
	}
	if (!h || !strcmp(h->path, c->path) || seen(c, h->path) ||
	    !(b = read_text(c, h)))
		return 0;
	rc = add_text(c, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
		      h->path);
	git_blob_free(b);
	return rc;
}

/* Skip a balanced (...) group starting at the next token. */
static bool skip_group(struct dlex *lx, struct dtok *t)
{
	int depth = 0;

	if (dlex_next(lx, t) != DTOK_PUNCT || *t->p != '(')
		return false;
	for (depth = 1; depth > 0;) {
		if (dlex_next(lx, t) == DTOK_END)
			return false;
		if (t->kind == DTOK_PUNCT && *t->p == '(')
			depth++;
		else if (t->kind == DTOK_PUNCT && *t->p == ')')
			depth--;
	}
	return true;
}

/* Everything text refers to, appended to c->out before text itself. */
static int scan_needs(struct ctx *c, const char *t, size_t len)
{
	struct dlex lx;
	struct dtok a, n;
	int rc = 0;

	dlex_init(&lx, t, len);
	if (dlex_next(&lx, &a) == DTOK_END)
		return 0;
	while (!rc && a.kind != DTOK_END) {
		struct dlex save;
		struct dtok b;

		if (a.kind != DTOK_IDENT) {
			dlex_next(&lx, &a);
			continue;
		}
		dlex_next(&lx, &n);
		if (n.kind == DTOK_PUNCT && *n.p == ':' && lx.s < lx.end &&
		    *lx.s == ':' && n.p == a.p + a.len) { /* P:: */
			rc = need_package(c, &a);
			a = n;
			continue;
		}
		if (not_a_module(&a)) {
			a = n;
			continue;
		}
		save = lx;
		b = n;
		if (b.kind == DTOK_PUNCT && *b.p == '#') {
			struct dlex g = lx;

			if (!skip_group(&g, &b) || dlex_next(&g, &b) == DTOK_END) {
				a = n;
				continue;
			}
			lx = g;
		}
		if (b.kind == DTOK_IDENT) {
			struct dtok p;
			struct dlex g = lx;

			dlex_next(&g, &p);
			while (p.kind == DTOK_PUNCT && *p.p == '[') /* u [3:0] ( */
				while (dlex_next(&g, &p) != DTOK_END &&
				       !(p.kind == DTOK_PUNCT && *p.p == ']'))
					;
			if (p.kind == DTOK_PUNCT && *p.p == ']')
				dlex_next(&g, &p);
			if (p.kind == DTOK_PUNCT && *p.p == '(')
				rc = need_module(c, &a);
		}
		lx = save;
		a = n;
	}
	return rc;
}

static int add_text(struct ctx *c, const char *t, size_t len, const char *from)
{
	struct buf in = BUF_INIT;
	int rc = inline_includes(c, &in, t, len, 0);

	if (!rc)
		rc = scan_needs(c, in.data ? in.data : "", in.len);
	if (!rc && from)
		rc = buf_addf(c->out, "// hwforge: from %s\n", from);
	if (!rc)
		rc = buf_add(c->out, in.data, in.len);
	if (!rc && in.len && in.data[in.len - 1] != '\n')
		rc = buf_addch(c->out, '\n');
	buf_release(&in);
	return rc;
}

int miner_context(struct miner *m, git_tree *tree, const char *path,
		  const char *file, size_t flen, const char *top, bool modules,
		  const char *unit, size_t ulen, struct buf *out)
{
	struct ctx c = { .m = m, .path = path, .file = file, .top = top,
			 .modules = modules, .out = out };
	struct dataset_unit *units = NULL;
	int rc;

	c.ix = tree ? tree_index(m, tree) : NULL;
	if (!c.ix)
		return buf_add(out, unit, ulen);
	if (dataset_split_units(&units, &c.nunits, file, flen))
		return ERR_FAIL;
	c.units = units;
	rc = add_text(&c, unit, ulen, NULL);
	for (size_t i = 0; i < c.nseen; i++)
		free(c.seen[i]);
	free(c.seen);
	free(units);
	return rc;
}
