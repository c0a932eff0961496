/*
 * Verilog text handling for the miner: a tokenizer that skips comments
 * and strings correctly (enough to find module boundaries and to compare
 * code while ignoring comments), the unit splitter, MinHash signatures and
 * a JSON string writer.  The project's lexer lives privately in verify;
 * these few lines are all the miner needs.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dataset/dataset-int.h"

void dlex_init(struct dlex *lx, const char *s, size_t len)
{
	lx->s = s;
	lx->end = s + len;
	lx->line = 1;
}

/* Character classes from one table, without locale calls: the tokenizer
 * is the miner's inner loop. */
enum { C_ALPHA = 1, C_DIGIT = 2, C_ID = 4, C_SPACE = 8 };

static const unsigned char cclass[256] = {
	['\t'] = C_SPACE, ['\r'] = C_SPACE, ['\f'] = C_SPACE, ['\v'] = C_SPACE,
	[' '] = C_SPACE, ['_'] = C_ID, ['$'] = C_ID,
#define D(c) [c] = C_DIGIT | C_ID
	D('0'), D('1'), D('2'), D('3'), D('4'), D('5'), D('6'), D('7'), D('8'), D('9'),
#undef D
#define A(c) [c] = C_ALPHA | C_ID, [c - 'a' + 'A'] = C_ALPHA | C_ID
	A('a'), A('b'), A('c'), A('d'), A('e'), A('f'), A('g'), A('h'), A('i'),
	A('j'), A('k'), A('l'), A('m'), A('n'), A('o'), A('p'), A('q'), A('r'),
	A('s'), A('t'), A('u'), A('v'), A('w'), A('x'), A('y'), A('z'),
#undef A
};

static bool is_alpha(int c)
{
	return cclass[c] & C_ALPHA;
}

static bool is_digit(int c)
{
	return cclass[c] & C_DIGIT;
}

static int is_id(int c)
{
	return cclass[c] & C_ID;
}

/* Skip white space and comments; count lines. */
static void skip_space(struct dlex *lx)
{
	const char *p = lx->s, *e = lx->end;

	while (p < e) {
		if (*p == '\n') {
			lx->line++;
			p++;
		} else if (cclass[(unsigned char)*p] & C_SPACE) {
			p++;
		} else if (*p == '/' && p + 1 < e && p[1] == '/') {
			const char *nl = memchr(p, '\n', (size_t)(e - p));

			p = nl ? nl : e;
		} else if (*p == '/' && p + 1 < e && p[1] == '*') {
			p += 2;
			while (p < e && !(*p == '*' && p + 1 < e && p[1] == '/')) {
				if (*p == '\n')
					lx->line++;
				p++;
			}
			p = (p < e) ? p + 2 : e;
		} else {
			break;
		}
	}
	lx->s = p;
}

enum dtok_kind dlex_next(struct dlex *lx, struct dtok *t)
{
	const char *p, *e = lx->end;

	skip_space(lx);
	p = lx->s;
	t->p = p;
	t->line = lx->line;
	if (p >= e) {
		t->len = 0;
		return t->kind = DTOK_END;
	}
	if (is_alpha((unsigned char)*p) || *p == '_') {
		while (p < e && is_id((unsigned char)*p))
			p++;
		t->kind = DTOK_IDENT;
	} else if (*p == '\\') { /* escaped identifier: up to white space */
		while (p < e && !isspace((unsigned char)*p))
			p++;
		t->kind = DTOK_IDENT;
	} else if (*p == '`') {
		p++;
		while (p < e && is_id((unsigned char)*p))
			p++;
		t->kind = DTOK_DIRECTIVE;
	} else if (is_digit((unsigned char)*p) || *p == '\'') {
		p++;
		while (p < e && (is_id((unsigned char)*p) || *p == '_' ||
				 *p == '\'' || *p == '.' || *p == '?'))
			p++;
		t->kind = DTOK_NUMBER;
	} else if (*p == '"') {
		p++;
		while (p < e && *p != '"' && *p != '\n') {
			if (*p == '\\' && p + 1 < e)
				p++;
			p++;
		}
		if (p < e && *p == '"')
			p++;
		t->kind = DTOK_STRING;
	} else {
		p++;
		t->kind = DTOK_PUNCT;
	}
	t->len = (size_t)(p - t->p);
	lx->s = p;
	return t->kind;
}

static bool tok_is_n(const struct dtok *t, const char *w, size_t n)
{
	return t->kind == DTOK_IDENT && t->len == n && t->p[0] == w[0] &&
	       !memcmp(t->p, w, n);
}

#define tok_is(t, w) tok_is_n(t, w, sizeof(w) - 1)

struct unit_kw {
	const char *kw, *end;
	size_t kwlen, endlen;
};

#define KW(k, e) { k, e, sizeof(k) - 1, sizeof(e) - 1 }
static const struct unit_kw unit_kws[] = {
	KW("module", "endmodule"),       KW("macromodule", "endmodule"),
	KW("interface", "endinterface"), KW("package", "endpackage"),
	KW("program", "endprogram"),     KW("primitive", "endprimitive"),
};
#undef KW

