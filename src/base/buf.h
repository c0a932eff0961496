#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * A growable byte buffer with git strbuf semantics: `data` is never NULL
 * and always NUL-terminated, so it can be used as a C string at any time.
 * BUF_INIT values need no allocation; buf_release() leaves a valid empty
 * buffer.  Functions that grow the buffer return 0 or ERR_FAIL (out of
 * memory) and leave the buffer unchanged on failure.
 */
struct buf {
	char *data;
	size_t len;
	size_t alloc;
};

extern char buf_slopbuf[];
#define BUF_INIT { .data = buf_slopbuf, .len = 0, .alloc = 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);
/* Hand the storage over to the caller (free() it); b becomes empty. */
char *buf_detach(struct buf *b, size_t *len);
int buf_grow(struct buf *b, size_t extra);
int buf_add(struct buf *b, const void *data, size_t len);
int buf_addstr(struct buf *b, const char *s);
int buf_addch(struct buf *b, int c);
int buf_addf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int buf_vaddf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
void buf_reset(struct buf *b);
void buf_setlen(struct buf *b, size_t len);
/* Strip trailing white space. */
void buf_rtrim(struct buf *b);
/*
 * Append untrusted text made safe for a terminal or a log: control bytes
 * (other than \n and \t) and bytes >= 0x7f become \xNN escapes.
 */
int buf_add_escaped(struct buf *b, const char *s, size_t len);
/* For HTML text and attribute values: control bytes as buf_add_escaped()
 * does, then & < > " ' as entities.  s may be NULL (nothing added). */
int buf_add_html(struct buf *b, const char *s);
/*
 * The CSS rules every self-contained report.html shares (bench, fuzz):
 * page font, bordered tables, the .pass and .broken classes.  A string
 * literal, so that a page can put its own rules after it.
 */
#define HTML_REPORT_CSS                                                \
	"body{font:14px/1.4 sans-serif;margin:2em;color:#222}"         \
	"table{border-collapse:collapse;margin:1em 0}"                 \
	"td,th{border:1px solid #ccc;padding:2px 8px;text-align:left}" \
	"th{background:#eee}.broken{color:#a00}.pass{color:#070}"

/* A newly allocated formatted string (free() it), or NULL if out of memory. */
char *str_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* str_fmt() with a va_list (the callee of a variadic formatter). */
char *str_vfmt(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));

/*
 * Read a whole file.  ERR_NOTFOUND if it does not exist, ERR_TOOBIG if it
 * is larger than `max` bytes (0: no cap), ERR_FAIL otherwise.
 */
int buf_read_file(struct buf *b, const char *path, size_t max);
/*
 * Write (create or replace) a file; checks write and close.  A regular
 * file is replaced atomically (a temporary beside it, then rename), so a
 * killed run never leaves half of it.
 */
int buf_write_file(const char *path, const void *data, size_t len);

/* buf_write_file() of DIR/NAME. */
int buf_write_in(const char *dir, const char *name, const void *data,
		 size_t len);
/* True if the bytes contain a NUL or are otherwise not text. */
bool buf_is_binary(const char *data, size_t len);

/*
 * Make room for need elements of elem bytes in an array: pv points to the
 * array's pointer, *alloc is its capacity, which doubles from first.
 * 0, or ERR_FAIL (out of memory; the array is left as it was).
 */
int array_grow(void *pv, size_t *alloc, size_t need, size_t elem,
	       size_t first);

#endif
