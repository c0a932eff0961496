#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "synth/synth.h"
#include "verify/assert-int.h"

/*
 * Assertions judged one by one (see assert.h).  The assertion text (the
 * statements, or a property file that is a wrapper module) is translated
 * with verify_sva_translate() and read by Yosys from a file of its own,
 * so the src attribute of every $assert cell names that file and the
 * statement's line: `chformal -remove` with a src pattern keeps exactly
 * the assertions wanted in each SMT2 file.  The antecedent of every
 * implication becomes a cover on a line after the text's.
 *
 * Tool runs per judgement: one Yosys run (every SMT2 file at once), one
 * BMC run with --keep-going (every failing assertion and its trace),
 * one cover run (every antecedent), and k-induction: one run for the
 * whole set when nothing failed, else one per assertion that held.  A
 * mutant costs one Yosys run and one BMC run.
 *
 * Signals the module does not declare: Yosys 0.23 only warns
 * ("Identifier `\x' is implicitly declared") and names the file and line,
 * which is our file and the statement's line.  A statement Yosys cannot
 * read (a syntax or type error) is blanked out and the rest read again.
 */

#define SF_NAME "hwforge_stmts.vh" /* statements mode: in dut/ */
#define MAX_TRACE_COLS 24

const char *assert_status_name(enum assert_status s)
{
	switch (s) {
	case AS_PROVED:
		return "proved";
	case AS_BOUNDED:
		return "bounded";
	case AS_FAILS:
		return "fails";
	case AS_VACUOUS:
		return "vacuous";
	case AS_INVALID:
		return "invalid";
	case AS_UNKNOWN:
		return "unknown";
	}
	return "unknown";
}

static int oom(void)
{
	return err_set(ERR_FAIL, "out of memory");
}

