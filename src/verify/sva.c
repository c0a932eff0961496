#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/vlex.h"
#include "verify/sva.h"
#include "verify/verify-int.h"

/* The translator of the concurrent-assertion subset; see sva.h. */

#define SVA_MAX_DELAY 16
#define SVA_MAX_VALID 200

struct toks {
	struct vtok *t;
	size_t n;
	const char *src;
};

struct stmt {
	size_t lbl, kw, open, close; /* token indices */
	enum sva_kind kind;
	const char *edge;
	struct vtok clk;
	size_t dis0, dis1; /* D = tokens [dis0, dis1), dis1 == 0: none */
	size_t a0, a1, c0, c1; /* antecedent (a1 == 0: none), consequent */
	int m, n;
};

static const struct vtok *tk(const struct toks *k, size_t i)
{
	static const struct vtok eof = { .kind = VTOK_EOF, .s = "" };

	return i < k->n ? &k->t[i] : &eof;
}

static bool punct(const struct toks *k, size_t i, char c)
{
	return vtok_punct(tk(k, i), c);
}

/* Two punctuation tokens written together ("|" "-" of "|->"). */
static bool adjacent(const struct toks *k, size_t i)
{
	return i + 1 < k->n && k->t[i].start + k->t[i].len == k->t[i + 1].start;
}

static bool is_op(const struct toks *k, size_t i, char mid)
{
	return punct(k, i, '|') && punct(k, i + 1, mid) &&
	       punct(k, i + 2, '>') && adjacent(k, i) && adjacent(k, i + 1);
}

static bool is_hash2(const struct toks *k, size_t i)
{
	return punct(k, i, '#') && punct(k, i + 1, '#') && adjacent(k, i);
}

/* The matching close of the ( or [ at i, or k->n. */
static size_t match(const struct toks *k, size_t i, size_t end)
{
	int depth = 0;

	for (size_t j = i; j < end; j++) {
		if (punct(k, j, '(') || punct(k, j, '[') || punct(k, j, '{'))
			depth++;
		else if (punct(k, j, ')') || punct(k, j, ']') ||
			 punct(k, j, '}'))
			if (--depth == 0)
				return j;
	}
	return k->n;
}

static bool number(const struct toks *k, size_t i, int *v)
{
	const struct vtok *t = tk(k, i);
	long x = 0;

	if (t->kind != VTOK_NUMBER || t->len > 6)
		return false;
	for (size_t j = 0; j < t->len; j++) {
		if (t->s[j] < '0' || t->s[j] > '9')
			return false;
		x = x * 10 + (t->s[j] - '0');
	}
	*v = (int)x;
	return true;
}