/* The unit keyword t is, or NULL. */
static const struct unit_kw *unit_end(const struct dtok *t)
{
	if (t->kind != DTOK_IDENT || t->len < 6 || t->len > 11)
		return NULL;
	for (size_t i = 0; i < sizeof(unit_kws) / sizeof(*unit_kws); i++)
		if (tok_is_n(t, unit_kws[i].kw, unit_kws[i].kwlen))
			return &unit_kws[i];
	return NULL;
}

static size_t line_start(const char *text, size_t off)
{
	while (off > 0 && text[off - 1] != '\n')
		off--;
	return off;
}

static size_t line_end(const char *text, size_t len, size_t off)
{
	while (off < len && text[off] != '\n')
		off++;
	return off < len ? off + 1 : len;
}

static int push_unit(struct dataset_unit **v, size_t *n, size_t *alloc,
		     const struct dataset_unit *u)
{
	if (array_grow(v, alloc, *n + 1, sizeof(**v), 8))
		return ERR_FAIL;
	(*v)[(*n)++] = *u;
	return 0;
}

/* Units of text from lexer position pos (line) on, appended to *out. */
static int split_from(struct dataset_unit **out, size_t *n, size_t *alloc_,
		      const char *text, size_t len, size_t pos, int line)
{
	struct dlex lx;
	struct dtok t;
	struct dataset_unit u;
	size_t alloc = *alloc_;
	const struct unit_kw *endkw = NULL;
	bool want_name = false;

	dlex_init(&lx, text, len);
	lx.s = text + pos;
	lx.line = line;
	while (dlex_next(&lx, &t) != DTOK_END) {
		if (!endkw) {
			endkw = unit_end(&t);
			if (endkw) {
				/* `interface class` is a class, not a unit */
				memset(&u, 0, sizeof(u));
				u.start = line_start(text, (size_t)(t.p - text));
				u.line = t.line;
				want_name = true;
			}
			continue;
		}
		if (want_name && t.kind == DTOK_IDENT && !tok_is(&t, "automatic") &&
		    !tok_is(&t, "static")) {
			size_t k = t.len < sizeof(u.name) - 1 ? t.len
							       : sizeof(u.name) - 1;

			if (tok_is(&t, "class")) {
				endkw = NULL;
				want_name = false;
				continue;
			}
			memcpy(u.name, t.p, k);
			u.name[k] = 0;
			want_name = false;
			continue;
		}
		if (tok_is_n(&t, endkw->end, endkw->endlen)) {
			u.end = line_end(text, len, (size_t)(t.p - text) + t.len);
			if (!u.name[0])
				memcpy(u.name, "?", 2);
			u.next = (size_t)(lx.s - text);
			u.next_line = lx.line;
			if (push_unit(out, n, &alloc, &u)) {
				free(*out);
				*out = NULL;
				return ERR_FAIL;
			}
			endkw = NULL;
		}
	}
	*alloc_ = alloc;
	return 0;
}

int dataset_split_units(struct dataset_unit **out, size_t *n,
			const char *text, size_t len)
{
	size_t alloc = 0;

	*out = NULL;
	*n = 0;
	return split_from(out, n, &alloc, text, len, 0, 1);
}

/*
 * A unit of prev that ends, with the byte the tokenizer looked at after
 * its end keyword and the rest of its last line, inside the common prefix
 * is the same unit of text, and the splitter's state after it is the same
 * (between units it is only the tokenizer's position and line).
 */
int dataset_split_units_after(struct dataset_unit **out, size_t *n,
			      const char *text, size_t len, const char *prev,
			      size_t plen, const struct dataset_unit *pu,
			      size_t pn)
{
	size_t common = 0, lim = len < plen ? len : plen, alloc = 0, k = 0;

	*out = NULL;
	*n = 0;
	while (common < lim && text[common] == prev[common])
		common++;
	while (k < pn && pu[k].end < common && pu[k].next < common)
		k++;
	for (size_t i = 0; i < k; i++)
		if (push_unit(out, n, &alloc, &pu[i])) {
			free(*out);
			*out = NULL;
			return ERR_FAIL;
		}
	return split_from(out, n, &alloc, text, len, k ? pu[k - 1].next : 0,
			  k ? pu[k - 1].next_line : 1);
}

static bool same_tokens(const char *a, size_t alen, const char *b, size_t blen)
{
	struct dlex la, lb;
	struct dtok ta, tb;

	size_t common = 0, lim = alen < blen ? alen : blen;

	while (common < lim && a[common] == b[common])
		common++;
	dlex_init(&la, a, alen);
	dlex_init(&lb, b, blen);
	/* The tokens of the common prefix are the same on both sides: lex
	 * them once, up to the last token whose bytes and the one byte the
	 * tokenizer looks past it are all common, then go on side by side. */
	for (;;) {
		struct dlex save = la;

		if (dlex_next(&la, &ta) == DTOK_END ||
		    (size_t)(ta.p - a) + ta.len + 1 > common) {
			la = save;
			break;
		}
	}
	lb.s = b + (la.s - a);
	lb.line = la.line;
	for (;;) {
		enum dtok_kind ka = dlex_next(&la, &ta), kb = dlex_next(&lb, &tb);

		if (ka != kb || ta.len != tb.len || memcmp(ta.p, tb.p, ta.len))
			return false;
		if (ka == DTOK_END)
			return true;
	}
}