static int set_reason(struct assert_item *it, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int set_reason(struct assert_item *it, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = str_vfmt(fmt, ap);
	va_end(ap);
	if (!s)
		return oom();
	free(it->reason);
	it->reason = s;
	return 0;
}

/* ---- the statements of the text ---------------------------------------- */

struct tokv {
	struct vtok *t;
	size_t n;
};

static bool tpunct(const struct tokv *k, size_t i, char c)
{
	return i < k->n && vtok_punct(&k->t[i], c);
}

static bool tword(const struct tokv *k, size_t i, const char *w)
{
	return i < k->n && vtok_word(&k->t[i], w);
}

/* The first ';' at bracket depth 0 from token i on; with unbalanced
 * brackets the first ';' (as the translator does), else k->n. */
static size_t stmt_end(const struct tokv *k, size_t i0)
{
	int depth = 0;
	size_t i = i0;

	for (; i < k->n; i++) {
		if (tpunct(k, i, '(') || tpunct(k, i, '[') || tpunct(k, i, '{'))
			depth++;
		else if (tpunct(k, i, ')') || tpunct(k, i, ']') ||
			 tpunct(k, i, '}'))
			depth--;
		else if (depth <= 0 && tpunct(k, i, ';'))
			return i;
	}
	for (i = i0; i < k->n; i++)
		if (tpunct(k, i, ';'))
			return i;
	return k->n;
}

/* One more item and its statement record, zeroed. */
static int new_item(struct aj *a, struct assert_item **vp, struct aj_stmt **sp)
{
	size_t n = a->r->n + 1;
	struct assert_item *v = realloc(a->r->v, n * sizeof(*v));
	struct aj_stmt *s;

	if (!v)
		return oom();
	a->r->v = v;
	s = realloc(a->st, n * sizeof(*s));
	if (!s)
		return oom();
	a->st = s;
	*vp = &v[n - 1];
	*sp = &s[n - 1];
	memset(*vp, 0, sizeof(**vp));
	memset(*sp, 0, sizeof(**sp));
	a->r->n = n;
	return 0;
}

static int add_item(struct aj *a, const struct tokv *k, size_t i0, size_t i1,
		    size_t kw, bool concurrent, bool clocked)
{
	struct assert_item *v;
	struct aj_stmt *s;
	struct buf t = BUF_INIT;
	const char *txt = a->text.data;
	size_t p0, p1;
	int rc = new_item(a, &v, &s);

	if (rc)
		return rc;
	p0 = k->t[i0].start;
	p1 = i1 < k->n ? k->t[i1].start + 1 : a->text.len;
	s->start = p0;
	s->end = p1;
	s->line = k->t[i0].line;
	/* translated: all on its first line; else its ';' */
	s->eline = concurrent ? s->line
		   : k->t[i1 < k->n ? i1 : k->n - 1].line;
	s->concurrent = concurrent;
	s->clocked = clocked;
	s->live = true;
	v->line = s->line;
	v->depth = a->depth;
	if (kw >= i0 + 2 && tpunct(k, kw - 1, ':'))
		v->label = strndup(k->t[i0].s, k->t[i0].len);
	/* the statement on one line, blanks squeezed */
	for (size_t p = p0; p < p1 && !rc; p++) {
		bool sp = isspace((unsigned char)txt[p]);

		if (sp && (!t.len || t.data[t.len - 1] == ' '))
			continue;
		rc = buf_addch(&t, sp ? ' ' : txt[p]);
	}
	v->text = buf_detach(&t, NULL);
	for (size_t j = i0; j < i1 && j < k->n && !rc; j++)
		if (k->t[j].kind == VTOK_IDENT) {
			char *w = strndup(k->t[j].s, k->t[j].len);

			rc = w ? strv_push(&s->idents, NULL, w) : oom();
			free(w);
		}
	if (rc || !v->text)
		return oom();
	return 0;
}

/* An item for an sva statement that is no `assert property` (a block). */
static int add_block(struct aj *a, const struct sva_item *it)
{
	struct assert_item *v;
	struct aj_stmt *s;
	const char *p = a->text.data;
	int line = 1;

	if (new_item(a, &v, &s))
		return -1;
	while (*p && line < it->line)
		if (*p++ == '\n')
			line++;
	while (*p == ' ' || *p == '\t')
		p++;
	v->text = strndup(p, strcspn(p, "\n"));
	v->line = s->line = s->eline = it->line;
	return v->text ? 0 : oom();
}

static int mark_invalid(struct aj *a, size_t i, const char *reason)
{
	a->st[i].live = false;
	a->r->v[i].status = AS_INVALID;
	return set_reason(&a->r->v[i], "%s", reason);
}

/*
 * Every assert statement of the text: concurrent ones (with the
 * translator's verdict and antecedent cover) and immediate ones, in order.
 */
static int find_stmts(struct aj *a)
{
	struct sva_result res;
	struct buf tr = BUF_INIT;
	struct tokv k;
	size_t si = 0;
	bool clocked = false;
	int rc;

	rc = verify_sva_translate(&tr, a->text.data, a->text.len, &res);
	buf_release(&tr);
	if (rc)
		return rc;
	rc = verify_lex_all(&k.t, &k.n, a->text.data, a->text.len);
	for (size_t i = 0; !rc && i < k.n; i++) {
		size_t i0 = i, end;
		bool conc;

		if (tword(&k, i, "always") || tword(&k, i, "always_ff") ||
		    tword(&k, i, "always_comb") || tword(&k, i, "initial")) {
			clocked = tpunct(&k, i + 1, '@') &&
				  tpunct(&k, i + 2, '(') &&
				  (tword(&k, i + 3, "posedge") ||
				   tword(&k, i + 3, "negedge"));
			continue;
		}
		/* an assume(0) would make every assertion hold */
		if (!a->file && tword(&k, i, "assume"))
			a->live_cover = true;
		if (!tword(&k, i, "assert"))
			continue;
		conc = tword(&k, i + 1, "property");
		if (!conc && !tpunct(&k, i + 1, '('))
			continue;
		if (i >= 2 && tpunct(&k, i - 1, ':') &&
		    k.t[i - 2].kind == VTOK_IDENT)
			i0 = i - 2;
		end = stmt_end(&k, i + 1);
		if (conc) {
			int line = k.t[i].line;

			/* blocks (sequence/property) before this one */
			while (!rc && si < res.n &&
			       (res.items[si].line < line ||
				(res.items[si].line == line &&
				 res.items[si].kind != SVA_ASSERT))) {
				if (res.items[si].kind == SVA_ASSERT &&
				    !(rc = add_block(a, &res.items[si])))
					rc = mark_invalid(a, a->r->n - 1,
							  res.items[si].error
								  ? res.items[si]
									    .error
								  : "not an "
								    "assertion");
				si++;
			}
		}
		if (!rc)
			rc = add_item(a, &k, i0, end, i, conc,
				      conc ? true : clocked);
		if (!rc && conc && si < res.n &&
		    res.items[si].line == k.t[i].line &&
		    res.items[si].kind == SVA_ASSERT) {
			struct sva_item *it = &res.items[si++];

			if (it->error)
				rc = mark_invalid(a, a->r->n - 1, it->error);
			else if (it->cover) {
				a->st[a->r->n - 1].cover = it->cover;
				it->cover = NULL;
			}
		}
		i = end;
	}
	for (; !rc && si < res.n; si++)
		if (res.items[si].kind == SVA_ASSERT &&
		    !(rc = add_block(a, &res.items[si])))
			rc = mark_invalid(a, a->r->n - 1,
					  res.items[si].error
						  ? res.items[si].error
						  : "not an assertion");
	/* the clocks, left out of trace tables */
	for (size_t i = 0; !rc && i + 4 < k.n; i++)
		if ((tword(&k, i, "posedge") || tword(&k, i, "negedge")) &&
		    k.t[i + 1].kind == VTOK_IDENT) {
			char *w = strndup(k.t[i + 1].s, k.t[i + 1].len);

			rc = w ? strv_push(&a->clocks, NULL, w) : oom();
			free(w);
		}
	free(k.t);
	sva_result_release(&res);
	return rc;
}

/* Blank a statement that Yosys cannot read; an immediate one keeps its
 * ';' (a null statement), so `if (c) assert(x);` stays well-formed. */
void aj_blank(struct aj *a, size_t i)
{
	const struct aj_stmt *s = &a->st[i];
	size_t e = s->end;

	if (!s->concurrent && e > s->start && a->text.data[e - 1] == ';')
		e--;
	for (size_t p = s->start; p < e; p++)
		if (a->text.data[p] != '\n')
			a->text.data[p] = ' ';
}

/* ---- the files of one run ---------------------------------------------- */

/* The translated text with the antecedent covers after it (statements)
 * or inserted before the wrapper's endmodule (a property file). */
static int assertion_file(struct buf *out, struct aj *a)
{
	struct buf tr = BUF_INIT, cov = BUF_INIT;
	struct sva_result res;
	int rc;

	rc = verify_sva_translate(&tr, a->text.data, a->text.len, &res);
	sva_result_release(&res);
	for (size_t i = 0; !rc && i < a->r->n; i++)
		rc = buf_addf(&cov, "%s\n",
			      a->st[i].live && a->st[i].cover ? a->st[i].cover
							     : "");
	if (!rc && a->live_cover && a->clocks && a->clocks[0])
		rc = buf_addf(&cov,
			      "`ifdef FORMAL reg [7:0] hwforge_live_n = 8'd0; "
			      "always @(posedge %s) if (hwforge_live_n != "
			      "8'd255) hwforge_live_n <= hwforge_live_n + 8'd1; "
			      "always @(posedge %s) cover (hwforge_live_n == "
			      "8'd%d); `endif\n",
			      a->clocks[0], a->clocks[0],
			      a->depth > 2 ? (a->depth > 200 ? 198 : a->depth - 2)
					   : 0);
	else
		a->live_cover = false;
	if (rc)
		goto done;
	if (a->file) {
		rc = verify_sva_insert(out, tr.data, tr.len, a->top, cov.data,
				       cov.len, &res, &a->cover_base);
		sva_result_release(&res);
		goto done;
	}
	rc = buf_add(out, tr.data, tr.len);
	if (!rc && (!out->len || out->data[out->len - 1] != '\n'))
		rc = buf_addch(out, '\n');
	a->cover_base = 1;
	for (size_t p = 0; !rc && p < out->len; p++)
		if (out->data[p] == '\n')
			a->cover_base++;
	if (!rc)
		rc = verify_sva_translate(out, cov.data, cov.len, &res);
	if (!rc)
		sva_result_release(&res);
done:
	buf_release(&tr);
	buf_release(&cov);
	return rc;
}

/* Index of the design file that defines the module, or -1. */
static long module_file(const struct verify_opts *o, const char *module)
{
	for (size_t i = 0; i < o->nfiles; i++) {
		struct buf b = BUF_INIT;
		char **names = NULL;
		bool found = false;

		if (!buf_read_file(&b, o->files[i], (size_t)8 << 20) &&
		    !verify_module_names(&names, b.data, b.len))
			for (size_t k = 0; names && names[k]; k++)
				found |= !strcmp(names[k], module);
		strv_free(names);
		buf_release(&b);
		if (found)
			return (long)i;
	}
	return -1;
}

static int write_files(struct aj *a)
{
	struct buf f = BUF_INIT, p = BUF_INIT, d = BUF_INIT, ins = BUF_INIT;
	struct sva_result res;
	int first, rc;
	long mf;

	rc = assertion_file(&f, a);
	if (rc)
		return rc;
	if (a->file) {
		const char *one[] = { a->file, NULL };
		struct buf pd = BUF_INIT;

		rc = buf_addf(&pd, "%s/props", a->dir);
		if (!rc && mkdir(pd.data, 0700))
			rc = err_set_errno(ERR_FAIL, "cannot create '%s'",
					   pd.data);
		if (!rc)
			rc = vrun_copy_inputs(&a->props_names, pd.data, one, 1,
					      "p");
		buf_release(&pd);
		snprintf(a->adir, sizeof(a->adir), "props");
		if (!rc && !(a->afile = strdup(a->props_names[0])))
			rc = oom();
		if (!rc)
			rc = buf_addf(&p, "props/%s", a->afile);
		if (!rc)
			rc = formal_write(a->dir, p.data, &f);
		goto done;
	}
	snprintf(a->adir, sizeof(a->adir), "dut");
	if (!(a->afile = strdup(SF_NAME)))
		rc = oom();
	if (!rc)
		rc = formal_write(a->dir, "dut/" SF_NAME, &f);
	mf = module_file(a->o, a->module);
	if (!rc && mf < 0)
		rc = err_set(ERR_USAGE, "no module '%s' in the design",
			     a->module);
	/* from the user's file: a retry must not insert twice */
	if (!rc)
		rc = buf_addf(&p, "dut/%s", a->d.dut_names[mf]);
	if (!rc)
		rc = verify_read_input(&d, a->o->files[mf], "design file");
	if (!rc)
		rc = verify_sva_insert(&ins, d.data, d.len, a->module,
				       "`include \"" SF_NAME "\"",
				       strlen("`include \"" SF_NAME "\""), &res,
				       &first);
	if (!rc) {
		sva_result_release(&res);
		rc = formal_write(a->dir, p.data, &ins);
	}
done:
	buf_release(&f);
	buf_release(&p);
	buf_release(&d);
	buf_release(&ins);
	return rc;
}

/* " a:src=<dir>?<file>:*-<eline>.*" ('/' would split a Yosys pattern) */
static int add_pat(struct buf *s, const struct aj *a, int eline)
{
	return buf_addf(s, " a:src=%s?%s:*-%d.*", a->adir, a->afile, eline);
}

/* Patterns of the statements in `which` (or all live ones), unioned. */
static int add_pats(struct buf *s, const struct aj *a, const bool *which)
{
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < a->r->n; i++) {
		if (!(which ? which[i] : a->st[i].live))
			continue;
		rc |= add_pat(s, a, a->st[i].eline);
		if (n++)
			rc |= buf_addstr(s, " %u");
	}
	if (!n)
		rc |= buf_addstr(s, " a:hwforge_none");
	return rc;
}

