#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/*
 * Typed evidence (evidence.h).  The stages still build their evidence as
 * JSON (its shape is documented at verify_check()); verify_verdict_add()
 * reads it into the typed form here, once, so every reader outside
 * src/verify (agent, rtlgen's feedback) uses the structs and no code
 * outside this file reads evidence by key names.
 */

void verify_evidence_init(struct verify_evidence *e)
{
	memset(e, 0, sizeof(*e));
	e->compared = e->mismatches = e->samples = e->depth = -1;
	e->stats.cells = e->stats.flops = e->stats.latches = -1;
	e->stats.depth = -1;
	e->stats.area = -1;
}

static void cell_release(struct vev_cell *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->kv[i].name);
		free(c->kv[i].value);
	}
	free(c->kv);
}

static void rows_free(struct vev_row *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cell_release(&r[i].inputs);
		cell_release(&r[i].expected);
		cell_release(&r[i].got);
	}
	free(r);
}

static void diags_free(struct vev_diag *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(d[i].file);
		free(d[i].severity);
		free(d[i].message);
		free(d[i].source);
		free(d[i].token);
	}
	free(d);
}

void verify_evidence_release(struct verify_evidence *e)
{
	strv_free_n(e->problems, e->nproblems);
	diags_free(e->diags, e->ndiags);
	diags_free(e->violations, e->nviolations);
	strv_free_n(e->ports, e->nports);
	rows_free(e->trace, e->ntrace);
	free(e->log);
	free(e->tool_stderr);
	free(e->ref_log);
	free(e->result);
	free(e->method);
	free(e->reason);
	free(e->vcd);
	free(e->assertion);
	rows_free(e->table, e->ntable);
	rows_free(e->cex, e->ncex);
	for (size_t i = 0; i < e->nfindings; i++) {
		free(e->findings[i].kind);
		free(e->findings[i].signal);
		free(e->findings[i].file);
		free(e->findings[i].message);
	}
	free(e->findings);
	free(e->output);
	strv_free_n(e->report, e->nreport);
	strv_free_n(e->tampered, e->ntampered);
	verify_evidence_init(e);
}

/* ---- from the stages' JSON ------------------------------------------------ */

static int dup_opt(char **out, const char *s)
{
	*out = NULL;
	if (!s)
		return 0;
	*out = strdup(s);
	return *out ? 0 : ERR_FAIL;
}

/* A JSON value as text: strings as they are, numbers %.15g, 1/0. */
static int value_text(struct buf *b, const cJSON *v)
{
	const cJSON *c;
	bool first = true;

	if (cJSON_IsString(v))
		return buf_addstr(b, v->valuestring);
	if (cJSON_IsNumber(v))
		return buf_addf(b, "%.15g", v->valuedouble);
	if (cJSON_IsBool(v))
		return buf_addstr(b, cJSON_IsTrue(v) ? "1" : "0");
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return buf_addstr(b, "-");
	cJSON_ArrayForEach(c, v)
	{
		if (!first && buf_addch(b, ' '))
			return ERR_FAIL;
		first = false;
		if (c->string && buf_addf(b, "%s=", c->string))
			return ERR_FAIL;
		if (value_text(b, c))
			return ERR_FAIL;
	}
	return first ? buf_addstr(b, "-") : 0;
}

static int cell_from(struct vev_cell *out, const cJSON *v)
{
	size_t n = 0, i = 0;
	const cJSON *c;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!v)
		return 0;
	if (cJSON_IsObject(v) || cJSON_IsArray(v))
		n = (size_t)cJSON_GetArraySize(v);
	else
		n = 1;
	if (!n)
		return 0;
	out->kv = calloc(n, sizeof(*out->kv));
	if (!out->kv)
		return ERR_FAIL;
	out->n = n;
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v)) {
		struct buf b = BUF_INIT;

		rc = value_text(&b, v);
		out->kv[0].value = buf_detach(&b, NULL);
		return rc || !out->kv[0].value ? ERR_FAIL : 0;
	}
	cJSON_ArrayForEach(c, v)
	{
		struct buf b = BUF_INIT;

		rc |= dup_opt(&out->kv[i].name, c->string);
		rc |= value_text(&b, c);
		out->kv[i].value = buf_detach(&b, NULL);
		rc |= !out->kv[i].value;
		i++;
	}
	return rc ? ERR_FAIL : 0;
}

static int strv_from(char ***out, size_t *n, const cJSON *arr)
{
	const cJSON *s;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_GetArraySize(arr))
		return 0;
	*out = calloc((size_t)cJSON_GetArraySize(arr), sizeof(**out));
	if (!*out)
		return ERR_FAIL;
	cJSON_ArrayForEach(s, arr)
	{
		if (!cJSON_IsString(s))
			continue;
		rc |= dup_opt(&(*out)[*n], s->valuestring);
		(*n)++;
	}
	return rc;
}

static int rows_from(struct vev_row **out, size_t *n, const cJSON *arr,
		     const char *k_exp, const char *k_got)
{
	const cJSON *r;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_GetArraySize(arr))
		return 0;
	*out = calloc((size_t)cJSON_GetArraySize(arr), sizeof(**out));
	if (!*out)
		return ERR_FAIL;
	cJSON_ArrayForEach(r, arr)
	{
		struct vev_row *w = &(*out)[(*n)++];

		w->cycle = (long)json_get_number(r, "cycle", -1);
		rc |= cell_from(&w->inputs,
				cJSON_GetObjectItemCaseSensitive(r, "inputs"));
		rc |= cell_from(&w->expected,
				cJSON_GetObjectItemCaseSensitive(r, k_exp));
		rc |= cell_from(&w->got,
				cJSON_GetObjectItemCaseSensitive(r, k_got));
	}
	return rc;
}

