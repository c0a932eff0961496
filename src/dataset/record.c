/*
 * Module-level records of one candidate commit: renames, blob loading
 * (caps, binary and missing objects skipped with a reason), units paired
 * by name across the commit's files (a module moved or split into another
 * file still pairs), hunks, roles, licence, and the JSON line.
 */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataset/miner.h"

struct side {
	const struct change *ch;
	const char *path;
	git_oid id;
	git_blob *blob;
	const char *text;
	size_t len;
	const struct dataset_unit *units; /* its split (valid while loading) */
	size_t nunits;
	bool ok;
};

struct uref {
	struct side *s;
	struct dataset_unit u; /* name "" for a file without units */
	bool used;
};

/* Where each line of a unit's text starts (n + 1 offsets, the last the
 * text's length). */
struct lines {
	size_t *off;
	size_t n;
};

struct pair {
	struct uref *b, *a;
	int same; /* dataset_same_code(): 0 code, 1 white space, 2 comments */
	git_patch *patch; /* over the line ids of ids_text(), see make_pairs */
	struct lines lb, la;
	size_t add, del;
	const char *role; /* record_role(), set before the pair is emitted */
};

/* One candidate commit: made ready by the walk (objects read, units
 * paired, roles and licence), emitted by emit() on the emitter thread or
 * in line (see miner_emitter_start()).  It owns all it points to. */
struct crec {
	struct miner *m;
	git_commit *c;
	git_tree *root;
	struct dataset_class cls;
	struct changes ch;
	const char *lic; /* repo_licence() */
	struct crec *next; /* the emitter's queue */
	struct side *sides;
	size_t nsides;
	struct uref *ub, *ua;
	size_t nb, na;
	struct pair *pairs;
	size_t npairs;
};

#define MINER_SKIP_LINES 20

int miner_skip(struct miner *m, const git_oid *commit, const char *path,
	       const git_oid *blob, const char *reason, size_t size)
{
	struct buf b = BUF_INIT;
	int rc = 0;
	uint64_t h;

	rc |= buf_addstr(&b, "{\"repo\":");
	rc |= djson_str(&b, m->name, strlen(m->name));
	rc |= buf_addf(&b, ",\"commit\":\"%s\",\"path\":", git_oid_tostr_s(commit));
	if (path)
		rc |= djson_str(&b, path, strlen(path));
	else
		rc |= buf_addstr(&b, "null");
	rc |= buf_addf(&b, ",\"object\":\"%s\",\"reason\":", git_oid_tostr_s(blob));
	rc |= djson_str(&b, reason, strlen(reason));
	rc |= buf_addf(&b, ",\"size\":%zu}\n", size);
	h = hash64(b.data, b.len);
	if (!rc && !hset_has(&m->skipped, h)) {
		rc = hset_add(&m->skipped, h);
		m->st->skipped++;
		/* one line each on stderr, up to a point (a partial clone
		 * misses thousands); all of them are in skipped.jsonl */
		if (m->st->skipped <= MINER_SKIP_LINES) {
			char sz[40] = "";

			if (size)
				snprintf(sz, sizeof(sz), " (%zu bytes)", size);
			log_warn("%s: %.12s %s: %s%s, skipped", m->name,
				 git_oid_tostr_s(commit), path ? path : "(commit)",
				 reason, sz);
		} else if (m->st->skipped == MINER_SKIP_LINES + 1) {
			log_warn("%s: more objects skipped: see skipped.jsonl",
				 m->name);
		}
		if (!rc && m->skip &&
		    (fwrite(b.data, 1, b.len, m->skip) != b.len || fflush(m->skip)))
			rc = err_set_errno(ERR_FAIL, "write skipped.jsonl");
	}
	buf_release(&b);
	return rc;
}

/* ---- renames ---------------------------------------------------------- */

static void rename_exact(struct changes *ch)
{
	for (size_t i = 0; i < ch->n; i++) {
		struct change *d = &ch->v[i];

		if (d->kind != CH_DEL)
			continue;
		for (size_t j = 0; j < ch->n; j++) {
			struct change *a = &ch->v[j];

			if (a->kind != CH_ADD || git_oid_cmp(&a->new_id, &d->old_id))
				continue;
			a->kind = CH_REN;
			a->old_path = d->path;
			git_oid_cpy(&a->old_id, &d->old_id);
			d->path = NULL;
			d->kind = 0;
			break;
		}
	}
}

/* ---- blobs ------------------------------------------------------------ */

/* 0 loaded, 1 skipped (reason written), negative on a hard failure. */
static int load_side(struct crec *r, struct side *s)
{
	struct miner *m = r->m;
	const git_oid *cid = git_commit_id(r->c);
	git_object_t ty;
	size_t len = 0;
	int rc = git_odb_read_header(&len, &ty, m->odb, &s->id);

	if (rc == GIT_ENOTFOUND)
		return miner_skip(m, cid, s->path, &s->id, "missing object", 0)
			       ?: 1;
	if (rc < 0) {
		char why[256];

		snprintf(why, sizeof(why), "unreadable object: %s", git_msg());
		return miner_skip(m, cid, s->path, &s->id, why, 0) ?: 1;
	}
	if (len > m->o->max_blob)
		return miner_skip(m, cid, s->path, &s->id, "too big", len) ?: 1;
	rc = git_blob_lookup(&s->blob, m->repo, &s->id);
	if (rc < 0) {
		char why[256];

		snprintf(why, sizeof(why), "%s: %s",
			 rc == GIT_ENOTFOUND ? "missing object" : "unreadable object",
			 git_msg());
		return miner_skip(m, cid, s->path, &s->id, why, len) ?: 1;
	}
	s->text = git_blob_rawcontent(s->blob);
	s->len = (size_t)git_blob_rawsize(s->blob);
	if (memchr(s->text, 0, s->len) ||
	    buf_is_binary(s->text, s->len < 8192 ? s->len : 8192))
		return miner_skip(m, cid, s->path, &s->id, "binary", s->len) ?: 1;
	s->ok = true;
	return 0;
}

