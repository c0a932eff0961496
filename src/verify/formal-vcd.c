#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "synth/synth.h"
#include "verify/formal-int.h"

/*
 * A small VCD reader: just enough for the traces of `sat -dump_vcd` and
 * `yosys-smtbmc --dump-vcd`.  Only the variables of the top scope are
 * kept; those are the harness ports and the gold/gate outputs.
 */

struct vcd_var {
	char *id;
	char *bits; /* current value, MSB first, width chars */
};

struct vcd_state {
	struct formal_trace *t;
	struct vcd_var *vars;
	int depth;
	long time;
	bool changed;
};

static const char *next_tok(const char **p, const char *end, size_t *len)
{
	const char *s = *p;

	while (s < end && isspace((unsigned char)*s))
		s++;
	*p = s;
	while (*p < end && !isspace((unsigned char)**p))
		(*p)++;
	*len = (size_t)(*p - s);
	return *len ? s : NULL;
}

static bool tok_is(const char *s, size_t n, const char *w)
{
	return s && strlen(w) == n && !memcmp(s, w, n);
}

static int add_var(struct vcd_state *st, const char *id, size_t idn, long width,
		   const char *name, size_t nn)
{
	struct formal_trace *t = st->t;
	size_t n = t->nvars + 1;
	void *a, *b, *c;

	if (width < 1 || width > 4096)
		return 0;
	if (nn && *name == '\\') {
		name++;
		nn--;
	}
	a = realloc(t->names, n * sizeof(*t->names));
	if (a)
		t->names = a;
	b = realloc(t->widths, n * sizeof(*t->widths));
	if (b)
		t->widths = b;
	c = realloc(st->vars, n * sizeof(*st->vars));
	if (c)
		st->vars = c;
	if (!a || !b || !c)
		return err_set(ERR_FAIL, "out of memory");
	t->names[n - 1] = strndup(name, nn);
	t->widths[n - 1] = (int)width;
	st->vars[n - 1].id = strndup(id, idn);
	st->vars[n - 1].bits = malloc((size_t)width + 1);
	t->nvars = n;
	if (!t->names[n - 1] || !st->vars[n - 1].id || !st->vars[n - 1].bits)
		return err_set(ERR_FAIL, "out of memory");
	memset(st->vars[n - 1].bits, 'x', (size_t)width);
	st->vars[n - 1].bits[width] = '\0';
	return 0;
}

/* $var wire 16 v0 \in_a $end */
static int parse_var(struct vcd_state *st, const char **p, const char *end)
{
	const char *ty, *w, *id, *nm, *e;
	size_t tyn, wn, idn, nmn, en;
	char wbuf[16];

	ty = next_tok(p, end, &tyn);
	w = next_tok(p, end, &wn);
	id = next_tok(p, end, &idn);
	nm = next_tok(p, end, &nmn);
	do
		e = next_tok(p, end, &en);
	while (e && !tok_is(e, en, "$end"));
	if (!ty || !w || !id || !nm || wn >= sizeof(wbuf))
		return err_set(ERR_FAIL, "malformed VCD $var");
	if (st->depth != 1)
		return 0;
	memcpy(wbuf, w, wn);
	wbuf[wn] = '\0';
	return add_var(st, id, idn, strtol(wbuf, NULL, 10), nm, nmn);
}

static void set_value(struct vcd_state *st, const char *v, size_t vn,
		      const char *id, size_t idn)
{
	for (size_t i = 0; i < st->t->nvars; i++) {
		struct vcd_var *x = &st->vars[i];
		size_t w = (size_t)st->t->widths[i];
		char pad;

		if (strlen(x->id) != idn || memcmp(x->id, id, idn))
			continue;
		pad = vn && (v[0] == 'x' || v[0] == 'z') ? v[0] : '0';
		for (size_t k = 0; k < w; k++) {
			size_t from_end = w - 1 - k;

			x->bits[k] =
				from_end < vn
					? tolower((unsigned char)
							  v[vn - 1 - from_end])
					: pad;
		}
		st->changed = true;
	}
}