static int diags_from(struct vev_diag **out, size_t *n, const cJSON *arr,
		      const char *k_sev)
{
	const cJSON *x;
	int rc = 0;

	*out = NULL;
	*n = 0;
	if (!cJSON_GetArraySize(arr))
		return 0;
	*out = calloc((size_t)cJSON_GetArraySize(arr), sizeof(**out));
	if (!*out)
		return ERR_FAIL;
	cJSON_ArrayForEach(x, arr)
	{
		struct vev_diag *d = &(*out)[(*n)++];

		rc |= dup_opt(&d->file, json_get_string(x, "file"));
		d->line = (long)json_get_number(x, "line", 0);
		d->column = (long)json_get_number(x, "column", 0);
		rc |= dup_opt(&d->severity, json_get_string(x, k_sev));
		rc |= dup_opt(&d->message, json_get_string(x, "message"));
		rc |= dup_opt(&d->source, json_get_string(x, "source"));
		rc |= dup_opt(&d->token, json_get_string(x, "token"));
	}
	return rc;
}

/* A props trace row: {"cycle", "signals": {...}}; the signals go in .got. */
static int trace_from(struct verify_evidence *e, const cJSON *trace)
{
	return rows_from(&e->trace, &e->ntrace,
			 cJSON_IsArray(trace) ? trace : NULL, "-", "signals");
}

/* The formal stages' and the tools' texts. */
static int texts_from(struct verify_evidence *e, const cJSON *j)
{
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "assertion");
	int rc = 0;

	rc |= dup_opt(&e->log, json_get_string(j, "log"));
	rc |= dup_opt(&e->tool_stderr, json_get_string(j, "stderr"));
	rc |= dup_opt(&e->ref_log, json_get_string(j, "reference_log"));
	rc |= dup_opt(&e->result, json_get_string(j, "result"));
	rc |= dup_opt(&e->method, json_get_string(j, "method"));
	rc |= dup_opt(&e->reason, json_get_string(j, "reason"));
	rc |= dup_opt(&e->vcd, json_get_string(j, "vcd"));
	rc |= dup_opt(&e->assertion, cJSON_IsString(a) ? a->valuestring
						       : NULL);
	e->depth = (long)json_get_number(j, "depth", -1);
	return rc;
}

static int findings_from(struct verify_evidence *e, const cJSON *arr)
{
	const cJSON *x;
	int rc = 0;

	if (!cJSON_GetArraySize(arr))
		return 0;
	e->findings =
		calloc((size_t)cJSON_GetArraySize(arr), sizeof(*e->findings));
	if (!e->findings)
		return ERR_FAIL;
	cJSON_ArrayForEach(x, arr)
	{
		struct vev_finding *f = &e->findings[e->nfindings++];

		rc |= dup_opt(&f->kind, json_get_string(x, "kind"));
		rc |= dup_opt(&f->signal, json_get_string(x, "signal"));
		rc |= dup_opt(&f->file, json_get_string(x, "file"));
		f->line = (long)json_get_number(x, "line", 0);
		rc |= dup_opt(&f->message, json_get_string(x, "message"));
	}
	return rc;
}

int verify_evidence_from_json(struct verify_evidence *e, const cJSON *j)
{
	const cJSON *st;
	int rc = 0;

	verify_evidence_release(e);
	if (!cJSON_IsObject(j))
		return 0;
	rc |= strv_from(&e->problems, &e->nproblems,
			json_get_array(j, "problems"));
	rc |= diags_from(&e->diags, &e->ndiags, json_get_array(j, "errors"),
			 "severity");
	rc |= diags_from(&e->violations, &e->nviolations,
			 json_get_array(j, "violations"), "class");
	rc |= strv_from(&e->ports, &e->nports, json_get_array(j, "ports"));
	rc |= trace_from(e, cJSON_GetObjectItemCaseSensitive(j, "trace"));
	rc |= texts_from(e, j);
	e->compared = (long)json_get_number(j, "compared", -1);
	e->mismatches = (long)json_get_number(j, "mismatches", -1);
	rc |= rows_from(&e->table, &e->ntable, json_get_array(j, "table"),
			"expected", "got");
	rc |= rows_from(&e->cex, &e->ncex, json_get_array(j, "counterexample"),
			"gold", "gate");
	rc |= findings_from(e, json_get_array(j, "findings"));
	st = json_get_object(j, "stats");
	if (st) {
		e->stats.have = true;
		e->stats.cells = (long)json_get_number(st, "cells", -1);
		e->stats.flops = (long)json_get_number(st, "flops", -1);
		e->stats.latches = (long)json_get_number(st, "latches", -1);
		e->stats.depth = (long)json_get_number(st, "logic_depth", -1);
		e->stats.area = json_get_number(st, "transistors", -1);
	}
	rc |= dup_opt(&e->output, json_get_string(j, "output"));
	rc |= strv_from(&e->report, &e->nreport, json_get_array(j, "report"));
	rc |= strv_from(&e->tampered, &e->ntampered,
			json_get_array(j, "tampered"));
	e->samples = (long)json_get_number(j, "samples", -1);
	if (rc) {
		verify_evidence_release(e);
		return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

size_t verify_verdict_views(struct vev_stage *out, size_t cap,
			    const struct verify_verdict *v)
{
	size_t n = 0;

	for (size_t i = 0; i < v->nstages && n < cap; i++) {
		const struct verify_stage *s = &v->stages[i];

		out[n++] = (struct vev_stage){
			.name = s->name,
			.status = verify_status_name(s->status),
			.class = s->class,
			.summary = s->summary,
			.ev = &s->ev,
		};
	}
	return n;
}
