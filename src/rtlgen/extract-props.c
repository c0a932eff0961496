#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/vlex.h"
#include "rtlgen/rtlgen-int.h"

/*
 * Assertion statements out of a model reply (`hwforge assert`, the bench
 * assertion kind).  The reply is reduced to one block the way
 * rtlgen_extract() does it (sentinel lines, else a fenced block, else the
 * whole text), and from a block that is not a plain statement list (it
 * defines a module, or it is the whole reply with its prose) only the
 * assertion statements are kept, found by the tokenizer.
 */

static bool is_kind_word(const struct vtok *t)
{
	return vtok_word(t, "assert") || vtok_word(t, "assume") ||
	       vtok_word(t, "cover");
}

/*
 * From an `assert|assume|cover` token at t, the end of its statement: the
 * ';' after the balanced parentheses of `property ( ... )`, or 0 if the
 * text there is no concurrent statement.
 */
static size_t stmt_end(struct vlex *lx, struct vtok *t)
{
	int depth = 0;

	vlex_next(lx, t);
	if (!vtok_word(t, "property"))
		return 0;
	vlex_next(lx, t);
	if (!vtok_punct(t, '('))
		return 0;
	for (depth = 1; t->kind != VTOK_EOF;) {
		vlex_next(lx, t);
		if (vtok_punct(t, '('))
			depth++;
		else if (vtok_punct(t, ')') && !--depth)
			break;
	}
	if (t->kind == VTOK_EOF)
		return 0;
	vlex_next(lx, t);
	return vtok_punct(t, ';') ? t->start + 1 : 0;
}

/* Every `[label:] assert|assume|cover property (...);` of s, one a line. */
static int scan_statements(struct buf *out, const char *s, size_t len)
{
	struct vtok prev2 = { 0 }, prev = { 0 }, t;
	struct vlex lx;

	vlex_init(&lx, s, len);
	for (vlex_next(&lx, &t); t.kind != VTOK_EOF;) {
		size_t start = t.start, end;

		if (!is_kind_word(&t)) {
			prev2 = prev;
			prev = t;
			vlex_next(&lx, &t);
			continue;
		}
		if (vtok_punct(&prev, ':') && prev2.kind == VTOK_IDENT &&
		    prev2.line == t.line)
			start = prev2.start;
		end = stmt_end(&lx, &t);
		if (end) {
			if (buf_add(out, s + start, end - start) ||
			    buf_addch(out, '\n'))
				return ERR_FAIL;
			vlex_next(&lx, &t);
		}
		prev = prev2 = (struct vtok){ 0 };
	}
	return 0;
}

static bool fence_line(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return e - p >= 3 &&
	       (!memcmp(p, "```", 3) || !memcmp(p, "~~~", 3));
}

/*
 * The body of the first block between sentinel lines, else of the first
 * fenced block that holds a statement; *path says which (NULL *b: none).
 */
static void find_block(const char *s, size_t len, const char **b,
		       const char **be, const char **path)
{
	const char *p, *end = s + len, *body, *body_end;

	*b = *be = NULL;
	rtlgen__sentinel_block(s, end, &body, &body_end);
	if (body_end) {
		*b = body;
		*be = body_end;
		*path = "sentinel";
		return;
	}
	body = NULL;
	for (p = s; p < end;) {
		const char *e = rtlgen__line_end(p, end);
		const char *next = e < end ? e + 1 : end;

		if (fence_line(p, e)) {
			if (!body) {
				body = next;
			} else {
				struct buf t = BUF_INIT;
				bool has;

				has = !scan_statements(&t, body,
						       (size_t)(p - body)) &&
				      t.len;
				buf_release(&t);
				if (has) {
					*b = body;
					*be = p;
					*path = "fence";
					return;
				}
				body = NULL;
			}
		}
		p = next;
	}
}

/* A block a model wrote as a plain list: no module, no prose. */
static bool plain_list(const char *s, size_t len)
{
	struct vlex lx;
	struct vtok t;

	if (rtlgen_defines_module(s, len, NULL))
		return false;
	/* a fenced block inside the sentinel lines is not plain */
	for (const char *p = s, *end = s + len; p < end;) {
		const char *e = rtlgen__line_end(p, end);

		if (fence_line(p, e))
			return false;
		p = e < end ? e + 1 : end;
	}
	vlex_init(&lx, s, len);
	vlex_next(&lx, &t);
	return t.kind != VTOK_EOF;
}

int rtlgen_extract_props(struct rtlgen_code *out, const char *response,
			 size_t len)
{
	struct buf vis = BUF_INIT, st = BUF_INIT;
	const char *b, *be, *path = "scan";
	int rc;

	rtlgen_code_release(out);
	if (!response)
		return 0;
	rc = rtlgen_strip_reasoning(&vis, response, len);
	if (rc)
		goto done;
	find_block(vis.data, vis.len, &b, &be, &path);
	if (!b) {
		b = vis.data;
		be = vis.data + vis.len;
	}
	if (strcmp(path, "scan") && plain_list(b, (size_t)(be - b)))
		rc = buf_add(&st, b, (size_t)(be - b));
	else
		rc = scan_statements(&st, b, (size_t)(be - b));
	if (rc || !st.len)
		goto done;
	if (st.data[st.len - 1] != '\n' && buf_addch(&st, '\n')) {
		rc = ERR_FAIL;
		goto done;
	}
	out->code = buf_detach(&st, NULL);
	out->path = path;
	out->complete = true;
done:
	buf_release(&vis);
	buf_release(&st);
	return rc < 0 ? rc : 0;
}