static int keep_only(struct buf *s, const struct aj *a, const bool *which)
{
	int rc = buf_addstr(s, "chformal -assert -remove *");

	rc |= add_pats(s, a, which);
	return rc | buf_addstr(s, " %d\n");
}

static int run_tool(struct aj *a, const char *const *argv, int extra_s,
		    struct proc_result *res)
{
	struct verify_opts o = *a->o;

	o.timeout_s = (o.timeout_s > 0 ? o.timeout_s : 60) + extra_s;
	return vrun_tool(res, &o, a->dir, argv,
			 (const char *const *)a->d.ref_dirs, NULL, 0,
			 VRUN_PROC);
}

static int add_read(struct buf *s, const struct aj *a, const char *incdir)
{
	int rc = buf_addf(s, "read_verilog -sv -formal -DFORMAL -I %s",
			  incdir);

	for (const char *const *d = a->o->defines; d && *d; d++)
		rc |= buf_addf(s, " -D%s", *d);
	return rc;
}

/*
 * The Yosys run: ys.log, inputs.txt, all.smt2 (the live assertions),
 * and with `judge` cov.smt2 (covers only) and a<i>.smt2 (one each).
 */
static int yosys(struct aj *a, bool judge, struct proc_result *res)
{
	static const char *const argv[] = { "yosys", "-q", "-l", "ys.log",
					    "-s", "assert.ys", NULL };
	struct buf s = BUF_INIT;
	int rc = add_read(&s, a, "dut");

	for (size_t i = 0; a->d.dut_names && a->d.dut_names[i]; i++)
		rc |= buf_addf(&s, " dut/%s", a->d.dut_names[i]);
	rc |= buf_addstr(&s, "\n");
	if (a->file) {
		/* the design's own assumptions could make the properties
		 * vacuous (props.c) */
		rc |= buf_addstr(&s, "chformal -assume -remove\n");
		rc |= add_read(&s, a, "props");
		rc |= buf_addf(&s, " props/%s\n", a->afile);
	} else {
		rc |= buf_addf(&s, "chformal -assume -remove * a:src=%s?%s:* %%d\n",
			       a->adir, a->afile);
	}
	/* per statement, its cells before optimization (see judge()) */
	rc |= buf_addf(&s, "hierarchy -top %s\nproc\nflatten\n", a->top);
	for (size_t i = 0; judge && i < a->r->n; i++)
		if (a->st[i].live) {
			rc |= buf_addstr(&s, "tee -q -o ");
			rc |= buf_addf(&s, "p%zu.txt select -count t:$assert", i);
			rc |= add_pat(&s, a, a->st[i].eline);
			rc |= buf_addstr(&s, " %i\n");
		}
	rc |= buf_addf(&s,
		       "prep -flatten -top %s\nasync2sync\ndffunmap\n"
		       "tee -q -o inputs.txt select -list i:*\n"
		       "chformal -cover -remove * a:src=%s?%s:* %%d\n",
		       a->top, a->adir, a->afile);
	rc |= buf_addstr(&s, "design -save hwforge_base\n");
	rc |= keep_only(&s, a, NULL);
	rc |= buf_addstr(&s, "write_smt2 -wires all.smt2\n");
	rc |= buf_addstr(&s, "tee -q -o nall.txt select -count t:$assert\n");
	if (judge) {
		bool *one = calloc(a->r->n + 1, sizeof(*one));

		if (!one)
			rc = oom();
		rc |= buf_addstr(&s, "design -load hwforge_base\n"
				     "chformal -assert -remove\n"
				     "write_smt2 -wires cov.smt2\n");
		for (size_t i = 0; one && i < a->r->n; i++) {
			if (!a->st[i].live)
				continue;
			one[i] = true;
			rc |= buf_addstr(&s, "design -load hwforge_base\n");
			rc |= keep_only(&s, a, one);
			rc |= buf_addf(&s, "write_smt2 -wires a%zu.smt2\n", i);
			rc |= buf_addf(&s,
				       "tee -q -o n%zu.txt select -count "
				       "t:$assert\n",
				       i);
			one[i] = false;
		}
		free(one);
	}
	if (!rc)
		rc = formal_write(a->dir, "assert.ys", &s);
	else
		rc = oom();
	if (!rc)
		rc = run_tool(a, argv, 30, res);
	buf_release(&s);
	return rc;
}

