#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "base/vlex.h"
#include "rtlgen/rtlgen.h"

/* Spec files are text a person wrote; 1 MiB is plenty. */
#define SPEC_MAX (1u << 20)

void rtlgen_spec_release(struct rtlgen_spec *s)
{
	free(s->text);
	free(s->top);
	free(s->interface);
	rtlgen_ports_release(&s->ports);
	s->text = s->top = s->interface = NULL;
}

/*
 * The first `module NAME (...);` header (NAME == top when given): sets
 * start and end to the header's byte range and the name.
 */
static bool find_header(const char *s, size_t len, const char *top,
			size_t *start, size_t *end, char **name)
{
	struct vlex lx;
	struct vtok t, nm;
	size_t n = top ? strlen(top) : 0;

	vlex_init(&lx, s, len);
	for (;;) {
		vlex_next(&lx, &t);
		if (t.kind == VTOK_EOF)
			return false;
		if (!vtok_word(&t, "module"))
			continue;
		vlex_next(&lx, &nm);
		if (nm.kind != VTOK_IDENT)
			continue;
		if (top && !(nm.len == n && !memcmp(s + nm.start, top, n)))
			continue;
		*start = t.start;
		do
			vlex_next(&lx, &t);
		while (t.kind != VTOK_EOF && !vtok_punct(&t, ';'));
		if (t.kind == VTOK_EOF)
			continue;
		*end = t.start + 1;
		*name = strndup(s + nm.start, nm.len);
		return true;
	}
}

/* "module named X" / "module called X" in prose (VerilogEval v2). */
static char *prose_top(const char *s)
{
	static const char *const pats[] = { "module named ", "module called ",
					    NULL };

	for (size_t k = 0; pats[k]; k++) {
		const char *p = strstr(s, pats[k]);
		size_t n = 0;

		if (!p)
			continue;
		p += strlen(pats[k]);
		while (*p == '`' || *p == '"' || *p == '\'')
			p++;
		while (p[n] == '_' || isalnum((unsigned char)p[n]))
			n++;
		if (n)
			return strndup(p, n);
	}
	return NULL;
}

/*
 * Bullet interfaces: " - input  a (8 bits)" / "- output out".  Widths
 * default to one bit ("All input and output ports are one bit unless
 * otherwise specified").
 */
static int bullet_ports(struct rtlgen_ports *out, const char *s)
{
	const char *p = s;

	while (p && *p) {
		const char *e = strchr(p, '\n'), *q = p;
		enum rtlgen_dir d = 0;
		size_t n = 0;
		long w = 1;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '-' || *q == '*') {
			q++;
			while (*q == ' ' || *q == '\t')
				q++;
			if (!strncmp(q, "input ", 6))
				d = RTLGEN_IN;
			else if (!strncmp(q, "output ", 7))
				d = RTLGEN_OUT;
			else if (!strncmp(q, "inout ", 6))
				d = RTLGEN_INOUT;
		}
		if (d) {
			q += d == RTLGEN_OUT ? 7 : 6;
			while (*q == ' ' || *q == '\t')
				q++;
			while (q[n] == '_' || isalnum((unsigned char)q[n]))
				n++;
			if (q[n] == ' ' || q[n] == '\t') {
				const char *r = q + n;
				char *endp;

				while (*r == ' ' || *r == '\t')
					r++;
				if (*r == '(') {
					w = strtol(r + 1, &endp, 10);
					if (endp == r + 1 ||
					    strncmp(endp, " bit", 4) || w < 1)
						w = -1;
				}
			}
		}
		if (d && n) {
			struct rtlgen_port *v =
				realloc(out->v, (out->n + 1) * sizeof(*v));

			if (!v)
				return err_set(ERR_FAIL, "out of memory");
			out->v = v;
			v[out->n].name = strndup(q, n);
			if (!v[out->n].name)
				return err_set(ERR_FAIL, "out of memory");
			v[out->n].dir = d;
			v[out->n].width = (int)w;
			v[out->n].is_signed = false;
			out->n++;
		}
		p = e ? e + 1 : NULL;
	}
	return 0;
}

int rtlgen_spec_parse(struct rtlgen_spec *out, const char *text, size_t len,
		      const char *top)
{
	size_t hs = 0, he = 0;
	char *name = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->text = strndup(text, len);
	if (!out->text)
		return err_set(ERR_FAIL, "out of memory");
	len = strlen(out->text); /* the copy ends at a NUL in the text */
	if (find_header(out->text, len, top, &hs, &he, &name)) {
		out->interface = strndup(out->text + hs, he - hs);
		out->top = name;
		if (!out->interface)
			rc = err_set(ERR_FAIL, "out of memory");
		if (!rc)
			rc = rtlgen_ports_parse(&out->ports, out->interface,
						strlen(out->interface),
						out->top);
		if (rc == ERR_NOTFOUND)
			rc = 0;
	} else {
		out->top = top ? strdup(top) : prose_top(out->text);
		if (out->top)
			rc = bullet_ports(&out->ports, out->text);
	}
	if (!rc && !out->top)
		rc = err_set(ERR_USAGE,
			     "the spec names no module; give --top NAME");
	if (rc)
		rtlgen_spec_release(out);
	return rc;
}

int rtlgen_spec_load(struct rtlgen_spec *out, const char *path, const char *top)
{
	struct buf b = BUF_INIT;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = buf_read_file(&b, path, SPEC_MAX);
	if (rc == ERR_NOTFOUND)
		rc = ERR_USAGE; /* a missing spec is bad input */
	if (!rc && (!b.len || buf_is_binary(b.data, b.len)))
		rc = err_set(ERR_USAGE, "spec '%s' is empty or not text", path);
	if (!rc)
		rc = rtlgen_spec_parse(out, b.data, b.len, top);
	buf_release(&b);
	return rc;
}
