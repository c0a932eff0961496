#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cache.h"
#include "verify/mutate.h"

/*
 * Source-level mutants on base/vlex tokens.  Three passes over one file:
 *
 *   1. tokens, with a flag saying which ones may be mutated: inside a
 *      module body (not its header), outside `ifdef FORMAL, directive
 *      lines, declarations (their ranges, parameters), event controls,
 *      delays, parameter overrides, for-loop headers and system-task
 *      arguments;
 *   2. a walk over each body that finds the statements: assignments
 *      (continuous or procedural, with their left and right sides) and
 *      if conditions, and which '=' / '<=' are assignment operators;
 *   3. the edits: operators, literals, bit indices and ternary conditions
 *      token by token; stuck-at and dropped assignments from pass 2.
 *
 * Each edit replaces one byte range of one file; sorted by (file,
 * offset, order of generation) they get the ids m001, m002, ...
 */

#define DESC_MAX 60 /* characters of old/new text quoted in a desc */

static const char *const op_names[MUT_OP_MAX] = {
	[MUT_OPERATOR] = "operator",	   [MUT_CONST] = "const",
	[MUT_BIT_INDEX] = "bit-index",	   [MUT_INVERT_COND] = "invert-cond",
	[MUT_STUCK_AT] = "stuck-at",	   [MUT_DROP_ASSIGN] = "drop-assign",
};

const char *mut_op_name(enum mut_op op)
{
	return op > 0 && op < MUT_OP_MAX ? op_names[op] : "?";
}