static int add_units(struct uref **v, size_t *n, struct side *s,
		     const struct dataset_unit *u, size_t k)
{
	struct uref *nv = realloc(*v, (*n + (k ? k : 1)) * sizeof(*nv));

	if (!nv)
		return err_set(ERR_FAIL, "out of memory");
	*v = nv;
	if (!k) { /* a header or a file of macros: the whole file */
		memset(&nv[*n], 0, sizeof(*nv));
		nv[*n].s = s;
		nv[*n].u.end = s->len;
		nv[*n].u.line = 1;
		(*n)++;
	}
	for (size_t i = 0; i < k; i++) {
		nv[*n] = (struct uref){ .s = s, .u = u[i] };
		(*n)++;
	}
	return 0;
}

void miner_blob_cache_release(struct miner *m)
{
	for (size_t i = 0; i < BLOB_CACHE; i++) {
		git_blob_free(m->bc.b[i]);
		free(m->bc.u[i]);
		m->bc.b[i] = NULL;
		m->bc.u[i] = NULL;
	}
}

/* A cached, already split blob: s filled and its units added; 1 if absent. */
static int cached_side(struct miner *m, struct side *s, struct uref **v,
		       size_t *n)
{
	struct blob_cache *c = &m->bc;

	for (size_t i = 0; i < BLOB_CACHE; i++) {
		if (!c->b[i] || !git_oid_equal(&c->id[i], &s->id))
			continue;
		if (git_blob_dup(&s->blob, c->b[i]) < 0)
			return 1;
		s->text = git_blob_rawcontent(s->blob);
		s->len = (size_t)git_blob_rawsize(s->blob);
		s->units = c->u[i];
		s->nunits = c->nu[i];
		s->ok = true;
		return add_units(v, n, s, c->u[i], c->nu[i]) ? ERR_FAIL : 0;
	}
	return 1;
}

/* Load one side of a change and split it (an after side as an edit of
 * its loaded before side prev, NULL if none); rc 0 or 1 (skipped). */
static int load_one(struct crec *r, struct side *s, const struct change *c,
		    bool before, const struct side *prev, struct uref **v,
		    size_t *n)
{
	struct blob_cache *bc = &r->m->bc;
	struct dataset_unit *u = NULL;
	size_t k = 0, slot;
	int rc;

	s->ch = c;
	s->path = before && c->old_path ? c->old_path : c->path;
	git_oid_cpy(&s->id, before ? &c->old_id : &c->new_id);
	r->nsides++;
	rc = cached_side(r->m, s, v, n);
	if (rc <= 0)
		return rc;
	rc = load_side(r, s);
	if (rc)
		return rc;
	if (prev && prev->ok
		    ? dataset_split_units_after(&u, &k, s->text, s->len, prev->text,
						prev->len, prev->units, prev->nunits)
		    : dataset_split_units(&u, &k, s->text, s->len))
		return ERR_FAIL;
	s->units = u;
	s->nunits = k;
	rc = add_units(v, n, s, u, k) ? ERR_FAIL : 0;
	slot = bc->next++ % BLOB_CACHE;
	git_blob_free(bc->b[slot]);
	free(bc->u[slot]);
	bc->b[slot] = NULL;
	bc->u[slot] = u;
	bc->nu[slot] = k;
	if (git_blob_dup(&bc->b[slot], s->blob) < 0) {
		free(u);
		bc->u[slot] = NULL;
		s->units = NULL;
		s->nunits = 0;
	} else {
		git_oid_cpy(&bc->id[slot], &s->id);
	}
	return rc;
}

/*
 * Load both sides of every modified or renamed file, and the added and
 * deleted files when there are few of them (a module moved or split into
 * a new file pairs with its old self by name; a vendored import of
 * hundreds of new files pairs nothing and is not read).
 */
#define MAX_ADD_DEL 16

static int load_all(struct crec *r, struct changes *ch)
{
	size_t adddel = 0;

	for (size_t i = 0; i < ch->n; i++)
		adddel += ch->v[i].kind == CH_ADD || ch->v[i].kind == CH_DEL;
	r->sides = calloc(ch->n * 2 + 1, sizeof(*r->sides));
	if (!r->sides)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < ch->n; i++) {
		struct change *c = &ch->v[i];
		struct side *b = &r->sides[r->nsides];
		int rc = 0;

		if (!c->kind ||
		    ((c->kind == CH_ADD || c->kind == CH_DEL) && adddel > MAX_ADD_DEL))
			continue;
		if (c->kind != CH_ADD)
			rc = load_one(r, b, c, true, NULL, &r->ub, &r->nb);
		if (rc < 0)
			return rc;
		if (c->kind == CH_DEL || rc)
			continue;
		rc = load_one(r, &r->sides[r->nsides], c, false,
			      c->kind != CH_ADD ? b : NULL, &r->ua, &r->na);
		if (rc < 0)
			return rc;
		for (size_t j = 0; rc && j < r->nb; j++)
			if (r->ub[j].s == b)
				r->ub[j].used = true; /* its after side was skipped */
	}
	return 0;
}

/* ---- pairing ---------------------------------------------------------- */

static bool same_file(const struct uref *b, const struct uref *a)
{
	return b->s->ch == a->s->ch;
}

