#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/vlex.h"
#include "rtlgen/rtlgen.h"

void rtlgen_ports_release(struct rtlgen_ports *p)
{
	for (size_t i = 0; i < p->n; i++)
		free(p->v[i].name);
	free(p->v);
	p->v = NULL;
	p->n = 0;
}

const char *rtlgen_dir_name(enum rtlgen_dir d)
{
	switch (d) {
	case RTLGEN_IN:
		return "input";
	case RTLGEN_OUT:
		return "output";
	case RTLGEN_INOUT:
		return "inout";
	}
	return "?";
}

static int ports_add(struct rtlgen_ports *p, const char *name, size_t len,
		     enum rtlgen_dir dir, int width, bool is_signed)
{
	struct rtlgen_port *v;

	for (size_t i = 0; i < p->n; i++)
		if (strlen(p->v[i].name) == len &&
		    !memcmp(p->v[i].name, name, len)) {
			/* non-ANSI: the body declaration fills in the name */
			p->v[i].dir = dir;
			p->v[i].width = width;
			p->v[i].is_signed = is_signed;
			return 0;
		}
	v = realloc(p->v, (p->n + 1) * sizeof(*v));
	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	p->v = v;
	v = &p->v[p->n];
	v->name = strndup(name, len);
	if (!v->name)
		return err_set(ERR_FAIL, "out of memory");
	v->dir = dir;
	v->width = width;
	v->is_signed = is_signed;
	p->n++;
	return 0;
}

static bool parse_dec(const struct vtok *t, long *out)
{
	long v = 0;

	if (t->kind != VTOK_NUMBER || t->len > 9)
		return false;
	for (size_t i = 0; i < t->len; i++) {
		char c = t->s[i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*out = v;
	return true;
}

/* After '[': read to the matching ']'; width of [N:M], else -1. */
static int parse_range(struct vlex *lx)
{
	struct vtok t[4];
	size_t n = 0;
	int depth = 1;
	long a, b;

	for (;;) {
		struct vtok x;

		vlex_next(lx, &x);
		if (x.kind == VTOK_EOF)
			return -1;
		if (vtok_punct(&x, '['))
			depth++;
		if (vtok_punct(&x, ']') && --depth == 0)
			break;
		if (n < 4)
			t[n] = x;
		n++;
	}
	if (n == 3 && vtok_punct(&t[1], ':') &&
	    parse_dec(&t[0], &a) && parse_dec(&t[2], &b))
		return (int)(a > b ? a - b + 1 : b - a + 1);
	return -1;
}

static enum rtlgen_dir dir_of(const struct vtok *t)
{
	if (vtok_word(t, "input"))
		return RTLGEN_IN;
	if (vtok_word(t, "output"))
		return RTLGEN_OUT;
	if (vtok_word(t, "inout"))
		return RTLGEN_INOUT;
	return 0;
}

static bool is_type_word(const struct vtok *t)
{
	static const char *const w[] = { "wire", "reg", "logic",    "var",
					 "tri",	 "bit", "unsigned", NULL };

	for (size_t i = 0; w[i]; i++)
		if (vtok_word(t, w[i]))
			return true;
	return false;
}

/*
 * One declaration after its direction keyword: types, signedness, ranges,
 * then names separated by commas.  Stops (and leaves *t) at ')' or ';' or
 * at the next direction keyword.
 */
static int parse_decl(struct vlex *lx, struct vtok *t, enum rtlgen_dir dir,
		      struct rtlgen_ports *out)
{
	int width = 1, ranges = 0;
	bool is_signed = false;

	vlex_next(lx, t);
	for (;;) {
		if (vtok_word(t, "signed")) {
			is_signed = true;
		} else if (vtok_word(t, "integer") ||
			   vtok_word(t, "int")) {
			width = 32;
			is_signed = true;
		} else if (vtok_punct(t, '[')) {
			int w = parse_range(lx);

			width = ranges++ ? -1 : w;
		} else if (!is_type_word(t)) {
			break;
		}
		vlex_next(lx, t);
	}
	while (t->kind == VTOK_IDENT && !dir_of(t)) {
		int rc = ports_add(out, t->s, t->len, dir, width,
				   is_signed);
		if (rc)
			return rc;
		vlex_next(lx, t);
		if (vtok_punct(t,
				      '[')) { /* unpacked: an array port */
			parse_range(lx);
			out->v[out->n - 1].width = -1;
			vlex_next(lx, t);
		}
		if (vtok_punct(t, '=')) { /* default value: skip */
			while (t->kind != VTOK_EOF &&
			       !vtok_punct(t, ',') &&
			       !vtok_punct(t, ')') &&
			       !vtok_punct(t, ';'))
				vlex_next(lx, t);
		}
		if (!vtok_punct(t, ','))
			break;
		vlex_next(lx, t);
	}
	return 0;
}

/* Skip a balanced (...) group; *t is at '(' on entry, after ')' on exit. */
static void skip_parens(struct vlex *lx, struct vtok *t)
{
	int depth = 0;

	do {
		if (vtok_punct(t, '('))
			depth++;
		else if (vtok_punct(t, ')'))
			depth--;
		vlex_next(lx, t);
	} while (depth > 0 && t->kind != VTOK_EOF);
}

/* The ANSI or non-ANSI port list; *t is at '(' on entry. */
static int parse_header_list(struct vlex *lx, struct vtok *t,
			     struct rtlgen_ports *out)
{
	int rc;

	vlex_next(lx, t);
	while (t->kind != VTOK_EOF && !vtok_punct(t, ')')) {
		enum rtlgen_dir d = dir_of(t);

		if (d) {
			rc = parse_decl(lx, t, d, out);
			if (rc)
				return rc;
			continue;
		}
		if (t->kind == VTOK_IDENT) { /* non-ANSI name, direction later */
			rc = ports_add(out, t->s, t->len, 0, -1,
				       false);
			if (rc)
				return rc;
		}
		vlex_next(lx, t);
	}
	return 0;
}

/* Body declarations (non-ANSI headers) up to endmodule. */
static int parse_body(struct vlex *lx, struct vtok *t, struct rtlgen_ports *out)
{
	while (t->kind != VTOK_EOF && !vtok_word(t, "endmodule")) {
		enum rtlgen_dir d = dir_of(t);
		int rc;

		if (!d) {
			vlex_next(lx, t);
			continue;
		}
		rc = parse_decl(lx, t, d, out);
		if (rc)
			return rc;
	}
	return 0;
}

static bool find_module(struct vlex *lx, struct vtok *t, const char *module)
{
	size_t n = module ? strlen(module) : 0;

	for (;;) {
		vlex_next(lx, t);
		if (t->kind == VTOK_EOF)
			return false;
		if (!vtok_word(t, "module"))
			continue;
		vlex_next(lx, t);
		if (t->kind != VTOK_IDENT)
			continue;
		if (!module ||
		    (t->len == n && !memcmp(t->s, module, n)))
			return true;
	}
}

int rtlgen_ports_parse(struct rtlgen_ports *out, const char *code, size_t len,
		       const char *module)
{
	struct vlex lx;
	struct vtok t;
	int rc;

	out->v = NULL;
	out->n = 0;
	vlex_init(&lx, code, len);
	if (!find_module(&lx, &t, module))
		return err_set(ERR_NOTFOUND, "no module '%s'",
			       module ? module : "(any)");
	vlex_next(&lx, &t);
	if (vtok_punct(&t, '#')) {
		vlex_next(&lx, &t);
		if (vtok_punct(&t, '('))
			skip_parens(&lx, &t);
	}
	rc = 0;
	if (vtok_punct(&t, '(')) {
		rc = parse_header_list(&lx, &t, out);
		if (!rc)
			vlex_next(&lx, &t);
	}
	if (!rc)
		rc = parse_body(&lx, &t, out);
	if (rc)
		rtlgen_ports_release(out);
	return rc;
}

static const struct rtlgen_port *port_find(const struct rtlgen_ports *p,
					   const char *name)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->v[i].name, name))
			return &p->v[i];
	return NULL;
}

