#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gate/gate-int.h"

/*
 * Turning verify stages into gate checks: result, one-line message, the
 * evidence rendered as text for people (JUnit failure bodies), and the
 * file and line to annotate.  Everything taken from a stage is untrusted
 * text (tool output, DUT output): it is escaped here or by the writers.
 */

#define DETAIL_ROWS 10 /* mismatch / counterexample rows shown */
#define DETAIL_MAX  (8u << 10) /* bytes of evidence text per check */

char *gate__oneline(const char *s, size_t max)
{
	struct buf b = BUF_INIT;
	size_t n = 0;

	for (; s && *s && n < max; s++, n++) {
		if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_addch(&b, ' ');
		else
			buf_add_escaped(&b, s, 1);
	}
	if (s && *s)
		buf_addstr(&b, "...");
	buf_rtrim(&b);
	return buf_detach(&b, NULL);
}

void gate__skip(struct gate_check *k, const char *why)
{
	k->result = GATE_SKIPPED;
	free(k->message);
	k->message = strdup(why);
	k->elapsed_ms = 0;
}

static void set_error(struct gate_check *k, const char *msg)
{
	k->result = GATE_ERROR;
	free(k->message);
	k->message = gate__oneline(msg, 400);
}

static void add_str(struct buf *b, const char *s)
{
	if (s)
		buf_add_escaped(b, s, strlen(s));
}

/* A table cell: "v" or {k=v k=v}. */
static void add_cell(struct buf *b, const struct vev_cell *c)
{
	if (!c->n) {
		buf_addstr(b, "-");
		return;
	}
	if (c->n > 1 || c->kv[0].name)
		buf_addch(b, '{');
	for (size_t i = 0; i < c->n; i++) {
		if (i)
			buf_addch(b, ' ');
		if (c->kv[i].name) {
			add_str(b, c->kv[i].name);
			buf_addch(b, '=');
		}
		add_str(b, c->kv[i].value ? c->kv[i].value : "-");
	}
	if (c->n > 1 || c->kv[0].name)
		buf_addch(b, '}');
}

/* Rows of a mismatch table or counterexample; h_* label the columns. */
static void add_rows(struct buf *b, const struct vev_row *rows, size_t n,
		     const char *h_exp, const char *h_got)
{
	for (size_t i = 0; i < n; i++) {
		const struct vev_row *r = &rows[i];

		if (i == DETAIL_ROWS) {
			buf_addf(b, "  ... %zu more\n", n - DETAIL_ROWS);
			break;
		}
		buf_addstr(b, " ");
		if (r->cycle >= 0)
			buf_addf(b, " cycle=%ld", r->cycle);
		if (r->inputs.n) {
			buf_addstr(b, " inputs=");
			add_cell(b, &r->inputs);
		}
		if (h_exp) {
			buf_addf(b, " %s=", h_exp);
			add_cell(b, &r->expected);
		}
		buf_addf(b, " %s=", h_got);
		add_cell(b, &r->got);
		buf_addch(b, '\n');
	}
}

/* The last lines of text, for DUT / tool output. */
static void add_tail(struct buf *b, const char *label, const char *s, int lines)
{
	const char *p;
	int n = 0;

	if (!s || !*s)
		return;
	p = s + strlen(s);
	while (p > s && n <= lines)
		if (*--p == '\n' && p[1])
			n++;
	if (*p == '\n')
		p++;
	buf_addf(b, "%s%s:\n", b->len ? "\n" : "", label);
	buf_add_escaped(b, p, strlen(p));
	buf_rtrim(b);
	buf_addch(b, '\n');
}

/* Compiler errors or screen violations: "file:line: message". */
static void add_diags(struct buf *b, const struct vev_diag *d, size_t n,
		      struct gate_check *k)
{
	for (size_t i = 0; i < n && i < DETAIL_ROWS; i++) {
		if (d[i].file && !k->file) {
			k->file = strdup(d[i].file);
			k->line = d[i].line;
		}
		add_str(b, d[i].file ? d[i].file : "?");
		buf_addf(b, ":%ld: ", d[i].line);
		add_str(b, d[i].message);
		if (d[i].token) {
			buf_addstr(b, " '");
			add_str(b, d[i].token);
			buf_addch(b, '\'');
		}
		buf_addch(b, '\n');
		if (d[i].source && *d[i].source) {
			buf_addstr(b, "    ");
			add_str(b, d[i].source);
			buf_addch(b, '\n');
		}
	}
}

