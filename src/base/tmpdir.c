#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/tmpdir.h"

/*
 * The pid of the process that made name ("hwforge-<tag>-<pid>-XXXXXX"),
 * or 0 when name is not of that shape.
 */
static long owner_pid(const char *name)
{
	size_t n = strlen(name);
	const char *end, *p;
	long pid = 0;

	if (strncmp(name, "hwforge-", 8) || n < 8 + 2 + 1 + 1 + 6 ||
	    name[n - 7] != '-')
		return 0;
	end = name + n - 7;
	for (p = end; p > name + 8 && p[-1] >= '0' && p[-1] <= '9'; p--)
		;
	if (p == end || p[-1] != '-' || end - p > 9)
		return 0;
	for (; p < end; p++)
		pid = pid * 10 + (*p - '0');
	return pid;
}

#define KEPT_MARK ".hwforge-kept"

/* --keep-tmp left it for the user (tmpdir_remove wrote the mark). */
static bool kept_on_purpose(const char *dir)
{
	struct buf p = BUF_INIT;
	struct stat st;
	bool yes;

	if (buf_addf(&p, "%s/%s", dir, KEPT_MARK))
		return true;
	yes = !lstat(p.data, &st);
	buf_release(&p);
	return yes;
}

/*
 * A run killed with SIGKILL cannot remove its directory; the next run
 * does: a directory of ours in base whose name carries the pid of a
 * process that no longer exists is removed, once per process.  A live
 * pid (even a reused one) keeps its directory, and so does anything not
 * of our shape, not a directory, or not ours.  Threads create
 * directories side by side: pthread_once makes it one scan.
 */
static void reap_stale(void)
{
	const char *base = getenv("TMPDIR");
	DIR *d;
	struct dirent *e;

	if (!base || !*base)
		base = "/tmp";
	d = opendir(base);
	if (!d)
		return;
	while ((e = readdir(d))) {
		long pid = owner_pid(e->d_name);
		struct stat st;
		struct buf p = BUF_INIT;

		if (pid <= 0 || pid == (long)getpid() ||
		    buf_addf(&p, "%s/%s", base, e->d_name))
			goto next;
		if (lstat(p.data, &st) || !S_ISDIR(st.st_mode) ||
		    st.st_uid != getuid())
			goto next;
		if (kill((pid_t)pid, 0) && errno == ESRCH &&
		    !kept_on_purpose(p.data))
			rm_rf(p.data);
next:
		buf_release(&p);
	}
	closedir(d);
}

int tmpdir_create(struct tmpdir *t, const char *tag)
{
	const char *base = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	if (!base || !*base)
		base = "/tmp";
	{
		static pthread_once_t once = PTHREAD_ONCE_INIT;

		pthread_once(&once, reap_stale);
	}
	if (buf_addf(&b, "%s/hwforge-%s-%ld-XXXXXX", base, tag,
		     (long)getpid()))
		return ERR_FAIL;
	if (!mkdtemp(b.data)) {
		err_set_errno(ERR_FAIL, "cannot create a directory in '%s'",
			      base);
		buf_release(&b);
		return ERR_FAIL;
	}
	t->path = buf_detach(&b, NULL);
	t->keep = false;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP || flag == FTW_D)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

int rm_rf(const char *path)
{
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS) && errno != ENOENT)
		return err_set_errno(ERR_FAIL, "cannot remove '%s'", path);
	return 0;
}

void tmpdir_remove(struct tmpdir *t)
{
	if (!t->path)
		return;
	if (!t->keep) {
		rm_rf(t->path);
	} else {
		/* the next run's reaper must leave what the user asked for */
		char *m = tmpdir_file(t, KEPT_MARK);
		FILE *f = m ? fopen(m, "w") : NULL;

		if (f)
			fclose(f);
		free(m);
	}
	free(t->path);
	t->path = NULL;
}

char *tmpdir_file(const struct tmpdir *t, const char *name)
{
	struct buf b = BUF_INIT;

	if (buf_addf(&b, "%s/%s", t->path, name))
		return NULL;
	return buf_detach(&b, NULL);
}
