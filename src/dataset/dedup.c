/*
 * The post-pass over every repository's records.jsonl in an output
 * directory: exact duplicates on (blob before, blob after, module) across
 * repositories, near duplicates by MinHash (64 values, stored in each
 * record) with LSH over 8 bands of 8 (candidates confirmed at an
 * estimated Jaccard >= 0.7), "the same lines changed again soon after"
 * (below), and the counts per label for the manifest.  Writes
 * clusters.jsonl: one line per record with both cluster ids and the
 * revisit links.
 *
 * Revisits (SZZ-style): record Y revisits record X when Y's before side is
 * X's after side (same repository, same blob, same module), Y is at most
 * REVISIT_DAYS younger (author dates), and a line Y removes or changes is
 * one X added or changed.  Both sides' hunks are in file line numbers of
 * that one blob, so the overlap is exact, not a blame guess.  X is taken
 * among the records only: a fix whose lines another fix changed again
 * soon after was likely incomplete, and the later one fixes it.  Y gets
 * "revisits": X's id, X gets "revisited_by": Y's id (the nearest in time
 * of each), with the days between.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataset/miner.h"

#define REVISIT_DAYS 30
#define REVISIT_HUNKS 16 /* changed spans kept a side; more: the first */

struct span {
	int32_t start, lines;
};

struct drec {
	char id[17];
	char repo[128];
	char role[16], change[20];
	uint64_t exact;
	uint64_t key_before, key_after; /* repo, blob, module */
	int64_t date;
	struct span old[REVISIT_HUNKS], new_[REVISIT_HUNKS];
	uint8_t nold, nnew;
	uint32_t sig[DATASET_MINHASH];
	size_t parent; /* union-find over near duplicates */
	size_t exact_first;
	size_t revisits, revisited_by; /* record index + 1; 0: none */
};

struct drecs {
	struct drec *v;
	size_t n, alloc;
};

/* The string value of "key":"..." (first occurrence), copied into out. */
static bool field(const char *l, const char *key, char *out, size_t n)
{
	char pat[40];
	const char *p, *e;

	snprintf(pat, sizeof(pat), "\"%s\":\"", key);
	p = strstr(l, pat);
	if (!p)
		return false;
	p += strlen(pat);
	e = strchr(p, '"');
	if (!e || (size_t)(e - p) >= n)
		return false;
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = 0;
	return true;
}

static uint64_t side_key(const char *repo, const char *blob, const char *mod)
{
	return hash64(repo, strlen(repo)) ^ (hash64(blob, strlen(blob)) * 31) ^
	       (hash64(mod, strlen(mod)) * 131);
}

