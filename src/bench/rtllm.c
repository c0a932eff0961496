#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench-int.h"

/*
 * RTLLM as published (v1.1: one directory per design; v2.0: the same
 * directories under category folders).  A design's directory holds
 * design_description.txt, testbench.v, the reference verified_<x>.v and
 * sometimes data files the testbench reads ($readmemh("reference.dat")).
 * The reference usually declares `module verified_<name>` while the
 * testbench instantiates `<name>`, and a few directory, file and module
 * names disagree (adder_pipe_64bit/verified_adder_64bit.v), so the name
 * a candidate must define is taken from what the testbench instantiates.
 *
 * The testbenches report in their own words.  Read from all 50 of v2.0:
 *   pass:  "===========Your Design Passed===========" (with or without
 *          spaces inside the rules)
 *   fail:  "Test completed with N failures", "... N / 100 failures",
 *          "... N/20 failures", "Test completed with N errors." (N > 0),
 *          "===========Error===========", "===========Failed===========",
 *          "=========== Failed ===========" (some print a count after it);
 *          per-check lines "Test failed: ...", "Failed at ...",
 *          "Failed: ...", "Fail a * b: ...", "Error: ...".
 * Only lines the trusted testbench printed (stamped with the nonce) are
 * read; anything else ("Count = 3", "A = 1, B = 2") is informational.
 */

/* Identifier at p (p[-1] not an identifier character): its length. */
static size_t ident_len(const char *p)
{
	size_t n = 0;

	if ((*p >= '0' && *p <= '9') || *p == '$')
		return 0;
	while (bench__is_ident(p[n]))
		n++;
	return n;
}

static const char *skip_space(const char *p)
{
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		if (p[0] == '/' && p[1] == '/') {
			p = strchr(p, '\n');
			if (!p)
				return "";
		} else if (p[0] == '/' && p[1] == '*') {
			p = strstr(p + 2, "*/");
			if (!p)
				return "";
			p += 2;
		} else
			return p;
	}
}

/* After "#": skip a balanced "( ... )" parameter list; NULL if none. */
static const char *skip_params(const char *p)
{
	int depth = 0;

	p = skip_space(p);
	if (*p != '(')
		return NULL;
	for (; *p; p++) {
		if (*p == '(')
			depth++;
		else if (*p == ')' && --depth == 0)
			return p + 1;
		else if (*p == ';')
			return NULL;
	}
	return NULL;
}

static const char *const not_types[] = {
	"module", "endmodule", "task",	   "function", "always",  "initial",
	"assign", "wire",      "reg",	   "input",    "output",  "inout",
	"integer", "real",     "logic",	   "bit",      "genvar",  "parameter",
	"localparam", "begin", "end",	   "if",       "else",	  "for",
	"while",  "case",      "casez",	   "casex",    "default", "repeat",
	"forever", "posedge",  "negedge",  "or",       "and",	  "nand",
	"nor",	  "xor",       "xnor",	   "not",      "buf",	  "bufif0",
	"bufif1", "notif0",    "notif1",   "time",     "event",	  "signed",
	"unsigned", "automatic", "wait",   "fork",     "join",	  "return",
	"tri",	  "supply0",   "supply1",  "defparam", "generate", NULL,
};

static bool listed(const char *p, size_t n, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (strlen(list[i]) == n && !memcmp(p, list[i], n))
			return true;
	return false;
}

/*
 * The next identifier at or after p outside comments and strings, not a
 * macro use (`x), a system name ($x) or the tail of a hierarchical name
 * (a.x); NULL at the end.  *len gets its length.
 */
