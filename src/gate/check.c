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

/* Compact JSON of a value, for table cells like {"a": 3, "b": 4}. */
static void add_json(struct buf *b, const cJSON *v)
{
	char *s;

	if (!v) {
		buf_addstr(b, "-");
		return;
	}
	if (cJSON_IsString(v)) {
		buf_add_escaped(b, v->valuestring, strlen(v->valuestring));
		return;
	}
	s = cJSON_PrintUnformatted(v);
	if (s) {
		buf_add_escaped(b, s, strlen(s));
		cJSON_free(s);
	}
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
}

static void add_rows(struct buf *b, const cJSON *rows, const char *const *keys)
{
	const cJSON *row;
	int n = 0, total = cJSON_GetArraySize(rows);

	cJSON_ArrayForEach(row, rows)
	{
		if (n++ == DETAIL_ROWS) {
			buf_addf(b, "  ... %d more\n", total - DETAIL_ROWS);
			break;
		}
		buf_addstr(b, " ");
		for (size_t i = 0; keys[i]; i++) {
			const cJSON *v = get(row, keys[i]);

			if (!v)
				continue;
			buf_addf(b, " %s=", keys[i]);
			add_json(b, v);
		}
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

static void render_compile(struct buf *b, const cJSON *ev, struct gate_check *k)
{
	const cJSON *errs = get(ev, "errors"), *e;
	int n = 0;

	cJSON_ArrayForEach(e, errs)
	{
		const char *file = json_get_string(e, "file");
		const char *msg = json_get_string(e, "message");
		const char *src = json_get_string(e, "source");
		long line = (long)json_get_number(e, "line", 0);

		if (n++ == DETAIL_ROWS)
			break;
		if (file && !k->file) {
			k->file = strdup(file);
			k->line = line;
		}
		buf_add_escaped(b, file ? file : "?", file ? strlen(file) : 1);
		buf_addf(b, ":%ld: ", line);
		if (msg)
			buf_add_escaped(b, msg, strlen(msg));
		buf_addch(b, '\n');
		if (src) {
			buf_addstr(b, "    ");
			buf_add_escaped(b, src, strlen(src));
			buf_addch(b, '\n');
		}
	}
	if (!n)
		add_tail(b, "log", json_get_string(ev, "log"), 20);
}

static void render_sim(struct buf *b, const cJSON *ev)
{
	static const char *const keys[] = { "cycle",	"time", "inputs",
					    "expected", "got",	NULL };
	const cJSON *table = get(ev, "table");

	if (get(ev, "mismatches"))
		buf_addf(b, "mismatches: %.0f of %.0f compared\n",
			 json_get_number(ev, "mismatches", 0),
			 json_get_number(ev, "compared", 0));
	if (cJSON_GetArraySize(table)) {
		buf_addstr(b, "first mismatches:\n");
		add_rows(b, table, keys);
	}
	add_tail(b, "output (last lines)", json_get_string(ev, "output"), 20);
}

/*
 * "result: R (method M), depth D" and "reason: ..." of a formal stage's
 * evidence.  The reason quotes tool output, which names the design's own
 * signals: escaped.
 */
static void render_head(struct buf *b, const cJSON *ev, bool with_method)
{
	const char *result = json_get_string(ev, "result");
	const char *method = json_get_string(ev, "method");
	const char *reason = json_get_string(ev, "reason");

	if (result)
		buf_addf(b, "result: %s", result);
	if (with_method && method)
		buf_addf(b, " (method %s)", method);
	if (get(ev, "depth"))
		buf_addf(b, ", depth %.0f", json_get_number(ev, "depth", 0));
	if (b->len)
		buf_addch(b, '\n');
	if (reason) {
		buf_addstr(b, "reason: ");
		buf_add_escaped(b, reason, strlen(reason));
		buf_addch(b, '\n');
	}
}

static void render_equiv(struct buf *b, const cJSON *ev)
{
	static const char *const keys[] = { "cycle", "inputs", "gold", "gate",
					    NULL };
	const cJSON *cex = get(ev, "counterexample");
	const char *vcd = json_get_string(ev, "vcd");

	render_head(b, ev, true);
	if (cJSON_GetArraySize(cex)) {
		buf_addstr(b, "counterexample:\n");
		add_rows(b, cex, keys);
	}
	if (vcd)
		buf_addf(b, "vcd: %s\n", vcd);
}

static void render_props(struct buf *b, const cJSON *ev)
{
	const cJSON *trace = get(ev, "trace");

	render_head(b, ev, false);
	if (cJSON_IsString(trace)) {
		add_tail(b, "trace", trace->valuestring, 40);
	} else if (cJSON_IsArray(trace) && cJSON_GetArraySize(trace)) {
		const cJSON *row;
		int n = 0;

		buf_addstr(b, "trace:\n");
		cJSON_ArrayForEach(row, trace)
		{
			if (n++ == 2 * DETAIL_ROWS)
				break;
			buf_addstr(b, "  ");
			add_json(b, row);
			buf_addch(b, '\n');
		}
	} else if (trace && !cJSON_IsNull(trace)) {
		buf_addstr(b, "trace: ");
		add_json(b, trace);
		buf_addch(b, '\n');
	}
}

static void render_synth(struct buf *b, const cJSON *ev, struct gate_check *k)
{
	const cJSON *f;
	int n = 0;

	cJSON_ArrayForEach(f, get(ev, "findings"))
	{
		const char *kind = json_get_string(f, "kind");
		const char *sig = json_get_string(f, "signal");
		const char *msg = json_get_string(f, "message");
		long line = (long)json_get_number(f, "line", 0);

		if (n++ == DETAIL_ROWS)
			break;
		buf_addf(b, "%s", kind ? kind : "finding");
		if (sig) {
			buf_addstr(b, " '");
			buf_add_escaped(b, sig, strlen(sig));
			buf_addch(b, '\'');
		}
		if (line > 0) {
			buf_addf(b, " (line %ld)", line);
			if (!k->line)
				k->line = line;
		}
		if (msg) {
			buf_addstr(b, ": ");
			buf_add_escaped(b, msg, strlen(msg));
		}
		buf_addch(b, '\n');
	}
	if (!n)
		add_tail(b, "log", json_get_string(ev, "log"), 20);
}

static void render(struct gate_check *k, const cJSON *ev)
{
	struct buf b = BUF_INIT;

	if (!ev)
		return;
	switch (k->kind) {
	case GATE_CHECK_COMPILE:
		render_compile(&b, ev, k);
		break;
	case GATE_CHECK_SIM:
		render_sim(&b, ev);
		break;
	case GATE_CHECK_EQUIV:
		render_equiv(&b, ev);
		break;
	case GATE_CHECK_PROPS:
		render_props(&b, ev);
		break;
	case GATE_CHECK_SYNTH:
		render_synth(&b, ev, k);
		break;
	default:
		add_json(&b, ev);
		break;
	}
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
	k->evidence = st->evidence;
	st->evidence = NULL;
	if (k->result != GATE_PASS)
		render(k, k->evidence);
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