/* Just past "<dir>/<file>:" in a tool message, or NULL. */
static const char *msg_past_file(const struct aj *a, const char *m)
{
	struct buf k = BUF_INIT;
	const char *p = NULL;

	if (!buf_addf(&k, "%s/%s:", a->adir, a->afile)) {
		p = strstr(m, k.data);
		if (p)
			p += k.len;
	}
	buf_release(&k);
	return p;
}

/* "<dir>/<file>:<L>" in a tool message: L, or 0. */
static int msg_line(const struct aj *a, const char *m)
{
	const char *p = msg_past_file(a, m);

	if (p && isdigit((unsigned char)*p))
		return (int)strtol(p, NULL, 10);
	return 0;
}

/* "<dir>/<file>:L1.C1-L2.C2" (a cell's src) in a message: L2, or 0. */
static int msg_endline(const struct aj *a, const char *m)
{
	const char *p = msg_past_file(a, m);

	if (!p)
		return 0;
	p += strspn(p, "0123456789.");
	if (*p == '-' && isdigit((unsigned char)p[1]))
		return (int)strtol(p + 1, NULL, 10);
	return 0;
}

/* The statement whose cells' src spans end on a line, or -1. */
static long stmt_ending(const struct aj *a, int eline)
{
	for (size_t i = 0; eline && i < a->r->n; i++)
		if (a->st[i].eline == eline)
			return (long)i;
	return -1;
}

/* The statement on a line (its first line, or within it). */
static long stmt_at(const struct aj *a, int line)
{
	for (size_t i = 0; i < a->r->n; i++)
		if (a->st[i].line == line)
			return (long)i;
	for (size_t i = 0; i < a->r->n; i++) {
		int last = a->st[i].line;

		for (size_t p = a->st[i].start; p < a->st[i].end; p++)
			last += a->text.data[p] == '\n';
		if (a->st[i].end > a->st[i].start && line >= a->st[i].line &&
		    line <= last)
			return (long)i;
	}
	return -1;
}

/* A message line without its "<file>:<line>: " prefix, one line. */
static int strip_loc(struct buf *out, const char *s, size_t n)
{
	const char *e = memmem(s, n, ": ", 2);

	if (e && e < s + n && memchr(s, ':', (size_t)(e - s)) &&
	    !memchr(s, ' ', (size_t)(e - s))) {
		n -= (size_t)(e + 2 - s);
		s = e + 2;
	}
	return buf_add_escaped(out, s, n);
}

/* Undeclared identifiers in our file (Yosys warns): INVALID; *n new. */
static int undeclared(struct aj *a, const char *log, size_t *n)
{
	static const char key[] = "Warning: Identifier `";
	const char *p = log;
	int rc = 0;

	while (!rc && (p = strstr(p, key))) {
		const char *bol = p, *name = p + sizeof(key) - 1, *q;
		int line;
		long i;

		while (bol > log && bol[-1] != '\n')
			bol--;
		if (*name == '\\')
			name++;
		q = strchr(name, '\'');
		p = name;
		line = msg_line(a, bol);
		if (!q || !strstr(q, "implicitly declared") || !line)
			continue;
		i = stmt_at(a, line);
		if (i < 0 || !a->st[i].live)
			continue;
		a->st[i].live = false;
		a->r->v[i].status = AS_INVALID;
		(*n)++;
		rc = set_reason(&a->r->v[i],
				"line %d: '%.*s' is not a signal of module "
				"'%s'",
				line, (int)(q - name), name,
				a->file ? a->top : a->module);
	}
	return rc;
}

static int read_inputs(struct aj *a)
{
	struct buf b = BUF_INIT;
	int rc = formal_read(&b, a->dir, "inputs.txt");

	strv_free(a->inputs);
	a->inputs = NULL;
	for (char *l = b.data; !rc && l && *l;) {
		char *e = strchr(l, '\n'), *sl;

		if (e)
			*e = '\0';
		sl = strrchr(l, '/');
		if (sl && sl[1])
			rc = strv_push(&a->inputs, NULL,
				       sl[1] == '\\' ? sl + 2 : sl + 1);
		l = e ? e + 1 : NULL;
	}
	buf_release(&b);
	return rc;
}

/* Before another Yosys run: the property copy goes (written again). */
static int restart(struct aj *a)
{
	free(a->afile);
	a->afile = NULL;
	strv_free(a->props_names);
	a->props_names = NULL;
	if (a->file) {
		struct buf pd = BUF_INIT;

		if (buf_addf(&pd, "%s/props", a->dir))
			return oom();
		rm_rf(pd.data);
		buf_release(&pd);
	}
	return 0;
}

/*
 * One Yosys run; a statement it cannot read is made INVALID and blanked,
 * then the rest is read again.  *ok false: the design itself could not
 * be read (every live item UNKNOWN, with the message).
 */
