#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "base/err.h"

static _Thread_local char err_msg[1024];

/*
 * A message is one line: text taken from input (a key, a file name, a
 * server's reply) may carry line breaks or control characters, which
 * would split the line or reach the terminal raw.
 */
static void one_line(void)
{
	for (char *p = err_msg; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '\n' || c == '\r' || c == '\t')
			*p = ' ';
		else if (c < 0x20 || c == 0x7f)
			*p = '?';
	}
}

/*
 * Format into a copy first: an argument may be err_last() itself
 * (err_set(code, "%s", err_last()) re-classifies the current message),
 * and vsnprintf into the buffer it reads from is undefined.
 */
int err_set(int code, const char *fmt, ...)
{
	char msg[sizeof(err_msg)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(err_msg, msg, sizeof(msg));
	one_line();
	return code;
}

int err_set_errno(int code, const char *fmt, ...)
{
	int saved = errno;
	char msg[sizeof(err_msg)];
	size_t n;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(err_msg, msg, sizeof(msg));
	n = strlen(err_msg);
	if (n < sizeof(err_msg) - 1)
		snprintf(err_msg + n, sizeof(err_msg) - n, ": %s",
			 strerror(saved));
	one_line();
	return code;
}

int err_wrap(int code, const char *fmt, ...)
{
	char old[sizeof(err_msg)];
	size_t n;
	va_list ap;

	memcpy(old, err_msg, sizeof(old));
	char msg[sizeof(err_msg)];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	memcpy(err_msg, msg, sizeof(msg));
	n = strlen(err_msg);
	if (old[0] && n < sizeof(err_msg) - 1)
		snprintf(err_msg + n, sizeof(err_msg) - n, ": %s", old);
	one_line();
	return code;
}

const char *err_last(void)
{
	return err_msg[0] ? err_msg : "unknown error";
}

void err_clear(void)
{
	err_msg[0] = '\0';
}

void err_save(struct err_saved *s)
{
	memcpy(s->msg, err_msg, sizeof(s->msg));
}

void err_restore(const struct err_saved *s)
{
	memcpy(err_msg, s->msg, sizeof(err_msg));
}