int rtlgen_ports_check(struct buf *problems, const struct rtlgen_spec *spec,
		       const char *code, size_t len)
{
	struct rtlgen_ports got = RTLGEN_PORTS_INIT;
	int n = 0, rc;

	if (!spec->ports.n)
		return 0;
	rc = rtlgen_ports_parse(&got, code, len, spec->top);
	if (rc == ERR_NOTFOUND) {
		buf_addf(problems, "the code does not define module '%s'\n",
			 spec->top);
		return 1;
	}
	if (rc)
		return rc;
	for (size_t i = 0; i < spec->ports.n; i++) {
		const struct rtlgen_port *w = &spec->ports.v[i];
		const struct rtlgen_port *g = port_find(&got, w->name);

		if (!g) {
			buf_addf(problems, "missing port '%s' (%s, %d bit%s)\n",
				 w->name, rtlgen_dir_name(w->dir), w->width,
				 w->width == 1 ? "" : "s");
			n++;
		} else if (g->dir && g->dir != w->dir) {
			buf_addf(problems,
				 "port '%s' is an %s, must be an %s\n", w->name,
				 rtlgen_dir_name(g->dir),
				 rtlgen_dir_name(w->dir));
			n++;
		} else if (g->width > 0 && w->width > 0 &&
			   g->width != w->width) {
			buf_addf(problems,
				 "port '%s' is %d bits wide, must be %d\n",
				 w->name, g->width, w->width);
			n++;
		}
	}
	for (size_t i = 0; i < got.n; i++)
		if (!port_find(&spec->ports, got.v[i].name)) {
			buf_addf(problems,
				 "extra port '%s' is not in the interface\n",
				 got.v[i].name);
			n++;
		}
	rtlgen_ports_release(&got);
	return n;
}
