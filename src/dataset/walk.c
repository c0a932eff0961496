/*
 * The walk over one repository: libgit2 revwalk, message classification
 * first, then a recursive tree compare that skips equal subtree ids (never
 * git_diff_tree_to_tree over the whole tree, which expands every
 * unchanged subtree), then records for the commits that survive.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset/miner.h"

const char *git_msg(void)
{
	const git_error *e = git_error_last();

	return e && e->message ? e->message : "unknown libgit2 error";
}

/* ---- small containers ------------------------------------------------- */

static size_t oid_slot(const git_oid *id, size_t cap)
{
	uint64_t h;

	memcpy(&h, id->id, sizeof(h));
	return (size_t)h & (cap - 1);
}

int oidmap_get(const struct oidmap *m, const git_oid *id)
{
	if (!m->cap)
		return 0;
	for (size_t i = oid_slot(id, m->cap);; i = (i + 1) & (m->cap - 1)) {
		if (!m->vals[i])
			return 0;
		if (!git_oid_cmp(&m->keys[i], id))
			return m->vals[i];
	}
}

static int oidmap_grow(struct oidmap *m)
{
	struct oidmap n = { 0 };

	n.cap = m->cap ? m->cap * 2 : 1024;
	n.keys = malloc(n.cap * sizeof(*n.keys));
	n.vals = calloc(n.cap, 1);
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; i < m->cap; i++)
		if (m->vals[i] && oidmap_put(&n, &m->keys[i], m->vals[i]))
			return ERR_FAIL;
	oidmap_release(m);
	*m = n;
	return 0;
}

int oidmap_put(struct oidmap *m, const git_oid *id, int val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap && oidmap_grow(m))
		return ERR_FAIL;
	for (i = oid_slot(id, m->cap); m->vals[i]; i = (i + 1) & (m->cap - 1))
		if (!git_oid_cmp(&m->keys[i], id)) {
			m->vals[i] = (signed char)val;
			return 0;
		}
	git_oid_cpy(&m->keys[i], id);
	m->vals[i] = (signed char)val;
	m->n++;
	return 0;
}

void oidmap_release(struct oidmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

uint64_t hash64(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h | 1; /* 0 marks an empty slot */
}

bool hset_has(const struct hset *s, uint64_t h)
{
	if (!s->cap)
		return false;
	for (size_t i = h & (s->cap - 1);; i = (i + 1) & (s->cap - 1)) {
		if (!s->v[i])
			return false;
		if (s->v[i] == h)
			return true;
	}
}

int hset_add(struct hset *s, uint64_t h)
{
	size_t i;

	if ((s->n + 1) * 2 > s->cap) {
		struct hset n = { .cap = s->cap ? s->cap * 2 : 256 };

		n.v = calloc(n.cap, sizeof(*n.v));
		if (!n.v)
			return err_set(ERR_FAIL, "out of memory");
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k])
				hset_add(&n, s->v[k]);
		free(s->v);
		*s = n;
	}
	for (i = h & (s->cap - 1); s->v[i]; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == h)
			return 0;
	s->v[i] = h;
	s->n++;
	return 0;
}

void hset_release(struct hset *s)
{
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void changes_release(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].path);
		free(c->v[i].old_path);
	}
	free(c->v);
	memset(c, 0, sizeof(*c));
}

/* ---- the tree compare ------------------------------------------------- */

/* Direct-mapped on the id's first bytes: one probe per lookup. */
int miner_tree(struct miner *m, git_tree **out, const git_oid *id)
{
	struct tree_cache *c = &m->tc;
	size_t k = ((size_t)id->id[0] << 8 | id->id[1]) % TREE_CACHE;

	if (c->t[k] && git_oid_equal(&c->id[k], id))
		return git_tree_dup(out, c->t[k]);
	if (git_tree_lookup(out, m->repo, id) < 0)
		return -1;
	git_tree_free(c->t[k]);
	c->t[k] = NULL;
	if (!git_tree_dup(&c->t[k], *out))
		git_oid_cpy(&c->id[k], id);
	return 0;
}

void miner_tree_cache_release(struct miner *m)
{
	for (size_t i = 0; i < TREE_CACHE; i++) {
		git_tree_free(m->tc.t[i]);
		m->tc.t[i] = NULL;
	}
}

