#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rtlgen/rtlgen.h"
#include "verify/evidence.h"

#define MAX_ERRORS	 6
#define MAX_ROWS	 8
#define MAX_OUTPUT_LINES 12

static bool is_delim(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\'' || c == '"' ||
	       c == '(' || c == ')' || c == ':' || c == ',' || c == '`';
}

/*
 * Append text with file paths (any word holding a '/') reduced to their
 * base names, so that temporary and output directories never reach a
 * prompt: the prompt, hence the cache key, is the same from run to run.
 */
static int add_scrubbed(struct buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i, base = i;

		if (is_delim(s[i])) {
			if (buf_addch(b, s[i]))
				return ERR_FAIL;
			i++;
			continue;
		}
		while (j < len && !is_delim(s[j])) {
			if (s[j] == '/' && j + 1 < len && !is_delim(s[j + 1]))
				base = j + 1;
			j++;
		}
		if (buf_add(b, s + base, j - base))
			return ERR_FAIL;
		i = j;
	}
	return 0;
}

static int add_str(struct buf *b, const char *s)
{
	return s ? add_scrubbed(b, s, strlen(s)) : 0;
}

/* A table cell as "v" or "k=v k=v". */
static int add_cell(struct buf *b, const struct vev_cell *c)
{
	if (!c->n)
		return buf_addstr(b, "-");
	for (size_t i = 0; i < c->n; i++) {
		if (i && buf_addch(b, ' '))
			return ERR_FAIL;
		if (c->kv[i].name && buf_addf(b, "%s=", c->kv[i].name))
			return ERR_FAIL;
		if (add_str(b, c->kv[i].value ? c->kv[i].value : "-"))
			return ERR_FAIL;
	}
	return 0;
}

/* Lines n-2 .. n+2 of code, the offending one marked. */
static int add_context(struct buf *b, const char *code, long n)
{
	const char *p = code;
	long ln = 1;

	if (!code || n < 1)
		return 0;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (ln >= n - 2 && ln <= n + 2 &&
		    buf_addf(b, "  %s %4ld | %.*s\n", ln == n ? ">" : " ", ln,
			     (int)(len > 200 ? 200 : len), p))
			return ERR_FAIL;
		if (!e || ln > n + 2)
			break;
		p = e + 1;
		ln++;
	}
	return 0;
}

static int render_errors(struct buf *b, const struct verify_evidence *ev,
			 const char *code)
{
	if (buf_addstr(b, "Compiler errors:\n"))
		return ERR_FAIL;
	for (size_t i = 0; i < ev->ndiags; i++) {
		const struct vev_diag *d = &ev->diags[i];
		const char *base = d->file ? strrchr(d->file, '/') : NULL;

		if (i == MAX_ERRORS) {
			buf_addf(b, "(%zu more errors not shown)\n",
				 ev->ndiags - MAX_ERRORS);
			break;
		}
		if (buf_addf(b, "- %s:%ld: ",
			     base      ? base + 1
			     : d->file ? d->file
				       : "design.v",
			     d->line) ||
		    add_str(b, d->message) || buf_addch(b, '\n'))
			return ERR_FAIL;
		if (add_context(b, code, d->line))
			return ERR_FAIL;
	}
	return 0;
}

static int render_table(struct buf *b, const struct vev_row *rows, size_t n,
			const char *title, const char *h_exp, const char *h_got)
{
	if (buf_addf(b, "%s\n| cycle | inputs | %s | %s |\n|---|---|---|---|\n",
		     title, h_exp, h_got))
		return ERR_FAIL;
	for (size_t i = 0; i < n && i < MAX_ROWS; i++) {
		const struct vev_row *r = &rows[i];

		if (buf_addstr(b, "| ") ||
		    (r->cycle >= 0 ? buf_addf(b, "%ld", r->cycle)
				   : buf_addstr(b, "-")) ||
		    buf_addstr(b, " | ") || add_cell(b, &r->inputs) ||
		    buf_addstr(b, " | ") || add_cell(b, &r->expected) ||
		    buf_addstr(b, " | ") || add_cell(b, &r->got) ||
		    buf_addstr(b, " |\n"))
			return ERR_FAIL;
	}
	return 0;
}

static int render_findings(struct buf *b, const struct verify_evidence *ev)
{
	if (buf_addstr(b, "Synthesis findings:\n"))
		return ERR_FAIL;
	for (size_t i = 0; i < ev->nfindings; i++) {
		const struct vev_finding *f = &ev->findings[i];

		if (f->kind && f->signal &&
		    buf_addf(b, "- %s on signal %s", f->kind, f->signal))
			return ERR_FAIL;
		else if (!(f->kind && f->signal) &&
			 (buf_addstr(b, "- ") ||
			  add_str(b, f->message ? f->message : f->kind)))
			return ERR_FAIL;
		if (f->line > 0 && buf_addf(b, " (line %ld)", f->line))
			return ERR_FAIL;
		if (buf_addch(b, '\n'))
			return ERR_FAIL;
	}
	return 0;
}

