#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/cache.h"
#include "base/clock.h"
#include "agent/agent-int.h"
#include "agent/reply.h"

/* Cached replies and error bodies are text from outside: cap them. */
#define CACHE_MAX      (16u << 20)
#define ERROR_BODY_MAX 2000

struct llm {
	struct agent_llm_opts o;
	char *url;
	struct http_client **http;
	bool *busy;
	size_t nslots;
	pthread_mutex_t lock; /* stats, flags, transcript, rng, busy */
	pthread_cond_t freed;
	struct agent_llm_stats stats;
	FILE *transcript;
	double price_in, price_out; /* $ per 1M tokens */
	unsigned long long rng;
};

/* ---- small helpers ------------------------------------------------------ */

int agent_mkdirs(const char *path)
{
	return mkdir_p(path);
}

/* Sleep in short steps so ^C is honoured; ERR_INTR if interrupted. */
static int nap_ms(long ms)
{
	long long end = mono_ms() + ms;

	while (!proc_interrupted) {
		long long left = end - mono_ms();
		struct timespec ts;

		if (left <= 0)
			return 0;
		if (left > 50)
			left = 50;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
	return err_set(ERR_INTR, "interrupted");
}

void llm_redact(const struct llm *l, struct buf *b)
{
	const char *key = l->o.api_key;
	size_t kl = key ? strlen(key) : 0;
	struct buf out = BUF_INIT;
	const char *p;

	if (kl < 4 || !(p = strstr(b->data, key)))
		return;
	for (p = b->data; *p;) {
		const char *hit = strstr(p, key);

		if (!hit) {
			buf_addstr(&out, p);
			break;
		}
		buf_add(&out, p, (size_t)(hit - p));
		buf_addstr(&out, "[REDACTED]");
		p = hit + kl;
	}
	buf_reset(b);
	buf_add(b, out.data, out.len);
	buf_release(&out);
}

void llm_transcript(struct llm *l, const cJSON *obj)
{
	struct buf b = BUF_INIT;

	if (!l->transcript || json_print(&b, obj, false))
		goto done;
	llm_redact(l, &b);
	buf_addch(&b, '\n');
	/* one write(2) per line: a kill -9 leaves whole lines behind */
	pthread_mutex_lock(&l->lock);
	for (size_t off = 0; off < b.len;) {
		ssize_t n =
			write(fileno(l->transcript), b.data + off, b.len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warn("cannot write the transcript");
			break;
		}
		off += (size_t)n;
	}
	pthread_mutex_unlock(&l->lock);
done:
	buf_release(&b);
}

static void load_costs(struct llm *l)
{
	cJSON *j = NULL, *m;

	if (!l->o.cost_table)
		return;
	if (json_parse_file(&j, l->o.cost_table, 1u << 20)) {
		log_warn("cost table: %s", err_last());
		return;
	}
	m = json_get_object(j, l->o.model);
	if (m) {
		l->price_in = json_get_number(m, "input", 0);
		l->price_out = json_get_number(m, "output", 0);
	}
	cJSON_Delete(j);
}

/*
 * A transcript a killed run left with half a line at its end: cut back
 * to the last newline, so the lines appended now each stand alone.
 */
static int transcript_repair(const char *path)
{
	char blk[4096];
	int fd = open(path, O_RDWR | O_CLOEXEC);
	off_t end, pos;
	int rc = 0;

	if (fd < 0)
		return errno == ENOENT
			       ? 0
			       : err_set_errno(ERR_FAIL, "cannot open '%s'",
					       path);
	end = lseek(fd, 0, SEEK_END);
	for (pos = end; pos > 0;) {
		size_t n = pos > (off_t)sizeof(blk) ? sizeof(blk) : (size_t)pos;
		ssize_t got = pread(fd, blk, n, pos - (off_t)n);
		size_t i;

		if (got != (ssize_t)n) {
			rc = err_set_errno(ERR_FAIL, "cannot read '%s'", path);
			break;
		}
		for (i = n; i > 0 && blk[i - 1] != '\n'; i--)
			;
		if (i > 0) {
			pos = pos - (off_t)n + (off_t)i;
			break;
		}
		pos -= (off_t)n;
	}
	if (!rc && pos < end && ftruncate(fd, pos))
		rc = err_set_errno(ERR_FAIL, "cannot repair '%s'", path);
	close(fd);
	return rc;
}

int llm_open(struct llm **out, const struct agent_llm_opts *o, size_t slots)
{
	struct llm *l;
	size_t n;
	int rc = 0;

	*out = NULL;
	if (!o->endpoint || !*o->endpoint)
		return err_set(ERR_USAGE, "no endpoint: give --endpoint URL or "
					  "set HWFORGE_ENDPOINT");
	if (!o->model || !*o->model)
		return err_set(ERR_USAGE, "no model: give --model NAME or set "
					  "HWFORGE_MODEL");
	l = calloc(1, sizeof(*l));
	if (!l)
		return err_set(ERR_FAIL, "out of memory");
	l->o = *o;
	pthread_mutex_init(&l->lock, NULL);
	pthread_cond_init(&l->freed, NULL);
	l->rng = (unsigned long long)mono_ms() * 0x9e3779b97f4a7c15ULL | 1;
	n = strlen(o->endpoint);
	while (n && o->endpoint[n - 1] == '/')
		n--;
	{
		struct buf u = BUF_INIT;
		static const char suffix[] = "/chat/completions";

		buf_add(&u, o->endpoint, n);
		if (n < sizeof(suffix) - 1 ||
		    strcmp(u.data + n - (sizeof(suffix) - 1), suffix))
			buf_addstr(&u, suffix);
		l->url = buf_detach(&u, NULL);
	}
	l->nslots = slots ? slots : 1;
	l->http = calloc(l->nslots, sizeof(*l->http));
	l->busy = calloc(l->nslots, sizeof(*l->busy));
	if (!l->url || !l->http || !l->busy)
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && !o->offline && i < l->nslots; i++)
		rc = http_client_new(&l->http[i]);
	if (!rc && o->transcript_path)
		rc = transcript_repair(o->transcript_path);
	if (!rc && o->transcript_path) {
		l->transcript = fopen(o->transcript_path, "a");
		if (!l->transcript)
			rc = err_set_errno(ERR_FAIL, "cannot open '%s'",
					   o->transcript_path);
	}
	if (!rc && o->cache_dir)
		rc = agent_mkdirs(o->cache_dir);
	if (rc) {
		llm_close(l);
		return rc;
	}
	load_costs(l);
	*out = l;
	return 0;
}