static int seterr(char **err, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int seterr(char **err, int line, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = buf_addf(&b, "line %d: ", line) || buf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (rc)
		return err_set(ERR_FAIL, "out of memory");
	*err = buf_detach(&b, NULL);
	return 1;
}

static const char *const banned[] = { "s_eventually",
				      "eventually",
				      "throughout",
				      "within",
				      "intersect",
				      "until",
				      "s_until",
				      "until_with",
				      "s_until_with",
				      "first_match",
				      "and",
				      "or",
				      "not",
				      "nexttime",
				      "s_nexttime",
				      "always",
				      "s_always",
				      "implies",
				      "iff",
				      "if",
				      "case",
				      "accept_on",
				      "reject_on",
				      "sync_accept_on",
				      "sync_reject_on",
				      "strong",
				      "weak",
				      "matched",
				      "triggered",
				      NULL };

/* A construct outside the subset in tokens [i0, i1): 1 and *err set. */
static int unsupported(const struct toks *k, size_t i0, size_t i1, char **err)
{
	for (size_t i = i0; i < i1; i++) {
		const struct vtok *t = tk(k, i);

		if (t->kind == VTOK_IDENT) {
			/* "disable iff" is handled by the caller */
			if (vtok_word(t, "iff") && i > 0 &&
			    vtok_word(tk(k, i - 1), "disable"))
				continue;
			for (const char *const *b = banned; *b; b++)
				if (vtok_word(t, *b))
					return seterr(err, t->line,
						      "'%s' is not supported",
						      *b);
		}
		if (is_hash2(k, i) && punct(k, i + 2, '[')) {
			size_t e = match(k, i + 2, i1);

			for (size_t j = i + 3; j < e; j++)
				if (tk(k, j)->kind == VTOK_SYSTASK &&
				    tk(k, j)->len == 1)
					return seterr(err, t->line,
						      "unbounded delay "
						      "'##[%.*s:$]' is not "
						      "supported",
						      (int)tk(k, i + 3)->len,
						      tk(k, i + 3)->s);
		}
		if (punct(k, i, '[') &&
		    (punct(k, i + 1, '*') || punct(k, i + 1, '=') ||
		     punct(k, i + 1, '+') ||
		     (punct(k, i + 1, '-') && punct(k, i + 2, '>'))))
			return seterr(err, t->line,
				      "repetition '%s' is not supported",
				      "[*], [+], [=], [->]");
	}
	return 0;
}

/* Find a top-level |-> or |=> in [i0, i1): index or i1. */
static size_t find_impl(const struct toks *k, size_t i0, size_t i1, char *mid)
{
	int depth = 0;

	for (size_t i = i0; i < i1; i++) {
		if (punct(k, i, '(') || punct(k, i, '[') || punct(k, i, '{'))
			depth++;
		else if (punct(k, i, ')') || punct(k, i, ']') ||
			 punct(k, i, '}'))
			depth--;
		else if (!depth && (is_op(k, i, '-') || is_op(k, i, '='))) {
			*mid = tk(k, i + 1)->s[0];
			return i;
		}
	}
	return i1;
}

static size_t find_hash2(const struct toks *k, size_t i0, size_t i1)
{
	for (size_t i = i0; i < i1; i++)
		if (is_hash2(k, i))
			return i;
	return i1;
}

/* ##N or ##[M:N] at i: index after it, or 0 (error set). */
static size_t delay(const struct toks *k, size_t i, size_t i1, int *m, int *n,
		    char **err)
{
	int line = tk(k, i)->line;

	if (number(k, i + 2, m)) {
		*n = *m;
		return i + 3;
	}
	if (punct(k, i + 2, '[') && number(k, i + 3, m) &&
	    punct(k, i + 4, ':') && number(k, i + 5, n) &&
	    punct(k, i + 6, ']') && *m <= *n && i + 7 <= i1)
		return i + 7;
	seterr(err, line, "cannot parse the delay after '%s'", "##");
	return 0;
}

/* The sum of the $past depths in tokens [i0, i1) (an upper bound). */
static int past_depth(const struct toks *k, size_t i0, size_t i1)
{
	int d = 0;

	for (size_t i = i0; i < i1; i++) {
		const struct vtok *t = tk(k, i);

		if (t->kind != VTOK_SYSTASK)
			continue;
		if (vtok_is(t, "$rose") || vtok_is(t, "$fell") ||
		    vtok_is(t, "$stable") || vtok_is(t, "$changed")) {
			d++;
		} else if (vtok_is(t, "$past")) {
			size_t e = match(k, i + 1, i1);
			int depth = 0, v = 1;

			for (size_t j = i + 1; j < e; j++) {
				if (punct(k, j, '(') || punct(k, j, '['))
					depth++;
				else if (punct(k, j, ')') || punct(k, j, ']'))
					depth--;
				else if (depth == 1 && punct(k, j, ',')) {
					if (!number(k, j + 1, &v))
						v = SVA_MAX_VALID;
					break;
				}
			}
			d += v;
		}
	}
	return d;
}

/* Parse the statement whose keyword is at s->kw: 0, or 1 with *err. */
static int parse(const struct toks *k, struct stmt *s, size_t *end, char **err)
{
	size_t i = s->kw + 2, j;
	char mid = 0;
	int line = tk(k, s->kw)->line;

	*end = s->kw + 2;
	while (*end < k->n && !punct(k, *end, ';'))
		(*end)++;
	if (!punct(k, i, '('))
		return seterr(err, line,
			      "cannot parse the assertion: expected "
			      "'%s' after 'property'",
			      "(");
	s->open = i;
	s->close = match(k, i, k->n);
	if (s->close >= k->n)
		return seterr(err, line,
			      "cannot parse the assertion: no "
			      "closing '%s'",
			      ")");
	if (vtok_word(tk(k, s->close + 1), "else")) {
		for (*end = s->close + 1; *end < k->n && !punct(k, *end, ';');)
			(*end)++;
		return seterr(err, line,
			      "'%s' after a concurrent assertion is "
			      "not supported",
			      "else");
	}
	*end = s->close + 1;
	if (!punct(k, *end, ';'))
		return seterr(err, line,
			      "cannot parse the assertion: expected "
			      "'%s' after it",
			      ";");
	if (unsupported(k, s->open + 1, s->close, err))
		return 1;
	i++;
	if (!(punct(k, i, '@') && punct(k, i + 1, '(') &&
	      (vtok_word(tk(k, i + 2), "posedge") ||
	       vtok_word(tk(k, i + 2), "negedge")) &&
	      tk(k, i + 3)->kind == VTOK_IDENT && punct(k, i + 4, ')')))
		return seterr(err, line,
			      "cannot parse the assertion: expected "
			      "'%s'",
			      "@(posedge clk)");
	s->edge = vtok_word(tk(k, i + 2), "posedge") ? "posedge" : "negedge";
	s->clk = *tk(k, i + 3);
	i += 5;
	s->dis1 = 0;
	if (vtok_word(tk(k, i), "disable")) {
		if (!vtok_word(tk(k, i + 1), "iff") || !punct(k, i + 2, '('))
			return seterr(err, line,
				      "cannot parse the assertion: "
				      "expected '%s'",
				      "disable iff (");
		j = match(k, i + 2, s->close);
		if (j >= s->close || j == i + 3)
			return seterr(err, line,
				      "cannot parse the assertion: "
				      "bad '%s'",
				      "disable iff");
		s->dis0 = i + 3;
		s->dis1 = j;
		i = j + 1;
	}
	if (i >= s->close)
		return seterr(err, line, "cannot parse the assertion: %s",
			      "empty property");
	s->m = s->n = 0;
	s->a1 = 0;
	j = find_impl(k, i, s->close, &mid);
	if (j == s->close) {
		size_t h = find_hash2(k, i, s->close);

		if (h == s->close) {
			s->c0 = i;
			s->c1 = s->close;
			goto checks;
		}
		if (s->kind != SVA_COVER)
			return seterr(err, tk(k, h)->line,
				      "a sequence ('%s') needs '|->' or '|=>' "
				      "in an assert or assume",
				      "##");
		s->a0 = i;
		s->a1 = h;
		j = h;
		mid = 0;
	} else {
		s->a0 = i;
		s->a1 = j;
		j += 3;
	}
	if (s->a1 == s->a0)
		return seterr(err, line, "cannot parse the assertion: %s",
			      "empty antecedent");
	if (find_hash2(k, s->a0, s->a1) < s->a1)
		return seterr(err, tk(k, find_hash2(k, s->a0, s->a1))->line,
			      "a sequence ('%s') in the antecedent is not "
			      "supported",
			      "##");
	if (is_hash2(k, j)) {
		j = delay(k, j, s->close, &s->m, &s->n, err);
		if (!j)
			return 1;
	}
	if (mid == '=') {
		s->m++;
		s->n++;
	}
	s->c0 = j;
	s->c1 = s->close;
checks:
	if (s->c1 <= s->c0)
		return seterr(err, line, "cannot parse the assertion: %s",
			      "empty consequent");
	if (find_hash2(k, s->c0, s->c1) < s->c1)
		return seterr(err, line,
			      "a sequence ('%s') in the consequent "
			      "is not supported",
			      "C ##N D");
	if (find_impl(k, s->c0, s->c1, &mid) < s->c1)
		return seterr(err, line, "a nested '%s' is not supported",
			      "|->");
	if (s->n > SVA_MAX_DELAY)
		return seterr(err, line, "a delay over ##%s is not supported",
			      "16");
	return 0;
}

static int slice(struct buf *b, const struct toks *k, size_t i0, size_t i1)
{
	const struct vtok *a = tk(k, i0), *z = tk(k, i1 - 1);

	/* one line: the generated code keeps the file's line numbers */
	for (size_t p = a->start; p < z->start + z->len; p++) {
		char c = k->src[p];

		if (buf_addch(b, c == '\n' || c == '\r' ? ' ' : c))
			return ERR_FAIL;
	}
	return 0;
}

/* hwforge_sva<id>_<suffix> */
#define NM(sfx) "hwforge_sva%d_" sfx

static int emit(struct buf *o, const struct toks *k, const struct stmt *s,
		int id, const char *label)
{
	static const char *const fn[] = { "assert", "assume", "cover" };
	struct buf d = BUF_INIT, a = BUF_INIT, c = BUF_INIT, ck = BUF_INIT;
	int pa = s->a1 ? past_depth(k, s->a0, s->a1) : 0;
	int pc = past_depth(k, s->c0, s->c1);
	int rc = 0;

	if (pa > SVA_MAX_VALID || pc > SVA_MAX_VALID)
		pa = pc = SVA_MAX_VALID;
	if (s->dis1)
		rc |= slice(&d, k, s->dis0, s->dis1);
	else
		rc |= buf_addstr(&d, "1'b0");
	rc |= buf_addf(&ck, "always @(%s %.*s)", s->edge, (int)s->clk.len,
		       s->clk.s);
	rc |= buf_addstr(o, "`ifdef FORMAL ");
	if (label)
		rc |= buf_addf(o, "/* %s */ ", label);
	/* the saturating tick counter: "valid" */
	rc |= buf_addf(o, "reg [7:0] " NM("n") " = 8'd0; ", id);
	rc |= buf_addf(o, "%s if (" NM("n") " != 8'd255) ", ck.data, id);
	rc |= buf_addf(o, NM("n") " <= " NM("n") " + 8'd1; ", id, id);
	rc |= buf_addf(&c, "((" NM("n") " >= 8'd%d) && (", id, pc);
	rc |= slice(&c, k, s->c0, s->c1);
	rc |= buf_addstr(&c, "))");
	if (!s->a1) {
		rc |= buf_addf(o, "%s if (!(%s) && " NM("n") " >= 8'd%d) ",
			       ck.data, d.data, id, pc);
		rc |= buf_addf(o, "%s(", fn[s->kind]);
		rc |= slice(o, k, s->c0, s->c1);
		rc |= buf_addstr(o, "); ");
		goto out;
	}
	rc |= buf_addf(&a, "((" NM("n") " >= 8'd%d) && (", id, pa);
	rc |= slice(&a, k, s->a0, s->a1);
	rc |= buf_addstr(&a, "))");
	if (s->n > 0) {
		rc |= buf_addf(o, "reg [%d:0] " NM("p") " = %d'd0; ", s->n - 1,
			       id, s->n);
		rc |= buf_addf(o,
			       "%s if (%s) " NM("p") " <= %d'd0; else begin ",
			       ck.data, d.data, id, s->n);
		for (int j = 0; j < s->n; j++) {
			rc |= buf_addf(o, NM("p") "[%d] <= ", id, j);
			if (j == 0)
				rc |= buf_addstr(o, a.data);
			else
				rc |= buf_addf(o, NM("p") "[%d]", id, j - 1);
			if (j >= s->m)
				rc |= buf_addf(o, " && !%s", c.data);
			rc |= buf_addstr(o, "; ");
		}
		rc |= buf_addstr(o, "end ");
	}
	if (s->kind == SVA_COVER) {
		rc |= buf_addf(o, "%s if (!(%s)) cover(%s && (", ck.data,
			       d.data, c.data);
		for (int j = s->m; j <= s->n; j++) {
			if (j > s->m)
				rc |= buf_addstr(o, " || ");
			if (j == 0)
				rc |= buf_addstr(o, a.data);
			else
				rc |= buf_addf(o, NM("p") "[%d]", id, j - 1);
		}
		rc |= buf_addstr(o, ")); ");
		goto out;
	}
	rc |= buf_addf(o, "%s if (!(%s) && " NM("n") " >= 8'd%d) %s(!", ck.data,
		       d.data, id, pc, fn[s->kind]);
	if (s->n == 0)
		rc |= buf_addstr(o, a.data);
	else
		rc |= buf_addf(o, NM("p") "[%d]", id, s->n - 1);
	rc |= buf_addstr(o, " || (");
	rc |= slice(o, k, s->c0, s->c1);
	rc |= buf_addstr(o, ")); ");
out:
	rc |= buf_addstr(o, "`endif");
	buf_release(&d);
	buf_release(&a);
	buf_release(&c);
	buf_release(&ck);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/* The newlines of src[p0, p1): the translation keeps line numbers. */
static int keep_lines(struct buf *o, const char *src, size_t p0, size_t p1)
{
	for (size_t p = p0; p < p1; p++)
		if (src[p] == '\n' && buf_addch(o, '\n'))
			return ERR_FAIL;
	return 0;
}

/* "cover property (@(edge clk) [disable iff (D)] A);" of an implication */
static char *ante_cover(const struct toks *k, const struct stmt *s)
{
	struct buf b = BUF_INIT;
	int rc;

	if (s->kind != SVA_ASSERT || !s->a1)
		return NULL;
	rc = buf_addf(&b, "cover property (@(%s %.*s) ", s->edge,
		      (int)s->clk.len, s->clk.s);
	if (s->dis1) {
		rc |= buf_addstr(&b, "disable iff (");
		rc |= slice(&b, k, s->dis0, s->dis1);
		rc |= buf_addstr(&b, ") ");
	}
	rc |= slice(&b, k, s->a0, s->a1);
	rc |= buf_addstr(&b, ");");
	if (rc) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int add_item(struct sva_result *res, int line, enum sva_kind kind,
		    const struct vtok *label, char *error)
{
	struct sva_item *p = realloc(res->items, (res->n + 1) * sizeof(*p));

	if (!p) {
		free(error);
		return err_set(ERR_FAIL, "out of memory");
	}
	res->items = p;
	p = &res->items[res->n++];
	p->line = line;
	p->kind = kind;
	p->error = error;
	p->cover = NULL;
	p->label = label ? strndup(label->s, label->len) : NULL;
	if (error)
		res->nerr++;
	return 0;
}

/* An error comment: no "*" so it cannot end early. */
static int comment(struct buf *o, const char *error)
{
	int rc = buf_addstr(o, "/* hwforge-sva: not translated: ");

	for (const char *p = error; !rc && *p; p++)
		rc = buf_addch(o, *p == '*' ? '~' : *p);
	return rc | buf_addstr(o, " */");
}

static bool is_block(const struct toks *k, size_t i)
{
	const struct vtok *p = i ? tk(k, i - 1) : tk(k, k->n);

	if (!vtok_word(tk(k, i), "sequence") &&
	    !vtok_word(tk(k, i), "property"))
		return false;
	return !(vtok_word(p, "assert") || vtok_word(p, "assume") ||
		 vtok_word(p, "cover") || vtok_word(p, "restrict") ||
		 vtok_word(p, "expect"));
}

int verify_sva_translate(struct buf *out, const char *text, size_t len,
			 struct sva_result *res)
{
	struct toks k;
	size_t copied = 0;
	int rc, id = 0;

	memset(res, 0, sizeof(*res));
	k.src = text;
	rc = verify_lex_all(&k.t, &k.n, text, len);
	for (size_t i = 0; !rc && i < k.n; i++) {
		const struct vtok *t = &k.t[i];
		struct stmt s = { .kw = i };
		const struct vtok *label = NULL;
		char *err = NULL;
		size_t end, from = t->start, to;

		if (is_block(&k, i)) {
			const char *w = vtok_word(t, "sequence")
						? "endsequence"
						: "endproperty";

			end = i;
			while (end < k.n && !vtok_word(tk(&k, end), w))
				end++;
			seterr(&err, t->line, "a '%s' block is not supported",
			       vtok_word(t, "sequence") ? "sequence"
							: "property");
			if (!err) {
				rc = ERR_FAIL;
				break;
			}
			s.kind = SVA_ASSERT;
		} else {
			if (vtok_word(t, "assert"))
				s.kind = SVA_ASSERT;
			else if (vtok_word(t, "assume"))
				s.kind = SVA_ASSUME;
			else if (vtok_word(t, "cover"))
				s.kind = SVA_COVER;
			else
				continue;
			if (!vtok_word(tk(&k, i + 1), "property"))
				continue;
			if (i >= 2 && punct(&k, i - 1, ':') &&
			    k.t[i - 2].kind == VTOK_IDENT &&
			    k.t[i - 2].start >= copied) {
				label = &k.t[i - 2];
				from = label->start;
			}
			if (parse(&k, &s, &end, &err) && !err) {
				rc = ERR_FAIL;
				break;
			}
		}
		to = end < k.n ? k.t[end].start + k.t[end].len : len;
		rc = buf_add(out, text + copied, from - copied);
		if (!rc)
			rc = add_item(res, t->line, s.kind, label, err);
		if (!rc && err)
			rc = comment(out, err);
		else if (!rc && s.kind == SVA_ASSERT && s.a1 &&
			 !(res->items[res->n - 1].cover = ante_cover(&k, &s)))
			rc = err_set(ERR_FAIL, "out of memory");
		if (!rc && !err)
			rc = emit(out, &k, &s, id++,
				  res->items[res->n - 1].label);
		if (!rc)
			rc = keep_lines(out, text, from, to);
		copied = to;
		i = end;
	}
	if (!rc)
		rc = buf_add(out, text + copied, len - copied);
	free(k.t);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

void sva_result_release(struct sva_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->items[i].label);
		free(res->items[i].error);
		free(res->items[i].cover);
	}
	free(res->items);
	memset(res, 0, sizeof(*res));
}

int verify_sva_insert(struct buf *out, const char *design, size_t dlen,
		      const char *module, const char *stmts, size_t slen,
		      struct sva_result *res, int *first_line)
{
	struct vlex l;
	struct vtok t;
	bool in = false;
	int rc;

	memset(res, 0, sizeof(*res));
	*first_line = 0;
	vlex_init(&l, design, dlen);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t)) {
		if (vtok_word(&t, "module") || vtok_word(&t, "macromodule")) {
			vlex_next(&l, &t);
			in = vtok_word(&t, module);
		} else if (in && vtok_word(&t, "endmodule")) {
			break;
		}
	}
	if (t.kind == VTOK_EOF)
		return err_set(ERR_USAGE, "no module '%s' in the design",
			       module);
	rc = buf_add(out, design, t.start);
	rc |= buf_addch(out, '\n');
	if (rc)
		return err_set(ERR_FAIL, "out of memory");
	*first_line = t.line + 1;
	rc = verify_sva_translate(out, stmts, slen, res);
	if (!rc && (buf_addch(out, '\n') ||
		    buf_add(out, design + t.start, dlen - t.start)))
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}
