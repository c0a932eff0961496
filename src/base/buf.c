#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/err.h"

char buf_slopbuf[1];

void buf_init(struct buf *b)
{
	b->data = buf_slopbuf;
	b->len = 0;
	b->alloc = 0;
}

void buf_release(struct buf *b)
{
	if (b->alloc)
		free(b->data);
	buf_init(b);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *r;

	if (len)
		*len = b->len;
	if (!b->alloc) {
		r = calloc(1, 1);
		buf_init(b);
		return r;
	}
	r = b->data;
	buf_init(b);
	return r;
}

int buf_grow(struct buf *b, size_t extra)
{
	size_t want, n;
	char *p;

	if (extra > SIZE_MAX - b->len - 1) /* catch size_t overflow */
		return err_set(ERR_FAIL, "out of memory");
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return 0;
	n = b->alloc ? b->alloc : 64;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	p = b->alloc ? realloc(b->data, n) : malloc(n);
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = n;
	return 0;
}

int buf_add(struct buf *b, const void *data, size_t len)
{
	if (!len)
		return 0;
	if (buf_grow(b, len))
		return ERR_FAIL;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_addstr(struct buf *b, const char *s)
{
	return buf_add(b, s, strlen(s));
}

int buf_addch(struct buf *b, int c)
{
	char ch = (char)c;

	return buf_add(b, &ch, 1);
}

int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->alloc ? b->alloc - b->len : 0, fmt,
		      cp);
	va_end(cp);
	if (n < 0)
		return err_set(ERR_FAIL, "bad format");
	if (b->alloc && (size_t)n < b->alloc - b->len) {
		b->len += (size_t)n;
		return 0;
	}
	if (buf_grow(b, (size_t)n))
		return ERR_FAIL;
	vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_vaddf(b, fmt, ap);
	va_end(ap);
	return rc;
}

char *str_vfmt(const char *fmt, va_list ap)
{
	struct buf b = BUF_INIT;

	if (buf_vaddf(&b, fmt, ap)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

char *str_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = str_vfmt(fmt, ap);
	va_end(ap);
	return s;
}

void buf_reset(struct buf *b)
{
	buf_setlen(b, 0);
}

void buf_setlen(struct buf *b, size_t len)
{
	if (!b->alloc)
		return;
	if (len > b->len)
		len = b->len;
	b->len = len;
	b->data[len] = '\0';
}

void buf_rtrim(struct buf *b)
{
	size_t n = b->len;

	while (n && (b->data[n - 1] == ' ' || b->data[n - 1] == '\n' ||
		     b->data[n - 1] == '\t' || b->data[n - 1] == '\r'))
		n--;
	buf_setlen(b, n);
}

int buf_add_escaped(struct buf *b, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		int rc;

		if (c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f))
			rc = buf_addch(b, c);
		else if (c >= 0x80)
			rc = buf_addch(b, c); /* UTF-8 passes; C1 is rare */
		else
			rc = buf_addf(b, "\\x%02x", c);
		if (rc)
			return rc;
	}
	return 0;
}

int buf_add_html(struct buf *b, const char *s)
{
	struct buf t = BUF_INIT;
	int rc;

	if (!s)
		return 0;
	rc = buf_add_escaped(&t, s, strlen(s));
	for (const char *p = t.data; !rc && p && *p; p++) {
		switch (*p) {
		case '&':
			rc = buf_addstr(b, "&amp;");
			break;
		case '<':
			rc = buf_addstr(b, "&lt;");
			break;
		case '>':
			rc = buf_addstr(b, "&gt;");
			break;
		case '"':
			rc = buf_addstr(b, "&quot;");
			break;
		case '\'':
			rc = buf_addstr(b, "&#39;");
			break;
		default:
			rc = buf_addch(b, *p);
		}
	}
	buf_release(&t);
	return rc;
}