static char *format_bits(const char *bits, int width)
{
	struct buf b = BUF_INIT;
	int rc;

	if (strpbrk(bits, "xz")) {
		rc = buf_addf(&b, "%d'b%s", width, bits);
	} else {
		rc = buf_addf(&b, "%d'h", width);
		for (int i = 0; i < width && !rc;) {
			int n = (width - i) % 4 ? (width - i) % 4 : 4, d = 0;

			for (int k = 0; k < n; k++)
				d = d * 2 + (bits[i + k] == '1');
			rc = buf_addch(&b, "0123456789abcdef"[d]);
			i += n;
		}
	}
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int snapshot(struct vcd_state *st)
{
	struct formal_trace *t = st->t;
	size_t n = t->nvars, c = t->ncycles;
	char **v;

	st->changed = false;
	if (!n || (st->time >= 0 && st->time % 10))
		return 0;
	v = realloc(t->vals, (c + 1) * n * sizeof(*v));
	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	t->vals = v;
	t->ncycles = c + 1;
	for (size_t i = 0; i < n; i++) {
		v[c * n + i] = format_bits(st->vars[i].bits, t->widths[i]);
		if (!v[c * n + i])
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

static int parse_body_tok(struct vcd_state *st, const char *s, size_t n,
			  const char **p, const char *end)
{
	int rc = 0;

	if (*s == '#') {
		if (st->changed)
			rc = snapshot(st);
		st->time = strtol(s + 1, NULL, 10);
	} else if (*s == 'b' || *s == 'B') {
		size_t idn;
		const char *id = next_tok(p, end, &idn);

		if (id)
			set_value(st, s + 1, n - 1, id, idn);
	} else if (strchr("01xzXZ", *s) && n > 1) {
		set_value(st, s, 1, s + 1, n - 1);
	} else if (*s == 'r' || *s == 'R') {
		size_t idn;

		next_tok(p, end, &idn);
	}
	return rc;
}

static int parse(struct vcd_state *st, const char *text, size_t len)
{
	const char *p = text, *end = text + len, *s;
	size_t n;
	int rc = 0;

	while (!rc && (s = next_tok(&p, end, &n))) {
		if (tok_is(s, n, "$scope")) {
			st->depth++;
			while ((s = next_tok(&p, end, &n)) &&
			       !tok_is(s, n, "$end"))
				;
		} else if (tok_is(s, n, "$upscope")) {
			st->depth--;
		} else if (tok_is(s, n, "$var")) {
			rc = parse_var(st, &p, end);
		} else if (*s == '$' && !tok_is(s, n, "$end") &&
			   !tok_is(s, n, "$dumpvars") &&
			   !tok_is(s, n, "$dumpall") &&
			   !tok_is(s, n, "$dumpon") &&
			   !tok_is(s, n, "$dumpoff")) {
			while ((s = next_tok(&p, end, &n)) &&
			       !tok_is(s, n, "$end"))
				;
		} else if (*s != '$') {
			rc = parse_body_tok(st, s, n, &p, end);
		}
	}
	if (!rc && st->changed)
		rc = snapshot(st);
	return rc;
}

int formal_trace_read(struct formal_trace *t, const char *text, size_t len)
{
	struct vcd_state st = { .t = t, .time = -1 };
	int rc;

	memset(t, 0, sizeof(*t));
	rc = parse(&st, text, len);
	for (size_t i = 0; i < t->nvars; i++) {
		free(st.vars[i].id);
		free(st.vars[i].bits);
	}
	free(st.vars);
	if (rc)
		formal_trace_release(t);
	return rc;
}

void formal_trace_release(struct formal_trace *t)
{
	for (size_t i = 0; i < t->nvars; i++)
		free(t->names[i]);
	for (size_t i = 0; t->vals && i < t->nvars * t->ncycles; i++)
		free(t->vals[i]);
	free(t->names);
	free(t->widths);
	free(t->vals);
	memset(t, 0, sizeof(*t));
}

long formal_trace_find(const struct formal_trace *t, const char *name)
{
	for (size_t i = 0; i < t->nvars; i++)
		if (t->names[i] && !strcmp(t->names[i], name))
			return (long)i;
	return -1;
}

int formal_read(struct buf *b, const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	int rc;

	rc = buf_addf(&p, "%s/%s", dir, name);
	if (!rc)
		rc = buf_read_file(b, p.data, (size_t)64 << 20);
	buf_release(&p);
	return rc;
}

int formal_write(const char *dir, const char *name, const struct buf *b)
{
	struct buf p = BUF_INIT;
	int rc;

	rc = buf_addf(&p, "%s/%s", dir, name);
	if (!rc)
		rc = buf_write_file(p.data, b->data, b->len);
	buf_release(&p);
	return rc;
}

bool formal_exists(const char *dir, const char *name)
{
	struct buf p = BUF_INIT;
	struct stat sb;
	bool ok;

	if (buf_addf(&p, "%s/%s", dir, name))
		return false;
	ok = stat(p.data, &sb) == 0 && S_ISREG(sb.st_mode) && sb.st_size > 0;
	buf_release(&p);
	return ok;
}

int formal_map(struct buf *out, const char *s, size_t len, const char *sub,
	       char **copied, const char *const *user, size_t n)
{
	struct synth_names nm = { NULL, user, 0 };
	int rc = 0;

	nm.copied = calloc(n + 1, sizeof(*nm.copied));
	if (!nm.copied)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n && copied && copied[i] && !rc; i++) {
		struct buf b = BUF_INIT;

		rc = buf_addf(&b, "%s/%s", sub, copied[i]);
		nm.copied[i] = buf_detach(&b, NULL);
		nm.n = i + 1;
	}
	if (!rc)
		rc = synth_map_names(out, s, len, &nm);
	synth_names_release(&nm);
	return rc;
}