void llm_close(struct llm *l)
{
	if (!l)
		return;
	for (size_t i = 0; l->http && i < l->nslots; i++)
		http_client_free(l->http[i]);
	free(l->http);
	free(l->busy);
	free(l->url);
	if (l->transcript && fclose(l->transcript))
		log_warn("cannot close the transcript");
	pthread_cond_destroy(&l->freed);
	pthread_mutex_destroy(&l->lock);
	free(l);
}

void llm_stats(struct llm *l, struct agent_llm_stats *out)
{
	pthread_mutex_lock(&l->lock);
	*out = l->stats;
	pthread_mutex_unlock(&l->lock);
}

#define STAT_ADD(l, field, v)                     \
	do {                                      \
		pthread_mutex_lock(&(l)->lock);   \
		(l)->stats.field += (v);          \
		pthread_mutex_unlock(&(l)->lock); \
	} while (0)

/* ---- request body and cache key ----------------------------------------- */

static cJSON *request_body(struct llm *l, const cJSON *messages, int n,
			   unsigned long seed, bool for_key, bool *used_mct)
{
	cJSON *b = cJSON_CreateObject();
	bool mct;
	int rc;

	if (!b)
		return NULL;
	pthread_mutex_lock(&l->lock);
	mct = l->stats.max_completion_tokens;
	pthread_mutex_unlock(&l->lock);
	if (used_mct)
		*used_mct = mct && !for_key && l->o.max_tokens > 0;
	rc = json_add_str(b, "model", l->o.model);
	if (!rc)
		rc = json_add_take(b, "messages", cJSON_Duplicate(messages, 1));
	if (!rc && l->o.temperature >= 0)
		rc = json_add_num(b, "temperature", l->o.temperature);
	if (!rc && l->o.max_tokens > 0)
		rc = json_add_num(b,
				  for_key ? "max_tokens"
				  : mct	  ? "max_completion_tokens"
					  : "max_tokens",
				  l->o.max_tokens);
	if (!rc && n > 1)
		rc = json_add_num(b, "n", n);
	if (!rc)
		rc = json_add_num(b, "seed", (double)seed);
	if (!rc && l->o.stream && !for_key) {
		cJSON *so = cJSON_CreateObject();

		rc = json_add_bool(b, "stream", true);
		if (!rc)
			rc = json_add_take(b, "stream_options", so);
		else
			cJSON_Delete(so);
		if (!rc)
			rc = json_add_bool(so, "include_usage", true);
	}
	if (rc) {
		cJSON_Delete(b);
		return NULL;
	}
	return b;
}

/*
 * The cache key hashes the endpoint, model, messages, parameters and
 * seed; never the transport details (stream, the max-tokens spelling).
 */
static int cache_key(struct llm *l, const cJSON *messages, int n,
		     unsigned long seed, char key[65])
{
	cJSON *b = request_body(l, messages, n, seed, true, NULL);
	struct buf t = BUF_INIT;
	int rc;

	if (!b)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_addf(&t, "hwforge-llm-cache-v1\n%s\n", l->url);
	if (!rc)
		rc = json_print(&t, b, false);
	if (!rc)
		sha256_hex(t.data, t.len, key);
	cJSON_Delete(b);
	buf_release(&t);
	return rc;
}