static struct uref *find_before(struct crec *r, const struct uref *a)
{
	struct uref *any = NULL;

	for (size_t i = 0; i < r->nb; i++) {
		struct uref *b = &r->ub[i];

		if (b->used || strcmp(b->u.name, a->u.name))
			continue;
		if (same_file(b, a))
			return b;
		if (!any && a->u.name[0])
			any = b; /* moved to another file of this commit */
	}
	return any;
}

/*
 * xdiff's result depends only on which lines are equal (no white-space
 * flags, no indent heuristic), not on their text, so both sides are
 * diffed as sequences of short line ids: one id per distinct line (the
 * newline included; a last line without one keeps having none).  Same
 * hunks, same line numbers, but libgit2 hashes (SHA-1) and classifies a
 * few bytes a line instead of the module's text; the lines' text is taken
 * back from the unit (pair_line()).
 */
struct lid {
	uint64_t h;
	const char *p;
	size_t len;
	size_t id;
};

struct lidmap {
	struct lid *v;
	size_t cap, n;
};

/* A line's hash, eight bytes a step (never 0: 0 marks an empty slot). */
static uint64_t line_hash(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, w;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, p + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < n) {
		w = 0;
		memcpy(&w, p + i, n - i);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
	}
	return (h ^ h >> 29) | 1;
}

static int lid_of(struct lidmap *m, const char *p, size_t len, size_t *id)
{
	uint64_t h = line_hash(p, len);
	size_t i;

	if ((m->n + 1) * 2 > m->cap) {
		struct lidmap g = { .cap = m->cap ? m->cap * 2 : 256 };

		g.v = calloc(g.cap, sizeof(*g.v));
		if (!g.v)
			return err_set(ERR_FAIL, "out of memory");
		for (size_t k = 0; k < m->cap; k++) {
			if (!m->v[k].h)
				continue;
			for (i = m->v[k].h & (g.cap - 1); g.v[i].h; i = (i + 1) & (g.cap - 1))
				;
			g.v[i] = m->v[k];
		}
		free(m->v);
		m->v = g.v;
		m->cap = g.cap;
	}
	for (i = h & (m->cap - 1); m->v[i].h; i = (i + 1) & (m->cap - 1))
		if (m->v[i].h == h && m->v[i].len == len && !memcmp(m->v[i].p, p, len)) {
			*id = m->v[i].id;
			return 0;
		}
	m->v[i] = (struct lid){ .h = h, .p = p, .len = len, .id = m->n };
	*id = m->n++;
	return 0;
}

/* Split t into lines (into ln) and write their ids, one a line, to out. */
static int ids_text(struct lidmap *m, const char *t, size_t len,
		    struct lines *ln, struct buf *out)
{
	static const char digit[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz+/";
	size_t n = 0, cap = 64;
	int rc = 0;

	ln->off = malloc(cap * sizeof(*ln->off));
	if (!ln->off)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < len && !rc;) {
		const char *nl = memchr(t + i, '\n', len - i);
		size_t e = nl ? (size_t)(nl - t) + 1 : len, id = 0;
		char tmp[16];
		size_t k = 0;

		if (n + 2 > cap) {
			size_t *no = realloc(ln->off, (cap *= 2) * sizeof(*no));

			if (!no)
				return err_set(ERR_FAIL, "out of memory");
			ln->off = no;
		}
		ln->off[n++] = i;
		rc = lid_of(m, t + i, e - i, &id);
		do
			tmp[k++] = digit[id & 63];
		while ((id >>= 6));
		if (!rc)
			rc = buf_add(out, tmp, k);
		if (!rc && nl)
			rc = buf_addch(out, '\n');
		i = e;
	}
	ln->off[n] = len;
	ln->n = n;
	return rc;
}

/* The text of a diff line, from the unit (see ids_text()). */
static void pair_line(const struct pair *p, const git_diff_line *dl,
		      const char **s, size_t *n)
{
	const struct lines *ln = NULL;
	const char *t = NULL;
	int no = 0;

	if (dl->origin == '+') {
		ln = &p->la;
		t = p->a->s->text + p->a->u.start;
		no = dl->new_lineno;
	} else if (dl->origin == '-' || dl->origin == ' ') {
		ln = &p->lb;
		t = p->b->s->text + p->b->u.start;
		no = dl->old_lineno;
	}
	if (!ln || no < 1 || (size_t)no > ln->n) { /* "\ No newline ..." */
		*s = dl->content;
		*n = dl->content_len;
		return;
	}
	*s = t + ln->off[no - 1];
	*n = ln->off[no] - ln->off[no - 1];
}

static void pair_release(struct pair *p)
{
	git_patch_free(p->patch);
	free(p->lb.off);
	free(p->la.off);
}

/* Pair the units by name; which pairs changed code, not yet their hunks. */
static int make_pairs(struct crec *r)
{
	r->pairs = calloc(r->na + 1, sizeof(*r->pairs));
	if (!r->pairs)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < r->na; i++) {
		struct uref *a = &r->ua[i], *b = find_before(r, a);
		const char *bt, *at;
		size_t bl, al;
		struct pair *p;

		if (!b)
			continue;
		b->used = true;
		bt = b->s->text + b->u.start;
		bl = b->u.end - b->u.start;
		at = a->s->text + a->u.start;
		al = a->u.end - a->u.start;
		if (bl == al && !memcmp(bt, at, al))
			continue;
		p = &r->pairs[r->npairs++];
		p->b = b;
		p->a = a;
		p->same = dataset_same_code(bt, bl, at, al);
	}
	return 0;
}