int buf_read_file(struct buf *b, const char *path, size_t max)
{
	struct stat st;
	char tmp[65536];
	ssize_t n;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set_errno(errno == ENOENT ? ERR_NOTFOUND : ERR_FAIL,
				     "cannot open '%s'", path);
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(ERR_USAGE, "'%s' is a directory", path);
	}
	if (max && st.st_size > 0 && (size_t)st.st_size > max) {
		close(fd);
		return err_set(ERR_TOOBIG, "'%s' is too large (%lld bytes, limit %zu)",
			       path, (long long)st.st_size, max);
	}
	for (;;) {
		n = read(fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set_errno(ERR_FAIL, "cannot read '%s'", path);
			break;
		}
		if (!n)
			break;
		if (max && b->len + (size_t)n > max) {
			rc = err_set(ERR_TOOBIG, "'%s' is too large (limit %zu bytes)",
				     path, max);
			break;
		}
		if (buf_add(b, tmp, (size_t)n)) {
			rc = ERR_FAIL;
			break;
		}
	}
	close(fd);
	return rc;
}

/* Errors name `path`, the file the caller asked for, not `at`. */
static int write_all(const char *at, const char *path, int flags,
		     const void *data, size_t len)
{
	const char *p = data;
	int fd;

	fd = open(at, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
	if (fd < 0)
		return err_set_errno(ERR_FAIL, "cannot create '%s'", path);
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err_set_errno(ERR_FAIL, "cannot write '%s'", path);
			close(fd);
			return ERR_FAIL;
		}
		p += n;
		len -= (size_t)n;
	}
	if (close(fd))
		return err_set_errno(ERR_FAIL, "cannot close '%s'", path);
	return 0;
}

/*
 * A regular file is written beside itself and renamed into place, so a
 * run killed mid-write leaves the old file or the new one, never half of
 * one (reports, JUnit files, summaries); /dev/stdout and other special
 * files are written directly.
 */
int buf_write_file(const char *path, const void *data, size_t len)
{
	static unsigned long seq;
	struct buf tmp = BUF_INIT;
	struct stat st;
	int rc;

	if (!stat(path, &st) && !S_ISREG(st.st_mode))
		return write_all(path, path, O_TRUNC, data, len);
	rc = buf_addf(&tmp, "%s.tmp.%ld.%lu", path, (long)getpid(),
		      __atomic_add_fetch(&seq, 1, __ATOMIC_RELAXED));
	if (rc)
		return rc;
	rc = write_all(tmp.data, path, O_EXCL, data, len);
	if (!rc && rename(tmp.data, path))
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", path);
	if (rc)
		unlink(tmp.data);
	buf_release(&tmp);
	return rc;
}

int buf_write_in(const char *dir, const char *name, const void *data,
		 size_t len)
{
	struct buf p = BUF_INIT;
	int rc = buf_addf(&p, "%s/%s", dir, name);

	if (!rc)
		rc = buf_write_file(p.data, data, len);
	buf_release(&p);
	return rc;
}

int array_grow(void *pv, size_t *alloc, size_t need, size_t elem,
	       size_t first)
{
	size_t na = *alloc ? *alloc : first;
	void *p;

	if (need <= *alloc)
		return 0;
	while (na < need) {
		if (na > SIZE_MAX / 2)
			return err_set(ERR_FAIL, "out of memory");
		na *= 2;
	}
	if (na > SIZE_MAX / elem)
		return err_set(ERR_FAIL, "out of memory");
	memcpy(&p, pv, sizeof(p)); /* the caller's T *, whatever T is */
	p = realloc(p, na * elem);
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	memcpy(pv, &p, sizeof(p));
	*alloc = na;
	return 0;
}

bool buf_is_binary(const char *data, size_t len)
{
	size_t bad = 0;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (!c)
			return true;
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' &&
		    c != '\f' && c != '\v' && c != 0x1b)
			bad++;
	}
	return len && bad * 20 > len; /* > 5 % control bytes */
}
