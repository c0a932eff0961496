#include "config.h"

#include <ctype.h>
#include <string.h>

#include "rtlgen/lex.h"

void rtlgen__lex_init(struct rlex *lx, const char *s, size_t len)
{
	lx->s = s;
	lx->len = len;
	lx->pos = 0;
	lx->line = 1;
}

static int peek(const struct rlex *lx, size_t off)
{
	size_t p = lx->pos + off;

	return p < lx->len ? (unsigned char)lx->s[p] : -1;
}

static void advance(struct rlex *lx)
{
	if (lx->pos < lx->len && lx->s[lx->pos] == '\n')
		lx->line++;
	lx->pos++;
}

/* Skip white space and comments; an unterminated comment ends the text. */
static void skip_blank(struct rlex *lx)
{
	for (;;) {
		int c = peek(lx, 0);

		if (c == ' ' || c == '\t' || c == '\r' || c == '\n' ||
		    c == '\f' || c == '\v') {
			advance(lx);
		} else if (c == '/' && peek(lx, 1) == '/') {
			while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
				advance(lx);
		} else if (c == '/' && peek(lx, 1) == '*') {
			advance(lx);
			advance(lx);
			while (lx->pos < lx->len &&
			       !(peek(lx, 0) == '*' && peek(lx, 1) == '/'))
				advance(lx);
			if (lx->pos < lx->len) {
				advance(lx);
				advance(lx);
			}
		} else {
			return;
		}
	}
}

static bool is_ident_start(int c)
{
	return c == '_' || (c >= 0 && c < 128 && isalpha(c));
}

static bool is_ident_char(int c)
{
	return c == '_' || c == '$' || (c >= 0 && c < 128 && isalnum(c));
}

static void lex_number(struct rlex *lx)
{
	while (is_ident_char(peek(lx, 0)) || peek(lx, 0) == '.' ||
	       peek(lx, 0) == '\'' || peek(lx, 0) == '?')
		advance(lx);
}

static void lex_string(struct rlex *lx)
{
	advance(lx); /* opening quote */
	while (lx->pos < lx->len) {
		int c = peek(lx, 0);

		if (c == '\n')
			return;
		if (c == '\\' && peek(lx, 1) != -1 && peek(lx, 1) != '\n') {
			advance(lx);
			advance(lx);
			continue;
		}
		advance(lx);
		if (c == '"')
			return;
	}
}

void rtlgen__lex_next(struct rlex *lx, struct rtok *t)
{
	int c;

	skip_blank(lx);
	t->start = lx->pos;
	t->line = lx->line;
	if (lx->pos >= lx->len) {
		t->kind = VT_EOF;
		t->len = 0;
		return;
	}
	c = peek(lx, 0);
	if (is_ident_start(c) || c == '$') {
		t->kind = VT_IDENT;
		while (is_ident_char(peek(lx, 0)))
			advance(lx);
	} else if (c == '\\') {
		t->kind = VT_IDENT;
		while (lx->pos < lx->len &&
		       !isspace((unsigned char)lx->s[lx->pos]))
			advance(lx);
	} else if (isdigit(c) || (c == '\'' && is_ident_char(peek(lx, 1)))) {
		t->kind = VT_NUMBER;
		lex_number(lx);
	} else if (c == '"') {
		t->kind = VT_STRING;
		lex_string(lx);
	} else if (c == '`' && is_ident_start(peek(lx, 1))) {
		t->kind = VT_DIRECTIVE;
		advance(lx);
		while (is_ident_char(peek(lx, 0)))
			advance(lx);
	} else {
		t->kind = VT_PUNCT;
		advance(lx);
	}
	t->len = lx->pos - t->start;
}

bool rtlgen__tok_is(const struct rlex *lx, const struct rtok *t,
		    const char *word)
{
	size_t n = strlen(word);

	return t->kind == VT_IDENT && t->len == n &&
	       !memcmp(lx->s + t->start, word, n);
}

bool rtlgen__tok_punct(const struct rlex *lx, const struct rtok *t, char c)
{
	return t->kind == VT_PUNCT && lx->s[t->start] == c;
}