int mut_ops_parse(unsigned *mask, const char *list)
{
	const char *p = list;

	*mask = 0;
	while (p && *p) {
		size_t n = strcspn(p, ",");
		int found = 0;

		for (int op = 1; op < MUT_OP_MAX; op++)
			if (n && strlen(op_names[op]) == n &&
			    !strncmp(p, op_names[op], n)) {
				*mask |= 1u << op;
				found = 1;
			}
		if (!found && n)
			return err_set(ERR_USAGE,
				       "unknown mutation operator '%.*s' "
				       "(operator, const, bit-index, "
				       "invert-cond, stuck-at, drop-assign)",
				       (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	if (!*mask)
		return err_set(ERR_USAGE, "no mutation operator given");
	return 0;
}

const char *mut_equiv_name(enum mut_equiv e)
{
	switch (e) {
	case MUT_EQ_EQUIVALENT:
		return "equivalent";
	case MUT_EQ_DIFFERENT:
		return "different";
	case MUT_EQ_UNKNOWN:
		return "unknown";
	case MUT_EQ_STILLBORN:
		return "stillborn";
	default:
		return "unchecked";
	}
}

/* ---- pass 1: tokens ------------------------------------------------------ */

struct mfile {
	const char *name; /* basename, for descs */
	const char *src;
	size_t len;
	struct vtok *t;
	bool *mut;     /* may be mutated */
	bool *asgop;   /* part of an assignment operator */
	size_t n;
	/* declared ranges: name -> [lo, hi] of its first index */
	struct range {
		const char *s;
		size_t len;
		long lo, hi;
		bool known;
	} *rg;
	size_t nrg;
	/* pass 2 results */
	struct asg {
		size_t lhs, op, rhs, end; /* token indices; end: ';' or ',' */
		bool procedural;
	} *as;
	size_t nas;
	struct cond {
		size_t open, close; /* the parentheses of an if */
	} *cs;
	size_t ncs;
};

static int push(void *vp, size_t *n, size_t size, const void *item)
{
	void **v = vp;
	void *p;

	if (!(*n & (*n + 1)) || !*v) {
		size_t cap = (*n + 1) * 2;

		p = realloc(*v, cap * size);
		if (!p)
			return err_set(ERR_FAIL, "out of memory");
		*v = p;
	}
	memcpy((char *)*v + *n * size, item, size);
	(*n)++;
	return 0;
}

static void mfile_release(struct mfile *f)
{
	free(f->t);
	free(f->mut);
	free(f->asgop);
	free(f->rg);
	free(f->as);
	free(f->cs);
	memset(f, 0, sizeof(*f));
}

static bool tok_dir(const struct vtok *t, const char *name)
{
	return t->kind == VTOK_DIRECTIVE && vtok_is(t, name);
}

/*
 * Tokenize and mark what lies inside `ifdef FORMAL (or the `else of an
 * `ifndef FORMAL) and on directive lines as not mutable; everything else
 * starts mutable, pass 2 narrows it down.
 */
static int lex_file(struct mfile *f)
{
	struct vlex l;
	struct vtok t;
	/* per `if level: this branch is formal-only; the level is an
	 * `ifndef FORMAL (its `else is) */
	bool formal_now[64], ndef_formal[64];
	int depth = 0, skipline = 0;

	vlex_init(&l, f->src, f->len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t))
		if (push(&f->t, &f->n, sizeof(t), &t))
			return ERR_FAIL;
	f->mut = calloc(f->n + 1, sizeof(*f->mut));
	f->asgop = calloc(f->n + 1, sizeof(*f->asgop));
	if (!f->mut || !f->asgop)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < f->n; i++) {
		struct vtok *k = &f->t[i];
		bool formal = false;

		if (k->kind == VTOK_DIRECTIVE) {
			bool named = i + 1 < f->n &&
				     f->t[i + 1].line == k->line;
			bool isf = named && vtok_word(&f->t[i + 1], "FORMAL");

			if ((tok_dir(k, "`ifdef") || tok_dir(k, "`ifndef")) &&
			    depth < 64) {
				bool nd = tok_dir(k, "`ifndef");

				formal_now[depth] = isf && !nd;
				ndef_formal[depth++] = isf && nd;
			} else if (tok_dir(k, "`elsif") && depth) {
				formal_now[depth - 1] = isf;
			} else if (tok_dir(k, "`else") && depth) {
				formal_now[depth - 1] = ndef_formal[depth - 1];
			} else if (tok_dir(k, "`endif") && depth) {
				depth--;
			}
			skipline = k->line;
			continue;
		}
		for (int d = 0; d < depth; d++)
			formal = formal || formal_now[d];
		f->mut[i] = !formal && k->line != skipline;
	}
	return 0;
}

/* ---- pass 2: statements -------------------------------------------------- */

static bool is_open(const struct vtok *t)
{
	return vtok_punct(t, '(') || vtok_punct(t, '[') || vtok_punct(t, '{');
}

static bool is_close(const struct vtok *t)
{
	return vtok_punct(t, ')') || vtok_punct(t, ']') || vtok_punct(t, '}');
}

/* The index of the bracket closing the one at i (f->n if none). */
static size_t match(const struct mfile *f, size_t i)
{
	int d = 0;

	for (size_t j = i; j < f->n; j++) {
		if (is_open(&f->t[j]))
			d++;
		else if (is_close(&f->t[j]) && --d == 0)
			return j;
	}
	return f->n;
}

static void unmark(struct mfile *f, size_t from, size_t to)
{
	for (size_t j = from; j <= to && j < f->n; j++)
		f->mut[j] = false;
}

/* Whether tokens i and i+1 touch (form one operator). */
static bool adjacent(const struct mfile *f, size_t i)
{
	return i + 1 < f->n && f->t[i + 1].start == f->t[i].start + 1 &&
	       f->t[i].kind == VTOK_PUNCT && f->t[i + 1].kind == VTOK_PUNCT;
}

static bool is_word_in(const struct vtok *t, const char *const *words)
{
	if (t->kind != VTOK_IDENT)
		return false;
	for (; *words; words++)
		if (vtok_word(t, *words))
			return true;
	return false;
}

static const char *const decl_words[] = {
	"input",    "output",  "inout",	   "wire",     "reg",	   "logic",
	"integer",  "real",    "realtime", "time",     "genvar",   "parameter",
	"localparam", "tri",   "wand",	   "wor",      "supply0",  "supply1",
	"bit",	    "byte",    "int",	   "shortint", "longint",  "event",
	"specparam", "defparam", "typedef", "tri0",    "tri1",	   "uwire",
	NULL
};
static const char *const net_words[] = { "wire", "tri", "uwire", NULL };
static const char *const stmt_words[] = {
	"else",	       "always",      "always_ff",   "always_comb",
	"always_latch", "initial",    "final",	     "generate",
	"endgenerate", "forever",     "endfunction", "endtask",
	"do",	       "default",     NULL
};
/* Words an expression never contains: a ternary condition stops there. */
static const char *const stop_words[] = {
	"assign", "begin", "end",   "else",  "if",     "case",	"casez",
	"casex",  "return", "for",  "while", "repeat", "always", "initial",
	"default", NULL
};

static bool is_decl_kw(const struct vtok *t)
{
	return is_word_in(t, decl_words);
}

static bool is_number(const struct vtok *t, long *v)
{
	char *end;

	if (t->kind != VTOK_NUMBER || !t->len || t->len > 18)
		return false;
	for (size_t k = 0; k < t->len; k++)
		if (t->s[k] < '0' || t->s[k] > '9')
			return false;
	errno = 0;
	*v = strtol(t->s, &end, 10);
	return !errno;
}

static int add_range(struct mfile *f, const struct vtok *name, size_t lb)
{
	struct range r = { .s = name->s, .len = name->len };
	long a, b;

	/* lb: the '[' of "[a:b]" or f->n for a scalar */
	if (lb < f->n) {
		size_t rb = match(f, lb);

		r.known = rb == lb + 4 && is_number(&f->t[lb + 1], &a) &&
			  vtok_punct(&f->t[lb + 2], ':') &&
			  is_number(&f->t[lb + 3], &b);
		if (r.known) {
			r.lo = a < b ? a : b;
			r.hi = a < b ? b : a;
		}
	} else {
		r.known = true; /* a scalar has no index to change */
		r.lo = 0;
		r.hi = -1;
	}
	return push(&f->rg, &f->nrg, sizeof(r), &r);
}

/*
 * One declaration from keyword i to its ';' (or, in a port list, to the
 * closing ')' at `stop`): records each name's range, marks the whole
 * thing not mutable except net initializers (wire x = a & b;), which are
 * continuous assignments.  Returns the index of the token ending it.
 */
static size_t do_decl(struct mfile *f, size_t i, size_t stop, int *rc)
{
	bool net = false, mutable_init = false;
	size_t packed = f->n, name = f->n;
	size_t j;

	for (j = i; j < stop; j++) {
		struct vtok *k = &f->t[j];

		if (vtok_punct(k, ';') || (stop < f->n && vtok_punct(k, ')')))
			break;
		if (is_word_in(k, net_words))
			net = true;
		if (is_decl_kw(k)) {
			packed = f->n;
			f->mut[j] = false;
			continue;
		}
		if (vtok_punct(k, '[')) {
			size_t e = match(f, j);

			if (name < f->n && name + 1 == j && f->nrg && !*rc) {
				/* an array: its index is the word's */
				f->nrg--;
				*rc = add_range(f, &f->t[name], j);
			} else {
				packed = j;
			}
			unmark(f, j, e);
			j = e;
			continue;
		}
		if (vtok_punct(k, '=')) {
			size_t e = j + 1;
			int d = 0;

			for (; e < stop && e < f->n; e++) {
				if (is_open(&f->t[e]))
					d++;
				else if (is_close(&f->t[e]) && --d < 0)
					break;
				else if (!d && (vtok_punct(&f->t[e], ',') ||
						vtok_punct(&f->t[e], ';')))
					break;
			}
			mutable_init = net && name < f->n && stop == f->n;
			f->mut[j] = false;
			if (mutable_init && e < f->n && e > j + 1 && !*rc) {
				struct asg a = { .lhs = name, .op = j,
						 .rhs = j + 1, .end = e };

				f->asgop[j] = true;
				*rc = push(&f->as, &f->nas, sizeof(a), &a);
			} else {
				unmark(f, j, e - 1);
			}
			j = e - 1;
			continue;
		}
		f->mut[j] = false;
		if (k->kind == VTOK_IDENT && !vtok_word(k, "signed") &&
		    !vtok_word(k, "unsigned") && !vtok_word(k, "automatic")) {
			name = j;
			if (!*rc)
				*rc = add_range(f, k, packed);
		}
	}
	if (j < f->n && vtok_punct(&f->t[j], ';'))
		f->mut[j] = false;
	return j;
}

/* An lvalue at i: name{[..]}{.name} or {...}; the index after it. */
static size_t lvalue(const struct mfile *f, size_t i)
{
	size_t j = i;

	if (j >= f->n)
		return i;
	if (vtok_punct(&f->t[j], '{'))
		return match(f, j) < f->n ? match(f, j) + 1 : i;
	if (f->t[j].kind != VTOK_IDENT || is_decl_kw(&f->t[j]))
		return i;
	j++;
	while (j < f->n) {
		if (vtok_punct(&f->t[j], '[')) {
			size_t e = match(f, j);

			if (e >= f->n)
				return i;
			j = e + 1;
		} else if (vtok_punct(&f->t[j], '.') && j + 1 < f->n &&
			   f->t[j + 1].kind == VTOK_IDENT) {
			j += 2;
		} else {
			break;
		}
	}
	return j;
}

/* Length of the assignment operator at j (1 '=', 2 '<='), or 0. */
static int asg_op(const struct mfile *f, size_t j)
{
	if (j >= f->n)
		return 0;
	if (vtok_punct(&f->t[j], '=') && !(adjacent(f, j) &&
					   vtok_punct(&f->t[j + 1], '=')))
		return 1;
	if (vtok_punct(&f->t[j], '<') && adjacent(f, j) &&
	    vtok_punct(&f->t[j + 1], '='))
		return 2;
	return 0;
}

/*
 * An assignment starting at i (a statement start); 0 and *next set to
 * the index after it, or 1 when it is none.
 */
static int do_assign(struct mfile *f, size_t i, bool procedural,
		     size_t *next, int *rc)
{
	size_t j = lvalue(f, i), e;
	int n = asg_op(f, j), d = 0;
	struct asg a;

	if (j == i || !n || (!procedural && n == 2))
		return 1;
	a = (struct asg){ .lhs = i, .op = j, .rhs = j + (size_t)n,
			  .procedural = procedural };
	f->asgop[j] = true;
	f->asgop[j + (size_t)n - 1] = true;
	/* intra-assignment delay or event: not part of the value */
	if (a.rhs < f->n && (vtok_punct(&f->t[a.rhs], '#') ||
			     vtok_punct(&f->t[a.rhs], '@'))) {
		size_t s = a.rhs + 1;

		if (s < f->n && vtok_punct(&f->t[s], '('))
			s = match(f, s);
		unmark(f, a.rhs, s);
		a.rhs = s + 1;
	}
	for (e = a.rhs; e < f->n; e++) {
		if (is_open(&f->t[e]))
			d++;
		else if (is_close(&f->t[e]))
			d--;
		else if (!d && (vtok_punct(&f->t[e], ';') ||
				(!procedural && vtok_punct(&f->t[e], ','))))
			break;
		if (f->t[e].kind == VTOK_SYSTASK && e + 1 < f->n &&
		    vtok_punct(&f->t[e + 1], '(')) {
			size_t m = match(f, e + 1);

			unmark(f, e, m);
			e = m;
		}
	}
	a.end = e;
	if (e < f->n && e > a.rhs)
		*rc = push(&f->as, &f->nas, sizeof(a), &a);
	if (e < f->n && vtok_punct(&f->t[e], ',')) {
		*next = e + 1;
		if (!*rc && do_assign(f, e + 1, procedural, next, rc))
			*next = e + 1;
		return 0;
	}
	*next = e < f->n ? e + 1 : e;
	return 0;
}

/*
 * Walk the body of one module (tokens [from, to)): statements, blocks
 * and case items, marking what must not change.
 */
static int walk_body(struct mfile *f, size_t from, size_t to)
{
	char blocks[256];
	int nb = 0, rc = 0;
	bool stmt = true;
	size_t i = from;

	while (!rc && i < to) {
		struct vtok *k = &f->t[i];
		size_t next;

		if (k->kind == VTOK_DIRECTIVE) {
			i++;
			continue;
		}
		if (stmt) {
			stmt = false;
			if (is_decl_kw(k)) {
				i = do_decl(f, i, f->n, &rc) + 1;
				stmt = true;
				continue;
			}
			if (vtok_word(k, "function") || vtok_word(k, "task")) {
				size_t j = i;

				while (j < to && !vtok_punct(&f->t[j], ';')) {
					if (is_open(&f->t[j])) {
						size_t e = match(f, j);

						/* ANSI arguments: their ranges */
						for (size_t a = j + 1; a < e;
						     a++)
							if (is_decl_kw(&f->t[a]))
								a = do_decl(f, a, e,
									    &rc);
						j = e;
					}
					j++;
				}
				unmark(f, i, j);
				i = j + 1;
				stmt = true;
				continue;
			}
			if (vtok_word(k, "assign") &&
			    !do_assign(f, i + 1, false, &next, &rc)) {
				f->mut[i] = false;
				i = next;
				stmt = true;
				continue;
			}
			if (!do_assign(f, i, true, &next, &rc)) {
				i = next;
				stmt = true;
				continue;
			}
		}
		if (vtok_word(k, "begin") || vtok_word(k, "fork") ||
		    vtok_word(k, "case") || vtok_word(k, "casez") ||
		    vtok_word(k, "casex")) {
			bool c = k->s[0] == 'c';

			if (nb < (int)sizeof(blocks))
				blocks[nb++] = c ? 'C' : 'B';
			if (!c && i + 2 < to && vtok_punct(&f->t[i + 1], ':')) {
				unmark(f, i + 1, i + 2);
				i += 2;
			}
			if (c && i + 1 < to && vtok_punct(&f->t[i + 1], '(')) {
				i = match(f, i + 1) + 1;
				stmt = true; /* the first label */
				continue;
			}
			stmt = true;
		} else if (vtok_word(k, "end") || vtok_word(k, "join") ||
			   vtok_word(k, "join_any") ||
			   vtok_word(k, "join_none") ||
			   vtok_word(k, "endcase")) {
			if (nb)
				nb--;
			stmt = true;
			if (i + 2 < to && vtok_punct(&f->t[i + 1], ':')) {
				unmark(f, i + 1, i + 2);
				i += 2;
			}
		} else if (is_word_in(k, stmt_words)) {
			stmt = true;
		} else if ((vtok_word(k, "if") || vtok_word(k, "while") ||
			    vtok_word(k, "repeat") || vtok_word(k, "for") ||
			    vtok_word(k, "wait")) &&
			   i + 1 < to && vtok_punct(&f->t[i + 1], '(')) {
			size_t e = match(f, i + 1);

			if (vtok_word(k, "for") || vtok_word(k, "repeat"))
				unmark(f, i + 1, e);
			if (vtok_word(k, "if") && e < to) {
				struct cond c = { .open = i + 1, .close = e };

				rc = push(&f->cs, &f->ncs, sizeof(c), &c);
			}
			i = e + 1;
			stmt = true;
			continue;
		} else if (vtok_punct(k, '@') || vtok_punct(k, '#')) {
			size_t e = i + 1;

			if (e < to && vtok_punct(&f->t[e], '('))
				e = match(f, e);
			unmark(f, i, e);
			i = e + 1;
			stmt = true;
			continue;
		} else if (k->kind == VTOK_SYSTASK) {
			size_t e = i;

			if (i + 1 < to && vtok_punct(&f->t[i + 1], '('))
				e = match(f, i + 1);
			unmark(f, i, e);
			i = e + 1;
			continue;
		} else if (vtok_punct(k, ';')) {
			stmt = true;
		} else if (vtok_punct(k, ':') && nb && blocks[nb - 1] == 'C') {
			stmt = true;
		} else if (is_open(k)) {
			/* an expression in a case label, a port list */
			i = match(f, i) + 1;
			continue;
		}
		i++;
	}
	return rc;
}

/* Find the modules; walk their bodies, unmark everything else. */
static int walk_file(struct mfile *f, const char *module, bool *found)
{
	size_t i = 0;
	int rc = 0;

	while (!rc && i < f->n) {
		size_t h, e;
		bool want;

		if (!vtok_word(&f->t[i], "module") &&
		    !vtok_word(&f->t[i], "macromodule")) {
			f->mut[i++] = false;
			continue;
		}
		want = i + 1 < f->n &&
		       (!module || vtok_is(&f->t[i + 1], module));
		if (want)
			*found = true;
		/* the header: ranges of the ANSI ports, nothing mutable */
		for (h = i; h < f->n && !vtok_punct(&f->t[h], ';'); h++) {
			if (vtok_punct(&f->t[h], '(')) {
				size_t m = match(f, h);

				for (size_t a = h + 1; !rc && a < m; a++)
					if (is_decl_kw(&f->t[a]))
						a = do_decl(f, a, m, &rc);
				h = m < f->n ? m : f->n - 1;
			}
		}
		for (e = h; e < f->n && !vtok_word(&f->t[e], "endmodule"); e++)
			;
		unmark(f, i, h);
		if (want && !rc)
			rc = walk_body(f, h + 1, e);
		else
			unmark(f, h, e);
		if (e < f->n)
			f->mut[e] = false;
		i = e + 1;
	}
	return rc;
}

/* ---- pass 3: edits ------------------------------------------------------- */

struct edit {
	size_t file, off, len, seq;
	int line;
	enum mut_op op;
	char *repl;
};

struct gen {
	const struct mut_opts *o;
	struct edit *v;
	size_t n;
	size_t seq;
};

static bool want_op(const struct gen *g, enum mut_op op)
{
	return !g->o->ops || (g->o->ops & (1u << op));
}

/* Replace bytes [off, off+len) of file fi with repl (taken). */
static int add_edit(struct gen *g, size_t fi, int line, enum mut_op op,
		    size_t off, size_t len, char *repl)
{
	struct edit e = { .file = fi, .off = off, .len = len, .op = op,
			  .repl = repl, .seq = g->seq++, .line = line };

	if (!repl)
		return err_set(ERR_FAIL, "out of memory");
	if (push(&g->v, &g->n, sizeof(e), &e)) {
		free(repl);
		return ERR_FAIL;
	}
	return 0;
}

static int add_tok_edit(struct gen *g, size_t fi, const struct mfile *f,
			enum mut_op op, size_t first, size_t last, char *repl)
{
	size_t off = f->t[first].start;

	return add_edit(g, fi, f->t[first].line, op, off,
			f->t[last].start + f->t[last].len - off, repl);
}

/* ---- operators ---- */

static const char *const op_table[][2] = {
	/* longest first; an empty swap: recognised, left alone */
	{ "<<<", ">>>" }, { ">>>", "<<<" }, { "===", "!==" }, { "!==", "===" },
	{ "==", "!=" },	  { "!=", "==" },   { "<=", "<" },    { ">=", ">" },
	{ "<<", ">>" },	  { ">>", "<<" },   { "&&", "||" },   { "||", "&&" },
	{ "~^", "^" },	  { "^~", "^" },    { "~&", "" },     { "~|", "" },
	{ "+:", "" },	  { "-:", "" },	    { "**", "" },     { "->", "" },
	{ "::", "" },	  { "++", "" },	    { "--", "" },     { "+=", "" },
	{ "-=", "" },	  { "+", "-" },	    { "-", "+" },     { "&", "|" },
	{ "|", "&" },	  { "^", "~^" },    { "<", "<=" },    { ">", ">=" },
	{ "~", "" },	  { "!", "" },
};

/* The operator at token i: its table row and token count, or -1. */
static int op_at(const struct mfile *f, size_t i, size_t *ntok)
{
	for (size_t r = 0; r < sizeof(op_table) / sizeof(op_table[0]); r++) {
		const char *s = op_table[r][0];
		size_t n = strlen(s), k;

		for (k = 0; k < n; k++)
			if (i + k >= f->n || !vtok_punct(&f->t[i + k], s[k]) ||
			    (k && !adjacent(f, i + k - 1)))
				break;
		if (k == n) {
			*ntok = n;
			return (int)r;
		}
	}
	return -1;
}

/* ---- literals ---- */

struct lit {
	size_t prefix; /* bytes up to and including the base letter */
	int base;      /* 2, 8, 10, 16 */
	int width;     /* 32 when unsized */
	bool sized;
	size_t digits; /* digit count as written (no '_') */
	uint64_t v;
};

static int digit_val(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

/* A plain or based integer literal without x/z digits, up to 64 bits. */
static bool lit_parse(struct lit *l, const struct vtok *t)
{
	const char *s = t->s, *q = memchr(t->s, '\'', t->len);
	size_t i = 0, n = t->len;

	memset(l, 0, sizeof(*l));
	l->base = 10;
	l->width = 32;
	if (q) {
		long w = 0;

		for (; s + i < q; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				w = w * 10 + (s[i] - '0');
			else if (s[i] != '_' && s[i] != ' ' && s[i] != '\t')
				return false;
			if (w > 64)
				return false;
		}
		if (q > s) {
			if (!w)
				return false;
			l->sized = true;
			l->width = (int)w;
		}
		i = (size_t)(q - s) + 1;
		if (i < n && (s[i] == 's' || s[i] == 'S'))
			i++;
		if (i >= n)
			return false;
		switch (s[i] | 0x20) {
		case 'b':
			l->base = 2;
			break;
		case 'o':
			l->base = 8;
			break;
		case 'd':
			l->base = 10;
			break;
		case 'h':
			l->base = 16;
			break;
		default:
			return false; /* '0, '1: no value to step */
		}
		i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		l->prefix = i;
	}
	if (i >= n)
		return false;
	for (; i < n; i++) {
		int d = s[i] == '_' ? -1 : digit_val(s[i]);

		if (d < 0)
			continue;
		if (d >= l->base)
			return false; /* x, z, ?, a real */
		if (l->v > (UINT64_MAX - (uint64_t)d) / (uint64_t)l->base)
			return false;
		l->v = l->v * (uint64_t)l->base + (uint64_t)d;
		l->digits++;
	}
	if (l->width < 64 && l->v >> l->width)
		return false;
	return l->digits > 0;
}

static char *lit_format(const struct lit *l, const struct vtok *t,
			uint64_t v)
{
	struct buf b = BUF_INIT;
	char d[80];
	size_t n = 0;

	if (l->base == 10) {
		snprintf(d, sizeof(d), "%llu", (unsigned long long)v);
		n = strlen(d);
	} else {
		int bits = l->base == 2 ? 1 : l->base == 8 ? 3 : 4;
		uint64_t x = v;

		do {
			d[n++] = "0123456789abcdef"[x & ((1u << bits) - 1)];
			x >>= bits;
		} while (x);
		while (n < l->digits && n < sizeof(d) - 1)
			d[n++] = '0';
		for (size_t a = 0; a < n / 2; a++) {
			char c = d[a];

			d[a] = d[n - 1 - a];
			d[n - 1 - a] = c;
		}
	}
	if (buf_add(&b, t->s, l->prefix) || buf_add(&b, d, n)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int const_edits(struct gen *g, size_t fi, const struct mfile *f,
		       size_t i)
{
	const struct vtok *t = &f->t[i];
	uint64_t vals[4], mask;
	size_t nv = 0;
	struct lit l;
	int rc = 0;

	if (!lit_parse(&l, t))
		return 0;
	mask = l.width >= 64 ? UINT64_MAX : (((uint64_t)1 << l.width) - 1);
	if (l.v == 0) {
		vals[nv++] = 1;
	} else if (l.v == 1) {
		vals[nv++] = 0;
	} else {
		if (l.v < mask)
			vals[nv++] = l.v + 1;
		vals[nv++] = l.v - 1;
	}
	if (l.sized && l.width >= 2) {
		uint64_t x = l.v ^ ((uint64_t)1 << (l.width - 1));
		bool dup = false;

		for (size_t k = 0; k < nv; k++)
			dup = dup || vals[k] == x;
		if (!dup)
			vals[nv++] = x;
	}
	for (size_t k = 0; !rc && k < nv; k++)
		rc = add_tok_edit(g, fi, f, MUT_CONST, i, i,
				  lit_format(&l, t, vals[k]));
	return rc;
}

/* ---- bit indices ---- */

static const struct range *range_of(const struct mfile *f,
				    const struct vtok *name)
{
	if (name->kind != VTOK_IDENT)
		return NULL;
	for (size_t k = f->nrg; k-- > 0;)
		if (f->rg[k].len == name->len &&
		    !memcmp(f->rg[k].s, name->s, name->len))
			return &f->rg[k];
	return NULL;
}

/* x[i] with a decimal i: i-1 and i+1 where the declared range allows. */
static int index_edits(struct gen *g, size_t fi, const struct mfile *f,
		       size_t i)
{
	const struct range *r;
	long v, cand[2];
	int rc = 0;

	if (!i || i + 1 >= f->n || !vtok_punct(&f->t[i - 1], '[') ||
	    !vtok_punct(&f->t[i + 1], ']') || i < 2 ||
	    !(f->t[i - 2].kind == VTOK_IDENT || vtok_punct(&f->t[i - 2], ']')) ||
	    !is_number(&f->t[i], &v))
		return 0;
	r = range_of(f, &f->t[i - 2]);
	cand[0] = v - 1;
	cand[1] = v + 1;
	for (int k = 0; !rc && k < 2; k++) {
		size_t first = r ? i - 2 : i - 1; /* name[i], or ][i] */

		if (cand[k] < 0)
			continue;
		if (r && r->known && (cand[k] < r->lo || cand[k] > r->hi))
			continue;
		rc = add_tok_edit(g, fi, f, MUT_BIT_INDEX, first, i + 1,
				  str_fmt("%.*s[%ld]",
					  r ? (int)f->t[first].len : 0,
					  f->t[first].s, cand[k]));
	}
	return rc;
}

/* ---- conditions ---- */

static char *wrap_not(const struct mfile *f, size_t first, size_t last)
{
	size_t off = f->t[first].start;

	return str_fmt("!(%.*s)",
		       (int)(f->t[last].start + f->t[last].len - off),
		       f->src + off);
}

static bool all_mutable(const struct mfile *f, size_t first, size_t last)
{
	for (size_t k = first; k <= last; k++)
		if (!f->mut[k])
			return false;
	return first <= last;
}

/* The condition of the ternary whose '?' is at i: its first token. */
static size_t ternary_cond(const struct mfile *f, size_t i)
{
	int d = 0;
	size_t j = i;

	while (j-- > 0) {
		const struct vtok *t = &f->t[j];

		if (is_close(t)) {
			d++;
		} else if (is_open(t)) {
			if (!d)
				break;
			d--;
		} else if (!d && (f->asgop[j] || vtok_punct(t, ',') ||
				  vtok_punct(t, '?') || vtok_punct(t, ':') ||
				  vtok_punct(t, ';') ||
				  is_word_in(t, stop_words) ||
				  (vtok_punct(t, '=') && asg_op(f, j) == 1 &&
				   !(j && adjacent(f, j - 1))))) {
			break;
		}
	}
	return j + 1;
}

static int token_edits(struct gen *g, size_t fi, const struct mfile *f)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < f->n; i++) {
		const struct vtok *t = &f->t[i];
		size_t ntok;
		int r;

		if (!f->mut[i])
			continue;
		if (t->kind == VTOK_NUMBER) {
			long v;

			if (i && vtok_punct(&f->t[i - 1], '[') &&
			    i + 1 < f->n && vtok_punct(&f->t[i + 1], ']') &&
			    is_number(t, &v)) {
				if (want_op(g, MUT_BIT_INDEX))
					rc = index_edits(g, fi, f, i);
			} else if (want_op(g, MUT_CONST)) {
				rc = const_edits(g, fi, f, i);
			}
			continue;
		}
		if (t->kind != VTOK_PUNCT)
			continue;
		if (vtok_punct(t, '?')) {
			size_t c = ternary_cond(f, i);

			if (want_op(g, MUT_INVERT_COND) && c < i &&
			    all_mutable(f, c, i - 1))
				rc = add_tok_edit(g, fi, f, MUT_INVERT_COND, c,
						  i - 1, wrap_not(f, c, i - 1));
			continue;
		}
		r = op_at(f, i, &ntok);
		if (r < 0)
			continue;
		if (!f->asgop[i] && all_mutable(f, i, i + ntok - 1) &&
		    *op_table[r][1] && want_op(g, MUT_OPERATOR))
			rc = add_tok_edit(g, fi, f, MUT_OPERATOR, i,
					  i + ntok - 1,
					  strdup(op_table[r][1]));
		else if (!f->asgop[i] && (op_table[r][0][0] == '~' ||
					  op_table[r][0][0] == '!') &&
			 ntok == 1 && all_mutable(f, i, i) &&
			 want_op(g, MUT_OPERATOR))
			rc = add_tok_edit(g, fi, f, MUT_OPERATOR, i, i,
					  strdup(""));
		i += ntok - 1;
	}
	return rc;
}

static int stmt_edits(struct gen *g, size_t fi, const struct mfile *f)
{
	int rc = 0;

	for (size_t k = 0; !rc && k < f->ncs; k++) {
		size_t a = f->cs[k].open + 1, b = f->cs[k].close - 1;

		if (want_op(g, MUT_INVERT_COND) && b >= a &&
		    all_mutable(f, a, b))
			rc = add_tok_edit(g, fi, f, MUT_INVERT_COND, a, b,
					  wrap_not(f, a, b));
	}
	for (size_t k = 0; !rc && k < f->nas; k++) {
		const struct asg *s = &f->as[k];
		size_t last = s->end - 1;

		if (!all_mutable(f, s->rhs, last))
			continue;
		if (want_op(g, MUT_STUCK_AT) &&
		    !(s->rhs == last && f->t[last].kind == VTOK_NUMBER)) {
			rc = add_tok_edit(g, fi, f, MUT_STUCK_AT, s->rhs, last,
					  strdup("'0"));
			if (!rc)
				rc = add_tok_edit(g, fi, f, MUT_STUCK_AT,
						  s->rhs, last, strdup("'1"));
		}
		if (!rc && s->procedural && want_op(g, MUT_DROP_ASSIGN) &&
		    f->mut[s->lhs])
			rc = add_tok_edit(g, fi, f, MUT_DROP_ASSIGN, s->lhs,
					  s->end, strdup(";"));
	}
	return rc;
}

/* ---- the set ------------------------------------------------------------- */

static int edit_cmp(const void *pa, const void *pb)
{
	const struct edit *a = pa, *b = pb;

	if (a->file != b->file)
		return a->file < b->file ? -1 : 1;
	if (a->off != b->off)
		return a->off < b->off ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* 'text' on one line: white space squeezed, long text cut. */
static void add_quoted(struct buf *b, const char *s, size_t n)
{
	size_t out = 0;
	bool sp = false;

	buf_addch(b, '\'');
	for (size_t k = 0; k < n; k++) {
		unsigned char c = (unsigned char)s[k];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			sp = true;
			continue;
		}
		if (out >= DESC_MAX) {
			buf_addstr(b, "...");
			break;
		}
		if (sp && out)
			buf_addch(b, ' ');
		sp = false;
		if (c < 0x20 || c >= 0x7f)
			buf_addf(b, "\\x%02x", c);
		else
			buf_addch(b, c);
		out++;
	}
	buf_addch(b, '\'');
}

static int make_mutant(struct mutant *m, const struct edit *e,
		       const struct mfile *f, size_t idx)
{
	struct buf t = BUF_INIT, d = BUF_INIT;
	int rc;

	memset(m, 0, sizeof(*m));
	snprintf(m->id, sizeof(m->id), "m%03zu", idx + 1);
	m->op = e->op;
	m->file = e->file;
	m->line = e->line;
	rc = buf_add(&t, f->src, e->off);
	rc |= buf_addstr(&t, e->repl);
	rc |= buf_add(&t, f->src + e->off + e->len, f->len - e->off - e->len);
	rc |= buf_addf(&d, "%s:%d: ", f->name, e->line);
	add_quoted(&d, f->src + e->off, e->len);
	rc |= buf_addstr(&d, " -> ");
	add_quoted(&d, e->repl, strlen(e->repl));
	if (rc) {
		buf_release(&t);
		buf_release(&d);
		return err_set(ERR_FAIL, "out of memory");
	}
	m->text = buf_detach(&t, NULL);
	m->desc = buf_detach(&d, NULL);
	return 0;
}

static void mutant_release(struct mutant *m)
{
	free(m->desc);
	free(m->text);
	free(m->equiv_reason);
	memset(m, 0, sizeof(*m));
}

/* A deterministic choice of k of n indices (ascending) from seed. */
static int sample(size_t **out, size_t n, size_t k, unsigned long seed)
{
	size_t *ix = malloc((n ? n : 1) * sizeof(*ix));
	uint64_t s = (uint64_t)seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL;

	if (!ix)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++)
		ix[i] = i;
	for (size_t i = 0; i < k && i < n; i++) {
		size_t j, tmp;

		s ^= s >> 12; /* xorshift64* */
		s ^= s << 25;
		s ^= s >> 27;
		j = i + (size_t)((s * 0x2545f4914f6cdd1dULL) % (n - i));
		tmp = ix[i];
		ix[i] = ix[j];
		ix[j] = tmp;
	}
	for (size_t i = 1; i < k; i++) /* insertion sort of the chosen */
		for (size_t j = i; j > 0 && ix[j - 1] > ix[j]; j--) {
			size_t tmp = ix[j];

			ix[j] = ix[j - 1];
			ix[j - 1] = tmp;
		}
	*out = ix;
	return 0;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

int verify_mutants(struct mutant_set *out, const struct mut_opts *o)
{
	struct mfile *fs = calloc(o->nfiles ? o->nfiles : 1, sizeof(*fs));
	struct buf *texts = calloc(o->nfiles ? o->nfiles : 1, sizeof(*texts));
	struct gen g = { .o = o };
	size_t *pick = NULL, n;
	bool found = false;
	int rc = 0;

	out->v = NULL;
	out->n = 0;
	if (!fs || !texts) {
		free(fs);
		free(texts);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (size_t i = 0; i < o->nfiles; i++)
		buf_init(&texts[i]);
	for (size_t i = 0; !rc && i < o->nfiles; i++) {
		rc = buf_read_file(&texts[i], o->files[i], 8u << 20);
		if (rc) {
			rc = err_set(ERR_USAGE, "%s", err_last());
			break;
		}
		fs[i].name = base_name(o->files[i]);
		fs[i].src = texts[i].data;
		fs[i].len = texts[i].len;
		rc = lex_file(&fs[i]);
		if (!rc)
			rc = walk_file(&fs[i], o->module, &found);
		if (!rc)
			rc = token_edits(&g, i, &fs[i]);
		if (!rc)
			rc = stmt_edits(&g, i, &fs[i]);
	}
	if (!rc && o->module && !found)
		rc = err_set(ERR_USAGE, "module '%s' is not in the design",
			     o->module);
	if (rc)
		goto done;
	qsort(g.v, g.n, sizeof(*g.v), edit_cmp);
	n = o->max && o->max < g.n ? o->max : g.n;
	rc = sample(&pick, g.n, o->max && o->max < g.n ? n : 0, o->seed);
	out->v = calloc(n ? n : 1, sizeof(*out->v));
	if (!rc && !out->v)
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t k = 0; !rc && k < n; k++) {
		const struct edit *e = &g.v[pick[k]];

		rc = make_mutant(&out->v[k], e, &fs[e->file], pick[k]);
		if (!rc)
			out->n++;
	}
	if (rc)
		mutant_set_release(out);
done:
	for (size_t k = 0; k < g.n; k++)
		free(g.v[k].repl);
	free(g.v);
	free(pick);
	for (size_t i = 0; i < o->nfiles; i++) {
		mfile_release(&fs[i]);
		buf_release(&texts[i]);
	}
	free(fs);
	free(texts);
	return rc;
}

void mutant_set_release(struct mutant_set *ms)
{
	if (!ms)
		return;
	for (size_t i = 0; i < ms->n; i++)
		mutant_release(&ms->v[i]);
	free(ms->v);
	ms->v = NULL;
	ms->n = 0;
}

/* ---- writing ------------------------------------------------------------- */

int verify_mutant_write(const struct mutant *m, const struct mut_opts *o,
			const char *dir)
{
	int rc = mkdir_p(dir);

	for (size_t i = 0; !rc && i < o->nfiles; i++) {
		const char *bn = base_name(o->files[i]);
		struct buf text = BUF_INIT;
		char *path;

		for (size_t j = 0; j < i; j++)
			if (!strcmp(bn, base_name(o->files[j])))
				return err_set(ERR_USAGE,
					       "two design files are named "
					       "'%s'",
					       bn);
		path = str_fmt("%s/%s", dir, bn);
		if (!path)
			return err_set(ERR_FAIL, "out of memory");
		if (i == m->file)
			rc = buf_write_file(path, m->text, strlen(m->text));
		else if (!(rc = buf_read_file(&text, o->files[i], 8u << 20)))
			rc = buf_write_file(path, text.data, text.len);
		buf_release(&text);
		free(path);
	}
	return rc;
}

cJSON *verify_mutants_json(const struct mutant_set *ms,
			   const struct mut_opts *o)
{
	cJSON *arr = cJSON_CreateArray();
	int rc = !arr;

	for (size_t i = 0; !rc && i < ms->n; i++) {
		const struct mutant *m = &ms->v[i];
		cJSON *j = cJSON_CreateObject();

		rc = !j;
		rc = rc || json_add_str(j, "id", m->id);
		rc = rc || json_add_str(j, "op", mut_op_name(m->op));
		rc = rc || json_add_str(j, "file", o->files[m->file]);
		rc = rc || json_add_num(j, "line", m->line);
		rc = rc || json_add_str(j, "desc", m->desc);
		rc = rc || json_add_str(j, "equiv", mut_equiv_name(m->equiv));
		rc = rc || json_add_take(j, "reason",
					 m->equiv_reason
						 ? cJSON_CreateString(
							   m->equiv_reason)
						 : cJSON_CreateNull());
		if (rc)
			cJSON_Delete(j);
		else
			rc = json_append_take(arr, j);
	}
	if (rc) {
		cJSON_Delete(arr);
		err_set(ERR_FAIL, "out of memory");
		return NULL;
	}
	return arr;
}

/* ---- the equivalence filter ---------------------------------------------- */

struct eqctx {
	struct mutant_set *ms;
	const struct mut_opts *o;
	const struct verify_opts *vo;
	const char *top;
	const char *root;
	int *rc;
	char **err;
};

/* The verdict of one mutant's check -> its class. */
static void classify(struct mutant *m, const struct verify_verdict *v)
{
	const struct verify_stage *eq = verify_verdict_stage(v, "equiv");
	const struct verify_stage *bad = NULL;

	for (size_t i = 0; i < v->nstages; i++)
		if ((!strcmp(v->stages[i].name, "screen") ||
		     !strcmp(v->stages[i].name, "compile")) &&
		    v->stages[i].status != VERIFY_PASS &&
		    v->stages[i].status != VERIFY_SKIPPED && !bad)
			bad = &v->stages[i];
	if (bad) {
		m->equiv = bad->status == VERIFY_FAIL ? MUT_EQ_STILLBORN
						      : MUT_EQ_UNKNOWN;
	} else if (!eq) {
		m->equiv = MUT_EQ_UNKNOWN;
		bad = v->failed >= 0 ? &v->stages[v->failed] : NULL;
	} else if (eq->status == VERIFY_PASS) {
		m->equiv = MUT_EQ_EQUIVALENT;
	} else if (eq->status == VERIFY_FAIL) {
		m->equiv = MUT_EQ_DIFFERENT;
		bad = eq;
	} else {
		/* Yosys cannot read it (iverilog could): stillborn too */
		m->equiv = eq->class && !strcmp(eq->class, "equiv/unreadable")
				   ? MUT_EQ_STILLBORN
				   : MUT_EQ_UNKNOWN;
		bad = eq;
	}
	free(m->equiv_reason);
	m->equiv_reason = NULL;
	if (bad && bad->summary) {
		struct buf r = BUF_INIT;

		buf_addf(&r, "%s: ", bad->name);
		for (const char *s = bad->summary; *s && r.len < 300; s++)
			buf_addch(&r, *s == '\n' || *s == '\t' ? ' ' : *s);
		m->equiv_reason = buf_detach(&r, NULL);
	}
}

static void eq_one(size_t i, void *payload)
{
	struct eqctx *c = payload;
	struct mutant *m = &c->ms->v[i];
	struct verify_opts vo = *c->vo;
	struct verify_verdict v;
	const char **files = calloc(c->o->nfiles + 1, sizeof(*files));
	char *dir = str_fmt("%s/%s", c->root, m->id);
	int rc = 0;

	verify_verdict_init(&v);
	if (!files || !dir)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = verify_mutant_write(m, c->o, dir);
	for (size_t k = 0; !rc && k < c->o->nfiles; k++) {
		files[k] = str_fmt("%s/%s", dir, base_name(c->o->files[k]));
		if (!files[k])
			rc = err_set(ERR_FAIL, "out of memory");
	}
	if (!rc) {
		vo.files = files;
		vo.nfiles = c->o->nfiles;
		vo.refs = c->o->files;
		vo.nrefs = c->o->nfiles;
		vo.top = c->top;
		vo.ref_top = c->top;
		vo.tb = NULL;
		vo.nprops = 0;
		vo.stages = VERIFY_STAGE_COMPILE | VERIFY_STAGE_EQUIV;
		vo.jobs = 1;
		rc = verify_check(&v, &vo);
	}
	if (!rc) {
		classify(m, &v);
	} else if (rc == ERR_USAGE) {
		m->equiv = MUT_EQ_STILLBORN; /* bad input: the mutant's own */
		m->equiv_reason = strdup(err_last());
		rc = 0;
	} else if (rc == ERR_TIMEOUT || rc == ERR_TOOBIG) {
		m->equiv = MUT_EQ_UNKNOWN;
		m->equiv_reason = strdup(err_last());
		rc = 0;
	}
	c->rc[i] = rc;
	if (rc)
		c->err[i] = strdup(err_last());
	verify_verdict_release(&v);
	if (dir && !vo.keep_tmp)
		rm_rf(dir);
	for (size_t k = 0; files && k < c->o->nfiles; k++)
		free((char *)files[k]);
	free(files);
	free(dir);
}

int verify_mutants_equiv(struct mutant_set *ms, const struct mut_opts *o,
			 const struct verify_opts *vo, const char *top)
{
	struct tmpdir tmp = TMPDIR_INIT;
	struct eqctx c = { .ms = ms, .o = o, .vo = vo, .top = top };
	int rc;

	struct verify_opts orig = *vo;

	if (!top)
		return err_set(ERR_USAGE, "mutate: the top module is required");
	/* the original must be good input, or every mutant looks stillborn */
	orig.files = o->files;
	orig.nfiles = o->nfiles;
	orig.top = top;
	orig.refs = NULL;
	orig.nrefs = 0;
	rc = verify_validate(&orig);
	if (rc)
		return rc;
	c.rc = calloc(ms->n + 1, sizeof(*c.rc));
	c.err = calloc(ms->n + 1, sizeof(*c.err));
	if (!c.rc || !c.err) {
		free(c.rc);
		free(c.err);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = tmpdir_create(&tmp, "mutate");
	tmp.keep = vo->keep_tmp;
	c.root = tmp.path;
	if (!rc)
		rc = pool_run(ms->n, vo->jobs > 0 ? vo->jobs : 2, eq_one, &c);
	/* the first failure in id order decides the code and message */
	for (size_t i = 0; !rc && i < ms->n; i++)
		if (c.rc[i])
			rc = err_set(c.rc[i], "mutate: %s: %s", ms->v[i].id,
				     c.err[i] ? c.err[i] : "error");
	for (size_t i = 0; i < ms->n; i++)
		free(c.err[i]);
	free(c.rc);
	free(c.err);
	tmpdir_remove(&tmp);
	return rc;
}
