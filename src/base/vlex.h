#ifndef BASE_VLEX_H
#define BASE_VLEX_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/*
 * The one Verilog tokenizer of hwforge: enough of the lexical grammar to
 * screen untrusted sources, find module headers and ports in LLM replies,
 * and rename identifiers in trusted sources without touching comments or
 * strings.  Comments, white space and attributes (* ... *) are skipped
 * (not "@(*)"); strings keep their quotes and end at a newline as well
 * (a backslash-newline continues them), so a stray quote in prose cannot
 * swallow the rest of a text; based numbers (8'hff, 'sb1, 4'b x1?z) are
 * one token, so "8'hdead" is no identifier; escaped identifiers run to
 * the next white space.  Unterminated comments, strings and attributes
 * end at the end of the input.  The lexer never fails: unknown bytes
 * become one-character punctuation tokens.
 */
enum vtok_kind {
	VTOK_EOF = 0,
	VTOK_IDENT, /* identifier or keyword (escaped \ids included) */
	VTOK_SYSTASK, /* $name ($ and the name's characters) */
	VTOK_DIRECTIVE, /* `name; a lone ` (`` and `" in macro bodies) */
	VTOK_NUMBER,
	VTOK_STRING, /* "..." including quotes */
	VTOK_PUNCT, /* one character */
};

struct vtok {
	enum vtok_kind kind;
	const char *s; /* points into the source */
	size_t len;
	size_t start; /* s - the source: an offset, for slicing */
	int line; /* 1-based, of the token's first character */
};

struct vlex {
	const char *src, *p, *end;
	int line;
};

void vlex_init(struct vlex *l, const char *src, size_t len);
/* The next token; kind VTOK_EOF (len 0) at the end, again and again. */
void vlex_next(struct vlex *l, struct vtok *t);
/* Whether the token's text is `s` (any kind). */
bool vtok_is(const struct vtok *t, const char *s);
/* Whether the token is the identifier or keyword `word`. */
bool vtok_word(const struct vtok *t, const char *word);
/* Whether the token is the punctuation character c. */
bool vtok_punct(const struct vtok *t, char c);
/* Length of the whole input the lexer reads. */
size_t vlex_len(const struct vlex *l);

/*
 * A window of three tokens (look-behind and look-ahead):
 *	struct vwin w;
 *	for (vwin_init(&w, src, len); vwin_next(&w);) use w.prev, w.cur, w.next
 * prev is kind VTOK_EOF (len 0) at the first token.
 */
struct vwin {
	struct vlex l;
	struct vtok prev, cur, next;
};
void vwin_init(struct vwin *w, const char *src, size_t len);
/* Advance by one token; false at the end. */
bool vwin_next(struct vwin *w);

/* The characters of a plain identifier: [A-Za-z_] then [A-Za-z0-9_$]. */
bool vlex_ident_start(int c);
bool vlex_ident_char(int c);
/*
 * The one identifier check: s is a plain Verilog identifier (no escaped
 * ones), safe to put into generated Verilog and tool scripts.
 */
bool vlex_is_ident(const char *s);
/* NAME or NAME=VALUE, NAME an identifier, VALUE free of blanks, quotes,
 * ';', '#' and '\' (safe on a command line and in a Yosys script). */
bool vlex_is_define(const char *s);

/*
 * Copy src into out (appending) with every identifier token equal to
 * from[i] replaced by to[i] (NULL-ended, same length); comments, strings,
 * numbers, $tasks and directives are copied as they are.
 */
int vlex_rename(struct buf *out, const char *src, size_t len,
		const char *const *from, const char *const *to);

#endif
