#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/vlex.h"
#include "rtlgen/rtlgen-int.h"

void rtlgen_code_release(struct rtlgen_code *c)
{
	free(c->code);
	c->code = NULL;
	c->path = "none";
	c->complete = false;
	c->defines_top = false;
}

static const char *find_mem(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	if (n > len)
		return NULL;
	for (size_t i = 0; i + n <= len; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

/*
 * Remove <think>/<thinking> blocks.  A closing tag without an opening one
 * means the server dropped the opening tag (some reasoning servers do):
 * everything before it is reasoning.  An opening tag without a closing
 * one means the reply was cut inside the reasoning: the rest is dropped.
 */
int rtlgen_strip_reasoning(struct buf *out, const char *text, size_t len)
{
	static const char *const open_tags[] = { "<think>", "<thinking>" };
	static const char *const close_tags[] = { "</think>", "</thinking>" };
	const char *p = text, *end = text + len;

	for (size_t k = 0; k < 2; k++) {
		const char *c = find_mem(p, (size_t)(end - p), close_tags[k]);
		const char *o = find_mem(p, (size_t)(end - p), open_tags[k]);

		if (c && (!o || o > c))
			p = c + strlen(close_tags[k]);
	}
	while (p < end) {
		const char *o = NULL, *o2;
		size_t k = 0;

		o = find_mem(p, (size_t)(end - p), open_tags[0]);
		o2 = find_mem(p, (size_t)(end - p), open_tags[1]);
		if (o2 && (!o || o2 < o)) {
			o = o2;
			k = 1;
		}
		if (!o)
			return buf_add(out, p, (size_t)(end - p));
		if (buf_add(out, p, (size_t)(o - p)))
			return ERR_FAIL;
		o += strlen(open_tags[k]);
		o2 = find_mem(o, (size_t)(end - o), close_tags[k]);
		if (!o2)
			return 0;
		p = o2 + strlen(close_tags[k]);
	}
	return 0;
}

/*
 * Walk the module definitions of `s`: calls fn for each `module NAME`
 * header with the byte range from `module` to the end of its endmodule
 * (or to the end of the text when it has none).
 */
struct mod_span {
	size_t start, end;
	size_t name_start, name_len;
	bool closed;
};

static bool next_module(struct vlex *lx, struct mod_span *m)
{
	struct vtok t, name, after;

	for (;;) {
		vlex_next(lx, &t);
		if (t.kind == VTOK_EOF)
			return false;
		if (!vtok_word(&t, "module") &&
		    !vtok_word(&t, "macromodule"))
			continue;
		vlex_next(lx, &name);
		if (name.kind != VTOK_IDENT)
			continue;
		vlex_next(lx, &after);
		if (!vtok_punct(&after, '(') &&
		    !vtok_punct(&after, '#') &&
		    !vtok_punct(&after, ';'))
			continue;
		break;
	}
	m->start = t.start;
	m->name_start = name.start;
	m->name_len = name.len;
	m->closed = false;
	for (;;) {
		vlex_next(lx, &t);
		if (t.kind == VTOK_EOF) {
			m->end = vlex_len(lx);
			return true;
		}
		if (vtok_word(&t, "endmodule")) {
			m->end = t.start + t.len;
			m->closed = true;
			return true;
		}
	}
}

bool rtlgen_defines_module(const char *code, size_t len, const char *name)
{
	struct vlex lx;
	struct mod_span m;
	size_t n = name ? strlen(name) : 0;

	vlex_init(&lx, code, len);
	while (next_module(&lx, &m))
		if (!name ||
		    (m.name_len == n && !memcmp(code + m.name_start, name, n)))
			return true;
	return false;
}

/* Set complete/defines_top from the extracted code. */
static void judge(struct rtlgen_code *out, const char *top)
{
	struct vlex lx;
	struct mod_span m;
	size_t n = top ? strlen(top) : 0, count = 0;
	bool closed = true;

	vlex_init(&lx, out->code, strlen(out->code));
	while (next_module(&lx, &m)) {
		count++;
		closed = closed && m.closed;
		if (top && m.name_len == n &&
		    !memcmp(out->code + m.name_start, top, n))
			out->defines_top = true;
	}
	out->complete = count > 0 && closed;
	if (!top)
		out->defines_top = count > 0;
}

static int set_code(struct rtlgen_code *out, const char *s, size_t len,
		    const char *path)
{
	out->code = malloc(len + 1);
	if (!out->code)
		return err_set(ERR_FAIL, "out of memory");
	memcpy(out->code, s, len);
	out->code[len] = '\0';
	out->path = path;
	return 0;
}

const char *rtlgen__line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* The line holds `want` alone, blanks around it allowed. */
static bool line_is(const char *p, const char *e, const char *want)
{
	size_t n = strlen(want);

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (e > p && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		e--;
	return (size_t)(e - p) == n && !memcmp(p, want, n);
}

/* Fence opener: indentation, then >= 3 backticks or tildes. */
static bool fence_open(const char *p, const char *e, size_t *indent, char *ch,
		       size_t *n)
{
	const char *q = p;

	while (q < e && (*q == ' ' || *q == '\t'))
		q++;
	if (q >= e || (*q != '`' && *q != '~'))
		return false;
	*ch = *q;
	*indent = (size_t)(q - p);
	*n = 0;
	while (q < e && *q == *ch) {
		q++;
		(*n)++;
	}
	if (*n < 3)
		return false;
	return *ch == '~' || !memchr(q, '`', (size_t)(e - q));
}

static bool fence_close(const char *p, const char *e, char ch, size_t n)
{
	size_t k = 0;

	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	while (p < e && *p == ch) {
		p++;
		k++;
	}
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return k >= n && p == e;
}

/*
 * Collect the body of the fenced block that opens at or after *pp into
 * b, dropping up to `indent` leading blanks of each line.  Returns false
 * when there is no further block.
 */
static bool next_fence(const char **pp, const char *end, struct buf *b, int *rc)
{
	const char *p = *pp;
	size_t indent, n;
	char ch;

	while (p < end) {
		const char *e = rtlgen__line_end(p, end);
		const char *next = e < end ? e + 1 : end;

		if (!fence_open(p, e, &indent, &ch, &n)) {
			p = next;
			continue;
		}
		p = next;
		buf_reset(b);
		while (p < end) {
			const char *q = p;
			size_t k = 0;

			e = rtlgen__line_end(p, end);
			next = e < end ? e + 1 : end;
			if (fence_close(p, e, ch, n)) {
				p = next;
				break;
			}
			while (k < indent && q < e &&
			       (*q == ' ' || *q == '\t')) {
				q++;
				k++;
			}
			if (buf_add(b, q, (size_t)(e - q)) ||
			    buf_addch(b, '\n')) {
				*rc = ERR_FAIL;
				return false;
			}
			p = next;
		}
		*pp = p;
		return true;
	}
	*pp = end;
	return false;
}

void rtlgen__sentinel_block(const char *s, const char *end, const char **body,
			    const char **body_end)
{
	*body = *body_end = NULL;
	for (const char *p = s; p < end;) {
		const char *e = rtlgen__line_end(p, end);
		const char *next = e < end ? e + 1 : end;

		if (!*body && line_is(p, e, RTLGEN_SENTINEL_BEGIN)) {
			*body = next;
		} else if (*body && line_is(p, e, RTLGEN_SENTINEL_END)) {
			*body_end = p;
			return;
		}
		p = next;
	}
}

/* A sentinel block without its end line runs to the end of the reply. */
static int try_sentinel(struct rtlgen_code *out, const char *s, size_t len)
{
	const char *end = s + len, *body, *body_end, *q;
	struct buf b = BUF_INIT;
	int rc = 0;

	rtlgen__sentinel_block(s, end, &body, &body_end);
	if (body_end)
		end = body_end;
	if (!body || !rtlgen_defines_module(body, (size_t)(end - body), NULL))
		return 1;
	/* a fence inside the sentinel lines is stripped */
	q = body;
	if (next_fence(&q, end, &b, &rc) &&
	    rtlgen_defines_module(b.data, b.len, NULL))
		rc = set_code(out, b.data, b.len, "sentinel");
	else if (!rc)
		rc = set_code(out, body, (size_t)(end - body), "sentinel");
	buf_release(&b);
	return rc;
}

static int try_fences(struct rtlgen_code *out, const char *s, size_t len,
		      const char *top)
{
	struct buf b = BUF_INIT, first = BUF_INIT;
	const char *p = s, *end = s + len;
	bool have_first = false;
	int rc = 0;

	while (next_fence(&p, end, &b, &rc)) {
		if (top && rtlgen_defines_module(b.data, b.len, top)) {
			rc = set_code(out, b.data, b.len, "fence");
			goto done;
		}
		if (!have_first && rtlgen_defines_module(b.data, b.len, NULL)) {
			have_first = true;
			if (buf_add(&first, b.data, b.len)) {
				rc = ERR_FAIL;
				goto done;
			}
		}
	}
	if (rc)
		goto done;
	rc = have_first ? set_code(out, first.data, first.len, "fence") : 1;
done:
	buf_release(&b);
	buf_release(&first);
	return rc;
}

static int try_scan(struct rtlgen_code *out, const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	struct vlex lx;
	struct mod_span m;
	int rc = 0;

	vlex_init(&lx, s, len);
	while (next_module(&lx, &m)) {
		if ((b.len && buf_addch(&b, '\n')) ||
		    buf_add(&b, s + m.start, m.end - m.start) ||
		    buf_addch(&b, '\n')) {
			rc = ERR_FAIL;
			break;
		}
	}
	if (!rc)
		rc = b.len ? set_code(out, b.data, b.len, "scan") : 1;
	buf_release(&b);
	return rc;
}

int rtlgen_extract(struct rtlgen_code *out, const char *response, size_t len,
		   const char *top)
{
	struct buf vis = BUF_INIT;
	int rc;

	out->code = NULL;
	out->path = "none";
	out->complete = false;
	out->defines_top = false;
	if (!response)
		return 0;
	rc = rtlgen_strip_reasoning(&vis, response, len);
	if (rc)
		goto done;
	rc = try_sentinel(out, vis.data, vis.len);
	if (rc > 0)
		rc = try_fences(out, vis.data, vis.len, top);
	if (rc > 0)
		rc = try_scan(out, vis.data, vis.len);
	if (rc > 0)
		rc = 0; /* nothing found: path stays "none" */
	if (!rc && out->code)
		judge(out, top);
done:
	buf_release(&vis);
	return rc < 0 ? rc : 0;
}