static const char *next_word(const char *text, const char *p, size_t *len)
{
	while (*p) {
		if (p[0] == '/' && (p[1] == '/' || p[1] == '*')) {
			p = skip_space(p);
			continue;
		}
		if (*p == '"') {
			for (p++; *p && *p != '"' && *p != '\n'; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
			continue;
		}
		if (p > text && (bench__is_ident(p[-1]) || p[-1] == '`' ||
				 p[-1] == '.')) {
			p++;
			continue;
		}
		*len = ident_len(p);
		if (*len)
			return p;
		p++;
	}
	return NULL;
}

static bool defines_module(const char *text, const char *name, size_t n)
{
	const char *p = text;
	size_t k;

	while ((p = next_word(text, p, &k)) != NULL) {
		const char *q;
		size_t m;

		if (k == 6 && !memcmp(p, "module", 6)) {
			q = skip_space(p + k);
			m = ident_len(q);
			if (m == n && !memcmp(q, name, n))
				return true;
		}
		p += k;
	}
	return false;
}

int bench__rtllm_instances(char ***out, size_t *n, const char *tb)
{
	const char *p = tb;
	char **v = NULL;
	size_t len = 0, k;

	*out = NULL;
	*n = 0;
	while ((p = next_word(tb, p, &k)) != NULL) {
		const char *q, *type = p;
		size_t m;
		bool dup = false;
		char **nv;

		q = skip_space(p + k);
		p += k;
		if (listed(type, k, not_types))
			continue;
		if (*q == '#') {
			q = skip_params(q + 1);
			if (!q)
				continue;
			q = skip_space(q);
		}
		m = ident_len(q);
		if (!m || listed(q, m, not_types))
			continue;
		q = skip_space(q + m);
		if (*q == '[') /* an instance array */
			q = strchr(q, ']') ? skip_space(strchr(q, ']') + 1) : q;
		if (*q != '(' || defines_module(tb, type, k))
			continue;
		for (size_t i = 0; i < len; i++)
			dup |= strlen(v[i]) == k && !memcmp(v[i], type, k);
		if (dup)
			continue;
		nv = realloc(v, (len + 1) * sizeof(*v));
		if (!nv)
			goto oom;
		v = nv;
		v[len] = strndup(type, k);
		if (!v[len])
			goto oom;
		len++;
	}
	*out = v;
	*n = len;
	return 0;
oom:
	for (size_t i = 0; i < len; i++)
		free(v[i]);
	free(v);
	return err_set(ERR_FAIL, "out of memory");
}

int bench__rtllm_names(struct bench_task *t, const char *dir_name)
{
	char **inst = NULL;
	const char *pick = NULL;
	size_t n = 0;
	int rc = bench__rtllm_instances(&inst, &n, t->tb_text);
	struct buf vname = BUF_INIT;

	if (rc)
		return rc;
	/* the module the testbench instantiates that the reference
	 * defines (as itself or as verified_<it>), else the directory's
	 * name, else the only one */
	for (size_t i = 0; i < n && !pick; i++) {
		buf_reset(&vname);
		if (buf_addf(&vname, "verified_%s", inst[i]))
			rc = err_set(ERR_FAIL, "out of memory");
		else if (defines_module(t->ref_text, inst[i], strlen(inst[i])) ||
			 defines_module(t->ref_text, vname.data, vname.len))
			pick = inst[i];
	}
	for (size_t i = 0; i < n && !pick; i++)
		if (!strcmp(inst[i], dir_name))
			pick = inst[i];
	if (!pick && n == 1)
		pick = inst[0];
	if (!rc && pick) {
		t->top = strdup(pick);
		if (!t->top)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	/* the reference's module playing that part */
	if (!rc && t->top &&
	    !defines_module(t->ref_text, t->top, strlen(t->top))) {
		buf_reset(&vname);
		rc = buf_addf(&vname, "verified_%s", t->top);
		if (!rc && defines_module(t->ref_text, vname.data, vname.len))
			t->ref_top = buf_detach(&vname, NULL);
		else if (!rc) {
			/* the first verified_* module, else the first */
			const char *p = t->ref_text;
			char *first = bench__first_module(p);
			size_t k;

			while ((p = next_word(t->ref_text, p, &k)) != NULL) {
				if (k > 9 && !strncmp(p, "verified_", 9) &&
				    defines_module(t->ref_text, p, k)) {
					free(first);
					first = strndup(p, k);
					break;
				}
				p += k;
			}
			t->ref_top = first;
			if (!first && !t->load_error)
				t->load_error = strdup("the reference defines "
						       "no module");
		}
		if (rc)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	if (!rc && !t->top && !t->load_error) {
		struct buf m = BUF_INIT;

		if (n == 0)
			buf_addstr(&m, "testbench.v instantiates no module "
				       "it does not define");
		else
			buf_addf(&m, "testbench.v instantiates %zu modules "
				     "and none is the reference's",
				 n);
		t->load_error = buf_detach(&m, NULL);
	}
	for (size_t i = 0; i < n; i++)
		free(inst[i]);
	free(inst);
	buf_release(&vname);
	return rc;
}

/* ---- Icarus 11 dialect: break and continue ---------------------------- */

/*
 * Icarus Verilog 11 rejects SystemVerilog's `break` and `continue`
 * ("sorry: break statements not supported"), which RTLLM's asyn_fifo
 * (v2.0) and radix2_div (v1.1) testbenches use, and `$fatal("msg")`
 * without the finish number (vvp: "$fatal's finish number must be
 * numeric"; v1.1 radix2_div); VCS accepts all three.  In the trusted testbench only, a loop holding one is
 * wrapped in a named block and the statement becomes `disable` of that
 * block (break) or of the named loop body (continue): the same control
 * flow in Verilog-2001.  Loops whose body is not a begin-end block are
 * left alone (the compiler then says why).
 */

struct tok {
	const char *p;
	size_t n;
	bool word;
};

/* The next token at or after p (comments and space skipped); n = 0 at
 * the end.  Strings are one token. */
static struct tok next_tok(const char *p)
{
	struct tok t = { NULL, 0, false };

	p = skip_space(p);
	t.p = p;
	if (!*p)
		return t;
	if (*p == '"') {
		const char *q = p + 1;

		while (*q && *q != '"' && *q != '\n') {
			if (*q == '\\' && q[1])
				q++;
			q++;
		}
		t.n = (size_t)(q - p) + (*q == '"');
		return t;
	}
	if (bench__is_ident(*p) || *p == '`') {
		t.n = 1;
		while (bench__is_ident(p[t.n]))
			t.n++;
		t.word = true;
		return t;
	}
	t.n = 1;
	return t;
}

static bool is_tok(struct tok t, const char *w)
{
	return t.n == strlen(w) && !memcmp(t.p, w, t.n);
}

struct loop {
	const char *start; /* the loop keyword */
	const char *body; /* just after the body's `begin` */
	int depth; /* begin-end depth inside the body */
	int label; /* >= 0: wrapped as hwforge_brk_<label> */
	int cont; /* >= 0: body named hwforge_cnt_<cont> */
};

struct edit {
	const char *at; /* insert before, or replace [at, at + n) */
	size_t n;
	char text[48];
};

/* fmt is one of the label formats below, num the label. */
#define LABEL(buf, fmt, num) snprintf(buf, sizeof(buf), fmt, num)

static int add_edit(struct edit **v, size_t *len, const char *at, size_t n,
		    const char *text)
{
	struct edit *nv = realloc(*v, (*len + 1) * sizeof(**v));

	if (!nv)
		return err_set(ERR_FAIL, "out of memory");
	*v = nv;
	nv[*len].at = at;
	nv[*len].n = n;
	snprintf(nv[*len].text, sizeof(nv[*len].text), "%s", text);
	(*len)++;
	return 0;
}

static int cmp_edit(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

int bench__rtllm_adapt(char **text)
{
	struct loop stack[64];
	struct edit *ed = NULL;
	size_t ned = 0, sp = 0;
	int depth = 0, labels = 0, rc = 0;
	const char *p = *text;
	char lab[48];
	struct tok t;

	for (t = next_tok(p); t.n && !rc; t = next_tok(p)) {
		p = t.p + t.n;
		if (is_tok(t, "$fatal")) {
			struct tok a = next_tok(p), b = next_tok(a.p + a.n);

			/* $fatal("msg"): VCS takes it, Icarus wants the
			 * finish number IEEE 1800 puts first */
			if (is_tok(a, "(") && b.n && b.p[0] == '"')
				rc = add_edit(&ed, &ned, b.p, 0, "1, ");
			continue;
		}
		if (!t.word)
			continue;
		if ((is_tok(t, "repeat") || is_tok(t, "for") ||
		     is_tok(t, "while") || is_tok(t, "forever")) &&
		    sp < 64) {
			const char *q = p;
			struct tok h = next_tok(q);

			if (!is_tok(t, "forever")) {
				int par = 0;

				if (!is_tok(h, "("))
					continue;
				do {
					par += is_tok(h, "(") - is_tok(h, ")");
					q = h.p + h.n;
					h = next_tok(q);
				} while (h.n && par > 0);
			}
			if (!is_tok(h, "begin"))
				continue;
			stack[sp++] = (struct loop){ t.p, h.p + h.n, depth + 1,
						     -1, -1 };
			depth++;
			p = h.p + h.n;
		} else if (is_tok(t, "begin") || is_tok(t, "fork")) {
			depth++;
		} else if (is_tok(t, "end") || is_tok(t, "join") ||
			   is_tok(t, "join_any") || is_tok(t, "join_none")) {
			if (sp && stack[sp - 1].depth == depth) {
				struct loop *l = &stack[--sp];

				if (l->label >= 0) {
					LABEL(lab, "begin : hwforge_brk_%d ",
					      l->label);
					rc = add_edit(&ed, &ned, l->start, 0,
						      lab) ||
					     add_edit(&ed, &ned, p, 0, " end");
				}
				if (!rc && l->cont >= 0) {
					LABEL(lab, " : hwforge_cnt_%d", l->cont);
					rc = add_edit(&ed, &ned, l->body, 0,
						      lab);
				}
			}
			depth--;
		} else if (is_tok(t, "break") && sp) {
			struct loop *l = &stack[sp - 1];

			if (l->label < 0)
				l->label = labels++;
			LABEL(lab, "disable hwforge_brk_%d", l->label);
			rc = add_edit(&ed, &ned, t.p, t.n, lab);
		} else if (is_tok(t, "continue") && sp) {
			struct loop *l = &stack[sp - 1];

			if (is_tok(next_tok(l->body), ":")) /* named already */
				continue;
			if (l->cont < 0)
				l->cont = labels++;
			LABEL(lab, "disable hwforge_cnt_%d", l->cont);
			rc = add_edit(&ed, &ned, t.p, t.n, lab);
		}
	}
	if (!rc && ned) {
		struct buf out = BUF_INIT;
		const char *from = *text;

		qsort(ed, ned, sizeof(*ed), cmp_edit);
		for (size_t i = 0; i < ned && !rc; i++) {
			rc = buf_add(&out, from, (size_t)(ed[i].at - from)) ||
			     buf_addstr(&out, ed[i].text);
			from = ed[i].at + ed[i].n;
		}
		if (!rc)
			rc = buf_addstr(&out, from);
		if (rc) {
			buf_release(&out);
			rc = err_set(ERR_FAIL, "out of memory");
		} else {
			free(*text);
			*text = buf_detach(&out, NULL);
		}
	}
	free(ed);
	return rc;
}