/* The hunks and line counts of every pair. */
static int diff_pairs(struct crec *r)
{
	git_diff_options dopt;
	struct lidmap ids = { 0 };
	struct buf xb = BUF_INIT, xa = BUF_INIT;
	int rc = 0;

	git_diff_options_init(&dopt, GIT_DIFF_OPTIONS_VERSION);
	for (size_t i = 0; i < r->npairs && !rc; i++) {
		struct pair *p = &r->pairs[i];
		const char *bt = p->b->s->text + p->b->u.start;
		const char *at = p->a->s->text + p->a->u.start;
		size_t bl = p->b->u.end - p->b->u.start;
		size_t al = p->a->u.end - p->a->u.start, ctx;

		/* a table sized for this pair (two slots for 32 bytes): clearing
		 * one grown by the largest module would cost more than the pair */
		free(ids.v);
		ids = (struct lidmap){ .cap = 256 };
		while (ids.cap < (bl + al) / 16)
			ids.cap *= 2;
		ids.v = calloc(ids.cap, sizeof(*ids.v));
		if (!ids.v) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		buf_reset(&xb);
		buf_reset(&xa);
		rc = ids_text(&ids, bt, bl, &p->lb, &xb);
		if (!rc)
			rc = ids_text(&ids, at, al, &p->la, &xa);
		if (!rc && git_patch_from_buffers(&p->patch, xb.data, xb.len, NULL,
						  xa.data, xa.len, NULL, &dopt) < 0)
			rc = err_set(ERR_FAIL, "diff: %s", git_msg());
		if (!rc)
			git_patch_line_stats(&ctx, &p->add, &p->del, p->patch);
	}
	free(ids.v);
	buf_release(&xb);
	buf_release(&xa);
	return rc;
}

/* ---- roles and licence ------------------------------------------------ */

static bool header_generated(const char *t, size_t len)
{
	static const char *const marks[] = {
		"auto-generated", "autogenerated", "automatically generated",
		"do not edit", "generated by", "this file is generated",
		"machine generated", NULL,
	};
	char head[2049];
	size_t n = len < 2048 ? len : 2048;

	for (size_t i = 0; i < n; i++)
		head[i] = (char)tolower((unsigned char)t[i]);
	head[n] = 0;
	for (size_t i = 0; marks[i]; i++)
		if (strstr(head, marks[i]))
			return true;
	return false;
}

static void load_attrs(struct crec *r)
{
	struct miner *m = r->m;
	const git_tree_entry *e = git_tree_entry_byname(r->root, ".gitattributes");
	git_blob *b = NULL;

	if (!e) {
		free(m->attrs);
		m->attrs = NULL;
		m->attr_valid = false;
		return;
	}
	if (m->attr_valid && !git_oid_cmp(&m->attr_blob, git_tree_entry_id(e)))
		return;
	free(m->attrs);
	m->attrs = NULL;
	m->attr_valid = true;
	git_oid_cpy(&m->attr_blob, git_tree_entry_id(e));
	if (git_blob_lookup(&b, m->repo, git_tree_entry_id(e)) < 0)
		return;
	if (git_blob_rawsize(b) < (1 << 20))
		m->attrs = str_fmt("%.*s", (int)git_blob_rawsize(b),
				   (const char *)git_blob_rawcontent(b));
	git_blob_free(b);
}

/* gitattributes pattern matching, as far as the miner needs it. */
static bool attr_match(const char *pat, const char *path)
{
	const char *base = strrchr(path, '/');
	char p[512];
	size_t n = strlen(pat);

	if (n >= sizeof(p))
		return false;
	memcpy(p, pat, n + 1);
	if (n > 3 && !strcmp(p + n - 3, "/**")) { /* "dir/" + "**": anything below */
		p[n - 3] = 0;
		if (p[0] == '/')
			memmove(p, p + 1, strlen(p));
		n = strlen(p);
		return !strncmp(path, p, n) && path[n] == '/';
	}
	if (!strchr(p, '/'))
		return !fnmatch(p, base ? base + 1 : path, 0);
	return !fnmatch(p[0] == '/' ? p + 1 : p, path, 0);
}

static const char *attrs_role(const struct miner *m, const char *path)
{
	const char *role = NULL;

	for (const char *l = m->attrs; l && *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		char line[1024], *pat, *save = NULL;

		if (n < sizeof(line) && l[0] != '#') {
			memcpy(line, l, n);
			line[n] = 0;
			pat = strtok_r(line, " \t\r", &save);
			for (char *a; pat && (a = strtok_r(NULL, " \t\r", &save));) {
				bool gen = !strncmp(a, "linguist-generated", 18),
				     ven = !strncmp(a, "linguist-vendored", 17);

				if ((gen || ven) && !strstr(a, "=false") &&
				    attr_match(pat, path))
					role = gen ? "generated" : "vendored";
				else if ((gen || ven) && attr_match(pat, path))
					role = NULL; /* a later line unsets it */
			}
		}
		l = e ? e + 1 : NULL;
	}
	return role;
}

static const char *record_role(struct crec *r, const struct pair *p)
{
	const char *role = dataset_path_role(p->a->s->path);
	const char *attr = attrs_role(r->m, p->a->s->path);

	if (!strcmp(role, "vendored"))
		return role;
	if (attr)
		return attr;
	if (!strcmp(role, "generated") ||
	    header_generated(p->a->s->text, p->a->s->len) ||
	    header_generated(p->b->s->text, p->b->s->len))
		return "generated";
	return role;
}

