#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cache.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/json.h"

int mkdir_p(const char *path)
{
	struct buf p = BUF_INIT;
	int rc = buf_addstr(&p, path);

	for (size_t i = 1; !rc && i <= p.len; i++) {
		if (p.data[i] != '/' && p.data[i] != '\0')
			continue;
		p.data[i] = '\0';
		if (mkdir(p.data, 0777) && errno != EEXIST)
			rc = err_set_errno(ERR_FAIL,
					   "cannot create directory '%s'",
					   p.data);
		if (i < p.len)
			p.data[i] = '/';
	}
	buf_release(&p);
	return rc;
}

bool cas_key_ok(const char *key)
{
	size_t n = 0;

	for (; key && key[n]; n++)
		if (!((key[n] >= '0' && key[n] <= '9') ||
		      (key[n] >= 'a' && key[n] <= 'f')))
			return false;
	return n == 64;
}

char *cas_path(const char *dir, const char *key)
{
	struct buf p = BUF_INIT;

	if (!dir || !cas_key_ok(key) ||
	    buf_addf(&p, "%s/%.2s/%s.json", dir, key, key + 2))
		return NULL;
	return buf_detach(&p, NULL);
}

int cas_get(struct buf *out, const char *dir, const char *key, size_t max)
{
	char *path = cas_path(dir, key);
	int rc;

	if (!path)
		return err_set(ERR_USAGE, "cache: bad key or directory");
	rc = buf_read_file(out, path, max);
	free(path);
	return rc;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int cas_put(const char *dir, const char *key, const void *data, size_t len,
	      bool do_fsync)
{
	static unsigned long counter;
	char *path = cas_path(dir, key), *slash;
	struct buf tmp = BUF_INIT;
	char rnd[9] = "00000000";
	int rc = path ? 0 : err_set(ERR_USAGE, "cache: bad key or directory");
	int fd = -1;

	if (!rc) {
		slash = strrchr(path, '/');
		*slash = '\0';
		rc = mkdir_p(path);
		*slash = '/';
	}
	if (!rc) {
		random_hex(rnd, 8);
		rc = buf_addf(&tmp, "%s.tmp.%ld.%lu.%s", path, (long)getpid(),
			      __atomic_fetch_add(&counter, 1,
						 __ATOMIC_RELAXED),
			      rnd);
	}
	if (!rc) {
		fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
			  0644);
		if (fd < 0)
			rc = err_set_errno(ERR_FAIL, "cannot create '%s'",
					   tmp.data);
	}
	if (!rc && write_all(fd, data, len))
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", tmp.data);
	if (!rc && do_fsync && fsync(fd))
		rc = err_set_errno(ERR_FAIL, "cannot sync '%s'", tmp.data);
	if (fd >= 0 && close(fd) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", tmp.data);
	if (!rc && rename(tmp.data, path))
		rc = err_set_errno(ERR_FAIL, "cannot rename '%s'", tmp.data);
	if (rc && fd >= 0)
		unlink(tmp.data);
	free(path);
	buf_release(&tmp);
	return rc;
}

int cas_get_json(cJSON **out, const char *dir, const char *key, size_t max)
{
	struct buf b = BUF_INIT;
	int rc = cas_get(&b, dir, key, max);

	*out = NULL;
	if (!rc && json_parse(out, b.data, b.len, "cache entry")) {
		err_clear();
		rc = ERR_NOTFOUND;
	}
	buf_release(&b);
	return rc;
}

int cas_put_json(const char *dir, const char *key, const cJSON *v,
		   bool do_fsync)
{
	struct buf b = BUF_INIT;
	int rc = json_print(&b, v, false);

	if (!rc)
		rc = cas_put(dir, key, b.data, b.len, do_fsync);
	buf_release(&b);
	return rc;
}
