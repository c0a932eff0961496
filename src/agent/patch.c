#include "config.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/err.h"
#include "agent/patch.h"

/* The rules are in patch.h. */

const char *patch_class_name(enum patch_class c)
{
	switch (c) {
	case PATCH_OK:
		return "ok";
	case PATCH_PARSE:
		return "patch/parse";
	case PATCH_NO_FILE:
		return "patch/no-file";
	case PATCH_CONTEXT:
		return "patch/context";
	case PATCH_AMBIGUOUS:
		return "patch/ambiguous";
	}
	return "patch/?";
}

static int fail(struct patch_err *err, enum patch_class cls, const char *fmt,
		...) __attribute__((format(printf, 3, 4)));

static int fail(struct patch_err *err, enum patch_class cls, const char *fmt,
		...)
{
	va_list ap;

	if (err) {
		err->cls = cls;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return cls;
}

static int oom(void)
{
	return err_set(ERR_FAIL, "patch: out of memory");
}

/* A quoted, escaped, shortened copy of untrusted text, in a static slot. */
static const char *quote(int slot, const char *s, size_t len)
{
	static char q[2][128];
	char *o = q[slot & 1];
	size_t k = 0;

	for (size_t i = 0; i < len && k < 100; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
			if (c == '"' || c == '\\') {
				o[k++] = '\\';
				o[k++] = (char)c;
			} else {
				snprintf(o + k, 5, "\\x%02x", c);
				k += 4;
			}
		} else {
			o[k++] = (char)c;
		}
	}
	if (k >= 100) {
		memcpy(o + k, "...", 3);
		k += 3;
	}
	o[k] = '\0';
	return o;
}

/* ---- file sets ---- */

static struct patch_text *files_find(const struct patch_files *f,
				     const char *path)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->v[i].path, path))
			return &f->v[i];
	return NULL;
}

int patch_files_set(struct patch_files *f, const char *path, const char *text)
{
	struct patch_text *t = files_find(f, path);
	char *copy = NULL;

	if (text) {
		copy = strdup(text);
		if (!copy)
			return oom();
	}
	if (t) {
		free(t->text);
		t->text = copy;
		return 0;
	}
	t = realloc(f->v, (f->n + 1) * sizeof(*f->v));
	if (!t) {
		free(copy);
		return oom();
	}
	f->v = t;
	t = &f->v[f->n];
	t->path = strdup(path);
	if (!t->path) {
		free(copy);
		return oom();
	}
	t->text = copy;
	f->n++;
	return 0;
}

const char *patch_files_get(const struct patch_files *f, const char *path)
{
	struct patch_text *t = files_find(f, path);

	return t ? t->text : NULL;
}

int patch_files_copy(struct patch_files *out, const struct patch_files *in)
{
	for (size_t i = 0; i < in->n; i++)
		if (patch_files_set(out, in->v[i].path, in->v[i].text) < 0)
			return ERR_FAIL;
	return 0;
}

void patch_files_release(struct patch_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->v[i].path);
		free(f->v[i].text);
	}
	free(f->v);
	f->v = NULL;
	f->n = 0;
}

/* ---- lines ---- */

struct line {
	const char *s;
	size_t len;
};
struct lines {
	struct line *v;
	size_t n;
	bool eof_nl; /* the last line ends with '\n' (true when empty) */
};

static int lines_split(struct lines *l, const char *text)
{
	size_t cap = 16;
	const char *p = text;

	l->n = 0;
	l->eof_nl = true;
	l->v = malloc(cap * sizeof(*l->v));
	if (!l->v)
		return oom();
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (l->n == cap) {
			struct line *nv = realloc(l->v, 2 * cap * sizeof(*nv));

			if (!nv)
				return oom();
			l->v = nv;
			cap *= 2;
		}
		l->v[l->n].s = p;
		l->v[l->n].len = len;
		l->n++;
		if (!e) {
			l->eof_nl = false;
			break;
		}
		p = e + 1;
	}
	return 0;
}

static bool line_starts(const struct line *l, const char *pfx)
{
	size_t n = strlen(pfx);

	return l->len >= n && !memcmp(l->s, pfx, n);
}

/* ---- parsing ---- */

static bool is_fence(const struct line *l)
{
	size_t i = 0;

	while (i < l->len && (l->s[i] == ' ' || l->s[i] == '\t'))
		i++;
	return l->len - i >= 3 && !memcmp(l->s + i, "```", 3);
}

static bool is_header_at(const struct line *v, const bool *use, size_t n,
			 size_t i)
{
	return i + 1 < n && use[i] && use[i + 1] &&
	       line_starts(&v[i], "--- ") && line_starts(&v[i + 1], "+++ ");
}

static int parse_hunk_header(const struct line *l, struct patch_hunk *h);

/*
 * Marks the context lines that a hunk header's counts cover.  Such a line
 * is " " plus a line of the file, so a file line that starts with ``` (or
 * spaces and ```) must not read as a Markdown fence there: the diff
 * patch_diff() writes for that file would not parse back.  A line that
 * starts with ``` itself is no hunk line, so a closing fence still closes
 * a block whose header over-counts.
 */