static void render_compile(struct buf *b, const struct verify_evidence *ev,
			   struct gate_check *k)
{
	add_diags(b, ev->violations, ev->nviolations, k);
	add_diags(b, ev->diags, ev->ndiags, k);
	for (size_t i = 0; i < ev->nports; i++) {
		add_str(b, ev->ports[i]);
		buf_addch(b, '\n');
	}
	if (!ev->ndiags && !ev->nviolations && !ev->nports)
		add_tail(b, "log", ev->log, 20);
}

static void render_sim(struct buf *b, const struct verify_evidence *ev)
{
	if (ev->mismatches >= 0)
		buf_addf(b, "mismatches: %ld of %ld compared\n", ev->mismatches,
			 ev->compared >= 0 ? ev->compared : 0);
	if (ev->ntable) {
		buf_addstr(b, "first mismatches:\n");
		add_rows(b, ev->table, ev->ntable, "expected", "got");
	}
	add_tail(b, "output (last lines)", ev->output, 20);
}

/*
 * "result: R (method M), depth D" and "reason: ..." of a formal stage's
 * evidence.  The reason quotes tool output, which names the design's own
 * signals: escaped.
 */
static void render_head(struct buf *b, const struct verify_evidence *ev,
			bool with_method)
{
	if (ev->result)
		buf_addf(b, "result: %s", ev->result);
	if (with_method && ev->method)
		buf_addf(b, " (method %s)", ev->method);
	if (ev->depth >= 0)
		buf_addf(b, ", depth %ld", ev->depth);
	if (b->len)
		buf_addch(b, '\n');
	if (ev->reason) {
		buf_addstr(b, "reason: ");
		add_str(b, ev->reason);
		buf_addch(b, '\n');
	}
}

static void render_equiv(struct buf *b, const struct verify_evidence *ev)
{
	render_head(b, ev, true);
	if (ev->ncex) {
		buf_addstr(b, "counterexample:\n");
		add_rows(b, ev->cex, ev->ncex, "gold", "gate");
	}
	if (ev->vcd)
		buf_addf(b, "vcd: %s\n", ev->vcd);
}

static void render_props(struct buf *b, const struct verify_evidence *ev)
{
	render_head(b, ev, false);
	if (ev->assertion) {
		buf_addstr(b, "assertion: ");
		add_str(b, ev->assertion);
		buf_addch(b, '\n');
	}
	if (ev->ntrace) {
		buf_addstr(b, "trace:\n");
		add_rows(b, ev->trace, ev->ntrace, NULL, "signals");
	}
}

static void render_synth(struct buf *b, const struct verify_evidence *ev,
			 struct gate_check *k)
{
	for (size_t i = 0; i < ev->nfindings && i < DETAIL_ROWS; i++) {
		const struct vev_finding *f = &ev->findings[i];

		buf_addf(b, "%s", f->kind ? f->kind : "finding");
		if (f->signal) {
			buf_addstr(b, " '");
			add_str(b, f->signal);
			buf_addch(b, '\'');
		}
		if (f->line > 0) {
			buf_addf(b, " (line %ld)", f->line);
			if (!k->line)
				k->line = f->line;
		}
		if (f->message) {
			buf_addstr(b, ": ");
			add_str(b, f->message);
		}
		buf_addch(b, '\n');
	}
	if (!ev->nfindings)
		add_tail(b, "log", ev->log, 20);
}