static bool same_but_space(const char *a, size_t alen, const char *b,
			   size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < alen && isspace((unsigned char)a[i]))
			i++;
		while (j < blen && isspace((unsigned char)b[j]))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (a[i++] != b[j++])
			return false;
	}
}

int dataset_same_code(const char *a, size_t alen, const char *b, size_t blen)
{
	if (!same_tokens(a, alen, b, blen))
		return 0;
	return same_but_space(a, alen, b, blen) ? 1 : 2;
}

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t fnv(uint64_t h, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

size_t dataset_shingles(const char *text, size_t len, size_t n,
			void (*fn)(uint64_t h, void *arg), void *arg)
{
	uint64_t win[DATASET_SHINGLE_MAX];
	size_t k = 0;
	struct dlex lx;
	struct dtok t;

	if (n < 1 || n > DATASET_SHINGLE_MAX)
		return 0;
	dlex_init(&lx, text, len);
	while (dlex_next(&lx, &t) != DTOK_END) {
		uint64_t h = 0xcbf29ce484222325ULL;

		win[k % n] = fnv(0xcbf29ce484222325ULL, t.p, t.len);
		if (++k < n)
			continue;
		for (size_t i = 0; i < n; i++)
			h = mix64(h ^ win[(k + i) % n]);
		fn(h, arg);
	}
	return k >= n ? k - n + 1 : 0;
}

#define SHINGLE 5

/*
 * One-permutation MinHash: each shingle's 64-bit hash picks one of the
 * DATASET_MINHASH bins (top bits) and competes for its minimum (low
 * bits), one operation per shingle instead of one per hash function.
 * Empty bins are filled from the next non-empty bin (rotation
 * densification) so that small modules still compare fairly.
 */
static void minhash_one(uint64_t h, void *arg)
{
	uint32_t *sig = arg, v = (uint32_t)h;
	size_t bin = (size_t)(h >> 58) % DATASET_MINHASH;

	if (v < sig[bin])
		sig[bin] = v;
}

static void minhash_text(uint32_t sig[DATASET_MINHASH], const char *s,
			 size_t len)
{
	dataset_shingles(s, len, SHINGLE, minhash_one, sig);
}

static void densify(uint32_t sig[DATASET_MINHASH])
{
	uint32_t out[DATASET_MINHASH];
	bool any = false;

	for (size_t i = 0; i < DATASET_MINHASH; i++)
		any |= sig[i] != UINT32_MAX;
	if (!any)
		return;
	for (size_t i = 0; i < DATASET_MINHASH; i++) {
		size_t k = 0;

		while (sig[(i + k) % DATASET_MINHASH] == UINT32_MAX)
			k++;
		out[i] = sig[(i + k) % DATASET_MINHASH] + (uint32_t)k * 0x9e3779b9u;
	}
	memcpy(sig, out, sizeof(out));
}

void dataset_minhash(uint32_t sig[DATASET_MINHASH], const char *a,
		     size_t alen, const char *b, size_t blen)
{
	for (size_t i = 0; i < DATASET_MINHASH; i++)
		sig[i] = UINT32_MAX;
	minhash_text(sig, a, alen);
	minhash_text(sig, b, blen);
	densify(sig);
}

/* Length of a valid UTF-8 sequence at p, or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t k;

	if (p[0] < 0x80)
		return 1;
	if ((p[0] & 0xe0) == 0xc0 && p[0] >= 0xc2)
		k = 2;
	else if ((p[0] & 0xf0) == 0xe0)
		k = 3;
	else if ((p[0] & 0xf8) == 0xf0 && p[0] <= 0xf4)
		k = 4;
	else
		return 0;
	if (k > n)
		return 0;
	for (size_t i = 1; i < k; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return k;
}

int djson_str(struct buf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run;
	int rc = buf_grow(b, len + 2);

	if (!rc)
		rc = buf_addch(b, '"');
	while (!rc && i < len) {
		size_t k;

		for (run = i; run < len && p[run] >= 0x20 && p[run] < 0x80 &&
			      p[run] != '"' && p[run] != '\\';)
			run++;
		if (run > i) {
			rc = buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		switch (p[i]) {
		case '"': rc = buf_add(b, "\\\"", 2); break;
		case '\\': rc = buf_add(b, "\\\\", 2); break;
		case '\n': rc = buf_add(b, "\\n", 2); break;
		case '\t': rc = buf_add(b, "\\t", 2); break;
		case '\r': rc = buf_add(b, "\\r", 2); break;
		default:
			k = p[i] >= 0x80 ? utf8_len(p + i, len - i) : 0;
			if (k) {
				rc = buf_add(b, s + i, k);
				i += k;
				continue;
			}
			rc = buf_addf(b, "\\u%04x", p[i]);
		}
		i++;
	}
	return rc ? rc : buf_addch(b, '"');
}