static int mark_bodies(const struct lines *l, bool **out)
{
	bool *body = calloc(l->n + 1, sizeof(*body));

	if (!body)
		return oom();
	for (size_t i = 0; i < l->n; i++) {
		struct patch_hunk h = { 0 };
		long o, n;

		if (!line_starts(&l->v[i], "@@ ") ||
		    parse_hunk_header(&l->v[i], &h) < 0)
			continue;
		o = h.ocount;
		n = h.ncount;
		while ((o > 0 || n > 0) && i + 1 < l->n) {
			const struct line *ln = &l->v[i + 1];
			char c = ln->len ? ln->s[0] : ' ';

			if (c == ' ' && o > 0 && n > 0) {
				body[i + 1] = true;
				o--;
				n--;
			} else if (c == '-' && o > 0) {
				o--;
			} else if (c == '+' && n > 0) {
				n--;
			} else if (c != '\\') {
				break;
			}
			i++;
		}
	}
	*out = body;
	return 0;
}

/* Which lines of the reply are read: fenced diff blocks, else all. */
static int pick_lines(const struct lines *l, bool **use_out)
{
	bool *use = calloc(l->n + 1, sizeof(*use));
	bool *body = NULL;
	bool any = false;

	if (!use)
		return oom();
	if (mark_bodies(l, &body) < 0) {
		free(use);
		return -1;
	}
	for (size_t i = 0; i < l->n; i++) {
		size_t j;
		bool diff = false;

		if (body[i] || !is_fence(&l->v[i]))
			continue;
		for (j = i + 1; j < l->n && (body[j] || !is_fence(&l->v[j]));
		     j++)
			if (line_starts(&l->v[j], "--- ") ||
			    line_starts(&l->v[j], "diff --git ") ||
			    line_starts(&l->v[j], "@@ "))
				diff = true;
		if (diff) {
			for (size_t k = i + 1; k < j; k++)
				use[k] = true;
			any = true;
		}
		i = j;
	}
	if (!any)
		for (size_t i = 0; i < l->n; i++)
			use[i] = true;
	free(body);
	*use_out = use;
	return 0;
}

/* Path of a "--- " / "+++ " line; NULL in *out for /dev/null. */
static int header_path(const struct line *l, char **out)
{
	const char *s = l->s + 4;
	size_t len = l->len - 4;
	const char *tab = memchr(s, '\t', len);

	*out = NULL;
	if (tab)
		len = (size_t)(tab - s);
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\r'))
		len--;
	while (len && *s == ' ') {
		s++;
		len--;
	}
	if (len >= 2 && s[0] == '"' && s[len - 1] == '"') {
		s++;
		len -= 2;
	}
	if (len == 9 && !memcmp(s, "/dev/null", 9))
		return 0;
	if (len > 2 && (s[0] == 'a' || s[0] == 'b') && s[1] == '/') {
		s += 2;
		len -= 2;
	}
	*out = strndup(s, len);
	return *out ? 0 : oom();
}

static int parse_num(const char **p, long *out)
{
	char *end;
	long v;

	if (**p < '0' || **p > '9')
		return -1;
	v = strtol(*p, &end, 10);
	if (v < 0 || v > 100000000)
		return -1;
	*p = end;
	*out = v;
	return 0;
}

static int parse_range(const char **p, char sign, long *start, long *count)
{
	if (**p != sign)
		return -1;
	(*p)++;
	if (parse_num(p, start) < 0)
		return -1;
	*count = 1;
	if (**p == ',') {
		(*p)++;
		if (parse_num(p, count) < 0)
			return -1;
	}
	return 0;
}

static int parse_hunk_header(const struct line *l, struct patch_hunk *h)
{
	char tmp[128];
	const char *p = tmp;
	size_t len = l->len < sizeof(tmp) - 1 ? l->len : sizeof(tmp) - 1;

	memcpy(tmp, l->s, len);
	tmp[len] = '\0';
	p += 3;
	if (parse_range(&p, '-', &h->ostart, &h->ocount) < 0 || *p++ != ' ')
		return -1;
	if (parse_range(&p, '+', &h->nstart, &h->ncount) < 0)
		return -1;
	return strncmp(p, " @@", 3) ? -1 : 0;
}

static int hunk_add(struct patch_hunk *h, char op, const char *s, size_t len)
{
	struct patch_line *nl = realloc(h->l, (h->n + 1) * sizeof(*nl));

	if (!nl)
		return oom();
	h->l = nl;
	nl[h->n].op = op;
	nl[h->n].nonl = false;
	nl[h->n].s = strndup(s, len);
	if (!nl[h->n].s)
		return oom();
	h->n++;
	return 0;
}

static const char *file_name(const struct patch_file *f)
{
	if (f->new_path)
		return f->new_path;
	return f->old_path ? f->old_path : "/dev/null";
}

/* Read the body of the hunk whose header is line i; returns the next line. */
static int parse_body(struct patch *p, struct patch_file *f,
		      struct patch_hunk *h, const struct lines *l,
		      const bool *use, size_t i, size_t *next,
		      struct patch_err *err)
{
	long o = 0, n = 0;
	size_t j;