static const char *repo_licence(struct crec *r)
{
	struct miner *m = r->m;
	const git_tree_entry *best = NULL;
	git_blob *b = NULL;

	for (size_t i = 0, n = git_tree_entrycount(r->root); i < n; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(r->root, i);
		const char *nm = git_tree_entry_name(e);

		if (git_tree_entry_type(e) != GIT_OBJECT_BLOB)
			continue;
		if (!strncasecmp(nm, "license", 7) || !strncasecmp(nm, "licence", 7) ||
		    !strncasecmp(nm, "copying", 7)) {
			best = e;
			if (!strcasecmp(nm, "license") || !strncasecmp(nm, "license.", 8))
				break;
		}
	}
	if (!best)
		return NULL;
	if (m->lic_valid && !git_oid_cmp(&m->lic_blob, git_tree_entry_id(best)))
		return m->lic_spdx;
	m->lic_valid = true;
	m->lic_spdx = NULL;
	git_oid_cpy(&m->lic_blob, git_tree_entry_id(best));
	if (git_blob_lookup(&b, m->repo, git_tree_entry_id(best)) < 0)
		return NULL;
	m->lic_spdx = dataset_licence_spdx(git_blob_rawcontent(b),
					   (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return m->lic_spdx;
}

/* The SPDX-License-Identifier of a file's first 4 KiB, into out. */
static bool file_spdx(const char *t, size_t len, char *out, size_t n)
{
	static const char key[] = "SPDX-License-Identifier:";
	size_t lim = len < 4096 ? len : 4096, k = 0;
	const char *p = NULL;

	for (size_t i = 0; i + sizeof(key) - 1 <= lim; i++)
		if (t[i] == 'S' && !memcmp(t + i, key, sizeof(key) - 1)) {
			p = t + i + sizeof(key) - 1;
			break;
		}
	if (!p)
		return false;
	while (p < t + lim && (*p == ' ' || *p == '\t'))
		p++;
	while (p < t + lim && k + 1 < n && !isspace((unsigned char)*p) &&
	       !(p[0] == '*' && p + 1 < t + lim && p[1] == '/'))
		out[k++] = *p++;
	out[k] = 0;
	return k > 0;
}

/* ---- the JSON line ---------------------------------------------------- */

static int add_hunks(struct buf *b, const struct pair *p)
{
	int off_b = p->b->u.line - 1, off_a = p->a->u.line - 1, rc = 0;

	rc |= buf_addstr(b, ",\"hunks\":[");
	for (size_t h = 0, nh = git_patch_num_hunks(p->patch); h < nh && !rc; h++) {
		const git_diff_hunk *hk;
		size_t nl;
		struct buf t = BUF_INIT;

		if (git_patch_get_hunk(&hk, &nl, p->patch, h) < 0)
			return err_set(ERR_FAIL, "diff: %s", git_msg());
		for (size_t l = 0; l < nl && !rc; l++) {
			const git_diff_line *dl;

			const char *s;
			size_t sn;

			if (git_patch_get_line_in_hunk(&dl, p->patch, h, l) < 0)
				continue;
			if (dl->origin == '+' || dl->origin == '-' || dl->origin == ' ')
				rc |= buf_addch(&t, dl->origin);
			pair_line(p, dl, &s, &sn);
			rc |= buf_add(&t, s, sn);
		}
		rc |= buf_addf(b, "%s{\"old_start\":%d,\"old_lines\":%d,"
			       "\"new_start\":%d,\"new_lines\":%d,\"text\":",
			       h ? "," : "", hk->old_start + off_b, hk->old_lines,
			       hk->new_start + off_a, hk->new_lines);
		rc |= djson_str(b, t.data, t.len);
		rc |= buf_addch(b, '}');
		buf_release(&t);
	}
	return rc | buf_addch(b, ']');
}

static int add_str_field(struct buf *b, const char *key, const char *v)
{
	int rc = buf_addf(b, ",\"%s\":", key);

	if (!v)
		return rc | buf_addstr(b, "null");
	return rc | djson_str(b, v, strlen(v));
}

static const char *change_name(int same)
{
	return same == 0 ? "code" : same == 1 ? "whitespace_only" : "comment_only";
}

/*
 * The near-duplicate signature is over the change, not the module: the
 * removed and added lines (with their -/+ marks) of every hunk.  The same
 * fix in two copies of a module clusters; successive, different fixes of
 * one big module do not.
 */
static int change_minhash(uint32_t sig[DATASET_MINHASH], const struct pair *p)
{
	struct buf t = BUF_INIT;
	int rc = 0;

	for (size_t h = 0, nh = git_patch_num_hunks(p->patch); h < nh && !rc; h++) {
		size_t nl = 0;
		const git_diff_hunk *hk;

		if (git_patch_get_hunk(&hk, &nl, p->patch, h) < 0)
			break;
		for (size_t l = 0; l < nl && !rc; l++) {
			const git_diff_line *dl;
			const char *s;
			size_t sn;

			if (git_patch_get_line_in_hunk(&dl, p->patch, h, l) < 0 ||
			    (dl->origin != '+' && dl->origin != '-'))
				continue;
			rc |= buf_addch(&t, dl->origin);
			pair_line(p, dl, &s, &sn);
			rc |= buf_add(&t, s, sn);
		}
	}
	dataset_minhash(sig, t.data, t.len, "", 0);
	buf_release(&t);
	return rc;
}

static int record_head(struct crec *r, struct buf *b, const struct pair *p,
		       size_t k, size_t n, double score, const char *reasons)
{
	const char *cid = git_oid_tostr_s(git_commit_id(r->c));
	struct buf key = BUF_INIT;
	uint32_t sig[DATASET_MINHASH];
	char id[65], bb[GIT_OID_HEXSZ + 1], ab[GIT_OID_HEXSZ + 1];
	int rc = 0;

	rc |= buf_addf(&key, "%s%c%s%c%s%c%s", r->m->name, 0, cid, 0,
		       p->a->s->path, 0, p->a->u.name);
	sha256_hex(key.data, key.len, id);
	buf_release(&key);
	id[16] = 0;
	git_oid_tostr(bb, sizeof(bb), &p->b->s->id);
	git_oid_tostr(ab, sizeof(ab), &p->a->s->id);
	rc |= buf_addf(b, "{\"id\":\"%s\",\"repo\":", id);
	rc |= djson_str(b, r->m->name, strlen(r->m->name));
	rc |= buf_addf(b, ",\"commit\":\"%s\",\"part\":[%zu,%zu]", cid, k, n);
	rc |= buf_addf(b, ",\"role\":\"%s\",\"change\":\"%s\",\"score\":%g",
		       p->role, change_name(p->same), score);
	rc |= buf_addstr(b, ",\"reasons\":[");
	for (const char *s = reasons; *s;) {
		const char *e = strchr(s, ',');
		size_t l = e ? (size_t)(e - s) : strlen(s);

		rc |= buf_addf(b, "%s\"%.*s\"", s == reasons ? "" : ",", (int)l, s);
		s += l + (e ? 1 : 0);
	}
	rc |= change_minhash(sig, p);
	rc |= buf_addf(b, "],\"blob_before\":\"%s\",\"blob_after\":\"%s\","
		       "\"minhash\":\"", bb, ab);
	for (size_t i = 0; i < DATASET_MINHASH; i++)
		rc |= buf_addf(b, "%08x", sig[i]);
	return rc | buf_addch(b, '"');
}

/* modified in place; renamed (its file was renamed, or deleted and a new
 * file added in the same commit); moved (to another file that existed). */
static const char *pair_kind(const struct pair *p)
{
	const struct change *b = p->b->s->ch, *a = p->a->s->ch;

	if (same_file(p->b, p->a))
		return a->old_path ? "renamed" : "modified";
	return b->kind == CH_DEL && a->kind == CH_ADD ? "renamed" : "moved";
}

/*
 * The preprocessor lines before a unit in its file (`define with its
 * continuation lines, `undef, `timescale, `default_nettype, and `include
 * if incl): a module that uses its file's macros compiles on its own with
 * them.  Conditionals
 * are left out (best effort: a `define under an `ifdef is taken).
 */
static int prelude(struct buf *out, const char *t, size_t upto, bool incl)
{
	static const char *const keep[] = { "`define", "`undef", "`timescale",
					    "`default_nettype", "`include",
					    NULL };
	size_t i = 0;
	int rc = 0;

	while (i < upto && !rc) {
		size_t e = i, j = i;
		bool take = false;

		while (e < upto && t[e] != '\n')
			e++;
		while (j < e && (t[j] == ' ' || t[j] == '\t'))
			j++;
		for (size_t k = 0; keep[k] && !take; k++)
			take = (incl || strcmp(keep[k], "`include")) &&
			       !strncmp(t + j, keep[k], strlen(keep[k]));
		for (;;) {
			if (take)
				rc |= buf_add(out, t + i, e - i), rc |= buf_addch(out, '\n');
			if (!(e > i && t[e - 1] == '\\' && e < upto))
				break;
			i = e + 1; /* a continued line belongs to the same directive */
			for (e = i; e < upto && t[e] != '\n'; e++)
				;
		}
		i = e + 1;
	}
	return rc;
}

/*
 * One side of a pair for the tools, at a level of context: 2, what it
 * needs from its commit's tree (the parent's for the before side) with
 * submodules; 1, without submodules; 0, the unit and its file's
 * preprocessor lines without `include (see context.c).
 */
static int filter_side(struct crec *r, const struct uref *u, bool before,
		       int level, struct buf *out)
{
	const struct side *s = u->s;
	git_commit *pc = NULL;
	git_tree *tree = NULL;
	struct buf t = BUF_INIT;
	int rc = prelude(&t, s->text, u->u.start, level > 0);

	rc |= buf_add(&t, s->text + u->u.start, u->u.end - u->u.start);
	if (!rc && !level) {
		buf_release(out);
		*out = t;
		return 0;
	}
	if (before ? git_commit_parent(&pc, r->c, 0) < 0 ||
			     git_commit_tree(&tree, pc) < 0
		   : git_commit_tree(&tree, r->c) < 0)
		tree = NULL; /* the unit alone */
	if (!rc)
		rc = miner_context(r->m, tree, s->path, s->text, s->len,
				   u->u.name, level > 1, t.data, t.len, out);
	git_tree_free(tree);
	git_commit_free(pc);
	buf_release(&t);
	return rc;
}

static int filter_pair(struct crec *r, struct buf *b, const struct pair *p)
{
	static const char *const names[] = { "modules", "packages", "none" };
	struct buf t[3][2] = { { BUF_INIT, BUF_INIT }, { BUF_INIT, BUF_INIT },
			       { BUF_INIT, BUF_INIT } };
	struct dataset_variant v[3];
	size_t nv = 0;
	int rc = 0;

	for (int k = 0; p->a->u.name[0] && k < 3 && !rc; k++) {
		rc = filter_side(r, p->b, true, 2 - k, &t[k][0]);
		rc |= filter_side(r, p->a, false, 2 - k, &t[k][1]);
		v[nv++] = (struct dataset_variant){
			.name = names[k],
			.before = t[k][0].data ? t[k][0].data : "",
			.blen = t[k][0].len,
			.after = t[k][1].data ? t[k][1].data : "",
			.alen = t[k][1].len,
		};
	}
	if (!rc)
		rc = dataset_filter_json(b, r->m->o,
					 p->a->u.name[0] ? p->a->u.name : NULL,
					 v, nv);
	for (int k = 0; k < 3; k++) {
		buf_release(&t[k][0]);
		buf_release(&t[k][1]);
	}
	return rc;
}

static int record_body(struct crec *r, struct buf *b, const struct pair *p)
{
	const git_signature *au = git_commit_author(r->c);
	const char *lic = r->lic;
	char date[32], spdx[64];
	bool has_spdx = file_spdx(p->a->s->text, p->a->s->len, spdx, sizeof(spdx));
	time_t t = (time_t)au->when.time;
	struct tm tm;
	const char *msg = git_commit_message(r->c);
	int rc = 0;

	gmtime_r(&t, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rc |= add_str_field(b, "module", p->a->u.name[0] ? p->a->u.name : NULL);
	rc |= add_str_field(b, "path", p->a->s->path);
	rc |= add_str_field(b, "before_path", p->b->s->path);
	rc |= buf_addf(b, ",\"kind\":\"%s\"", pair_kind(p));
	rc |= buf_addf(b, ",\"parent\":\"%s\",\"date\":\"%s\"",
		       git_oid_tostr_s(git_commit_parent_id(r->c, 0)), date);
	rc |= add_str_field(b, "message", msg);
	rc |= buf_addf(b, ",\"before_line\":%d,\"after_line\":%d,"
		       "\"lines_added\":%zu,\"lines_deleted\":%zu",
		       p->b->u.line, p->a->u.line, p->add, p->del);
	rc |= add_hunks(b, p);
	rc |= buf_addstr(b, ",\"licence\":{\"repo\":");
	rc |= lic ? djson_str(b, lic, strlen(lic)) : buf_addstr(b, "null");
	rc |= add_str_field(b, "file", has_spdx ? spdx : NULL);
	rc |= buf_addf(b, "},\"unlicensed\":%s", lic || has_spdx ? "false" : "true");
	rc |= dataset_contam_json(b, r->m->o->contam_index,
				  p->a->s->text + p->a->u.start,
				  p->a->u.end - p->a->u.start);
	if (!rc && r->m->o->filters)
		rc = filter_pair(r, b, p);
	rc |= buf_addstr(b, ",\"before\":");
	rc |= djson_str(b, p->b->s->text + p->b->u.start, p->b->u.end - p->b->u.start);
	rc |= buf_addstr(b, ",\"after\":");
	rc |= djson_str(b, p->a->s->text + p->a->u.start, p->a->u.end - p->a->u.start);
	return rc | buf_addstr(b, "}\n");
}

/* Commit-level diff shape on top of the message score: code pairs and
 * their changed lines.  The rule is one, for shape() and shape_bound(). */
static double shape_score(size_t code, size_t lines)
{
	if (code == 1 && lines <= 20)
		return MINER_SHAPE_MAX; /* small_one_module */
	return code > 20 ? -1 : 0;  /* large_change */
}

static size_t code_pairs(const struct crec *r, size_t *lines)
{
	size_t code = 0;

	*lines = 0;
	for (size_t i = 0; i < r->npairs; i++)
		if (!r->pairs[i].same) {
			code++;
			*lines += r->pairs[i].add + r->pairs[i].del;
		}
	return code;
}

static double shape(struct crec *r, char *reasons, size_t n)
{
	size_t lines, code = code_pairs(r, &lines);
	double s = shape_score(code, lines);

	if (s) {
		const char *why = s > 0 ? "small_one_module" : "large_change";

		if (reasons[0])
			strncat(reasons, ",", n - strlen(reasons) - 1);
		strncat(reasons, why, n - strlen(reasons) - 1);
	}
	return s;
}

/* The most shape() can give before the hunks are made (no lines yet:
 * they can only lower it). */
static double shape_bound(const struct crec *r)
{
	size_t lines;

	return shape_score(code_pairs(r, &lines), 0);
}

static int emit(struct crec *r)
{
	char reasons[sizeof(r->cls.reasons) + 64];
	double score;
	size_t n = 0, k = 0;
	struct buf b = BUF_INIT;
	int rc = 0;

	rc = diff_pairs(r);
	if (rc)
		return rc;
	memcpy(reasons, r->cls.reasons, sizeof(r->cls.reasons));
	score = r->cls.score + shape(r, reasons, sizeof(reasons));
	if (score < r->m->o->min_score)
		return 0;
	n = r->npairs;
	for (size_t i = 0; i < r->npairs && !rc; i++) {
		struct pair *p = &r->pairs[i];

		buf_reset(&b);
		rc = record_head(r, &b, p, ++k, n, score, reasons);
		if (!rc)
			rc = record_body(r, &b, p);
		if (!rc && (fwrite(b.data, 1, b.len, r->m->rec) != b.len ||
			    fflush(r->m->rec)))
			rc = err_set_errno(ERR_FAIL, "write records.jsonl");
		if (rc)
			break;
		r->m->st->records++;
		if (r->m->o->kill_after && ++r->m->written >= r->m->o->kill_after)
			raise(SIGKILL); /* testing: a crash between records */
	}
	buf_release(&b);
	return rc;
}

static void crec_free(struct crec *r)
{
	for (size_t i = 0; i < r->npairs; i++)
		pair_release(&r->pairs[i]);
	for (size_t i = 0; i < r->nsides; i++)
		git_blob_free(r->sides[i].blob);
	free(r->pairs);
	free(r->sides);
	free(r->ub);
	free(r->ua);
	git_tree_free(r->root);
	changes_release(&r->ch);
	git_commit_free(r->c);
	free(r);
}

/* ---- the emitter thread ----------------------------------------------- */

/*
 * The walk (revwalk, tree compare, blob reads through libgit2, splitting
 * and pairing) and the emitting (line ids, xdiff, MinHash, the JSON line
 * and its write) take about the same time, so they run on two threads:
 * the walk hands each ready commit to a queue of at most EMIT_QUEUE, one
 * thread empties it in order.  The emitter touches no libgit2 object but
 * the commit and blobs the job holds references to (libgit2 counts them
 * atomically) and writes only records.jsonl; skipped.jsonl, the caches
 * and the miner's state stay with the walk.  With --filter the tools run
 * from the walk's thread (no thread is started): they take seconds a
 * record, and the walk is not what limits.
 */
#define EMIT_QUEUE 8

struct emitter {
	pthread_t th;
	pthread_mutex_t lock;
	pthread_cond_t more, room;
	struct crec *head, *tail;
	size_t n;
	bool closing;
	int rc;               /* the first failure of emit() */
	char msg[1024];       /* and its message (errors are per thread) */
};

static void *emitter_main(void *arg)
{
	struct miner *m = arg;
	struct emitter *e = m->em;

	for (;;) {
		struct crec *r;
		int failed, rc;

		pthread_mutex_lock(&e->lock);
		while (!e->head && !e->closing)
			pthread_cond_wait(&e->more, &e->lock);
		r = e->head;
		if (r) {
			e->head = r->next;
			if (!e->head)
				e->tail = NULL;
			e->n--;
			pthread_cond_signal(&e->room);
		}
		failed = e->rc;
		pthread_mutex_unlock(&e->lock);
		if (!r)
			break;
		rc = failed ? 0 : emit(r);
		crec_free(r);
		if (rc) {
			pthread_mutex_lock(&e->lock);
			e->rc = rc;
			snprintf(e->msg, sizeof(e->msg), "%s", err_last());
			pthread_cond_signal(&e->room);
			pthread_mutex_unlock(&e->lock);
		}
	}
	return NULL;
}

int miner_emitter_start(struct miner *m)
{
	struct emitter *e;

	if (m->o->filters)
		return 0; /* in line, see above */
	e = calloc(1, sizeof(*e));
	if (!e)
		return err_set(ERR_FAIL, "out of memory");
	pthread_mutex_init(&e->lock, NULL);
	pthread_cond_init(&e->more, NULL);
	pthread_cond_init(&e->room, NULL);
	m->em = e;
	if (pthread_create(&e->th, NULL, emitter_main, m)) {
		m->em = NULL;
		pthread_mutex_destroy(&e->lock);
		pthread_cond_destroy(&e->more);
		pthread_cond_destroy(&e->room);
		free(e);
		return 0; /* no thread: emit in line */
	}
	return 0;
}

int miner_emitter_finish(struct miner *m)
{
	struct emitter *e = m->em;
	int rc;

	if (!e)
		return 0;
	pthread_mutex_lock(&e->lock);
	e->closing = true;
	pthread_cond_signal(&e->more);
	pthread_mutex_unlock(&e->lock);
	pthread_join(e->th, NULL);
	rc = e->rc ? err_set(e->rc, "%s", e->msg) : 0;
	pthread_mutex_destroy(&e->lock);
	pthread_cond_destroy(&e->more);
	pthread_cond_destroy(&e->room);
	free(e);
	m->em = NULL;
	return rc;
}

/* Hand r over to be emitted (it is freed either way). */
static int emitter_put(struct miner *m, struct crec *r)
{
	struct emitter *e = m->em;
	int rc;

	if (!e) {
		rc = emit(r);
		crec_free(r);
		return rc;
	}
	pthread_mutex_lock(&e->lock);
	while (e->n >= EMIT_QUEUE && !e->rc)
		pthread_cond_wait(&e->room, &e->lock);
	rc = e->rc;
	if (!rc) {
		r->next = NULL;
		if (e->tail)
			e->tail->next = r;
		else
			e->head = r;
		e->tail = r;
		e->n++;
		pthread_cond_signal(&e->more);
	}
	pthread_mutex_unlock(&e->lock);
	if (rc) {
		crec_free(r);
		return ERR_FAIL; /* the message is the emitter's: finish() sets it */
	}
	return 0;
}

/* Takes the changes (ch is left empty). */
int miner_commit_records(struct miner *m, git_commit *c,
			 const struct dataset_class *cls, struct changes *ch)
{
	struct crec *r = calloc(1, sizeof(*r));
	int rc;

	if (!r)
		return err_set(ERR_FAIL, "out of memory");
	r->m = m;
	r->cls = *cls;
	r->ch = *ch;
	memset(ch, 0, sizeof(*ch));
	rename_exact(&r->ch);
	rc = git_commit_dup(&r->c, c) < 0
		     ? err_set(ERR_FAIL, "commit: %s", git_msg())
		     : git_commit_tree(&r->root, c) < 0
		     ? err_set(ERR_FAIL, "tree: %s", git_msg())
		     : 0;
	if (!rc)
		rc = load_all(r, &r->ch);
	if (!rc && r->na) {
		load_attrs(r);
		rc = make_pairs(r);
	}
	/* no pair, no parent (a root commit), or no diff can lift it to
	 * --min-score: its hunks are never made */
	if (rc || !r->npairs || !git_commit_parentcount(c) ||
	    r->cls.score + shape_bound(r) < m->o->min_score) {
		crec_free(r);
		return rc;
	}
	for (size_t i = 0; i < r->npairs; i++)
		r->pairs[i].role = record_role(r, &r->pairs[i]);
	r->lic = repo_licence(r);
	git_tree_free(r->root);
	r->root = NULL;
	return emitter_put(m, r);
}