/* "date":"YYYY-MM-DDTHH:MM:SSZ" as seconds; 0 if absent. */
static int64_t parse_date(const char *l)
{
	char d[32];
	struct tm tm = { 0 };

	if (!field(l, "date", d, sizeof(d)) ||
	    sscanf(d, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
		   &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6)
		return 0;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (int64_t)timegm(&tm);
}

static void add_span(struct span *v, uint8_t *n, int32_t start, int32_t lines)
{
	if (*n < REVISIT_HUNKS)
		v[(*n)++] = (struct span){ start, lines };
}

/*
 * The changed lines of one hunk, from its JSON-escaped text (one line a
 * "\n" escape, each starting with ' ', '-' or '+'): every run of removed
 * and added lines is one old and one new span, context left out.
 * Returns where the text's closing quote is.
 */
static const char *hunk_spans(struct drec *r, const char *t, int32_t old_no,
			      int32_t new_no)
{
	int32_t rs_old = 0, rs_new = 0, nold = 0, nnew = 0;
	bool bol = true, run = false;

	for (; *t && *t != '"'; t++) {
		char c = *t;

		if (c == '\\' && t[1]) {
			t++;
			if (*t == 'n') {
				bol = true;
				continue;
			}
			c = *t == '\\' ? '\\' : 'x'; /* an escaped character */
			if (*t == 'u')
				for (int k = 0; k < 4 && t[1]; k++)
					t++;
		}
		if (!bol)
			continue;
		bol = false;
		if (c == '\\')
			continue; /* "\ No newline at end of file" */
		if (c == '-' || c == '+') {
			if (!run) {
				run = true;
				rs_old = old_no;
				rs_new = new_no;
				nold = nnew = 0;
			}
			if (c == '-')
				old_no++, nold++;
			else
				new_no++, nnew++;
			continue;
		}
		if (run) {
			add_span(r->old, &r->nold, rs_old, nold);
			add_span(r->new_, &r->nnew, rs_new, nnew);
			run = false;
		}
		old_no++;
		new_no++;
	}
	if (run) {
		add_span(r->old, &r->nold, rs_old, nold);
		add_span(r->new_, &r->nnew, rs_new, nnew);
	}
	return t;
}

/*
 * The changed line spans of every hunk.  A hunk object starts with
 * {"old_start": and that cannot stand inside a JSON string (a quote there
 * is escaped), so searching for it finds the hunks only.
 */
static void parse_hunks(struct drec *r, const char *l)
{
	static const char key[] = "{\"old_start\":";
	const char *p = strstr(l, ",\"hunks\":[");

	r->nold = r->nnew = 0;
	while (p && (p = strstr(p, key))) {
		int os, ol, ns, nl;
		const char *t;

		if (sscanf(p, "{\"old_start\":%d,\"old_lines\":%d,"
			   "\"new_start\":%d,\"new_lines\":%d", &os, &ol, &ns,
			   &nl) != 4 ||
		    !(t = strstr(p, ",\"text\":\"")))
			break;
		p = hunk_spans(r, t + 9, os, ns);
	}
}

static bool parse_line(struct drec *r, const char *l)
{
	char bb[48], ab[48], mod[160] = "", sig[DATASET_MINHASH * 8 + 1];

	if (!field(l, "id", r->id, sizeof(r->id)) ||
	    !field(l, "repo", r->repo, sizeof(r->repo)) ||
	    !field(l, "role", r->role, sizeof(r->role)) ||
	    !field(l, "change", r->change, sizeof(r->change)) ||
	    !field(l, "blob_before", bb, sizeof(bb)) ||
	    !field(l, "blob_after", ab, sizeof(ab)) ||
	    !field(l, "minhash", sig, sizeof(sig)) ||
	    strlen(sig) != DATASET_MINHASH * 8)
		return false;
	field(l, "module", mod, sizeof(mod));
	r->exact = hash64(bb, strlen(bb)) ^ (hash64(ab, strlen(ab)) * 31) ^
		   (hash64(mod, strlen(mod)) * 131);
	r->key_before = side_key(r->repo, bb, mod);
	r->key_after = side_key(r->repo, ab, mod);
	r->date = parse_date(l);
	parse_hunks(r, l);
	for (size_t i = 0; i < DATASET_MINHASH; i++) {
		char h[9];

		memcpy(h, sig + i * 8, 8);
		h[8] = 0;
		r->sig[i] = (uint32_t)strtoul(h, NULL, 16);
	}
	return true;
}

static int push_rec(struct drecs *rs)
{
	return array_grow(&rs->v, &rs->alloc, rs->n + 1, sizeof(*rs->v), 1024);
}

/*
 * The parsed records of the first `off` bytes of a records file, kept in
 * <file>.dedup-state so that a re-run parses only what was appended
 * (records only grow between runs; see manifest.c).
 */
struct dcache_head {
	char magic[8];
	long off;
	size_t n;
};

static long load_cache(struct drecs *rs, const char *cpath, long size)
{
	FILE *f = fopen(cpath, "rb");
	struct dcache_head h;
	size_t n0 = rs->n;

	if (!f)
		return 0;
	if (fread(&h, sizeof(h), 1, f) != 1 || memcmp(h.magic, "hwfdd02", 8) ||
	    h.off > size) {
		fclose(f);
		return 0;
	}
	for (size_t i = 0; i < h.n; i++) {
		if (push_rec(rs) || fread(&rs->v[rs->n], sizeof(*rs->v), 1, f) != 1) {
			rs->n = n0;
			fclose(f);
			return 0;
		}
		rs->n++;
	}
	fclose(f);
	return h.off;
}

static void save_cache(const struct drecs *rs, size_t first, const char *cpath,
		       long off)
{
	struct dcache_head h = { .magic = "hwfdd02", .off = off, .n = rs->n - first };
	FILE *f = fopen(cpath, "wb");

	if (!f)
		return; /* a cache: failing to write it only costs time */
	if (fwrite(&h, sizeof(h), 1, f) != 1 ||
	    fwrite(rs->v + first, sizeof(*rs->v), h.n, f) != h.n || fclose(f))
		remove(cpath);
}

static int read_records(struct drecs *rs, const char *path)
{
	FILE *f;
	char *line = NULL, *cpath;
	size_t cap = 0, first = rs->n;
	ssize_t n;
	long off = 0, size;
	int rc = dataset_open_state(path, ".dedup-state", &f, &cpath, &size);

	if (rc)
		return rc > 0 ? 0 : rc;
	off = load_cache(rs, cpath, size);
	fseek(f, off, SEEK_SET);
	while ((n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
		off += n;
		rc = push_rec(rs);
		if (rc)
			break;
		if (parse_line(&rs->v[rs->n], line))
			rs->n++;
	}
	free(line);
	fclose(f);
	if (!rc)
		save_cache(rs, first, cpath, off);
	free(cpath);
	return rc;
}

/* A map from 64-bit keys to record indices. */
struct kmap {
	uint64_t *k;
	size_t *v;
	size_t cap;
};

static int kmap_init(struct kmap *m, size_t n)
{
	m->cap = 16;
	while (m->cap < n * 2 + 16)
		m->cap *= 2;
	m->k = calloc(m->cap, sizeof(*m->k));
	m->v = calloc(m->cap, sizeof(*m->v));
	return m->k && m->v ? 0 : err_set(ERR_FAIL, "out of memory");
}

/* The index stored for key, or store i and return i. */
static size_t kmap_first(struct kmap *m, uint64_t key, size_t i)
{
	size_t s;

	key |= 1;
	for (s = key & (m->cap - 1); m->k[s]; s = (s + 1) & (m->cap - 1))
		if (m->k[s] == key)
			return m->v[s];
	m->k[s] = key;
	m->v[s] = i;
	return i;
}

/* The index stored for key, or SIZE_MAX. */
static size_t kmap_get(const struct kmap *m, uint64_t key)
{
	key |= 1;
	for (size_t s = key & (m->cap - 1); m->k[s]; s = (s + 1) & (m->cap - 1))
		if (m->k[s] == key)
			return m->v[s];
	return SIZE_MAX;
}

static void kmap_release(struct kmap *m)
{
	free(m->k);
	free(m->v);
}

static size_t uf_find(struct drec *v, size_t i)
{
	while (v[i].parent != i) {
		v[i].parent = v[v[i].parent].parent;
		i = v[i].parent;
	}
	return i;
}

static int cluster(struct drecs *rs)
{
	struct kmap ex, band[DATASET_BANDS];
	size_t rows = DATASET_MINHASH / DATASET_BANDS;
	int rc = kmap_init(&ex, rs->n);

	for (size_t b = 0; b < DATASET_BANDS; b++)
		rc |= kmap_init(&band[b], rs->n);
	for (size_t i = 0; i < rs->n && !rc; i++) {
		struct drec *r = &rs->v[i];

		r->parent = i;
		r->exact_first = kmap_first(&ex, r->exact, i);
		for (size_t b = 0; b < DATASET_BANDS; b++) {
			uint64_t h = hash64((const char *)&r->sig[b * rows],
					    rows * sizeof(uint32_t));
			size_t j = kmap_first(&band[b], h, i), same = 0;

			if (j == i)
				continue;
			for (size_t k = 0; k < DATASET_MINHASH; k++)
				same += r->sig[k] == rs->v[j].sig[k];
			if (same * 10 >= DATASET_MINHASH * 7)
				rs->v[uf_find(rs->v, i)].parent = uf_find(rs->v, j);
		}
	}
	kmap_release(&ex);
	for (size_t b = 0; b < DATASET_BANDS; b++)
		kmap_release(&band[b]);
	return rc;
}

/* A line span [start, start + lines); an empty one (a pure insertion or
 * deletion) is the line it stands at. */
static bool spans_meet(struct span a, struct span b)
{
	int32_t ae = a.start + (a.lines ? a.lines : 1);
	int32_t be = b.start + (b.lines ? b.lines : 1);

	return a.start < be && b.start < ae;
}

static bool lines_revisited(const struct drec *x, const struct drec *y)
{
	for (size_t i = 0; i < x->nnew; i++)
		for (size_t j = 0; j < y->nold; j++)
			if (spans_meet(x->new_[i], y->old[j]))
				return true;
	return false;
}

/* See the top of the file.  Records whose after side is the same blob
 * (copies in several branches) are chained from the map's first. */
static int revisits(struct drecs *rs)
{
	struct kmap after;
	size_t *next = calloc(rs->n + 1, sizeof(*next));
	int rc = next ? kmap_init(&after, rs->n)
		      : err_set(ERR_FAIL, "out of memory");

	if (rc) {
		free(next);
		return rc;
	}
	for (size_t i = 0; i < rs->n; i++) {
		size_t f = kmap_first(&after, rs->v[i].key_after, i);

		rs->v[i].revisits = rs->v[i].revisited_by = 0;
		if (f != i) { /* after the first: into its chain */
			next[i] = next[f];
			next[f] = i + 1;
		}
	}
	for (size_t j = 0; j < rs->n; j++) {
		struct drec *y = &rs->v[j];
		size_t f = kmap_get(&after, y->key_before), best = 0;
		int64_t bestd = 0;

		for (size_t i = f == SIZE_MAX ? 0 : f + 1; i; i = next[i - 1]) {
			const struct drec *x = &rs->v[i - 1];
			int64_t d = y->date - x->date;

			if (x->key_after != y->key_before || i - 1 == j || d < 0 ||
			    d > (int64_t)REVISIT_DAYS * 86400 ||
			    !lines_revisited(x, y))
				continue;
			if (!best || d < bestd) {
				best = i;
				bestd = d;
			}
		}
		if (!best)
			continue;
		y->revisits = best;
		if (!rs->v[best - 1].revisited_by ||
		    rs->v[rs->v[best - 1].revisited_by - 1].date > y->date)
			rs->v[best - 1].revisited_by = j + 1;
	}
	kmap_release(&after);
	free(next);
	return 0;
}

/* Sizes of clusters and whether they span repositories. */
struct csum {
	size_t *size;
	bool *cross;
};

static int sum_clusters(struct csum *c, struct drecs *rs, bool near)
{
	c->size = calloc(rs->n + 1, sizeof(*c->size));
	c->cross = calloc(rs->n + 1, sizeof(*c->cross));
	if (!c->size || !c->cross)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < rs->n; i++) {
		size_t root = near ? uf_find(rs->v, i) : rs->v[i].exact_first;

		c->size[root]++;
		if (strcmp(rs->v[root].repo, rs->v[i].repo))
			c->cross[root] = true;
	}
	return 0;
}

static void count_label(cJSON *obj, const char *key)
{
	cJSON *x = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (x)
		cJSON_SetNumberValue(x, x->valuedouble + 1);
	else
		cJSON_AddNumberToObject(obj, key, 1);
}

static cJSON *cluster_counts(const struct csum *c, size_t n, const char *what)
{
	cJSON *o = cJSON_CreateObject();
	size_t multi = 0, cross = 0, in_multi = 0, in_cross = 0;

	for (size_t i = 0; i < n; i++) {
		if (c->size[i] > 1) {
			multi++;
			in_multi += c->size[i];
		}
		if (c->cross[i]) {
			cross++;
			in_cross += c->size[i];
		}
	}
	(void)what;
	cJSON_AddNumberToObject(o, "clusters_with_duplicates", (double)multi);
	cJSON_AddNumberToObject(o, "records_in_them", (double)in_multi);
	cJSON_AddNumberToObject(o, "clusters_across_repositories", (double)cross);
	cJSON_AddNumberToObject(o, "records_in_cross_clusters", (double)in_cross);
	return o;
}

/* ,"key":"<id>","key_days":N, or ,"key":null */
static int add_link(struct buf *b, const char *key, const struct drecs *rs,
		    size_t to, const struct drec *r, bool later)
{
	const struct drec *o = to ? &rs->v[to - 1] : NULL;

	if (!o)
		return buf_addf(b, ",\"%s\":null", key);
	return buf_addf(b, ",\"%s\":\"%s\",\"%s_days\":%.1f", key, o->id, key,
			(double)(later ? o->date - r->date : r->date - o->date) /
				86400.0);
}

static int write_clusters(const char *out_dir, struct drecs *rs,
			  const struct csum *ex, const struct csum *nr)
{
	struct buf b = BUF_INIT, p = BUF_INIT;
	int rc = buf_addf(&p, "%s/clusters.jsonl", out_dir);

	for (size_t i = 0; i < rs->n && !rc; i++) {
		const struct drec *r = &rs->v[i];
		size_t er = r->exact_first, nroot = uf_find(rs->v, i);

		rc = buf_addf(&b, "{\"id\":\"%s\",\"repo\":", r->id);
		rc |= djson_str(&b, r->repo, strlen(r->repo));
		rc |= buf_addf(&b, ",\"exact_cluster\":\"%s\",\"exact_size\":%zu,"
			       "\"near_cluster\":\"%s\",\"near_size\":%zu",
			       rs->v[er].id, ex->size[er], rs->v[nroot].id,
			       nr->size[nroot]);
		rc |= add_link(&b, "revisits", rs, r->revisits, r, false);
		rc |= add_link(&b, "revisited_by", rs, r->revisited_by, r, true);
		rc |= buf_addstr(&b, "}\n");
	}
	if (!rc)
		rc = buf_write_file(p.data, b.data, b.len);
	buf_release(&b);
	buf_release(&p);
	return rc;
}

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_all(struct drecs *rs, const char *out_dir)
{
	DIR *d = opendir(out_dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	int rc = 0;

	if (!d)
		return err_set_errno(ERR_FAIL, "%s", out_dir);
	while ((e = readdir(d)) && !rc) {
		char **nv;

		if (e->d_name[0] == '.')
			continue;
		nv = realloc(names, (n + 1) * sizeof(*names));
		if (!nv || !(nv[n] = strdup(e->d_name))) {
			names = nv ? nv : names;
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		names = nv;
		n++;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_name);
	for (size_t i = 0; i < n; i++) {
		char *path = str_fmt("%s/%s/records.jsonl", out_dir, names[i]);

		if (!rc)
			rc = path ? read_records(rs, path)
				  : err_set(ERR_FAIL, "out of memory");
		free(path);
		free(names[i]);
	}
	free(names);
	return rc;
}

int dataset_dedup(const char *out_dir, cJSON **counts)
{
	struct drecs rs = { 0 };
	struct csum ex = { 0 }, nr = { 0 };
	cJSON *c = cJSON_CreateObject(), *role, *change, *repo;
	int rc = read_all(&rs, out_dir);

	if (!rc)
		rc = cluster(&rs);
	if (!rc)
		rc = revisits(&rs);
	if (!rc)
		rc = sum_clusters(&ex, &rs, false);
	if (!rc)
		rc = sum_clusters(&nr, &rs, true);
	if (!rc)
		rc = write_clusters(out_dir, &rs, &ex, &nr);
	role = cJSON_AddObjectToObject(c, "role");
	change = cJSON_AddObjectToObject(c, "change");
	repo = cJSON_AddObjectToObject(c, "repo");
	for (size_t i = 0; i < rs.n && !rc; i++) {
		count_label(role, rs.v[i].role);
		count_label(change, rs.v[i].change);
		count_label(repo, rs.v[i].repo);
	}
	cJSON_AddNumberToObject(c, "records", (double)rs.n);
	{
		size_t nrev = 0;

		for (size_t i = 0; i < rs.n; i++)
			nrev += rs.v[i].revisits != 0;
		cJSON_AddNumberToObject(c, "revisits", (double)nrev);
	}
	if (!rc) {
		cJSON_AddItemToObject(c, "exact", cluster_counts(&ex, rs.n, "exact"));
		cJSON_AddItemToObject(c, "near", cluster_counts(&nr, rs.n, "near"));
	}
	free(ex.size);
	free(ex.cross);
	free(nr.size);
	free(nr.cross);
	free(rs.v);
	if (rc)
		cJSON_Delete(c);
	else
		*counts = c;
	return rc;
}