static cJSON *reply_json(const struct llm_reply *r)
{
	cJSON *j = cJSON_CreateObject(), *arr = cJSON_CreateArray(), *u;
	int rc = json_add_take(j, "choices", arr);

	for (size_t i = 0; !rc && i < r->n; i++) {
		cJSON *c = cJSON_CreateObject();

		rc = json_append_take(arr, c);
		if (!rc)
			rc = json_add_str(c, "content", r->choices[i].content);
		if (!rc)
			rc = json_add_str(c, "reasoning",
					  r->choices[i].reasoning);
		if (!rc)
			rc = json_add_str(c, "finish_reason",
					  r->choices[i].finish_reason);
	}
	u = cJSON_CreateObject();
	if (!rc)
		rc = json_add_take(j, "usage", u);
	else
		cJSON_Delete(u);
	if (!rc)
		rc = json_add_num(u, "prompt_tokens", (double)r->prompt_tokens);
	if (!rc)
		rc = json_add_num(u, "completion_tokens",
				  (double)r->completion_tokens);
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int cache_read(struct llm *l, const char *key, struct llm_reply *out)
{
	struct buf b = BUF_INIT;
	enum reply_kind kind;
	int rc = cas_get(&b, l->o.cache_dir, key, CACHE_MAX);

	if (!rc) {
		/* our entries are completions in the API's own shape */
		rc = reply_parse("application/json", b.data, b.len, out, &kind);
		if (!rc && kind != REPLY_OK) {
			llm_reply_release(out);
			log_warn("ignoring a damaged cache entry %s", key);
			rc = ERR_NOTFOUND;
		}
	}
	if (rc == ERR_NOTFOUND)
		err_clear();
	buf_release(&b);
	return rc;
}

/* base/cache.h: a unique temporary, then rename; never half an entry. */
static int cache_write(struct llm *l, const char *key,
		       const struct llm_reply *r)
{
	cJSON *j = reply_json(r), *arr;
	int rc = j ? 0 : err_set(ERR_FAIL, "out of memory");

	/* stored as a completion: {"choices": [{"message": ...}], "usage"} */
	arr = j ? json_get_array(j, "choices") : NULL;
	for (cJSON *c = arr ? arr->child : NULL; !rc && c; c = c->next) {
		cJSON *m = cJSON_CreateObject();

		rc = json_add_take(m, "role", cJSON_CreateString("assistant"));
		if (!rc)
			rc = json_add_take(
				m, "content",
				cJSON_Duplicate(
					cJSON_GetObjectItemCaseSensitive(
						c, "content"),
					1));
		if (!rc)
			rc = json_add_take(
				m, "reasoning_content",
				cJSON_Duplicate(
					cJSON_GetObjectItemCaseSensitive(
						c, "reasoning"),
					1));
		if (!rc)
			rc = json_add_take(c, "message", m);
		else
			cJSON_Delete(m);
	}
	if (!rc)
		rc = cas_put_json(l->o.cache_dir, key, j, false);
	cJSON_Delete(j);
	return rc;
}

/* ---- one request, with retries ------------------------------------------ */

static long backoff_ms(struct llm *l, int attempt)
{
	long base = l->o.backoff_ms > 0 ? l->o.backoff_ms : 1000;
	long cap = l->o.backoff_cap_ms > 0 ? l->o.backoff_cap_ms : 30000;
	long d = base;
	unsigned long long r;

	for (int i = 0; i < attempt && d < cap; i++)
		d *= 2;
	if (d > cap)
		d = cap;
	pthread_mutex_lock(&l->lock);
	l->rng ^= l->rng << 13; /* xorshift: jitter only, not results */
	l->rng ^= l->rng >> 7;
	l->rng ^= l->rng << 17;
	r = l->rng;
	pthread_mutex_unlock(&l->lock);
	return d / 2 + (long)(r % (unsigned long long)(d / 2 + 1));
}

/*
 * The API's error message, escaped and capped, from any of the shapes
 * servers send: {"error": {"message", "type", "code", "param"}} (OpenAI,
 * llama.cpp with a numeric code, Ollama's /v1), {"object": "error",
 * "message", "type", "code": 400} (vLLM), {"error": "text"} (Ollama's own
 * API), or any other body as text.  *code is error.code when it is a
 * string, else its type; *param is error.param.
 */
struct api_error {
	struct buf msg;
	const char *code, *param;
	cJSON *holder;
};

static void api_message(struct llm *l, const struct http_response *r,
			struct api_error *ae)
{
	const cJSON *e = NULL;
	const char *m = NULL;

	ae->code = ae->param = NULL;
	if (!json_parse(&ae->holder, r->body.data, r->body.len, "error")) {
		e = json_get_object(ae->holder, "error");
		if (!e && cJSON_IsObject(ae->holder) &&
		    json_get_string(ae->holder, "message"))
			e = ae->holder; /* vLLM: the error is the body */
		if (e) {
			m = json_get_string(e, "message");
			ae->code = json_get_string(e, "code");
			if (!ae->code)
				ae->code = json_get_string(e, "type");
			ae->param = json_get_string(e, "param");
		} else {
			m = json_get_string(ae->holder, "error");
		}
	}
	err_clear();
	if (!m)
		m = r->body.data ? r->body.data : "";
	buf_add_escaped(&ae->msg, m, strlen(m) > 300 ? 300 : strlen(m));
	llm_redact(l, &ae->msg);
}

static bool has_word(const char *hay, const char *needle)
{
	return hay && strcasestr(hay, needle) != NULL;
}

/*
 * A refusal of n > 1.  llama.cpp's server: "Only one completion choice is
 * allowed" (500 server_error in older builds, 400 "Illegal param: ..." in
 * newer ones); OpenAI-style servers: 400 naming the parameter "n".  Only
 * asked when this request had n > 1, so a message about "n" is about it.
 */
static bool n_refused(long status, const struct api_error *ae)
{
	const char *m = ae->msg.data;

	if (status != 400 && status != 422 && status != 500 && status != 501)
		return false;
	if (has_word(m, "completion choice") || has_word(m, "one choice"))
		return true;
	if (status >= 500)
		return false;
	return (ae->code && !strcmp(ae->code, "n")) ||
	       (ae->param && !strcmp(ae->param, "n")) || has_word(m, "'n'") ||
	       has_word(m, "\"n\"") || has_word(m, "`n`") ||
	       has_word(m, " n ") || has_word(m, "n>1") ||
	       has_word(m, "n > 1") || has_word(m, "n must be");
}

struct attempt {
	bool used_mct; /* this attempt sent max_completion_tokens */
	int n;
	unsigned long seed;
	const char *tag;
	const char *key;
	int no;
};

static void log_attempt(struct llm *l, const struct attempt *a,
			const cJSON *body, const struct http_response *r,
			const struct llm_reply *rep, int rc, const char *what,
			long ms)
{
	cJSON *t = cJSON_CreateObject();
	struct buf eb = BUF_INIT;

	if (!t)
		return;
	json_add_str(t, "type", "request");
	json_add_str(t, "tag", a->tag);
	json_add_str(t, "key", a->key);
	json_add_num(t, "attempt", a->no);
	json_add_take(t, "request", cJSON_Duplicate(body, 1));
	json_add_num(t, "status", r ? (double)r->status : 0);
	json_add_str(t, "outcome", what);
	json_add_num(t, "ms", (double)ms);
	if (rc)
		json_add_str(t, "error", err_last());
	if (rep)
		json_add_take(t, "response", reply_json(rep));
	if (r && r->status != 200 && r->body.len) {
		buf_add_escaped(&eb, r->body.data,
				r->body.len > ERROR_BODY_MAX ? ERROR_BODY_MAX
							     : r->body.len);
		json_add_str(t, "body", eb.data);
	}
	llm_transcript(l, t);
	cJSON_Delete(t);
	buf_release(&eb);
}

enum verdict { V_DONE, V_RETRY, V_FAIL, V_SWITCH };

/* Decide what a non-200 status means. */
static enum verdict judge_status(struct llm *l, const struct attempt *a,
				 const struct http_response *r, long *wait,
				 int *rc)
{
	struct api_error ae = { .msg = BUF_INIT };
	const char *msg;
	enum verdict v = V_FAIL;

	api_message(l, r, &ae);
	msg = ae.msg.data ? ae.msg.data : "";
	*wait = http_retry_after_ms(r, (long long)time(NULL));
	if (a->n > 1 && n_refused(r->status, &ae)) {
		/* before the 5xx retry: llama.cpp refuses with a 500 */
		*rc = LLM_ERR_N_REJECTED;
		err_set(LLM_ERR_N_REJECTED, "HTTP %ld: %s", r->status, msg);
	} else if (r->status == 429 && ae.code &&
		   !strcmp(ae.code, "insufficient_quota")) {
		*rc = err_set(ERR_FAIL,
			      "the API refused: insufficient quota "
			      "(%s)",
			      msg);
	} else if (r->status == 429 || r->status >= 500 || r->status == 408) {
		STAT_ADD(l, http_429, r->status == 429);
		STAT_ADD(l, http_5xx, r->status >= 500);
		*rc = err_set(r->status == 408 ? ERR_TIMEOUT : ERR_FAIL,
			      "HTTP %ld from the API: %s", r->status, msg);
		v = V_RETRY;
	} else if (r->status == 400 && strstr(msg, "max_completion_tokens") &&
		   l->o.max_tokens > 0 && !a->used_mct) {
		/* o1-style models: switch for the whole run, send again */
		pthread_mutex_lock(&l->lock);
		l->stats.max_completion_tokens = true;
		pthread_mutex_unlock(&l->lock);
		v = V_SWITCH;
	} else {
		STAT_ADD(l, http_4xx, 1);
		*rc = err_set(r->status == 401 || r->status == 403 ||
					      r->status == 404
				      ? ERR_USAGE
				      : ERR_FAIL,
			      "HTTP %ld from the API: %s", r->status, msg);
	}
	cJSON_Delete(ae.holder);
	buf_release(&ae.msg);
	return v;
}

/* One HTTP exchange; fills out on V_DONE. */
/* A 200 reply: parsed, or counted and retried. */
static enum verdict judge_body(struct llm *l, const struct http_response *r,
			       struct llm_reply *out, int *rc,
			       const char **what)
{
	enum reply_kind kind = REPLY_OK;

	*rc = reply_parse(r->content_type, r->body.data, r->body.len, out,
			  &kind);
	if (*rc)
		return V_FAIL;
	if (kind == REPLY_OK)
		return V_DONE;
	llm_reply_release(out);
	if (kind == REPLY_MALFORMED || kind == REPLY_EMPTY) {
		STAT_ADD(l, malformed, 1);
		*what = kind == REPLY_EMPTY ? "no-choices" : "malformed";
	} else {
		STAT_ADD(l, transport_errors, kind == REPLY_TRUNCATED);
		STAT_ADD(l, http_5xx, kind == REPLY_ERROR_EVENT);
		*what = kind == REPLY_TRUNCATED ? "truncated-stream"
						: "error-event";
	}
	*rc = err_set(ERR_FAIL, "bad reply from the API (%s)", *what);
	return V_RETRY;
}

/* One easy handle per request in flight, reused across requests. */
static size_t handle_get(struct llm *l)
{
	size_t i;

	pthread_mutex_lock(&l->lock);
	for (;;) {
		for (i = 0; i < l->nslots && l->busy[i]; i++)
			;
		if (i < l->nslots)
			break;
		pthread_cond_wait(&l->freed, &l->lock);
	}
	l->busy[i] = true;
	pthread_mutex_unlock(&l->lock);
	return i;
}

static void handle_put(struct llm *l, size_t i)
{
	pthread_mutex_lock(&l->lock);
	l->busy[i] = false;
	pthread_cond_signal(&l->freed);
	pthread_mutex_unlock(&l->lock);
}

static enum verdict exchange(struct llm *l, struct attempt *a,
			     const cJSON *messages, struct llm_reply *out,
			     long *wait, int *rc)
{
	struct http_response r = HTTP_RESPONSE_INIT;
	struct http_request rq = { .url = l->url, .bearer = l->o.api_key };
	cJSON *body =
		request_body(l, messages, a->n, a->seed, false, &a->used_mct);
	struct buf text = BUF_INIT;
	enum verdict v = V_DONE;
	long long t0 = mono_ms();
	const char *what = "ok";
	size_t slot;

	*wait = -1;
	*rc = body ? json_print(&text, body, false)
		   : err_set(ERR_FAIL, "out of memory");
	if (*rc) {
		cJSON_Delete(body);
		return V_FAIL;
	}
	rq.body = text.data;
	rq.body_len = text.len;
	rq.connect_timeout_ms =
		1000L *
		(l->o.connect_timeout_s > 0 ? l->o.connect_timeout_s : 10);
	rq.timeout_ms =
		1000L *
		(l->o.request_timeout_s > 0 ? l->o.request_timeout_s : 600);
	rq.idle_timeout_s = l->o.idle_timeout_s > 0 ? l->o.idle_timeout_s : 60;
	STAT_ADD(l, requests, 1);
	slot = handle_get(l);
	*rc = http_post(l->http[slot], &rq, &r);
	handle_put(l, slot);
	if (*rc == ERR_INTR || *rc == ERR_TOOBIG) {
		v = V_FAIL;
		what = "error";
	} else if (*rc) {
		STAT_ADD(l, transport_errors, 1);
		v = V_RETRY;
		what = "transport-error";
	} else if (r.status != 200) {
		v = judge_status(l, a, &r, wait, rc);
		what = v == V_RETRY		   ? "retry"
		       : v == V_SWITCH		   ? "switch"
		       : *rc == LLM_ERR_N_REJECTED ? "n-rejected"
						   : "refused";
	} else {
		v = judge_body(l, &r, out, rc, &what);
	}
	log_attempt(l, a, body, &r, v == V_DONE ? out : NULL,
		    v == V_DONE ? 0 : *rc, what, (long)(mono_ms() - t0));
	cJSON_Delete(body);
	buf_release(&text);
	http_response_release(&r);
	return v;
}

static void account(struct llm *l, const struct llm_reply *out)
{
	long trunc = 0;

	for (size_t i = 0; i < out->n; i++)
		trunc += out->choices[i].finish_reason &&
			 !strcmp(out->choices[i].finish_reason, "length");
	pthread_mutex_lock(&l->lock);
	l->stats.prompt_tokens += out->prompt_tokens;
	l->stats.completion_tokens += out->completion_tokens;
	l->stats.truncated += trunc;
	if (!out->cached)
		l->stats.cost += (out->prompt_tokens * l->price_in +
				  out->completion_tokens * l->price_out) /
				 1e6;
	pthread_mutex_unlock(&l->lock);
}

static void log_cached(struct llm *l, const struct attempt *a,
		       const struct llm_reply *rep)
{
	cJSON *t = cJSON_CreateObject();

	if (!t)
		return;
	json_add_str(t, "type", "cache-hit");
	json_add_str(t, "tag", a->tag);
	json_add_str(t, "key", a->key);
	json_add_take(t, "response", reply_json(rep));
	llm_transcript(l, t);
	cJSON_Delete(t);
}

static int from_cache(struct llm *l, const struct attempt *a,
		      struct llm_reply *out)
{
	int rc;

	if (!l->o.cache_dir)
		return ERR_NOTFOUND;
	rc = cache_read(l, a->key, out);
	if (rc)
		return rc;
	out->cached = true;
	STAT_ADD(l, cache_hits, 1);
	log_cached(l, a, out);
	account(l, out);
	return 0;
}

int llm_chat(struct llm *l, const cJSON *messages, int n, unsigned long seed,
	     const char *tag, struct llm_reply *out)
{
	struct attempt a = { .n = n, .seed = seed, .tag = tag };
	int rc, max = l->o.max_retries >= 0 ? l->o.max_retries : 0;
	long wait;

	memset(out, 0, sizeof(*out));
	rc = cache_key(l, messages, n, seed, out->key);
	if (rc)
		return rc;
	a.key = out->key;
	rc = from_cache(l, &a, out);
	if (rc != ERR_NOTFOUND)
		return rc;
	STAT_ADD(l, cache_misses, 1);
	if (l->o.offline)
		return err_set(ERR_NOTFOUND,
			       "--offline: no cached reply for "
			       "this request (key %.16s)",
			       a.key);
	for (a.no = 0;; a.no++) {
		enum verdict v = exchange(l, &a, messages, out, &wait, &rc);

		if (v == V_DONE)
			break;
		if (v == V_SWITCH) {
			a.no--; /* a changed request, not a retry */
			continue;
		}
		if (v == V_FAIL || a.no >= max) {
			if (rc != ERR_INTR && rc != LLM_ERR_N_REJECTED)
				STAT_ADD(l, failed, 1);
			return rc;
		}
		STAT_ADD(l, retries, 1);
		if (wait < 0)
			wait = backoff_ms(l, a.no);
		if (wait > 120000)
			wait = 120000;
		log_debug("%s: retrying in %ld ms (%s)", tag, wait, err_last());
		if (nap_ms(wait))
			return ERR_INTR;
	}
	account(l, out);
	if (l->o.cache_dir && cache_write(l, a.key, out))
		log_warn("cannot cache a reply: %s", err_last());
	return 0;
}

/* ---- k choices ------------------------------------------------------------
 */

struct fan {
	struct llm *l;
	const cJSON *messages;
	unsigned long seed;
	const char *tag;
	struct llm_result *res;
	int first; /* res[first..k-1] are asked for */
};

static void set_result(struct llm_result *r, int rc)
{
	r->rc = rc;
	free(r->error);
	r->error = rc ? strdup(err_last()) : NULL;
}

static void fan_one(size_t j, void *payload)
{
	struct fan *f = payload;
	size_t i = j + (size_t)f->first;
	struct buf tag = BUF_INIT;
	int rc;

	buf_addf(&tag, "%s cand %zu", f->tag, i);
	rc = llm_chat(f->l, f->messages, 1, f->seed + i, tag.data,
		      &f->res[i].reply);
	set_result(&f->res[i], rc);
	buf_release(&tag);
}

/* Hand the choices of one n=k reply out; returns how many there were. */
static int split_n(struct llm_reply *one, int k, struct llm_result *res,
		   int *got)
{
	*got = one->n < (size_t)k ? (int)one->n : k;
	for (int i = 0; i < *got; i++) {
		struct llm_reply *o = &res[i].reply;

		memcpy(o->key, one->key, sizeof(o->key));
		o->cached = one->cached;
		o->choices = malloc(sizeof(*o->choices));
		if (!o->choices)
			return err_set(ERR_FAIL, "out of memory");
		o->choices[0] = one->choices[i];
		memset(&one->choices[i], 0, sizeof(one->choices[i]));
		o->n = 1;
		/* usage is per request: charge it to the first choice */
		if (!i) {
			o->prompt_tokens = one->prompt_tokens;
			o->completion_tokens = one->completion_tokens;
		}
	}
	return 0;
}

void llm_result_release(struct llm_result *r)
{
	llm_reply_release(&r->reply);
	free(r->error);
	r->error = NULL;
	r->rc = 0;
}

/*
 * From now on one request per candidate: remembered for this client (one
 * endpoint) for the rest of the run, and said once on stderr.
 */
static void no_more_n(struct llm *l, const char *why)
{
	bool first;

	pthread_mutex_lock(&l->lock);
	first = !l->stats.n_rejected;
	l->stats.n_rejected = true;
	pthread_mutex_unlock(&l->lock);
	if (first)
		log_warn("%s: %s; sending one request per candidate "
			 "(distinct seeds) for the rest of the run",
			 l->url, why);
}

/* A cache entry for this request exists (and parses). */
static bool cached(struct llm *l, const cJSON *messages, int n,
		   unsigned long seed)
{
	struct llm_reply r;
	char key[65];
	bool hit;

	memset(&r, 0, sizeof(r));
	if (cache_key(l, messages, n, seed, key))
		return false;
	hit = !cache_read(l, key, &r);
	llm_reply_release(&r);
	return hit;
}

/*
 * An earlier run against this endpoint fell back to one request per
 * candidate and cached every one of them, but nothing under the n=k key
 * (a refusal is not a reply): replay those, rather than ask the server
 * for n=k again only to be refused (or, --offline, to miss).
 */
static bool fallback_cached(struct llm *l, const cJSON *messages, int k,
			    unsigned long seed)
{
	bool all = l->o.cache_dir && !cached(l, messages, k, seed);

	for (int i = 0; all && i < k; i++)
		all = cached(l, messages, 1, seed + (unsigned long)i);
	err_clear();
	return all;
}

int llm_sample(struct llm *l, const cJSON *messages, int k, unsigned long seed,
	       const char *tag, struct llm_result *res)
{
	struct fan f = { l, messages, seed, tag, res, 0 };
	struct llm_reply one;
	bool no_n;
	int rc = 0, jobs;

	memset(res, 0, (size_t)k * sizeof(*res));
	pthread_mutex_lock(&l->lock);
	no_n = l->stats.n_rejected;
	pthread_mutex_unlock(&l->lock);
	if (k > 1 && !no_n && fallback_cached(l, messages, k, seed)) {
		pthread_mutex_lock(&l->lock);
		l->stats.n_rejected = true; /* as the run that cached them */
		pthread_mutex_unlock(&l->lock);
		no_n = true;
	}
	if (k > 1 && !no_n) {
		rc = llm_chat(l, messages, k, seed, tag, &one);
		if (!rc) {
			rc = split_n(&one, k, res, &f.first);
			llm_reply_release(&one);
			if (rc || f.first == k)
				return rc;
			/* a server that ignores n (Ollama's /v1) */
			{
				struct buf why = BUF_INIT;

				buf_addf(&why,
					 "the server sent %d of %d choices "
					 "(it ignores n)",
					 f.first, k);
				no_more_n(l, why.data ? why.data : "n ignored");
				buf_release(&why);
			}
		} else if (rc != LLM_ERR_N_REJECTED) {
			for (int i = 0; i < k; i++)
				set_result(&res[i], rc);
			return rc == ERR_INTR || rc == ERR_NOTFOUND ? rc : 0;
		} else {
			struct buf why = BUF_INIT;

			buf_addf(&why, "the server refuses n > 1 (%s)",
				 err_last());
			no_more_n(l, why.data ? why.data : "n refused");
			buf_release(&why);
		}
	}
	jobs = (int)l->nslots < k - f.first ? (int)l->nslots : k - f.first;
	rc = pool_run((size_t)(k - f.first), jobs, fan_one, &f);
	if (rc)
		return rc;
	for (int i = 0; i < k; i++)
		if (res[i].rc == ERR_INTR || res[i].rc == ERR_NOTFOUND)
			return err_set(res[i].rc, "%s", res[i].error);
	return 0;
}

cJSON *agent_llm_stats_json(const struct agent_llm_stats *s)
{
	cJSON *j = cJSON_CreateObject();

	if (!j)
		return NULL;
	json_add_num(j, "requests", (double)s->requests);
	json_add_num(j, "cache_hits", (double)s->cache_hits);
	json_add_num(j, "cache_misses", (double)s->cache_misses);
	json_add_num(j, "retries", (double)s->retries);
	json_add_num(j, "http_429", (double)s->http_429);
	json_add_num(j, "http_5xx", (double)s->http_5xx);
	json_add_num(j, "http_4xx", (double)s->http_4xx);
	json_add_num(j, "transport_errors", (double)s->transport_errors);
	json_add_num(j, "malformed", (double)s->malformed);
	json_add_num(j, "truncated", (double)s->truncated);
	json_add_num(j, "failed", (double)s->failed);
	json_add_bool(j, "n_rejected", s->n_rejected);
	json_add_bool(j, "max_completion_tokens", s->max_completion_tokens);
	json_add_num(j, "prompt_tokens", (double)s->prompt_tokens);
	json_add_num(j, "completion_tokens", (double)s->completion_tokens);
	json_add_num(j, "cost", s->cost);
	return j;
}

int agent_report_usage(cJSON *r, const struct agent_llm_stats *st)
{
	cJSON *t = cJSON_CreateObject();
	int rc = json_add_take(r, "tokens", t);

	if (!rc)
		rc = json_add_num(t, "prompt", (double)st->prompt_tokens);
	if (!rc)
		rc = json_add_num(t, "completion",
				  (double)st->completion_tokens);
	if (!rc)
		rc = json_add_num(t, "total", (double)(st->prompt_tokens +
						       st->completion_tokens));
	if (!rc)
		rc = json_add_take(r, "llm", agent_llm_stats_json(st));
	return rc;
}

int agent_check_design_args(const char *out_dir, size_t nfiles,
			    const char *top)
{
	if (!out_dir || !*out_dir)
		return err_set(ERR_USAGE, "no output directory: give -o DIR");
	if (!nfiles)
		return err_set(ERR_USAGE, "no design files");
	if (!top || !*top)
		return err_set(ERR_USAGE, "no top module: give --top");
	return 0;
}

int agent_report_reply(cJSON *j, const struct llm_reply *r)
{
	const struct llm_choice *ch = r->n ? &r->choices[0] : NULL;
	int rc = json_add_str(j, "finish_reason",
			      ch ? ch->finish_reason : NULL);

	if (!rc)
		rc = json_add_bool(j, "cached", r->cached);
	if (!rc)
		rc = json_add_num(j, "prompt_tokens", (double)r->prompt_tokens);
	if (!rc)
		rc = json_add_num(j, "completion_tokens",
				  (double)r->completion_tokens);
	return rc;
}

int agent_report_params(cJSON *p, int rounds, double temperature,
			unsigned long seed, long budget_tokens)
{
	int rc = json_add_num(p, "rounds", rounds);

	if (!rc)
		rc = json_add_num(p, "temperature", temperature);
	if (!rc)
		rc = json_add_num(p, "seed", (double)seed);
	if (!rc)
		rc = json_add_num(p, "budget_tokens", (double)budget_tokens);
	return rc;
}

int agent_run_open(struct llm **out, const struct agent_llm_opts *o,
		   const char *dir, const char *sub, size_t slots)
{
	struct agent_llm_opts lo = *o;
	struct buf t = BUF_INIT;
	int rc = buf_addf(&t, "%s/%s", dir, sub);

	if (!rc)
		rc = agent_mkdirs(t.data);
	buf_reset(&t);
	if (!rc)
		rc = buf_addf(&t, "%s/transcript.jsonl", dir);
	/* the transcript is this run's: an earlier run's is not continued */
	if (!rc && unlink(t.data) && errno != ENOENT)
		rc = err_set_errno(ERR_FAIL, "cannot remove '%s'", t.data);
	lo.transcript_path = t.data;
	if (!rc)
		rc = llm_open(out, &lo,
			      slots ? slots
				    : (size_t)(o->concurrency > 0
						       ? o->concurrency
						       : 4));
	buf_release(&t);
	return rc;
}

int agent_set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? strdup(s) : NULL;
	return !s || *dst ? 0 : err_set(ERR_FAIL, "out of memory");
}