/* The check's detail text, from the stage's typed evidence. */
static void render(struct gate_check *k, const struct verify_stage *st)
{
	const struct verify_evidence *ev = &st->ev;
	struct buf b = BUF_INIT;

	if (!strcmp(st->name, "screen") || !strcmp(st->name, "compile"))
		render_compile(&b, ev, k);
	else if (!strcmp(st->name, "sim"))
		render_sim(&b, ev);
	else if (!strcmp(st->name, "equiv"))
		render_equiv(&b, ev);
	else if (!strcmp(st->name, "props"))
		render_props(&b, ev);
	else if (!strcmp(st->name, "synth"))
		render_synth(&b, ev, k);
	if (b.len > DETAIL_MAX) {
		buf_setlen(&b, DETAIL_MAX);
		buf_addstr(&b, "\n... (truncated)\n");
	}
	if (b.len)
		k->detail = buf_detach(&b, NULL);
	buf_release(&b);
}

/* Where to point an annotation when the evidence names no file. */
static void default_file(struct gate_check *k, const struct gate_unit *u)
{
	const char *f = u->sources[0];

	if (k->file)
		return;
	/* a failing testbench blames the design, not the testbench file */
	if (k->kind == GATE_CHECK_PROPS && u->nprops)
		f = u->props[0];
	k->file = strdup(f);
}

void gate__take_stage(struct gate_check *k, struct verify_stage *st, int rc,
		      const struct gate_unit *u)
{
	if (rc < 0) {
		set_error(k, rc == ERR_INTR ? "interrupted" : err_last());
		default_file(k, u);
		return;
	}
	switch (st->status) {
	case VERIFY_PASS:
		k->result = GATE_PASS;
		break;
	case VERIFY_FAIL:
		k->result = GATE_FAIL;
		break;
	case VERIFY_SKIPPED:
		k->result = GATE_SKIPPED;
		break;
	default: /* inconclusive or error: could not decide */
		k->result = GATE_ERROR;
		break;
	}
	k->class = st->class ? strdup(st->class) : NULL;
	if (st->summary && *st->summary)
		k->message = gate__oneline(st->summary, 400);
	else if (k->result != GATE_PASS)
		k->message = strdup(verify_status_name(st->status));
	if (k->result != GATE_PASS)
		render(k, st);
	k->evidence = st->evidence;
	st->evidence = NULL;
	default_file(k, u);
}

static void over(struct buf *b, const char *what, double got, double max)
{
	if (got <= max)
		return;
	buf_addf(b, "%s%s %g > max %g (over by %g)", b->len ? "; " : "", what,
		 got, max, got - max);
}

void gate__budget(struct gate_check *k, const struct vev_stats *s,
		  cJSON *stats_json, const struct gate_unit *u)
{
	const struct gate_budget *bg = &u->budget;
	struct buf b = BUF_INIT, d = BUF_INIT;

	if (bg->max_cells >= 0)
		over(&b, "cells", (double)s->cells, (double)bg->max_cells);
	if (bg->max_flops >= 0)
		over(&b, "flops", (double)s->flops, (double)bg->max_flops);
	if (bg->max_depth >= 0)
		over(&b, "depth", (double)s->depth, (double)bg->max_depth);
	if (bg->max_area >= 0)
		over(&b, "area", s->area, bg->max_area);
	buf_addf(&d, "cells %ld", s->cells);
	if (bg->max_cells >= 0)
		buf_addf(&d, " (max %ld)", bg->max_cells);
	buf_addf(&d, ", flops %ld", s->flops);
	if (bg->max_flops >= 0)
		buf_addf(&d, " (max %ld)", bg->max_flops);
	buf_addf(&d, ", depth %ld", s->depth);
	if (bg->max_depth >= 0)
		buf_addf(&d, " (max %ld)", bg->max_depth);
	buf_addf(&d, ", area %g", s->area);
	if (bg->max_area >= 0)
		buf_addf(&d, " (max %g)", bg->max_area);
	k->result = b.len ? GATE_FAIL : GATE_PASS;
	k->class = b.len ? strdup("budget/exceeded") : NULL;
	k->message = b.len ? buf_detach(&b, NULL) : strdup(d.data);
	k->detail = buf_detach(&d, NULL);
	k->evidence = stats_json;
	k->file = strdup(u->sources[0]);
	buf_release(&b);
}