int aj_prepare(struct aj *a, bool judge, bool *ok)
{
	int rc = 0;

	*ok = false;
	for (size_t tries = 0; !rc && !*ok && tries <= a->r->n + 1; tries++) {
		struct proc_result res = PROC_RESULT_INIT;
		struct buf log = BUF_INIT, m = BUF_INIT;
		const char *e, *eol;
		int line;
		long i;

		rc = write_files(a);
		if (!rc)
			rc = yosys(a, judge, &res);
		if (!rc)
			formal_read(&log, a->dir, "ys.log");
		if (!rc && !res.timed_out && res.exit_code == 0) {
			size_t n = 0;

			rc = undeclared(a, log.data ? log.data : "", &n);
			if (!rc)
				rc = read_inputs(a);
			*ok = !rc;
			if (!rc && n) { /* again, without them in the files */
				*ok = false;
				proc_result_release(&res);
				buf_release(&log);
				rc = restart(a);
				continue;
			}
		}
		if (rc || *ok || res.timed_out) {
			for (size_t k = 0; !rc && res.timed_out && k < a->r->n;
			     k++)
				if (a->st[k].live) {
					a->r->v[k].status = AS_UNKNOWN;
					rc = set_reason(&a->r->v[k], "%s",
							"Yosys did not finish "
							"reading the design");
					a->st[k].live = false;
				}
			proc_result_release(&res);
			buf_release(&log);
			break;
		}
		e = log.data ? strstr(log.data, "ERROR:") : NULL;
		if (!e)
			e = "ERROR: Yosys failed without a message";
		while (log.data && e > log.data && e[-1] != '\n')
			e--;
		eol = strchr(e, '\n');
		if (!eol)
			eol = e + strlen(e);
		line = msg_line(a, e);
		i = line ? stmt_at(a, line) : -1;
		strip_loc(&m, e, (size_t)(eol - e));
		if (i >= 0 && a->st[i].live) {
			a->st[i].live = false;
			a->r->v[i].status = AS_INVALID;
			const char *msg = m.data ? m.data : "";

			if (!strncmp(msg, "ERROR: ", 7))
				msg += 7;
			rc = set_reason(&a->r->v[i], "line %d: %s (Yosys)",
					line, msg);
			aj_blank(a, i);
		} else {
			for (size_t k = 0; !rc && k < a->r->n; k++)
				if (a->st[k].live) {
					a->r->v[k].status = AS_UNKNOWN;
					rc = set_reason(&a->r->v[k],
							"Yosys could not read "
							"the design: %s",
							m.data ? m.data : "");
					a->st[k].live = false;
				}
		}
		proc_result_release(&res);
		buf_release(&log);
		buf_release(&m);
		if (!rc)
			rc = restart(a);
	}
	return rc;
}

/* ---- smtbmc -------------------------------------------------------------- */

static int smtbmc(struct aj *a, const char *mode, const char *smt2,
		  struct proc_result *res)
{
	char t[16];
	const char *argv[12];
	size_t n = 0;

	snprintf(t, sizeof(t), "%d", a->depth);
	argv[n++] = "yosys-smtbmc";
	argv[n++] = "-s";
	argv[n++] = "z3";
	if (!strcmp(mode, "bmc")) {
		argv[n++] = "--keep-going";
		argv[n++] = "--dump-vcd";
		argv[n++] = "trace%.vcd";
	} else if (!strcmp(mode, "ind")) {
		argv[n++] = "-i";
	} else {
		argv[n++] = "-c";
	}
	argv[n++] = "-t";
	argv[n++] = t;
	argv[n++] = smt2;
	argv[n] = NULL;
	return run_tool(a, argv, 0, res);
}

/* "Assert failed in top: LABEL" of a labelled immediate assertion. */
static long labelled(const struct aj *a, const char *l)
{
	const char *p = strstr(l, "Assert failed in ");

	p = p ? strstr(p, ": ") : NULL;
	if (!p)
		return -1;
	p += 2;
	for (size_t i = 0; i < a->r->n; i++) {
		const char *lb = a->r->v[i].label;
		size_t n = lb ? strlen(lb) : 0;

		if (n && !a->st[i].concurrent && !strncmp(p, lb, n) &&
		    (!p[n] || p[n] == ' '))
			return (long)i;
	}
	return -1;
}

/*
 * The BMC run over all.smt2: every "Assert failed in ...: <file>:<L>"
 * line (but "[failed before]") marks its statement failed, with the
 * trace file named by the next "Writing trace to VCD file:" line.
 * *done false: timed out (failures found so far still count).
 */
int aj_bmc(struct aj *a, bool *done)
{
	struct proc_result res = PROC_RESULT_INIT;
	long pend[64];
	size_t np = 0;
	int rc;

	*done = false;
	rc = smtbmc(a, "bmc", "all.smt2", &res);
	for (char *l = res.out.data; !rc && l && *l;) {
		char *e = strchr(l, '\n'), *w;

		if (e)
			*e = '\0';
		if (strstr(l, "Assert failed in ") &&
		    !strstr(l, "[failed before]")) {
			long i = stmt_ending(a, msg_endline(a, l));

			if (i < 0) /* a labelled immediate one: its name */
				i = labelled(a, l);

			if (i >= 0 && np < 64 && a->st[i].live &&
			    !a->st[i].failed)
				pend[np++] = i;
		} else if ((w = strstr(l, "Writing trace to VCD file: "))) {
			w += strlen("Writing trace to VCD file: ");
			for (size_t k = 0; k < np && !rc; k++) {
				a->st[pend[k]].failed = true;
				free(a->st[pend[k]].vcd);
				a->st[pend[k]].vcd = strdup(w);
				if (!a->st[pend[k]].vcd)
					rc = oom();
			}
			np = 0;
		}
		l = e ? e + 1 : NULL;
	}
	if (!rc && !res.timed_out && res.exit_code != 0) {
		bool any = false;

		for (size_t i = 0; i < a->r->n; i++)
			any |= a->st[i].failed;
		if (!any)
			rc = err_set(ERR_FAIL,
				     "assert: yosys-smtbmc failed (exit %d)",
				     res.exit_code);
	}
	*done = !res.timed_out;
	proc_result_release(&res);
	return rc;
}

/* The cover run: which antecedents are reached within depth. */
static int covers(struct aj *a, bool *done)
{
	struct proc_result res = PROC_RESULT_INIT;
	int rc;

	rc = smtbmc(a, "cover", "cov.smt2", &res);
	for (char *l = res.out.data; !rc && l && *l;) {
		char *e = strchr(l, '\n');
		int line;

		if (e)
			*e = '\0';
		line = msg_line(a, l);
		if (a->live_cover && line == a->cover_base + (int)a->r->n) {
			a->live_done = true;
			a->live_reached |= strstr(l, "Reached cover") != NULL;
		}
		if (line >= a->cover_base &&
		    (size_t)(line - a->cover_base) < a->r->n) {
			struct aj_stmt *s = &a->st[line - a->cover_base];

			if (strstr(l, "Reached cover statement"))
				s->reached = s->cover_done = true;
			else if (strstr(l, "Unreached cover statement"))
				s->cover_done = true;
		}
		l = e ? e + 1 : NULL;
	}
	*done = !res.timed_out;
	proc_result_release(&res);
	return rc;
}

/* k-induction of one SMT2 file: 1 proved, 0 not, -1 timed out. */
static int induct(struct aj *a, const char *smt2, int *verdict)
{
	struct proc_result res = PROC_RESULT_INIT;
	int rc = smtbmc(a, "ind", smt2, &res);

	*verdict = res.timed_out ? -1 : res.exit_code == 0;
	proc_result_release(&res);
	return rc;
}

