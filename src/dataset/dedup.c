/*
 * The post-pass over every repository's records.jsonl in an output
 * directory: exact duplicates on (blob before, blob after, module) across
 * repositories, near duplicates by MinHash (64 values, stored in each
 * record) with LSH over 8 bands of 8 (candidates confirmed at an
 * estimated Jaccard >= 0.7), and the counts per label for the manifest.
 * Writes clusters.jsonl: one line per record with both cluster ids.
 */
#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/miner.h"

struct drec {
	char id[17];
	char repo[128];
	char role[16], change[20];
	uint64_t exact;
	uint32_t sig[DATASET_MINHASH];
	size_t parent; /* union-find over near duplicates */
	size_t exact_first;
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
	if (rs->n == rs->alloc) {
		size_t na = rs->alloc ? rs->alloc * 2 : 1024;
		struct drec *nv = realloc(rs->v, na * sizeof(*nv));

		if (!nv)
			return err_set(ERR_FAIL, "out of memory");
		rs->v = nv;
		rs->alloc = na;
	}
	return 0;
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
	if (fread(&h, sizeof(h), 1, f) != 1 || memcmp(h.magic, "hwfdd01", 8) ||
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
	struct dcache_head h = { .magic = "hwfdd01", .off = off, .n = rs->n - first };
	FILE *f = fopen(cpath, "wb");

	if (!f)
		return; /* a cache: failing to write it only costs time */
	if (fwrite(&h, sizeof(h), 1, f) != 1 ||
	    fwrite(rs->v + first, sizeof(*rs->v), h.n, f) != h.n || fclose(f))
		remove(cpath);
}

static int read_records(struct drecs *rs, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, *cpath = str_fmt("%s.dedup-state", path);
	size_t cap = 0, first = rs->n;
	ssize_t n;
	long off = 0, size;
	int rc = 0;

	if (!f || !cpath) {
		free(cpath);
		if (f)
			fclose(f);
		return f ? err_set(ERR_FAIL, "out of memory") : 0;
	}
	fseek(f, 0, SEEK_END);
	size = ftell(f);
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
			       "\"near_cluster\":\"%s\",\"near_size\":%zu}\n",
			       rs->v[er].id, ex->size[er], rs->v[nroot].id,
			       nr->size[nroot]);
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
