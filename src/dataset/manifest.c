/*
 * manifest.json: enough to rebuild and extend a dataset exactly: the
 * mined head of every repository, the hwforge and libgit2 versions, the
 * rules and thresholds, the counts per label, and the SHA-256 of each
 * output file.
 */
#include "config.h"

#include <dirent.h>
#include <git2.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/miner.h"
#include "verify/verify.h"

/*
 * SHA-256 of an output file.  Output files only grow between manifests
 * (records are appended; --resume cuts only what the interrupted run
 * added after the last manifest), so the hash state at the previous size
 * is kept in <file>.sha-state and only the new bytes are hashed.  A file
 * smaller than the saved size is hashed again from the start.
 */
struct sha_cache {
	struct sha256 s;
	long size;
};

int dataset_open_state(const char *path, const char *suffix, FILE **f,
		       char **cpath, long *size)
{
	*f = fopen(path, "rb");
	*cpath = str_fmt("%s%s", path, suffix);
	if (!*f || !*cpath) {
		free(*cpath);
		*cpath = NULL;
		if (!*f)
			return 1;
		fclose(*f);
		*f = NULL;
		return err_set(ERR_FAIL, "out of memory");
	}
	fseek(*f, 0, SEEK_END);
	*size = ftell(*f);
	return 0;
}

static int file_sha(const char *path, bool append_only, char out[65])
{
	FILE *f;
	char *cpath;
	struct sha_cache c;
	struct sha256 fin;
	struct buf old = BUF_INIT;
	char chunk[1 << 16];
	size_t n;
	long size;
	int rc = dataset_open_state(path, ".sha-state", &f, &cpath, &size);

	if (rc)
		return rc;
	if (append_only && !buf_read_file(&old, cpath, sizeof(c) + 1) &&
	    old.len == sizeof(c)) {
		memcpy(&c, old.data, sizeof(c));
		if (c.size > size || fseek(f, c.size, SEEK_SET))
			c.size = -1;
	} else {
		c.size = -1;
	}
	buf_release(&old);
	err_clear();
	if (c.size < 0) {
		sha256_init(&c.s);
		c.size = 0;
		fseek(f, 0, SEEK_SET);
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		sha256_update(&c.s, chunk, n);
		c.size += (long)n;
	}
	if (ferror(f)) {
		fclose(f);
		free(cpath);
		return err_set_errno(ERR_FAIL, "read %s", path);
	}
	fclose(f);
	if (append_only) /* a cache: failing to write it only costs time */
		buf_write_file(cpath, &c, sizeof(c));
	free(cpath);
	fin = c.s;
	sha256_final_hex(&fin, out);
	return 0;
}

static int add_file_x(cJSON *files, const char *dir, const char *rel, bool ao)
{
	char *path = str_fmt("%s/%s", dir, rel);
	char hex[65];
	int rc;

	if (!path)
		return err_set(ERR_FAIL, "out of memory");
	rc = file_sha(path, ao, hex);
	free(path);
	if (rc < 0)
		return rc;
	if (!rc)
		cJSON_AddStringToObject(files, rel, hex);
	return 0;
}

static int add_file(cJSON *files, const char *dir, const char *rel)
{
	return add_file_x(files, dir, rel, false);
}

static cJSON *rules(const struct dataset_opts *o)
{
	cJSON *r = cJSON_CreateObject();

	cJSON_AddStringToObject(r, "extensions", ".v .sv .svh .vh");
	cJSON_AddBoolToObject(r, "merges", o->merges);
	cJSON_AddNumberToObject(r, "min_score", o->min_score);
	cJSON_AddNumberToObject(r, "max_blob_bytes", (double)o->max_blob);
	cJSON_AddStringToObject(r, "weights",
		"conventional_fix 3, revert 2, issue_ref 2, keyword 2 "
		"(body 1), weak_keyword 1 (body 0.5), small_one_module +1, "
		"large_change -1");
	cJSON_AddStringToObject(r, "near_duplicates",
		"one-permutation MinHash (64 bins) over 5-token shingles of the "
		"removed and added lines, LSH 8x8, "
		"confirmed at estimated Jaccard >= 0.7");
	cJSON_AddStringToObject(r, "exact_duplicates",
		"(blob before, blob after, module)");
	cJSON_AddStringToObject(r, "revisits",
		"a record whose before side is another record's after side "
		"(repository, blob, module), at most 30 days younger, removing "
		"or changing a line that one added or changed");
	cJSON_AddNumberToObject(r, "max_added_deleted_files_read", 16);
	return r;
}

static int add_repo(cJSON *repos, cJSON *files, const char *out, const char *name)
{
	char *dir = str_fmt("%s/%s", out, name), *st = str_fmt("%s/state.json", dir ? dir : "");
	cJSON *j = NULL;
	int rc = 0;

	if (!dir || !st) {
		free(dir);
		free(st);
		return err_set(ERR_FAIL, "out of memory");
	}
	if (!json_parse_file(&j, st, 1 << 20)) {
		cJSON_AddStringToObject(j, "name", name);
		cJSON_AddItemToArray(repos, j);
		static const char *const rel[] = { "records.jsonl", "skipped.jsonl",
						   "state.json" };
		for (size_t i = 0; i < 3 && !rc; i++) {
			char *r = str_fmt("%s/%s", name, rel[i]);

			rc = r ? add_file_x(files, out, r, i < 2) : ERR_FAIL;
			free(r);
		}
	}
	err_clear();
	free(dir);
	free(st);
	return rc;
}

int dataset_manifest(const struct dataset_opts *o, cJSON *counts)
{
	cJSON *m = cJSON_CreateObject(), *repos, *files, *tools;
	struct buf b = BUF_INIT;
	DIR *d = opendir(o->out_dir);
	struct dirent *e;
	int rc = 0, maj, min, rev;
	char *path;

	if (!d)
		return err_set_errno(ERR_FAIL, "%s", o->out_dir);
	cJSON_AddStringToObject(m, "hwforge", PACKAGE_VERSION);
	tools = cJSON_AddObjectToObject(m, "tools");
	git_libgit2_version(&maj, &min, &rev);
	path = str_fmt("%d.%d.%d", maj, min, rev);
	cJSON_AddStringToObject(tools, "libgit2", path ? path : "?");
	free(path);
	if (o->filters) {
		cJSON *v = verify_tool_versions();

		if (v)
			cJSON_AddItemToObject(m, "check_tools", v);
	}
	cJSON_AddItemToObject(m, "rules", rules(o));
	repos = cJSON_AddArrayToObject(m, "repositories");
	files = cJSON_AddObjectToObject(m, "files");
	while ((e = readdir(d)) && !rc)
		if (e->d_name[0] != '.')
			rc = add_repo(repos, files, o->out_dir, e->d_name);
	closedir(d);
	if (!rc)
		rc = add_file(files, o->out_dir, "clusters.jsonl");
	cJSON_AddItemReferenceToObject(m, "counts", counts);
	if (!rc)
		rc = json_print(&b, m, true);
	path = str_fmt("%s/manifest.json", o->out_dir);
	if (!rc)
		rc = path ? buf_write_file(path, b.data, b.len) : ERR_FAIL;
	free(path);
	buf_release(&b);
	cJSON_Delete(m);
	return rc;
}
