#include "config.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"
#include "base/tmpdir.h"

int tmpdir_create(struct tmpdir *t, const char *tag)
{
	const char *base = getenv("TMPDIR");
	struct buf b = BUF_INIT;

	if (!base || !*base)
		base = "/tmp";
	if (buf_addf(&b, "%s/hwforge-%s-XXXXXX", base, tag))
		return ERR_FAIL;
	if (!mkdtemp(b.data)) {
		err_set_errno(ERR_FAIL, "cannot create a directory in '%s'",
			      base);
		buf_release(&b);
		return ERR_FAIL;
	}
	t->path = buf_detach(&b, NULL);
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
	if (!t->keep)
		rm_rf(t->path);
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
