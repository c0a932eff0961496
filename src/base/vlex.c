#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/vlex.h"

void vlex_init(struct vlex *l, const char *src, size_t len)
{
	l->src = src;
	l->p = src;
	l->end = src + len;
	l->line = 1;
}

size_t vlex_len(const struct vlex *l)
{
	return (size_t)(l->end - l->src);
}

bool vlex_ident_start(int c)
{
	return (c >= 0 && c < 128 && isalpha(c)) || c == '_';
}

bool vlex_ident_char(int c)
{
	return (c >= 0 && c < 128 && isalnum(c)) || c == '_' || c == '$';
}

#define id_start vlex_ident_start
#define id_char vlex_ident_char

bool vlex_is_ident(const char *s)
{
	if (!s || !id_start((unsigned char)*s))
		return false;
	for (s++; *s; s++)
		if (!id_char((unsigned char)*s))
			return false;
	return true;
}

bool vlex_is_define(const char *s)
{
	const char *eq = s ? strchr(s, '=') : NULL;
	size_t n = !s ? 0 : eq ? (size_t)(eq - s) : strlen(s);

	if (!n || !id_start((unsigned char)*s))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!id_char((unsigned char)s[i]))
			return false;
	for (const char *p = eq ? eq + 1 : ""; *p; p++)
		if (!isgraph((unsigned char)*p) || strchr("\"';#\\", *p))
			return false;
	return true;
}

static void skip_to(struct vlex *l, const char *stop)
{
	size_t n = strlen(stop);

	while (l->p < l->end) {
		if ((size_t)(l->end - l->p) >= n && !memcmp(l->p, stop, n)) {
			l->p += n;
			return;
		}
		if (*l->p == '\n')
			l->line++;
		l->p++;
	}
}

/* "(*" opens an attribute unless it is the "@(*)" event control. */
static bool attribute_start(const struct vlex *l)
{
	const char *q = l->p + 2;

	if (l->end - l->p < 2 || l->p[0] != '(' || l->p[1] != '*')
		return false;
	while (q < l->end && isspace((unsigned char)*q))
		q++;
	return q < l->end && *q != ')';
}

static void skip_space(struct vlex *l)
{
	while (l->p < l->end) {
		unsigned char c = (unsigned char)*l->p;

		if (c == '\n') {
			l->line++;
			l->p++;
		} else if (isspace(c)) {
			l->p++;
		} else if (c == '/' && l->end - l->p > 1 && l->p[1] == '/') {
			while (l->p < l->end && *l->p != '\n')
				l->p++;
		} else if (c == '/' && l->end - l->p > 1 && l->p[1] == '*') {
			l->p += 2;
			skip_to(l, "*/");
		} else if (attribute_start(l)) {
			l->p += 2;
			skip_to(l, "*)");
		} else {
			return;
		}
	}
}

static void lex_string(struct vlex *l)
{
	l->p++;
	while (l->p < l->end && *l->p != '"' && *l->p != '\n') {
		if (*l->p == '\\' && l->end - l->p > 1) {
			if (l->p[1] == '\n')
				l->line++;
			l->p++;
		}
		l->p++;
	}
	if (l->p < l->end && *l->p == '"')
		l->p++;
}

/* At a ': 's? [bodhBODH] then digits (spaces allowed before them). */
static bool lex_based(struct vlex *l)
{
	const char *q = l->p + 1;

	if (q < l->end && (*q == 's' || *q == 'S'))
		q++;
	if (q >= l->end || !strchr("bodhBODH", *q))
		return false;
	q++;
	while (q < l->end && (*q == ' ' || *q == '\t'))
		q++;
	while (q < l->end &&
	       (isxdigit((unsigned char)*q) || strchr("_xXzZ?", *q)))
		q++;
	l->p = q;
	return true;
}

static void lex_number(struct vlex *l)
{
	while (l->p < l->end &&
	       (isdigit((unsigned char)*l->p) || *l->p == '_' || *l->p == '.'))
		l->p++;
	if (l->p < l->end && (*l->p == 'e' || *l->p == 'E') &&
	    l->end - l->p > 1 &&
	    (isdigit((unsigned char)l->p[1]) || l->p[1] == '-' ||
	     l->p[1] == '+')) {
		l->p += 2;
		while (l->p < l->end && isdigit((unsigned char)*l->p))
			l->p++;
	}
	/* the size and the base may stand apart: 8 'hff */
	{
		const char *q = l->p;

		while (q < l->end && (*q == ' ' || *q == '\t'))
			q++;
		if (q < l->end && *q == '\'') {
			const char *keep = l->p;

			l->p = q;
			if (!lex_based(l))
				l->p = keep;
		}
	}
}

void vlex_next(struct vlex *l, struct vtok *t)
{
	const char *s;
	unsigned char c;

	skip_space(l);
	t->line = l->line;
	t->s = l->p;
	t->start = (size_t)(l->p - l->src);
	t->len = 0;
	if (l->p >= l->end) {
		t->kind = VTOK_EOF;
		return;
	}
	s = l->p;
	c = (unsigned char)*s;
	if (id_start(c)) {
		t->kind = VTOK_IDENT;
		while (l->p < l->end && id_char((unsigned char)*l->p))
			l->p++;
	} else if (c == '\\') {
		t->kind = VTOK_IDENT;
		while (l->p < l->end && !isspace((unsigned char)*l->p))
			l->p++;
	} else if (c == '$' || c == '`') {
		t->kind = c == '$' ? VTOK_SYSTASK : VTOK_DIRECTIVE;
		l->p++;
		while (l->p < l->end && id_char((unsigned char)*l->p))
			l->p++;
	} else if (c == '"') {
		t->kind = VTOK_STRING;
		lex_string(l);
	} else if (isdigit(c)) {
		t->kind = VTOK_NUMBER;
		lex_number(l);
	} else if (c == '\'' && lex_based(l)) {
		t->kind = VTOK_NUMBER;
	} else {
		t->kind = VTOK_PUNCT;
		l->p++;
	}
	t->len = (size_t)(l->p - s);
}

bool vtok_is(const struct vtok *t, const char *s)
{
	return t->len == strlen(s) && !memcmp(t->s, s, t->len);
}

bool vtok_word(const struct vtok *t, const char *word)
{
	return t->kind == VTOK_IDENT && vtok_is(t, word);
}

bool vtok_punct(const struct vtok *t, char c)
{
	return t->kind == VTOK_PUNCT && t->len == 1 && t->s[0] == c;
}

void vwin_init(struct vwin *w, const char *src, size_t len)
{
	memset(w, 0, sizeof(*w));
	vlex_init(&w->l, src, len);
	w->cur.s = src;
	vlex_next(&w->l, &w->next);
}

bool vwin_next(struct vwin *w)
{
	if (w->next.kind == VTOK_EOF)
		return false;
	w->prev = w->cur;
	w->cur = w->next;
	vlex_next(&w->l, &w->next);
	return true;
}

int vlex_rename(struct buf *out, const char *src, size_t len,
		const char *const *from, const char *const *to)
{
	struct vlex l;
	struct vtok t;
	const char *copied = src;

	vlex_init(&l, src, len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t)) {
		size_t i;

		if (t.kind != VTOK_IDENT)
			continue;
		for (i = 0; from[i] && !vtok_is(&t, from[i]); i++)
			;
		if (!from[i])
			continue;
		if (buf_add(out, copied, (size_t)(t.s - copied)) ||
		    buf_addstr(out, to[i]))
			return ERR_FAIL;
		copied = t.s + t.len;
	}
	return buf_add(out, copied, (size_t)(src + len - copied));
}