/* ---- the counterexample table ------------------------------------------ */

static bool in_strv(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

/* "4'h5" -> "5" (decimal up to 64 bits), else as it is. */
static int add_value(struct buf *b, const char *v, int w)
{
	const char *h = strstr(v, "'h");
	unsigned long long x = 0;

	if (!h || w > 64 || strlen(h + 2) > 16)
		return buf_addstr(b, v);
	for (const char *p = h + 2; *p; p++) {
		if (!isxdigit((unsigned char)*p))
			return buf_addstr(b, v);
		x = x * 16 + (unsigned)(isdigit((unsigned char)*p)
						 ? *p - '0'
						 : tolower((unsigned char)*p) -
							   'a' + 10);
	}
	return buf_addf(b, "%llu", x);
}

static int make_trace(struct aj *a, size_t i)
{
	struct aj_stmt *s = &a->st[i];
	struct assert_item *it = &a->r->v[i];
	struct formal_trace t;
	struct buf b = BUF_INIT, v = BUF_INIT;
	long cols[MAX_TRACE_COLS];
	size_t nc = 0, last;
	int rc;

	rc = formal_read(&v, a->dir, s->vcd);
	if (!rc)
		rc = formal_trace_read(&t, v.data, v.len);
	buf_release(&v);
	if (rc)
		return err_wrap(rc, "assert: reading the trace");
	for (size_t k = 0; a->inputs && a->inputs[k] && nc < MAX_TRACE_COLS;
	     k++) {
		long c = formal_trace_find(&t, a->inputs[k]);

		if (c >= 0 && !in_strv(a->clocks, a->inputs[k]))
			cols[nc++] = c;
	}
	for (size_t k = 0; s->idents && s->idents[k] && nc < MAX_TRACE_COLS;
	     k++) {
		long c = formal_trace_find(&t, s->idents[k]);
		bool dup = false;

		for (size_t j = 0; j < nc; j++)
			dup |= cols[j] == c;
		if (c >= 0 && !dup && !in_strv(a->clocks, s->idents[k]))
			cols[nc++] = c;
	}
	/*
	 * smtbmc's VCD ends with a bare time stamp after the last step, the
	 * step that reports the failure; a clocked check reports the values
	 * it sampled at the edge one step later.
	 */
	last = t.ncycles > 1 ? t.ncycles - 2 : 0;
	if (s->clocked && last > 0)
		last--;
	rc = buf_addstr(&b, "cycle");
	for (size_t j = 0; j < nc; j++)
		rc |= buf_addf(&b, " %s", t.names[cols[j]]);
	rc |= buf_addch(&b, '\n');
	for (size_t c = 0; c <= last && c < t.ncycles; c++) {
		rc |= buf_addf(&b, "%zu", c);
		for (size_t j = 0; j < nc; j++) {
			rc |= buf_addch(&b, ' ');
			rc |= add_value(&b, t.vals[c * t.nvars + cols[j]],
					t.widths[cols[j]]);
		}
		rc |= buf_addstr(&b, c == last ? " <- fails\n" : "\n");
	}
	formal_trace_release(&t);
	if (rc) {
		buf_release(&b);
		return oom();
	}
	free(it->trace);
	it->trace = buf_detach(&b, NULL);
	it->status = AS_FAILS;
	return set_reason(it, "fails at cycle %zu (cycle 0 is the initial state)",
			  last);
}

/* ---- judging ------------------------------------------------------------- */

int aj_open(struct aj *a, const struct verify_opts *o)
{
	int rc = vrun_dir_open(&a->d, o);

	if (rc == ERR_NOTFOUND)
		rc = err_wrap(ERR_USAGE, "assert");
	a->dir = rc ? NULL : a->d.td.path;
	return rc;
}

void aj_close(struct aj *a)
{
	vrun_dir_close(&a->d);
	free(a->afile);
	a->afile = NULL;
	strv_free(a->props_names);
	a->props_names = NULL;
	strv_free(a->inputs);
	a->inputs = NULL;
	a->dir = NULL;
}

void aj_release(struct aj *a)
{
	for (size_t i = 0; a->st && i < a->r->n; i++) {
		free(a->st[i].cover);
		free(a->st[i].vcd);
		strv_free(a->st[i].idents);
	}
	free(a->st);
	strv_free(a->clocks);
	buf_release(&a->text);
	buf_release(&a->src);
	free(a->top);
}

/* The judging of the live statements, the run directory open. */
static int judge(struct aj *a)
{
	bool ok, done, cdone = true, any_failed = false, any_cover = false;
	bool left = false;
	int rc, v;

	rc = aj_prepare(a, true, &ok);
	if (rc || !ok)
		return rc;
	/*
	 * No cell for a statement would make its "proof" empty.  One whose
	 * cells Yosys's optimizer removed was constant true: proved.
	 */
	for (size_t i = 0; !rc && i < a->r->n; i++) {
		struct buf n = BUF_INIT, pre = BUF_INIT;
		char f[32];

		if (!a->st[i].live)
			continue;
		snprintf(f, sizeof(f), "n%zu.txt", i);
		formal_read(&n, a->dir, f);
		snprintf(f, sizeof(f), "p%zu.txt", i);
		formal_read(&pre, a->dir, f);
		if (n.data && strtol(n.data, NULL, 10) > 0) {
			/* checked */
		} else if (pre.data && strtol(pre.data, NULL, 10) > 0) {
			a->st[i].live = false;
			a->r->v[i].status = AS_PROVED;
			rc = set_reason(&a->r->v[i], "%s",
					"constant true: Yosys optimized it "
					"away");
		} else {
			a->st[i].live = false;
			a->r->v[i].status = AS_UNKNOWN;
			rc = set_reason(&a->r->v[i], "%s",
					"Yosys made no assertion of it (not "
					"checked)");
		}
		buf_release(&n);
		buf_release(&pre);
	}
	if (!rc)
		rc = aj_bmc(a, &done);
	for (size_t i = 0; !rc && i < a->r->n; i++) {
		if (!a->st[i].live)
			continue;
		if (a->st[i].failed) {
			rc = make_trace(a, i);
			any_failed = true;
			a->st[i].live = false;
		} else if (!done) {
			a->r->v[i].status = AS_UNKNOWN;
			rc = set_reason(&a->r->v[i],
					"the bounded check timed out (%d s)",
					a->o->timeout_s);
			a->st[i].live = false;
		}
		any_cover |= a->st[i].live && a->st[i].cover;
	}
	if (!rc && (any_cover || a->live_cover))
		rc = covers(a, &cdone);
	for (size_t i = 0; !rc && a->live_cover && a->live_done &&
			   !a->live_reached && i < a->r->n;
	     i++) {
		if (!a->st[i].live)
			continue;
		a->st[i].live = false;
		a->r->v[i].status = AS_VACUOUS;
		rc = set_reason(&a->r->v[i],
				"vacuous: the text's assumptions cannot all "
				"hold for %d cycles, so nothing is checked",
				a->depth);
	}
	for (size_t i = 0; !rc && i < a->r->n; i++) {
		struct aj_stmt *s = &a->st[i];

		if (!s->live || !s->cover || s->reached)
			continue;
		s->live = false;
		a->r->v[i].status = s->cover_done ? AS_VACUOUS : AS_UNKNOWN;
		if (s->cover_done)
			rc = set_reason(&a->r->v[i],
					"vacuous: its antecedent is never true "
					"within %d cycles (%s)",
					a->depth, s->cover);
		else
			rc = set_reason(&a->r->v[i], "%s",
					"the vacuity check (a cover of the "
					"antecedent) timed out");
	}
	v = 0;
	for (size_t i = 0; i < a->r->n; i++)
		left |= a->st[i].live;
	if (rc || !left)
		return rc;
	if (!rc && !any_failed) {
		rc = induct(a, "all.smt2", &v);
		for (size_t i = 0; !rc && v == 1 && i < a->r->n; i++)
			if (a->st[i].live)
				a->r->v[i].status = AS_PROVED;
	}
	for (size_t i = 0; !rc && v != 1 && i < a->r->n; i++) {
		char f[32];
		int one;

		if (!a->st[i].live)
			continue;
		snprintf(f, sizeof(f), "a%zu.smt2", i);
		rc = induct(a, f, &one);
		a->r->v[i].status = one == 1 ? AS_PROVED : AS_BOUNDED;
		if (!rc && one != 1)
			rc = set_reason(&a->r->v[i],
					"no violation within %d cycles "
					"(bounded: k-induction %s)",
					a->depth,
					one < 0 ? "timed out" : "did not prove it");
	}
	return rc;
}

/* The top of a property file: vo->props_top, else its one module. */
static int file_top(struct aj *a)
{
	char **names = NULL;
	int rc;

	if (a->o->props_top) {
		a->top = strdup(a->o->props_top);
		return a->top ? 0 : oom();
	}
	rc = verify_module_names(&names, a->src.data, a->src.len);
	if (!rc && (!names || !names[0] || names[1]))
		rc = err_set(ERR_USAGE,
			     "assert: '%s' must define exactly one module (or "
			     "name the top)",
			     a->file);
	if (!rc && !(a->top = strdup(names[0])))
		rc = oom();
	strv_free(names);
	return rc;
}

int aj_init(struct aj *a, struct assert_report *out,
		   const struct verify_opts *vo, const char *module,
		   const char *stmts, size_t len, const char *file)
{
	int rc = 0;

	memset(a, 0, sizeof(*a));
	a->o = vo;
	a->r = out;
	a->module = module;
	a->file = file;
	a->depth = vo->props_depth > 0 ? vo->props_depth : 20;
	if (!vo->nfiles)
		return err_set(ERR_USAGE, "assert: no design files");
	for (const char *const *d = vo->defines; d && *d; d++)
		if (!vlex_is_define(*d))
			return err_set(ERR_USAGE, "assert: bad define '%s'", *d);
	if (file) {
		rc = verify_read_input(&a->src, file, "property file");
		if (!rc)
			rc = file_top(a);
	} else {
		if (!module || !vlex_is_ident(module))
			return err_set(ERR_USAGE,
				       "assert: bad module name '%s'",
				       module ? module : "");
		rc = buf_add(&a->src, stmts, len);
		if (!rc && !(a->top = strdup(vo->top ? vo->top : module)))
			rc = oom();
		if (!rc && module_file(vo, module) < 0)
			rc = err_set(ERR_USAGE,
				     "assert: no module '%s' in the design",
				     module);
	}
	if (!rc && (!a->top || !vlex_is_ident(a->top)))
		rc = err_set(ERR_USAGE, "assert: bad top module name '%s'",
			     a->top ? a->top : "");
	if (!rc)
		rc = buf_add(&a->text, a->src.data ? a->src.data : "",
			     a->src.len);
	if (!rc)
		rc = buf_addstr(&a->text, "");
	if (!rc)
		rc = find_stmts(a);
	return rc;
}

static int judge_all(struct assert_report *out, const struct verify_opts *vo,
		     const char *module, const char *stmts, size_t len,
		     const char *file)
{
	struct aj a;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = aj_init(&a, out, vo, module, stmts, len, file);
	if (!rc)
		rc = aj_open(&a, vo);
	if (!rc) {
		rc = judge(&a);
		aj_close(&a);
	}
	aj_release(&a);
	if (rc)
		assert_report_release(out);
	return rc;
}

int verify_assertions(struct assert_report *out, const struct verify_opts *vo,
		      const char *module, const char *stmts, size_t len)
{
	return judge_all(out, vo, module, stmts, len, NULL);
}

int verify_assertions_file(struct assert_report *out,
			   const struct verify_opts *vo, const char *file)
{
	return judge_all(out, vo, NULL, NULL, 0, file);
}

/* ---- reports ------------------------------------------------------------- */

cJSON *assert_report_json(const struct assert_report *r)
{
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	cJSON *m = cJSON_CreateObject(), *sv = cJSON_CreateArray();
	int rc = !o || !arr || !m || !sv;

	for (size_t i = 0; !rc && i < r->n; i++) {
		const struct assert_item *it = &r->v[i];
		cJSON *e = cJSON_CreateObject();

		rc |= !e;
		rc |= json_add_num(e, "line", it->line);
		rc |= json_add_take(e, "label",
				    it->label ? cJSON_CreateString(it->label)
					      : cJSON_CreateNull());
		rc |= json_add_str(e, "text", it->text ? it->text : "");
		rc |= json_add_str(e, "status", assert_status_name(it->status));
		rc |= json_add_num(e, "depth", it->depth);
		rc |= json_add_take(e, "reason",
				    it->reason ? cJSON_CreateString(it->reason)
					       : cJSON_CreateNull());
		rc |= json_add_take(e, "trace",
				    it->trace ? cJSON_CreateString(it->trace)
					      : cJSON_CreateNull());
		rc |= json_add_num(e, "killed", (double)it->killed);
		rc |= json_append_take(arr, e);
	}
	for (size_t i = 0; !rc && i < r->nsurvivors; i++)
		rc |= json_append_take(sv, cJSON_CreateString(r->survivors[i]));
	rc |= json_add_num(m, "mutants", (double)r->mutants);
	rc |= json_add_num(m, "equivalent", (double)r->equivalent);
	rc |= json_add_num(m, "stillborn", (double)r->stillborn);
	rc |= json_add_num(m, "nonequivalent", (double)r->nonequiv);
	rc |= json_add_num(m, "killed", (double)r->killed);
	rc |= json_add_take(m, "score",
			    r->nonequiv ? cJSON_CreateNumber((double)r->killed /
							     (double)r->nonequiv)
					: cJSON_CreateNull());
	rc |= json_add_take(m, "survivors", sv);
	sv = NULL;
	rc |= json_add_take(o, "assertions", arr);
	arr = NULL;
	rc |= json_add_take(o, "mutation", m);
	m = NULL;
	if (rc) {
		cJSON_Delete(o);
		cJSON_Delete(arr);
		cJSON_Delete(m);
		cJSON_Delete(sv);
		return NULL;
	}
	return o;
}

int assert_report_feedback(struct buf *out, const struct assert_report *r)
{
	size_t bad = 0;
	int rc = 0;

	for (size_t i = 0; i < r->n; i++)
		bad += !aj_holds(r->v[i].status);
	if (!bad)
		return buf_addf(out, "All %zu assertions hold.\n", r->n);
	rc |= buf_addf(out,
		       "%zu of %zu assertions need work. Fix or replace them "
		       "and reply with the whole assertion set.\n",
		       bad, r->n);
	for (size_t i = 0; i < r->n; i++) {
		const struct assert_item *it = &r->v[i];

		if (aj_holds(it->status))
			continue;
		rc |= buf_addf(out, "\n## line %d%s%s: %s\n%s\n", it->line,
			       it->label ? " " : "", it->label ? it->label : "",
			       assert_status_name(it->status),
			       it->text ? it->text : "");
		if (it->reason)
			rc |= buf_addf(out, "%s\n", it->reason);
		if (it->trace)
			rc |= buf_addf(out,
				       "Counterexample (inputs and the "
				       "assertion's signals, cycle by "
				       "cycle):\n%s",
				       it->trace);
	}
	return rc ? oom() : 0;
}

void assert_report_release(struct assert_report *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].label);
		free(r->v[i].text);
		free(r->v[i].reason);
		free(r->v[i].trace);
	}
	free(r->v);
	for (size_t i = 0; i < r->nsurvivors; i++)
		free(r->survivors[i]);
	free(r->survivors);
	memset(r, 0, sizeof(*r));
}

