#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

const char *verify_status_name(enum verify_status s)
{
	switch (s) {
	case VERIFY_PASS:
		return "pass";
	case VERIFY_FAIL:
		return "fail";
	case VERIFY_INCONCLUSIVE:
		return "inconclusive";
	case VERIFY_ERROR:
		return "error";
	case VERIFY_SKIPPED:
		return "skipped";
	}
	return "error";
}

void verify_stage_release(struct verify_stage *s)
{
	free(s->class);
	free(s->summary);
	cJSON_Delete(s->evidence);
	verify_evidence_release(&s->ev);
	memset(s, 0, sizeof(*s));
}

int verify_stage_set(struct verify_stage *s, const char *name,
		     enum verify_status st, const char *class,
		     const char *summary_fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	char *c = NULL;
	int rc;

	snprintf(s->name, sizeof(s->name), "%s", name);
	s->status = st;
	if (class) {
		c = strdup(class);
		if (!c)
			return err_set(ERR_FAIL, "out of memory");
	}
	free(s->class);
	s->class = c;
	va_start(ap, summary_fmt);
	rc = buf_vaddf(&b, summary_fmt, ap);
	va_end(ap);
	if (rc) {
		buf_release(&b);
		return rc;
	}
	free(s->summary);
	s->summary = buf_detach(&b, NULL);
	return 0;
}

cJSON *verify_stage_json(const struct verify_stage *s)
{
	cJSON *o = cJSON_CreateObject();
	int rc = 0;

	if (!o)
		return NULL;
	rc |= json_add_str(o, "name", s->name);
	rc |= json_add_str(o, "status", verify_status_name(s->status));
	rc |= json_add_take(o, "class",
			    s->class ? cJSON_CreateString(s->class)
				     : cJSON_CreateNull());
	rc |= json_add_str(o, "summary", s->summary ? s->summary : "");
	rc |= json_add_take(o, "evidence",
			    s->evidence ? cJSON_Duplicate(s->evidence, 1)
					: cJSON_CreateObject());
	rc |= json_add_num(o, "time_ms", (double)s->elapsed_ms);
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

void verify_verdict_init(struct verify_verdict *v)
{
	memset(v, 0, sizeof(*v));
	v->status = VERIFY_PASS;
	v->failed = -1;
	v->samples = -1;
}

void verify_verdict_release(struct verify_verdict *v)
{
	for (size_t i = 0; i < v->nstages; i++)
		verify_stage_release(&v->stages[i]);
	cJSON_Delete(v->meta);
	verify_verdict_init(v);
}

const struct verify_stage *verify_verdict_stage(const struct verify_verdict *v,
						const char *name)
{
	for (size_t i = 0; i < v->nstages; i++)
		if (!strcmp(v->stages[i].name, name))
			return &v->stages[i];
	return NULL;
}

/* fail beats error beats inconclusive beats pass; skipped is neutral. */
static int severity(enum verify_status s)
{
	switch (s) {
	case VERIFY_FAIL:
		return 3;
	case VERIFY_ERROR:
		return 2;
	case VERIFY_INCONCLUSIVE:
		return 1;
	default:
		return 0;
	}
}

int verify_verdict_add(struct verify_verdict *v, struct verify_stage *s)
{
	if (v->nstages >= VERIFY_MAX_STAGES)
		return err_set(ERR_FAIL, "too many stages in one verdict");
	v->stages[v->nstages] = *s;
	memset(s, 0, sizeof(*s));
	if (verify_evidence_from_json(&v->stages[v->nstages].ev,
				      v->stages[v->nstages].evidence)) {
		verify_stage_release(&v->stages[v->nstages]);
		return ERR_FAIL;
	}
	if (severity(v->stages[v->nstages].status) > severity(v->status)) {
		v->status = v->stages[v->nstages].status;
		v->failed = (int)v->nstages;
	}
	v->nstages++;
	return 0;
}

cJSON *verify_verdict_json(const struct verify_verdict *v)
{
	const struct verify_stage *f =
		v->failed >= 0 ? &v->stages[v->failed] : NULL;
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	int rc = 0;

	rc |= json_add_str(o, "verdict", verify_status_name(v->status));
	rc |= json_add_take(o, "stage",
			    f ? cJSON_CreateString(f->name)
			      : cJSON_CreateNull());
	rc |= json_add_take(o, "class",
			    f && f->class ? cJSON_CreateString(f->class)
					  : cJSON_CreateNull());
	rc |= json_add_str(o, "summary",
			   f && f->summary ? f->summary
					   : (v->status == VERIFY_PASS
						      ? "all stages passed"
						      : ""));
	for (size_t i = 0; i < v->nstages; i++)
		rc |= json_append_take(arr, verify_stage_json(&v->stages[i]));
	/* takes arr on every path: a NULL o or arr only sets rc */
	rc |= json_add_take(o, "stages", arr);
	if (v->meta) {
		const cJSON *it;

		cJSON_ArrayForEach(it, v->meta) rc |=
			json_add_take(o, it->string, cJSON_Duplicate(it, 1));
	}
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

void verify_iface_release(struct verify_iface *f)
{
	for (size_t i = 0; i < f->nports; i++)
		free(f->ports[i].name);
	free(f->ports);
	free(f->top);
	memset(f, 0, sizeof(*f));
}