int agent_write_under(struct llm *l, const char *dir, const char *name,
		      const char *text, char **path_out)
{
	struct buf p = BUF_INIT, t = BUF_INIT;
	const char *slash;
	int rc = buf_addf(&p, "%s/%s", dir, name);

	slash = rc ? NULL : strrchr(p.data, '/');
	if (slash && strchr(name, '/')) {
		/* a name with a directory part: make it first */
		rc = buf_add(&t, p.data, (size_t)(slash - p.data));
		if (!rc)
			rc = agent_mkdirs(t.data);
		buf_reset(&t);
	}
	if (!rc)
		rc = buf_addstr(&t, text);
	if (!rc) {
		llm_redact(l, &t);
		rc = buf_write_file(p.data, t.data, t.len);
	}
	if (!rc && path_out)
		*path_out = buf_detach(&p, NULL);
	buf_release(&p);
	buf_release(&t);
	return rc;
}

int agent_write_json(struct llm *l, const char *dir, const char *name,
		     const cJSON *j)
{
	struct buf text = BUF_INIT;
	int rc = json_print(&text, j, true);

	if (!rc)
		rc = buf_addch(&text, '\n');
	if (!rc)
		rc = agent_write_under(l, dir, name, text.data, NULL);
	buf_release(&text);
	return rc;
}

static const char *const stage_order[] = { "screen", "compile", "synth", "sim",
					   "equiv",  "props",	NULL };

int agent_stage_index(const char *name)
{
	for (int i = 0; name && stage_order[i]; i++)
		if (!strcmp(stage_order[i], name))
			return i;
	return 0;
}

bool llm_over_budget(struct llm *l, long budget_tokens)
{
	struct agent_llm_stats st;

	if (budget_tokens <= 0)
		return false;
	llm_stats(l, &st);
	return st.prompt_tokens + st.completion_tokens >= budget_tokens;
}