static bool is_hdl(const char *name)
{
	const char *dot = strrchr(name, '.');

	return dot && (!strcmp(dot, ".v") || !strcmp(dot, ".sv") ||
		       !strcmp(dot, ".svh") || !strcmp(dot, ".vh"));
}

static int add_change(struct changes *out, const struct buf *prefix,
		      const char *name, char kind, const git_oid *old_id,
		      const git_oid *new_id)
{
	struct change *c;

	if (array_grow(&out->v, &out->alloc, out->n + 1, sizeof(*out->v), 16))
		return ERR_FAIL;
	c = &out->v[out->n];
	memset(c, 0, sizeof(*c));
	c->path = str_fmt("%s%s", prefix->data, name);
	if (!c->path)
		return err_set(ERR_FAIL, "out of memory");
	c->kind = kind;
	if (old_id)
		git_oid_cpy(&c->old_id, old_id);
	if (new_id)
		git_oid_cpy(&c->new_id, new_id);
	out->n++;
	return 0;
}

struct tcmp {
	struct miner *m;
	struct changes *out;
	bool first_only; /* stop at the first HDL change (listing) */
	struct buf prefix;
};

/* Every HDL blob under tree `id` as an add or delete; or, first_only,
 * just whether there is one (memoized per tree id). Returns 1 found. */
static int tree_side(struct tcmp *t, const git_oid *id, char kind)
{
	git_tree *tree = NULL;
	int found = 0, rc, memo = oidmap_get(&t->m->has_hdl, id);
	size_t plen = t->prefix.len;

	if (memo == 1 || (memo == 2 && t->first_only))
		return memo == 2;
	rc = miner_tree(t->m, &tree, id);
	if (rc < 0)
		return err_set(ERR_FAIL, "tree %s: %s", git_oid_tostr_s(id),
			       git_msg());
	for (size_t i = 0, n = git_tree_entrycount(tree); i < n && rc >= 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);
		const char *name = git_tree_entry_name(e);
		git_object_t ty = git_tree_entry_type(e);

		if (ty == GIT_OBJECT_TREE) {
			rc = buf_addf(&t->prefix, "%s/", name);
			if (!rc)
				rc = tree_side(t, git_tree_entry_id(e), kind);
			buf_setlen(&t->prefix, plen);
		} else if (ty == GIT_OBJECT_BLOB && is_hdl(name) &&
			   (t->first_only || git_tree_entry_filemode(e) != GIT_FILEMODE_LINK)) {
			rc = 1;
			if (!t->first_only &&
			    add_change(t->out, &t->prefix, name, kind,
				       kind == CH_DEL ? git_tree_entry_id(e) : NULL,
				       kind == CH_ADD ? git_tree_entry_id(e) : NULL))
				rc = ERR_FAIL;
		} else {
			rc = 0;
		}
		if (rc > 0) {
			found = 1;
			if (t->first_only)
				break;
		}
	}
	git_tree_free(tree);
	if (rc < 0)
		return rc;
	if (oidmap_put(&t->m->has_hdl, id, found ? 2 : 1))
		return ERR_FAIL;
	return found;
}

/* git's order: a tree's name sorts as if it ended in '/'. */
static int entry_cmp(const git_tree_entry *a, const git_tree_entry *b)
{
	const char *x = git_tree_entry_name(a), *y = git_tree_entry_name(b);
	size_t i = 0;
	int cx, cy;

	while (x[i] && x[i] == y[i])
		i++;
	cx = x[i] ? (unsigned char)x[i]
		  : (git_tree_entry_type(a) == GIT_OBJECT_TREE ? '/' : 0);
	cy = y[i] ? (unsigned char)y[i]
		  : (git_tree_entry_type(b) == GIT_OBJECT_TREE ? '/' : 0);
	return cx - cy;
}

