#ifndef BASE_ERR_H
#define BASE_ERR_H

/*
 * Error codes and the thread-local "last error" message.
 *
 * A function that can fail returns 0 or a negative enum err_code and sets
 * the message where the failure happens; callers propagate the code without
 * overwriting the message.  Only the CLI prints it.
 */
enum err_code {
	ERR_OK = 0,
	ERR_FAIL = -1,     /* generic; the message says what happened */
	ERR_NOTFOUND = -2, /* file, tool or key does not exist */
	ERR_TIMEOUT = -3,
	ERR_TOOBIG = -4,   /* a configured cap was exceeded */
	ERR_INTR = -5,     /* user interrupt */
	ERR_USAGE = -6,    /* bad input from the user (file, flag, format) */
};

int err_set(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Like err_set(), with ": strerror(errno)" appended. */
int err_set_errno(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prefix the current message with "<prefix>: " (adds context, keeps code). */
int err_wrap(int code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The last message of this thread; never NULL, borrowed. */
const char *err_last(void);
void err_clear(void);

/* Keep this thread's message across a call that may replace it (a probe
 * whose failure does not matter must not erase why the run stopped). */
struct err_saved {
	char msg[1024];
};
void err_save(struct err_saved *s);
void err_restore(const struct err_saved *s);

#endif
