#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * Just enough of Verilog's lexical grammar to screen untrusted sources and
 * rename modules in trusted ones: comments, strings, attributes, numbers
 * (so that 8'hdead is not an identifier), identifiers, $tasks and
 * `directives.  Everything else is one punctuation character.
 */

void vlex_init(struct vlex *l, const char *src, size_t len)
{
	l->p = src;
	l->end = src + len;
	l->line = 1;
}

static bool id_start(int c)
{
	return isalpha(c) || c == '_';
}

static bool id_char(int c)
{
	return isalnum(c) || c == '_' || c == '$';
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

/* After an optional size: 's? [bodhBODH] digits. */
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
	if (l->p < l->end && *l->p == '\'')
		lex_based(l);
}

void vlex_next(struct vlex *l, struct vtok *t)
{
	const char *s;
	unsigned char c;

	skip_space(l);
	t->line = l->line;
	t->s = l->p;
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

int verify_rename_module(struct buf *out, const char *src, size_t len,
			 const char *from, const char *to)
{
	struct vlex l;
	struct vtok t;
	const char *copied = src;

	vlex_init(&l, src, len);
	buf_reset(out);
	for (;;) {
		vlex_next(&l, &t);
		if (t.kind == VTOK_EOF)
			break;
		if (t.kind != VTOK_IDENT || !vtok_is(&t, from))
			continue;
		if (buf_add(out, copied, (size_t)(t.s - copied)) ||
		    buf_addstr(out, to))
			return ERR_FAIL;
		copied = t.s + t.len;
	}
	return buf_add(out, copied, (size_t)(src + len - copied));
}

int verify_module_names(char ***out, const char *src, size_t len)
{
	char **v = calloc(1, sizeof(*v));
	struct vlex l;
	struct vtok t;
	bool want = false;
	int rc = 0;

	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	vlex_init(&l, src, len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && !rc; vlex_next(&l, &t)) {
		if (want && t.kind == VTOK_IDENT && !vtok_is(&t, "automatic") &&
		    !vtok_is(&t, "static")) {
			char *name = strndup(t.s, t.len);

			rc = name ? vrun_strv_push(&v, name)
				  : err_set(ERR_FAIL, "out of memory");
			free(name);
			want = false;
			continue;
		}
		want = t.kind == VTOK_IDENT &&
		       (vtok_is(&t, "module") || vtok_is(&t, "macromodule"));
	}
	if (rc) {
		vrun_strv_free(v);
		return rc;
	}
	*out = v;
	return 0;
}