static int one_side(struct tcmp *t, const git_tree_entry *e, char kind)
{
	const char *name = git_tree_entry_name(e);
	git_object_t ty = git_tree_entry_type(e);
	size_t plen = t->prefix.len;
	int rc;

	if (ty == GIT_OBJECT_TREE) {
		rc = buf_addf(&t->prefix, "%s/", name);
		if (!rc)
			rc = tree_side(t, git_tree_entry_id(e), kind);
		buf_setlen(&t->prefix, plen);
		return rc;
	}
	if (ty != GIT_OBJECT_BLOB || !is_hdl(name) ||
	    (!t->first_only && git_tree_entry_filemode(e) == GIT_FILEMODE_LINK))
		return 0;
	if (t->first_only)
		return 1;
	rc = add_change(t->out, &t->prefix, name, kind,
			kind == CH_DEL ? git_tree_entry_id(e) : NULL,
			kind == CH_ADD ? git_tree_entry_id(e) : NULL);
	return rc ? rc : 1;
}

static int tree_pair(struct tcmp *t, const git_tree *a, const git_tree *b);

/* Two entries of the same name and kind whose ids or modes differ. */
static int both_sides(struct tcmp *t, const git_tree_entry *ea,
		      const git_tree_entry *eb)
{
	const char *name = git_tree_entry_name(ea);
	git_tree *ta = NULL, *tb = NULL;
	size_t plen = t->prefix.len;
	int rc;

	if (git_tree_entry_type(ea) != GIT_OBJECT_TREE) {
		if (git_tree_entry_type(ea) != GIT_OBJECT_BLOB ||
		    git_tree_entry_type(eb) != GIT_OBJECT_BLOB || !is_hdl(name))
			return 0; /* a submodule or another file */
		if (!t->first_only &&
		    (git_tree_entry_filemode(ea) == GIT_FILEMODE_LINK ||
		     git_tree_entry_filemode(eb) == GIT_FILEMODE_LINK))
			return 0; /* a symlink's text is a path, not HDL */
		if (t->first_only)
			return 1;
		rc = add_change(t->out, &t->prefix, name, CH_MOD,
				git_tree_entry_id(ea), git_tree_entry_id(eb));
		return rc ? rc : 1;
	}
	if (miner_tree(t->m, &ta, git_tree_entry_id(ea)) < 0 ||
	    miner_tree(t->m, &tb, git_tree_entry_id(eb)) < 0) {
		git_tree_free(ta);
		return err_set(ERR_FAIL, "tree %s%s: %s", t->prefix.data, name,
			       git_msg());
	}
	rc = buf_addf(&t->prefix, "%s/", name);
	if (!rc)
		rc = tree_pair(t, ta, tb);
	buf_setlen(&t->prefix, plen);
	git_tree_free(ta);
	git_tree_free(tb);
	return rc;
}

static int tree_pair(struct tcmp *t, const git_tree *a, const git_tree *b)
{
	size_t i = 0, j = 0, na = a ? git_tree_entrycount(a) : 0,
	       nb = git_tree_entrycount(b);
	int rc = 0, found = 0;

	while ((i < na || j < nb) && rc >= 0) {
		const git_tree_entry *ea = i < na ? git_tree_entry_byindex(a, i) : NULL;
		const git_tree_entry *eb = j < nb ? git_tree_entry_byindex(b, j) : NULL;
		int c = !ea ? 1 : !eb ? -1 : entry_cmp(ea, eb);

		if (c < 0) {
			rc = one_side(t, ea, CH_DEL);
			i++;
		} else if (c > 0) {
			rc = one_side(t, eb, CH_ADD);
			j++;
		} else {
			rc = 0;
			if (git_oid_cmp(git_tree_entry_id(ea), git_tree_entry_id(eb)) ||
			    git_tree_entry_filemode(ea) != git_tree_entry_filemode(eb))
				rc = both_sides(t, ea, eb);
			i++;
			j++;
		}
		if (rc > 0) {
			found = 1;
			if (t->first_only)
				return 1;
		}
	}
	return rc < 0 ? rc : found;
}

int miner_tree_diff(struct miner *m, const git_tree *a, const git_tree *b,
		    struct changes *out, bool first_only)
{
	struct tcmp t = { .m = m, .out = out, .first_only = first_only,
			  .prefix = BUF_INIT };
	int rc = tree_pair(&t, a, b);

	buf_release(&t.prefix);
	return rc;
}