	for (j = i + 1; j < l->n && use[j]; j++) {
		const struct line *ln = &l->v[j];
		char c = ln->len ? ln->s[0] : '\0';
		bool need = o < h->ocount || n < h->ncount;
		int rc = 0;

		if (line_starts(ln, "@@ ") || line_starts(ln, "diff --git ") ||
		    is_header_at(l->v, use, l->n, j))
			break;
		if (ln->len == 0 || (ln->len == 1 && c == '\r')) {
			if (!need)
				break;
			rc = hunk_add(h, ' ', "", 0);
			o++;
			n++;
		} else if (c == ' ' || c == '-' || c == '+') {
			rc = hunk_add(h, c, ln->s + 1, ln->len - 1);
			o += c != '+';
			n += c != '-';
		} else if (c == '\\') {
			if (!h->n)
				return fail(err, PATCH_PARSE,
					    "not a diff: line %zu: \"\\\" "
					    "marker before any hunk line",
					    j + 1);
			h->l[h->n - 1].nonl = true;
		} else {
			break;
		}
		if (rc < 0)
			return rc;
	}
	if (!h->n)
		return fail(err, PATCH_PARSE,
			    "not a diff: line %zu: hunk has no lines", i + 1);
	if (o != h->ocount || n != h->ncount)
		if (buf_addf(&p->warn,
			     "hunk %zu of %s: header says -%ld,%ld +%ld,%ld "
			     "but the body has -%ld +%ld lines; the body is "
			     "used\n",
			     f->n + 1,
			     quote(0, file_name(f), strlen(file_name(f))),
			     h->ostart, h->ocount, h->nstart, h->ncount, o,
			     n) < 0)
			return oom();
	*next = j;
	return 0;
}

