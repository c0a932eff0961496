/*
 * --resume: the records of one commit are contiguous and numbered
 * ("part":[k,n]), so the file is cut after the last line that completes a
 * commit; a torn last line and the records of a commit the crash cut short
 * go, and that commit is mined again.  Commits whose records are complete
 * are skipped by the walk.  skipped.jsonl keeps its complete lines, and
 * they are not written twice.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset/miner.h"

/* "commit":"<hex>" and "part":[k,n] of a record line; false if absent. */
static bool line_part(const char *l, git_oid *id, long *k, long *n)
{
	const char *c = strstr(l, "\"commit\":\""), *p = strstr(l, "\"part\":[");
	char hex[GIT_OID_HEXSZ + 1];

	if (!c || !p)
		return false;
	memcpy(hex, c + 10, GIT_OID_HEXSZ);
	hex[GIT_OID_HEXSZ] = 0;
	if (git_oid_fromstr(id, hex))
		return false;
	return sscanf(p + 8, "%ld,%ld", k, n) == 2;
}

/* Close a scan: cut the file back to its last whole line unless it failed. */
static int scan_end(FILE *f, char *line, const char *path, off_t keep, int rc)
{
	free(line);
	fclose(f);
	if (!rc && truncate(path, keep))
		rc = err_set_errno(ERR_FAIL, "truncate %s", path);
	return rc;
}

static int scan_records(struct miner *m, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	off_t pos = 0, keep = 0;
	int rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : err_set_errno(ERR_FAIL, "%s", path);
	while ((n = getline(&line, &cap, f)) > 0) {
		git_oid id;
		long k, total;

		pos += n;
		if (line[n - 1] != '\n')
			break; /* torn */
		if (line_part(line, &id, &k, &total) && k == total) {
			keep = pos;
			if (oidmap_put(&m->done, &id, 1)) {
				rc = ERR_FAIL;
				break;
			}
		}
	}
	return scan_end(f, line, path, keep, rc);
}

static int scan_skipped(struct miner *m, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	off_t keep = 0;
	int rc = 0;

	if (!f)
		return errno == ENOENT ? 0 : err_set_errno(ERR_FAIL, "%s", path);
	while ((n = getline(&line, &cap, f)) > 0 && line[n - 1] == '\n') {
		keep += n;
		if (hset_add(&m->skipped, hash64(line, (size_t)n))) {
			rc = ERR_FAIL;
			break;
		}
	}
	return scan_end(f, line, path, keep, rc);
}

int miner_resume_scan(struct miner *m, const char *rec_path,
		      const char *skip_path)
{
	int rc = scan_records(m, rec_path);

	return rc ? rc : scan_skipped(m, skip_path);
}
