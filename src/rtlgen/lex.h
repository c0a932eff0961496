#ifndef RTLGEN_LEX_H
#define RTLGEN_LEX_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A small Verilog tokenizer, private to librtlgen: enough to find module
 * headers, port declarations and endmodule outside comments and strings.
 * It never fails: unknown bytes become one-character punctuation tokens.
 * Strings end at a newline as well, so a stray quote in prose cannot
 * swallow the rest of a reply.
 */
enum rtok_kind {
	VT_EOF = 0,
	VT_IDENT, /* identifiers, keywords, escaped identifiers */
	VT_NUMBER, /* 12, 8'hff, 'b0, 1.5 */
	VT_STRING,
	VT_DIRECTIVE, /* `define, `timescale, ... */
	VT_PUNCT, /* one character */
};

struct rtok {
	enum rtok_kind kind;
	size_t start, len;
	unsigned line; /* 1-based */
};

struct rlex {
	const char *s;
	size_t len, pos;
	unsigned line;
};

void rtlgen__lex_init(struct rlex *lx, const char *s, size_t len);
/* The next token; kind VT_EOF at the end. */
void rtlgen__lex_next(struct rlex *lx, struct rtok *t);
bool rtlgen__tok_is(const struct rlex *lx, const struct rtok *t,
		    const char *word);
bool rtlgen__tok_punct(const struct rlex *lx, const struct rtok *t, char c);

#endif
