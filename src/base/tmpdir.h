#ifndef BASE_TMPDIR_H
#define BASE_TMPDIR_H

#include <stdbool.h>

/*
 * One private temporary directory per operation:
 * mkdtemp("$TMPDIR/hwforge-<tag>-<pid>-XXXXXX"), mode 0700.  The first
 * call of a process removes the directories of that shape, and ours, whose
 * pid is dead (left by a run killed with SIGKILL), except the ones kept on
 * purpose (--keep-tmp: tmpdir_remove() marks them).  tmpdir_remove() is
 * a no-op on TMPDIR_INIT and deletes the tree without following symlinks
 * unless `keep` is set (--keep-tmp), in which case the path is left.
 */
struct tmpdir {
	char *path;
	bool keep;
};
#define TMPDIR_INIT { .path = NULL, .keep = false }

int tmpdir_create(struct tmpdir *t, const char *tag);
void tmpdir_remove(struct tmpdir *t);
/* path/name as a malloc'd string (NULL on OOM). */
char *tmpdir_file(const struct tmpdir *t, const char *name);
/* Remove a directory tree (FTW_PHYS: never follows a symlink out). */
int rm_rf(const char *path);

#endif