/* The first lines of a (capped, escaped) output text. */
static int render_output(struct buf *b, const char *out)
{
	const char *p = out;
	int n = 0;

	if (!out || !*out)
		return 0;
	if (buf_addstr(b, "Simulation output (first lines):\n"))
		return ERR_FAIL;
	while (*p && n++ < MAX_OUTPUT_LINES) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (buf_addstr(b, "  ") ||
		    add_scrubbed(b, p, len > 300 ? 300 : len) ||
		    buf_addch(b, '\n'))
			return ERR_FAIL;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

/*
 * What the stage's status means for the design: an inconclusive proof is
 * no evidence of a difference, so it must not read as one (the model
 * would "fix" a correct design).
 */
static const char *outcome(const struct vev_stage *st)
{
	bool formal = st->name && (!strcmp(st->name, "equiv") ||
				   !strcmp(st->name, "props"));

	if (st->status && !strcmp(st->status, "inconclusive"))
		return formal ? "could not be proven (no difference was found)"
			      : "could not be decided";
	return "failed";
}

/* Screen violations and port differences, one line each. */
static int render_lines(struct buf *b, const struct verify_evidence *ev)
{
	for (size_t i = 0; i < ev->nviolations && i < MAX_ERRORS; i++) {
		const struct vev_diag *d = &ev->violations[i];

		if (buf_addf(b, "- line %ld: ", d->line) ||
		    add_str(b, d->message) ||
		    (d->token && (buf_addstr(b, " '") || add_str(b, d->token) ||
				  buf_addch(b, '\''))) ||
		    buf_addch(b, '\n'))
			return ERR_FAIL;
	}
	for (size_t i = 0; i < ev->nports; i++)
		if (buf_addstr(b, "- ") || add_str(b, ev->ports[i]) ||
		    buf_addch(b, '\n'))
			return ERR_FAIL;
	return 0;
}

static int render_stage(struct buf *b, const struct vev_stage *st,
			const char *code)
{
	const struct verify_evidence *ev = st->ev;
	int rc = 0;

	if (buf_addf(b, "Check%s%s %s", st->name ? " " : "",
		     st->name ? st->name : "", outcome(st)) ||
	    (st->class && buf_addf(b, " (%s)", st->class)) ||
	    (st->summary &&
	     (buf_addstr(b, ": ") || add_str(b, st->summary))) ||
	    buf_addstr(b, "\n"))
		return ERR_FAIL;
	if (!ev)
		return 0;
	for (size_t i = 0; i < ev->nproblems; i++)
		if (ev->problems[i] &&
		    (buf_addstr(b, "- ") || add_str(b, ev->problems[i]) ||
		     buf_addch(b, '\n')))
			return ERR_FAIL;
	rc = render_lines(b, ev);
	if (!rc && ev->reason && st->status &&
	    !strcmp(st->status, "inconclusive") &&
	    (!st->summary || strcmp(st->summary, ev->reason)))
		rc = buf_addstr(b, "Reason: ") || add_str(b, ev->reason) ||
				     buf_addch(b, '\n')
			     ? ERR_FAIL
			     : 0;
	if (!rc && ev->ndiags)
		rc = render_errors(b, ev, code);
	if (!rc && ev->ntable) {
		if (ev->mismatches >= 0 && ev->compared >= 0)
			rc = buf_addf(b,
				      "%ld of %ld compared cycles mismatched.\n",
				      ev->mismatches, ev->compared);
		if (!rc)
			rc = render_table(b, ev->table, ev->ntable,
					  "First mismatches:", "expected",
					  "got");
	}
	if (!rc && ev->ncex)
		rc = render_table(b, ev->cex, ev->ncex,
				  "Counterexample (reference vs yours):",
				  "reference", "yours");
	if (!rc && ev->nfindings)
		rc = render_findings(b, ev);
	if (!rc)
		rc = render_output(b, ev->output);
	return rc;
}

int rtlgen_feedback(struct buf *out, const struct vev_stage *stages, size_t n,
		    const char *code, size_t max_chars)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!max_chars)
		max_chars = 6000;
	for (size_t i = 0; i < n && !rc; i++) {
		const char *s = stages[i].status;

		if (s && (!strcmp(s, "pass") || !strcmp(s, "skipped")))
			continue;
		rc = render_stage(&b, &stages[i], code);
	}
	if (!rc && b.len > max_chars) {
		static const char cut[] = "\n(feedback truncated)\n";
		size_t keep =
			max_chars > sizeof(cut) ? max_chars - sizeof(cut) : 0;

		/* keep whole lines */
		while (keep && b.data[keep - 1] != '\n')
			keep--;
		buf_setlen(&b, keep);
		rc = buf_addstr(&b, cut + 1);
	}
	if (!rc)
		rc = buf_add(out, b.data, b.len);
	buf_release(&b);
	return rc;
}