bool patch_text_has_diff(const char *text)
{
	const char *p = text;

	while (p && *p) {
		const char *e = strchr(p, '\n');

		if (!strncmp(p, "diff --git ", 11) || !strncmp(p, "@@ -", 4))
			return true;
		if (!strncmp(p, "--- ", 4) && e && !strncmp(e + 1, "+++ ", 4))
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

void patch_release(struct patch *p)
{
	for (size_t i = 0; i < p->n; i++) {
		struct patch_file *f = &p->f[i];

		for (size_t k = 0; k < f->n; k++) {
			for (size_t m = 0; m < f->h[k].n; m++)
				free(f->h[k].l[m].s);
			free(f->h[k].l);
		}
		free(f->h);
		free(f->old_path);
		free(f->new_path);
	}
	free(p->f);
	p->f = NULL;
	p->n = 0;
	buf_release(&p->warn);
}

static int parse_lines(struct patch *p, const struct lines *l, const bool *use,
		       struct patch_err *err)
{
	struct patch_file *cur = NULL;
	size_t i = 0;
	int rc;

	while (i < l->n) {
		const struct line *ln = &l->v[i];

		if (!use[i]) {
			i++;
			continue;
		}
		if (is_header_at(l->v, use, l->n, i)) {
			struct patch_file *nf;

			if (cur && !cur->n)
				return fail(err, PATCH_PARSE,
					    "not a diff: line %d: file header "
					    "without a hunk",
					    cur->at);
			nf = realloc(p->f, (p->n + 1) * sizeof(*nf));
			if (!nf)
				return oom();
			p->f = nf;
			cur = &p->f[p->n++];
			memset(cur, 0, sizeof(*cur));
			cur->at = (int)i + 1;
			if (header_path(&l->v[i], &cur->old_path) < 0 ||
			    header_path(&l->v[i + 1], &cur->new_path) < 0)
				return ERR_FAIL;
			if (!cur->old_path && !cur->new_path)
				return fail(err, PATCH_PARSE,
					    "not a diff: line %zu: both sides "
					    "are /dev/null",
					    i + 1);
			i += 2;
			continue;
		}
		if (line_starts(ln, "@@ ")) {
			struct patch_hunk *nh, h = { 0 };
			size_t next = i + 1;

			if (!cur)
				return fail(err, PATCH_PARSE,
					    "not a diff: line %zu: hunk before "
					    "any ---/+++ file header",
					    i + 1);
			if (parse_hunk_header(ln, &h) < 0)
				return fail(err, PATCH_PARSE,
					    "not a diff: line %zu: malformed "
					    "hunk header \"%s\"",
					    i + 1, quote(0, ln->s, ln->len));
			h.at = (int)i + 1;
			rc = parse_body(p, cur, &h, l, use, i, &next, err);
			if (!rc) {
				nh = realloc(cur->h,
					     (cur->n + 1) * sizeof(*nh));
				if (nh) {
					cur->h = nh;
					nh[cur->n++] = h;
				} else {
					rc = oom();
				}
			}
			if (rc) {
				for (size_t m = 0; m < h.n; m++)
					free(h.l[m].s);
				free(h.l);
				return rc;
			}
			i = next;
			continue;
		}
		i++;
	}
	if (!p->n)
		return fail(err, PATCH_PARSE,
			    "not a diff: no \"--- \"/\"+++ \" file header");
	if (!cur->n)
		return fail(err, PATCH_PARSE,
			    "not a diff: line %d: file header without a hunk",
			    cur->at);
	return 0;
}

int patch_parse(struct patch *out, const char *text, struct patch_err *err)
{
	struct lines l;
	bool *use = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->warn);
	if (err) {
		err->cls = PATCH_OK;
		err->msg[0] = '\0';
	}
	rc = lines_split(&l, text);
	if (!rc)
		rc = pick_lines(&l, &use);
	if (!rc)
		rc = parse_lines(out, &l, use, err);
	free(use);
	free(l.v);
	if (rc)
		patch_release(out);
	return rc;
}

/* ---- applying ---- */

static size_t rtrim_len(const char *s, size_t len)
{
	while (len &&
	       (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\r'))
		len--;
	return len;
}

static bool line_eq(const char *a, size_t al, const char *b, size_t bl,
		    unsigned flags)
{
	if (flags & PATCH_IGNORE_TRAILING_WS) {
		al = rtrim_len(a, al);
		bl = rtrim_len(b, bl);
	}
	return al == bl && !memcmp(a, b, al);
}

/* Old side of a hunk as lines; *nonl if its last line has the marker. */
struct side {
	struct line *v;
	size_t n;
	bool nonl;
};

static int hunk_side(const struct patch_hunk *h, char skip, struct side *s)
{
	s->n = 0;
	s->nonl = false;
	s->v = malloc((h->n + 1) * sizeof(*s->v));
	if (!s->v)
		return oom();
	for (size_t i = 0; i < h->n; i++) {
		if (h->l[i].op == skip)
			continue;
		s->v[s->n].s = h->l[i].s;
		s->v[s->n].len = strlen(h->l[i].s);
		s->n++;
		s->nonl = h->l[i].nonl;
	}
	return 0;
}

/* Number of leading old lines matching at position at. */
static size_t match_len(const struct lines *f, size_t at, const struct side *o,
			unsigned flags)
{
	size_t k;

	for (k = 0; k < o->n && at + k < f->n; k++)
		if (!line_eq(f->v[at + k].s, f->v[at + k].len, o->v[k].s,
			     o->v[k].len, flags))
			break;
	return k;
}

static bool match_at(const struct lines *f, size_t at, const struct side *o,
		     unsigned flags)
{
	if (at + o->n > f->n)
		return false;
	if (o->nonl && at + o->n != f->n)
		return false;
	return match_len(f, at, o, flags) == o->n;
}

static int out_add(struct line **v, size_t *n, size_t *cap, const char *s,
		   size_t len)
{
	if (*n == *cap) {
		size_t nc = *cap ? 2 * *cap : 64;
		struct line *nv = realloc(*v, nc * sizeof(*nv));

		if (!nv)
			return oom();
		*v = nv;
		*cap = nc;
	}
	(*v)[*n].s = s;
	(*v)[*n].len = len;
	(*n)++;
	return 0;
}

/* Apply one file's hunks to text; *res gets the new text (malloc'd). */
static int apply_file(const struct patch_file *pf, const char *name,
		      const char *text, unsigned flags, char **res,
		      struct patch_err *err)
{
	struct lines f;
	struct line *ov = NULL;
	size_t on = 0, ocap = 0, pos = 0;
	long delta = 0;
	bool eof_nl;
	struct buf b = BUF_INIT;
	int rc;

	rc = lines_split(&f, text);
	if (rc)
		return rc;
	eof_nl = f.eof_nl;
	for (size_t hi = 0; hi < pf->n && !rc; hi++) {
		const struct patch_hunk *h = &pf->h[hi];
		struct side o, nw;
		long stated, exp;
		size_t at = 0;
		bool found = false;

		if (hunk_side(h, '+', &o) < 0) {
			rc = ERR_FAIL;
			break;
		}
		if (hunk_side(h, '-', &nw) < 0) {
			free(o.v);
			rc = ERR_FAIL;
			break;
		}
		stated = o.n ? h->ostart - 1 : h->ostart;
		if (stated < 0)
			stated = 0;
		exp = stated + delta;
		if (!o.n) {
			if (exp < (long)pos || exp > (long)f.n)
				rc = fail(err, PATCH_CONTEXT,
					  "hunk %zu of %s: insertion after "
					  "line %ld, but the file has %zu "
					  "lines",
					  hi + 1, name, exp, f.n);
			at = (size_t)exp;
			found = true;
		} else {
			long hi_lim = (long)f.n - (long)o.n;

			if (exp < (long)pos)
				exp = (long)pos;
			if (exp > hi_lim)
				exp = hi_lim;
			for (long d = 0; !found && hi_lim >= (long)pos; d++) {
				long a = exp - d, c = exp + d;
				bool ma = a >= (long)pos &&
					  match_at(&f, (size_t)a, &o, flags);
				bool mc = d && c <= hi_lim &&
					  match_at(&f, (size_t)c, &o, flags);

				if (ma && mc) {
					rc = fail(err, PATCH_AMBIGUOUS,
						  "hunk %zu of %s: matches at "
						  "lines %ld and %ld, equally "
						  "near line %ld",
						  hi + 1, name, a + 1, c + 1,
						  stated + 1);
					break;
				}
				if (ma || mc) {
					at = (size_t)(ma ? a : c);
					found = true;
				}
				if (a < (long)pos && c > hi_lim)
					break;
			}
			if (!found && !rc) {
				/* the best partial match says what differs */
				size_t best = 0, bl = 0, k;
				long bd = -1;

				for (size_t s = pos; s < f.n; s++) {
					long dd = (long)s - exp;
					size_t m = match_len(&f, s, &o, flags);

					dd = dd < 0 ? -dd : dd;
					if (m > bl ||
					    (m == bl && m && dd < bd)) {
						best = s;
						bl = m;
						bd = dd;
					}
				}
				if (!bl)
					best = exp > (long)pos ? (size_t)exp
							       : pos;
				k = bl;
				if (best + k < f.n && k < o.n)
					rc = fail(
						err, PATCH_CONTEXT,
						"hunk %zu of %s: line %zu "
						"expected \"%s\", found "
						"\"%s\"",
						hi + 1, name, best + k + 1,
						quote(0, o.v[k].s, o.v[k].len),
						quote(1, f.v[best + k].s,
						      f.v[best + k].len));
				else if (k < o.n)
					rc = fail(
						err, PATCH_CONTEXT,
						"hunk %zu of %s: expected "
						"\"%s\" at line %zu, past "
						"the end of the file (%zu "
						"lines)",
						hi + 1, name,
						quote(0, o.v[k].s, o.v[k].len),
						best + k + 1, f.n);
				else
					rc = fail(err, PATCH_CONTEXT,
						  "hunk %zu of %s: the old "
						  "side ends with no newline "
						  "but does not match the end "
						  "of the file",
						  hi + 1, name);
			}
		}
		if (!rc) {
			for (size_t k = pos; k < at && !rc; k++)
				rc = out_add(&ov, &on, &ocap, f.v[k].s,
					     f.v[k].len);
			/* context keeps the file's own text */
			for (size_t k = 0, m = 0; k < h->n && !rc; k++) {
				const struct patch_line *pl = &h->l[k];

				if (pl->op == ' ')
					rc = out_add(&ov, &on, &ocap,
						     f.v[at + m].s,
						     f.v[at + m].len);
				else if (pl->op == '+')
					rc = out_add(&ov, &on, &ocap, pl->s,
						     strlen(pl->s));
				if (pl->op != '+')
					m++;
			}
			pos = at + o.n;
			delta = (long)at - stated;
			if (pos == f.n) {
				if (nw.nonl)
					eof_nl = false;
				else if (o.nonl)
					eof_nl = true;
			}
		}
		free(o.v);
		free(nw.v);
	}
	for (size_t k = pos; k < f.n && !rc; k++)
		rc = out_add(&ov, &on, &ocap, f.v[k].s, f.v[k].len);
	for (size_t k = 0; k < on && !rc; k++) {
		if (buf_add(&b, ov[k].s, ov[k].len) < 0 ||
		    ((k + 1 < on || eof_nl) && buf_addch(&b, '\n') < 0))
			rc = oom();
	}
	free(ov);
	free(f.v);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	*res = buf_detach(&b, NULL);
	return 0;
}

static bool suffix_at_slash(const char *longer, const char *shorter)
{
	size_t a = strlen(longer), b = strlen(shorter);

	return a > b && longer[a - b - 1] == '/' &&
	       !strcmp(longer + a - b, shorter);
}

/* Resolve a patch path to a given file: exact, then suffix match. */
static int resolve(const struct patch_files *in, const char *path,
		   const char **out, struct patch_err *err)
{
	const char *hit = NULL;
	int n = 0;

	if (files_find(in, path)) {
		*out = files_find(in, path)->path;
		return 0;
	}
	for (size_t i = 0; i < in->n; i++)
		if (suffix_at_slash(in->v[i].path, path) ||
		    suffix_at_slash(path, in->v[i].path)) {
			hit = in->v[i].path;
			n++;
		}
	if (n == 1) {
		*out = hit;
		return 0;
	}
	return fail(err, PATCH_NO_FILE, "%s names %s, %s",
		    n ? "patch is ambiguous:" : "patch",
		    quote(0, path, strlen(path)),
		    n ? "which fits several given files"
		      : "which is not among the given files");
}

/* Does a new-side path name the same given file (not a rename)? */
static bool same_file(const struct patch_files *in, const char *path,
		      const char *name)
{
	struct patch_err e;
	const char *got = NULL;

	return !resolve(in, path, &got, &e) && !strcmp(got, name);
}

/*
 * A file the patch creates is written under the caller's directory: its
 * path must be relative, name a file (not end in '/'), and have no "."
 * or ".." component and no control character.
 */
static bool new_path_ok(const char *path)
{
	const char *c = path;

	if (!*path || *path == '/' || path[strlen(path) - 1] == '/')
		return false;
	for (const char *p = path; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	while (*c) {
		size_t n = strcspn(c, "/");

		if (!n || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		c += n;
		if (*c == '/')
			c++;
	}
	return true;
}

int patch_apply(const struct patch *p, const struct patch_files *in,
		struct patch_files *out, unsigned flags, struct patch_err *err)
{
	struct patch_files w = PATCH_FILES_INIT;
	int rc = patch_files_copy(&w, in);

	if (err) {
		err->cls = PATCH_OK;
		err->msg[0] = '\0';
	}
	for (size_t i = 0; i < p->n && !rc; i++) {
		const struct patch_file *pf = &p->f[i];
		const char *name = NULL, *text;
		char *res = NULL, qname[128];

		if (!pf->old_path) {
			name = pf->new_path;
			if (!new_path_ok(name))
				rc = fail(err, PATCH_PARSE,
					  "not a diff: line %d: %s is no "
					  "relative file path for a new file",
					  pf->at, quote(0, name, strlen(name)));
			else if (patch_files_get(&w, name))
				rc = fail(err, PATCH_CONTEXT,
					  "%s is created by the patch but "
					  "already exists",
					  quote(0, name, strlen(name)));
			text = "";
		} else {
			rc = resolve(&w, pf->old_path, &name, err);
			if (!rc && pf->new_path &&
			    strcmp(pf->new_path, pf->old_path) &&
			    !same_file(&w, pf->new_path, name))
				rc = fail(err, PATCH_PARSE,
					  "not a diff: line %d: renames "
					  "(%s) are not supported",
					  pf->at,
					  quote(0, pf->new_path,
						strlen(pf->new_path)));
			text = rc ? NULL : patch_files_get(&w, name);
			if (!rc && !text)
				rc = fail(err, PATCH_NO_FILE,
					  "patch names %s, which was deleted",
					  quote(0, name, strlen(name)));
		}
		if (!rc) {
			snprintf(qname, sizeof(qname), "%s",
				 quote(0, name, strlen(name)));
			rc = apply_file(pf, qname, text, flags, &res, err);
		}
		if (!rc && !pf->new_path && *res)
			rc = fail(err, PATCH_CONTEXT,
				  "%s is deleted by the patch but lines "
				  "remain",
				  quote(0, name, strlen(name)));
		if (!rc)
			rc = patch_files_set(&w, name,
					     pf->new_path ? res : NULL);
		free(res);
	}
	if (rc) {
		patch_files_release(&w);
		return rc;
	}
	patch_files_release(out);
	*out = w;
	return 0;
}

/* ---- whole modules ---- */

struct span {
	size_t start, end; /* "module" .. past "endmodule" */
	const char *name;
	size_t nlen;
};

static bool ident_ch(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '$';
}

/*
 * Module spans of Verilog text within [from, to), skipping comments and
 * strings; bol: "module" must begin a line (reply prose says "module").
 */
static int find_modules(const char *t, size_t from, size_t to, bool bol,
			struct span **out, size_t *nout)
{
	size_t i = from, n = 0;
	struct span *v = NULL, cur = { 0 };
	bool in_mod = false;

	while (i < to) {
		char c = t[i];

		if (c == '/' && i + 1 < to && t[i + 1] == '/') {
			while (i < to && t[i] != '\n')
				i++;
		} else if (c == '/' && i + 1 < to && t[i + 1] == '*') {
			i += 2;
			while (i + 1 < to && !(t[i] == '*' && t[i + 1] == '/'))
				i++;
			i += 2;
		} else if (c == '"') {
			i++;
			while (i < to && t[i] != '"' && t[i] != '\n')
				i += t[i] == '\\' ? 2 : 1;
			i++;
		} else if (ident_ch(c) && !(c >= '0' && c <= '9')) {
			size_t s = i, k;
			bool line0 = true;

			while (i < to && ident_ch(t[i]))
				i++;
			for (k = s; k > from && line0; k--) {
				if (t[k - 1] == '\n')
					break;
				if (t[k - 1] != ' ' && t[k - 1] != '\t')
					line0 = false;
			}
			/*
			 * A header is "module NAME" then '(', '#' or ';';
			 * prose ("module inc is wrong") is not.  Modules do
			 * not nest, so a new header restarts the span.
			 */
			if (i - s == 6 && !memcmp(t + s, "module", 6) &&
			    (!bol || line0)) {
				size_t ns, ne;

				while (i < to && (t[i] == ' ' || t[i] == '\t' ||
						  t[i] == '\n' || t[i] == '\r'))
					i++;
				ns = i;
				while (i < to && ident_ch(t[i]))
					i++;
				ne = i;
				while (i < to && (t[i] == ' ' || t[i] == '\t' ||
						  t[i] == '\n' || t[i] == '\r'))
					i++;
				if (ne > ns && i < to &&
				    (t[i] == '(' || t[i] == '#' ||
				     t[i] == ';')) {
					cur.start = s;
					cur.name = t + ns;
					cur.nlen = ne - ns;
					in_mod = true;
				}
			} else if (in_mod && i - s == 9 &&
				   !memcmp(t + s, "endmodule", 9)) {
				struct span *nv =
					realloc(v, (n + 1) * sizeof(*v));

				if (!nv) {
					free(v);
					return oom();
				}
				v = nv;
				cur.end = i;
				v[n++] = cur;
				in_mod = false;
			}
		} else {
			i++;
		}
	}
	*out = v;
	*nout = n;
	return 0;
}

/* Module spans of the reply: inside fences if any, else everywhere. */
static int reply_modules(const char *r, struct span **out, size_t *nout)
{
	size_t len = strlen(r), n = 0;
	struct span *all = NULL;
	const char *p = r;
	bool fenced = false, in = false;
	size_t open = 0;

	while (*p) {
		const char *e = strchr(p, '\n');
		struct line l = { p, e ? (size_t)(e - p) : strlen(p) };

		if (is_fence(&l)) {
			if (in) {
				struct span *s;
				size_t k;
				int rc = find_modules(r, open, (size_t)(p - r),
						      true, &s, &k);
				struct span *nv;

				if (rc) {
					free(all);
					return rc;
				}
				nv = realloc(all, (n + k + 1) * sizeof(*nv));
				if (!nv) {
					free(s);
					free(all);
					return oom();
				}
				all = nv;
				if (k)
					memcpy(all + n, s, k * sizeof(*s));
				n += k;
				free(s);
				fenced = true;
			} else {
				open = e ? (size_t)(e + 1 - r) : len;
			}
			in = !in;
		}
		p = e ? e + 1 : p + l.len;
	}
	if (fenced && n) {
		*out = all;
		*nout = n;
		return 0;
	}
	free(all);
	return find_modules(r, 0, len, true, out, nout);
}

int patch_replace_modules(const char *reply, const struct patch_files *in,
			  struct patch_files *out, struct patch_err *err)
{
	struct patch_files w = PATCH_FILES_INIT;
	struct span *rs = NULL;
	size_t rn = 0;
	int rc;

	if (err) {
		err->cls = PATCH_OK;
		err->msg[0] = '\0';
	}
	rc = reply_modules(reply, &rs, &rn);
	if (!rc && !rn)
		rc = fail(err, PATCH_PARSE,
			  "not a diff: the reply holds neither a unified diff "
			  "nor a complete module ... endmodule");
	if (!rc)
		rc = patch_files_copy(&w, in);
	for (size_t m = 0; m < rn && !rc; m++) {
		struct patch_text *hit = NULL;
		struct span at = { 0 };
		int nhit = 0;

		for (size_t i = 0; i < w.n && !rc; i++) {
			struct span *fs;
			size_t fn;

			if (!w.v[i].text)
				continue;
			rc = find_modules(w.v[i].text, 0, strlen(w.v[i].text),
					  false, &fs, &fn);
			for (size_t k = 0; k < fn && !rc; k++)
				if (fs[k].nlen == rs[m].nlen &&
				    !memcmp(fs[k].name, rs[m].name,
					    rs[m].nlen)) {
					nhit++;
					hit = &w.v[i];
					at = fs[k];
				}
			free(fs);
		}
		if (rc)
			break;
		if (nhit != 1) {
			rc = fail(err, nhit ? PATCH_AMBIGUOUS : PATCH_NO_FILE,
				  "module %s %s",
				  quote(0, rs[m].name, rs[m].nlen),
				  nhit ? "is defined more than once in the "
					 "given files"
				       : "is not defined in any given file");
			break;
		} else {
			struct buf b = BUF_INIT;

			if (buf_add(&b, hit->text, at.start) < 0 ||
			    buf_add(&b, reply + rs[m].start,
				    rs[m].end - rs[m].start) < 0 ||
			    buf_addstr(&b, hit->text + at.end) < 0) {
				buf_release(&b);
				rc = oom();
				break;
			}
			free(hit->text);
			hit->text = buf_detach(&b, NULL);
		}
	}
	free(rs);
	if (rc) {
		patch_files_release(&w);
		return rc;
	}
	patch_files_release(out);
	*out = w;
	return 0;
}

int patch_from_reply(const char *reply, const struct patch_files *in,
		     struct patch_files *out, unsigned flags,
		     struct patch_err *err, struct buf *warn)
{
	struct patch p;
	int rc;

	if (!patch_text_has_diff(reply))
		return patch_replace_modules(reply, in, out, err);
	rc = patch_parse(&p, reply, err);
	if (rc)
		return rc;
	if (warn && buf_add(warn, p.warn.data, p.warn.len) < 0)
		rc = oom();
	if (!rc)
		rc = patch_apply(&p, in, out, flags, err);
	patch_release(&p);
	return rc;
}

/* ---- writing ---- */

/* A line equals another only with the same newline state. */
static bool dline_eq(const struct lines *a, size_t i, const struct lines *b,
		     size_t j)
{
	bool anl = i + 1 < a->n || a->eof_nl;
	bool bnl = j + 1 < b->n || b->eof_nl;

	return anl == bnl && a->v[i].len == b->v[j].len &&
	       !memcmp(a->v[i].s, b->v[j].s, a->v[i].len);
}

struct op {
	char op;
	size_t oi, ni; /* indexes into old / new (the side that applies) */
};

/* Edit script old -> new: LCS over the middle after trimming the ends. */
static int edit_script(const struct lines *a, const struct lines *b,
		       struct op **out, size_t *nout)
{
	size_t pre = 0, suf = 0, n, m, k = 0;
	struct op *v = malloc((a->n + b->n + 1) * sizeof(*v));
	uint32_t *t = NULL;

	if (!v)
		return oom();
	while (pre < a->n && pre < b->n && dline_eq(a, pre, b, pre))
		pre++;
	while (suf < a->n - pre && suf < b->n - pre &&
	       dline_eq(a, a->n - 1 - suf, b, b->n - 1 - suf))
		suf++;
	n = a->n - pre - suf;
	m = b->n - pre - suf;
	for (size_t i = 0; i < pre; i++)
		v[k++] = (struct op){ ' ', i, i };
	if (n && m && (uint64_t)(n + 1) * (m + 1) <= (4u << 20)) {
		/* t[i][j]: LCS length of old[i..] and new[j..] (middles) */
		t = calloc((n + 1) * (m + 1), sizeof(*t));
		if (!t) {
			free(v);
			return oom();
		}
		for (size_t i = n; i-- > 0;)
			for (size_t j = m; j-- > 0;)
				t[i * (m + 1) + j] =
					dline_eq(a, pre + i, b, pre + j)
						? t[(i + 1) * (m + 1) + j + 1] +
							  1
					: t[(i + 1) * (m + 1) + j] >=
							t[i * (m + 1) + j + 1]
						? t[(i + 1) * (m + 1) + j]
						: t[i * (m + 1) + j + 1];
	}
	{
		size_t i = 0, j = 0;

		while (i < n || j < m) {
			if (t && i < n && j < m &&
			    dline_eq(a, pre + i, b, pre + j)) {
				v[k++] = (struct op){ ' ', pre + i, pre + j };
				i++;
				j++;
			} else if (i < n && (j == m || !t ||
					     t[(i + 1) * (m + 1) + j] >=
						     t[i * (m + 1) + j + 1])) {
				v[k++] = (struct op){ '-', pre + i, pre + j };
				i++;
			} else {
				v[k++] = (struct op){ '+', pre + i, pre + j };
				j++;
			}
		}
	}
	for (size_t i = 0; i < suf; i++)
		v[k++] = (struct op){ ' ', a->n - suf + i, b->n - suf + i };
	free(t);
	*out = v;
	*nout = k;
	return 0;
}

static int emit_line(struct buf *b, char op, const struct lines *l, size_t i)
{
	int rc = buf_addch(b, op);

	if (!rc)
		rc = buf_add(b, l->v[i].s, l->v[i].len);
	if (!rc)
		rc = buf_addch(b, '\n');
	if (!rc && i + 1 == l->n && !l->eof_nl)
		rc = buf_addstr(b, "\\ No newline at end of file\n");
	return rc < 0 ? oom() : 0;
}

static int diff_one(struct buf *out, const char *path, const char *old,
		    const char *new, size_t *touched)
{
	struct lines a = { 0 }, b = { 0 };
	struct op *v = NULL;
	size_t nv = 0, i = 0;
	int rc;

	rc = lines_split(&a, old ? old : "");
	if (!rc)
		rc = lines_split(&b, new ? new : "");
	if (!rc)
		rc = edit_script(&a, &b, &v, &nv);
	if (!rc && buf_addf(out, "diff --git a/%s b/%s\n", path, path) < 0)
		rc = oom();
	if (!rc && !old && buf_addstr(out, "new file mode 100644\n") < 0)
		rc = oom();
	if (!rc && !new &&buf_addstr(out, "deleted file mode 100644\n") < 0)
		rc = oom();
	if (!rc && nv && (a.n || b.n)) {
		int r1 = old ? buf_addf(out, "--- a/%s\n", path)
			     : buf_addstr(out, "--- /dev/null\n");
		int r2 = new ? buf_addf(out, "+++ b/%s\n", path)
			     : buf_addstr(out, "+++ /dev/null\n");

		if (r1 < 0 || r2 < 0)
			rc = oom();
	}
	while (!rc && i < nv) {
		size_t s, e, last, oc = 0, nc = 0, os, ns;

		while (i < nv && v[i].op == ' ')
			i++;
		if (i == nv)
			break;
		/* the hunk: changes whose gaps are <= 6 equal lines */
		s = i >= 3 ? i - 3 : 0;
		last = i;
		for (e = i; e < nv; e++) {
			if (v[e].op != ' ')
				last = e;
			else if (e - last > 6)
				break;
		}
		e = last + 4 < nv ? last + 4 : nv;
		for (size_t k = s; k < e; k++) {
			oc += v[k].op != '+';
			nc += v[k].op != '-';
		}
		os = oc ? v[s].oi + 1 : v[s].oi;
		ns = nc ? v[s].ni + 1 : v[s].ni;
		if (buf_addf(out, "@@ -%zu,%zu +%zu,%zu @@\n", os, oc, ns, nc) <
		    0)
			rc = oom();
		for (size_t k = s; k < e && !rc; k++) {
			if (v[k].op == '+')
				rc = emit_line(out, '+', &b, v[k].ni);
			else
				rc = emit_line(out, v[k].op, &a, v[k].oi);
			if (v[k].op != ' ' && touched)
				(*touched)++;
		}
		i = e;
	}
	free(v);
	free(a.v);
	free(b.v);
	return rc;
}

int patch_diff(struct buf *out, const struct patch_files *old,
	       const struct patch_files *new, size_t *touched)
{
	int rc = 0;

	if (touched)
		*touched = 0;
	for (size_t i = 0; i < old->n && !rc; i++) {
		const char *o = old->v[i].text;
		const char *n = patch_files_get(new, old->v[i].path);

		if (!o && !n)
			continue;
		if (o && n && !strcmp(o, n))
			continue;
		rc = diff_one(out, old->v[i].path, o, n, touched);
	}
	for (size_t i = 0; i < new->n && !rc; i++)
		if (new->v[i].text && !patch_files_get(old, new->v[i].path))
			rc = diff_one(out, new->v[i].path, NULL, new->v[i].text,
				      touched);
	return rc;
}