/* ---- property files of statements, for the props stage --------------- */

int verify_props_stmts(struct verify_stage *out, const struct verify_opts *o,
		       bool *is_stmts)
{
	struct assert_report r = ASSERT_REPORT_INIT;
	struct buf text = BUF_INIT, sum = BUF_INIT;
	const struct assert_item *first = NULL;
	size_t cnt[AS_UNKNOWN + 1] = { 0 };
	char **names = NULL;
	enum verify_status st = VERIFY_PASS;
	const char *cls = NULL, *result = "proven";
	cJSON *ev = NULL;
	int rc;

	*is_stmts = false;
	if (o->nprops != 1 || !o->top)
		return 0;
	rc = verify_read_input(&text, o->props[0], "property file");
	if (!rc)
		rc = verify_module_names(&names, text.data, text.len);
	*is_stmts = !rc && !(names && names[0]);
	strv_free(names);
	if (!rc && *is_stmts)
		rc = verify_assertions(&r, o, o->props_top ? o->props_top : o->top,
				       text.data, text.len);
	buf_release(&text);
	if (rc || !*is_stmts)
		return rc;
	for (size_t i = 0; i < r.n; i++) {
		cnt[r.v[i].status]++;
		if (!first && !aj_holds(r.v[i].status))
			first = &r.v[i];
	}
	if (cnt[AS_FAILS] || cnt[AS_INVALID] || cnt[AS_VACUOUS]) {
		st = VERIFY_FAIL;
		result = cnt[AS_FAILS] ? "refuted" : "invalid";
		cls = cnt[AS_FAILS]     ? "props/refuted"
		      : cnt[AS_INVALID] ? "props/invalid"
					: "props/vacuous";
	} else if (cnt[AS_UNKNOWN]) {
		st = VERIFY_INCONCLUSIVE;
		cls = "props/inconclusive";
		result = "inconclusive";
	} else if (cnt[AS_BOUNDED]) {
		result = "bounded";
	}
	rc = buf_addf(&sum, "%zu assertions:", r.n);
	for (int s = AS_PROVED; s <= AS_UNKNOWN; s++)
		if (cnt[s])
			rc |= buf_addf(&sum, " %zu %s", cnt[s],
				       assert_status_name((enum assert_status)s));
	if (first)
		rc |= buf_addf(&sum, "; line %d%s%s: %s", first->line,
			       first->label ? " " : "",
			       first->label ? first->label : "",
			       first->reason ? first->reason
					     : assert_status_name(first->status));
	if (!r.n)
		rc |= buf_addstr(&sum, " none to check");
	ev = rc ? NULL : assert_report_json(&r);
	rc = !ev;
	rc |= json_add_str(ev, "result", result);
	rc |= json_add_num(ev, "depth", r.n ? r.v[0].depth : 0);
	rc |= json_add_str(ev, "method",
			   "per assertion: bounded model check, cover of the "
			   "antecedent, k-induction (yosys-smtbmc, z3)");
	if (!rc)
		rc = verify_stage_set(out, "props",
				      r.n ? st : VERIFY_SKIPPED, r.n ? cls : NULL,
				      "%s", sum.data);
	if (!rc) {
		cJSON_Delete(out->evidence);
		out->evidence = ev;
		ev = NULL;
	} else {
		rc = err_set(ERR_FAIL, "out of memory");
	}
	cJSON_Delete(ev);
	buf_release(&sum);
	assert_report_release(&r);
	return rc;
}

int verify_props_read(struct buf *text, const char *path, bool *is_module)
{
	char **names = NULL;
	int rc = verify_read_input(text, path, "property file");

	if (!rc)
		rc = verify_module_names(&names, text->data, text->len);
	*is_module = !rc && names && names[0];
	strv_free(names);
	return rc;
}
