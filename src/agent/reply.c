#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "agent/agent-int.h"
#include "agent/reply.h"

/* Far more choices than any request asks for (--candidates <= 32). */
#define REPLY_MAX_CHOICES 1024

void llm_reply_release(struct llm_reply *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->choices[i].content);
		free(r->choices[i].reasoning);
		free(r->choices[i].finish_reason);
	}
	free(r->choices);
	r->choices = NULL;
	r->n = 0;
	r->prompt_tokens = r->completion_tokens = 0;
	r->cached = false;
}

/* Per-choice accumulators while a stream arrives. */
struct acc {
	struct buf content, reasoning;
	char *finish;
	bool seen;
};

static int acc_grow(struct acc **v, size_t *n, size_t idx)
{
	struct acc *p;

	if (idx < *n)
		return 0;
	if (idx > 255)
		return err_set(ERR_FAIL, "choice index %zu out of range", idx);
	p = realloc(*v, (idx + 1) * sizeof(*p));
	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = *n; i <= idx; i++) {
		buf_init(&p[i].content);
		buf_init(&p[i].reasoning);
		p[i].finish = NULL;
		p[i].seen = false;
	}
	*v = p;
	*n = idx + 1;
	return 0;
}

static void acc_free(struct acc *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		buf_release(&v[i].content);
		buf_release(&v[i].reasoning);
		free(v[i].finish);
	}
	free(v);
}

static void read_usage(const cJSON *u, struct llm_reply *out)
{
	if (!cJSON_IsObject(u))
		return;
	out->prompt_tokens =
		json_get_long(u, "prompt_tokens", out->prompt_tokens);
	out->completion_tokens =
		json_get_long(u, "completion_tokens", out->completion_tokens);
}

/* Move accumulators into out->choices (in index order, gaps skipped). */
static int acc_finish(struct acc *v, size_t n, struct llm_reply *out)
{
	size_t k = 0;

	out->choices = calloc(n ? n : 1, sizeof(*out->choices));
	if (!out->choices)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		struct llm_choice *c = &out->choices[k];

		if (!v[i].seen)
			continue;
		c->content = buf_detach(&v[i].content, NULL);
		c->reasoning = v[i].reasoning.len
				       ? buf_detach(&v[i].reasoning, NULL)
				       : NULL;
		c->finish_reason = v[i].finish;
		v[i].finish = NULL;
		k++;
		out->n = k;
		if (!c->content)
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

static int add_text(struct buf *b, const cJSON *v)
{
	return cJSON_IsString(v) ? buf_addstr(b, v->valuestring) : 0;
}

static int take_choice(struct acc *a, const cJSON *msg, const cJSON *fin)
{
	a->seen = true;
	if (add_text(&a->content,
		     cJSON_GetObjectItemCaseSensitive(msg, "content")) ||
	    add_text(&a->reasoning, cJSON_GetObjectItemCaseSensitive(
					    msg, "reasoning_content")) ||
	    add_text(&a->reasoning,
		     cJSON_GetObjectItemCaseSensitive(msg, "reasoning")))
		return ERR_FAIL;
	if (cJSON_IsString(fin)) {
		free(a->finish);
		a->finish = strdup(fin->valuestring);
		if (!a->finish)
			return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

/* One parsed object: a whole completion or one stream chunk. */
static int take_object(const cJSON *j, bool chunk, struct acc **v, size_t *n,
		       struct llm_reply *out, enum reply_kind *kind)
{
	const cJSON *choices, *c;

	if (cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "error"))) {
		*kind = REPLY_ERROR_EVENT;
		return 0;
	}
	read_usage(cJSON_GetObjectItemCaseSensitive(j, "usage"), out);
	choices = cJSON_GetObjectItemCaseSensitive(j, "choices");
	if (!cJSON_IsArray(choices)) /* a usage chunk may carry null */
		return chunk || cJSON_IsNull(choices)
			       ? 0
			       : err_set(ERR_FAIL, "reply has no choices");
	cJSON_ArrayForEach(c, choices)
	{
		double idx = json_get_number(c, "index", 0);
		const cJSON *msg =
			json_get_object(c, chunk ? "delta" : "message");
		int rc;

		/* a server's index sizes an array: bound it first */
		if (!(idx >= 0 && idx < REPLY_MAX_CHOICES) ||
		    (double)(size_t)idx != idx)
			return err_set(ERR_FAIL, "bad choice index");
		rc = acc_grow(v, n, (size_t)idx);
		if (rc)
			return rc;
		rc = take_choice(
			&(*v)[(size_t)idx], msg,
			cJSON_GetObjectItemCaseSensitive(c, "finish_reason"));
		if (rc)
			return rc;
	}
	return 0;
}

static int parse_json(const char *body, size_t len, struct llm_reply *out,
		      enum reply_kind *kind)
{
	struct acc *v = NULL;
	size_t n = 0;
	cJSON *j = NULL;
	int rc;

	if (json_parse(&j, body, len, "reply")) {
		*kind = REPLY_MALFORMED;
		return 0;
	}
	rc = take_object(j, false, &v, &n, out, kind);
	if (!rc && *kind == REPLY_OK && !n)
		*kind = REPLY_EMPTY;
	if (!rc && *kind == REPLY_OK)
		rc = acc_finish(v, n, out);
	if (rc && *kind == REPLY_OK) {
		*kind = REPLY_MALFORMED;
		rc = 0;
	}
	acc_free(v, n);
	cJSON_Delete(j);
	return rc;
}

/* One complete SSE event's data. */
static int sse_event(struct buf *data, bool *done, struct acc **v, size_t *n,
		     struct llm_reply *out, enum reply_kind *kind)
{
	cJSON *j = NULL;
	int rc = 0;

	if (!data->len)
		return 0;
	if (!strcmp(data->data, "[DONE]")) {
		*done = true;
	} else if (json_parse(&j, data->data, data->len, "stream chunk")) {
		*kind = REPLY_MALFORMED;
	} else {
		rc = take_object(j, true, v, n, out, kind);
		cJSON_Delete(j);
	}
	buf_reset(data);
	return rc;
}

/* Server-sent events: "data:" lines, blank-line separated, "[DONE]". */
static int parse_sse(const char *body, size_t len, struct llm_reply *out,
		     enum reply_kind *kind)
{
	const char *p = body, *end = body + len;
	struct buf data = BUF_INIT;
	struct acc *v = NULL;
	size_t n = 0;
	bool done = false, finished = false;
	int rc = 0;

	while (p < end && !rc && *kind == REPLY_OK) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *le = e ? e : end;
		size_t ll = (size_t)(le - p);

		if (ll && p[ll - 1] == '\r')
			ll--;
		if (ll >= 5 && !memcmp(p, "data:", 5)) {
			const char *d = p + 5;
			size_t dl = ll - 5;

			if (dl && *d == ' ') {
				d++;
				dl--;
			}
			if ((data.len && buf_addch(&data, '\n')) ||
			    buf_add(&data, d, dl))
				rc = ERR_FAIL;
		} else if (!ll) {
			rc = sse_event(&data, &done, &v, &n, out, kind);
		}
		p = e ? e + 1 : end;
	}
	if (!rc && *kind == REPLY_OK)
		rc = sse_event(&data, &done, &v, &n, out, kind);
	for (size_t i = 0; i < n; i++)
		finished = finished || v[i].finish;
	if (!rc && *kind == REPLY_OK && (!n || (!done && !finished)))
		*kind = REPLY_TRUNCATED; /* the stream ended early */
	if (!rc && *kind == REPLY_OK)
		rc = acc_finish(v, n, out);
	acc_free(v, n);
	buf_release(&data);
	return rc;
}

int reply_parse(const char *content_type, const char *body, size_t len,
		struct llm_reply *out, enum reply_kind *kind)
{
	const char *p = body;

	*kind = REPLY_OK;
	while (p < body + len && (*p == ' ' || *p == '\n' || *p == '\r'))
		p++;
	if ((content_type && strstr(content_type, "text/event-stream")) ||
	    ((size_t)(body + len - p) >= 5 && !memcmp(p, "data:", 5)))
		return parse_sse(body, len, out, kind);
	return parse_json(body, len, out, kind);
}
