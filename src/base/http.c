#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/http.h"
#include "base/proc.h"

struct http_client {
	CURL *curl;
};

struct xfer {
	struct http_response *out;
	const struct http_request *rq;
	size_t cap;
	bool toobig;
	bool aborted;
	bool oom;
	bool idle; /* no byte for idle_ms: aborted */
	long idle_ms;
	curl_off_t last_dl;
	long long last_change_ms;
};

int http_client_new(struct http_client **out)
{
	struct http_client *h = calloc(1, sizeof(*h));

	*out = NULL;
	if (!h)
		return err_set(ERR_FAIL, "out of memory");
	h->curl = curl_easy_init();
	if (!h->curl) {
		free(h);
		return err_set(ERR_FAIL, "cannot create a libcurl handle");
	}
	*out = h;
	return 0;
}

void http_client_free(struct http_client *h)
{
	if (!h)
		return;
	curl_easy_cleanup(h->curl);
	free(h);
}

void http_response_release(struct http_response *r)
{
	buf_release(&r->body);
	free(r->content_type);
	free(r->retry_after);
	free(r->retry_after_ms);
	r->content_type = r->retry_after = r->retry_after_ms = NULL;
	r->status = 0;
}

static size_t on_write(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	if (x->out->body.len + n > x->cap) {
		x->toobig = true;
		return 0; /* a short count makes libcurl fail the transfer */
	}
	if (buf_add(&x->out->body, ptr, n)) {
		x->oom = true;
		return 0;
	}
	if (x->rq->on_data && x->rq->on_data(ptr, n, x->rq->payload)) {
		x->aborted = true;
		return 0;
	}
	return n;
}

/* "Name: value\r\n" -> a malloc'd trimmed value if the name matches. */
static void header_value(char **dst, const char *line, size_t len,
			 const char *name)
{
	size_t n = strlen(name);
	const char *v, *e = line + len;

	if (len <= n || strncasecmp(line, name, n) || line[n] != ':')
		return;
	v = line + n + 1;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	free(*dst);
	*dst = strndup(v, (size_t)(e - v));
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *arg)
{
	struct xfer *x = arg;
	size_t n = size * nmemb;

	/* a new response (redirect, 100-continue) starts over */
	if (n > 5 && !strncmp(ptr, "HTTP/", 5)) {
		free(x->out->retry_after);
		free(x->out->retry_after_ms);
		free(x->out->content_type);
		x->out->retry_after = x->out->retry_after_ms = NULL;
		x->out->content_type = NULL;
	}
	header_value(&x->out->content_type, ptr, n, "content-type");
	header_value(&x->out->retry_after, ptr, n, "retry-after");
	header_value(&x->out->retry_after_ms, ptr, n, "retry-after-ms");
	return n;
}

/*
 * Interrupts, and the idle-read timeout: libcurl's low-speed check
 * averages over a window that the upload of the prompt keeps "fast", so
 * a server that accepts the request and then says nothing is timed here.
 */
static int on_progress(void *arg, curl_off_t dltotal, curl_off_t dlnow,
		       curl_off_t ultotal, curl_off_t ulnow)
{
	struct xfer *x = arg;
	long long t = mono_ms();

	(void)dltotal;
	(void)ultotal;
	if (proc_interrupted)
		return 1;
	if (dlnow != x->last_dl || ulnow == 0) {
		x->last_dl = dlnow;
		x->last_change_ms = t;
	}
	if (t - x->last_change_ms > x->idle_ms) {
		x->idle = true;
		return 1;
	}
	return 0;
}

static int map_error(CURLcode cc, const struct xfer *x, const char *errbuf,
		     const char *url)
{
	const char *msg = *errbuf ? errbuf : curl_easy_strerror(cc);

	if (x->idle)
		return err_set(ERR_TIMEOUT, "no data from '%s' for %ld s", url,
			       x->idle_ms / 1000);
	if (proc_interrupted || cc == CURLE_ABORTED_BY_CALLBACK)
		return err_set(ERR_INTR, "request to '%s' interrupted", url);
	if (x->toobig)
		return err_set(ERR_TOOBIG,
			       "response from '%s' is larger than "
			       "%zu bytes",
			       url, x->cap);
	if (x->oom)
		return err_set(ERR_FAIL, "out of memory");
	if (x->aborted)
		return err_set(ERR_FAIL,
			       "response from '%s' rejected by the "
			       "reader",
			       url);
	if (cc == CURLE_OPERATION_TIMEDOUT)
		return err_set(ERR_TIMEOUT, "request to '%s' timed out: %s",
			       url, msg);
	return err_set(ERR_FAIL, "request to '%s' failed: %s", url, msg);
}

static void set_options(CURL *c, const struct http_request *rq,
			struct curl_slist *hdrs, struct xfer *x, char *errbuf)
{
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_POST, 1L);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
			 (curl_off_t)rq->body_len);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
			 rq->connect_timeout_ms > 0 ? rq->connect_timeout_ms
						    : 10000L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
			 rq->timeout_ms > 0 ? rq->timeout_ms : 600000L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME,
			 rq->idle_timeout_s > 0 ? rq->idle_timeout_s : 60L);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_XFERINFODATA, x);
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(c, CURLOPT_PROTOCOLS,
			 (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
}

static int build_headers(struct curl_slist **out, const struct http_request *rq)
{
	struct curl_slist *l = NULL, *t;
	struct buf b = BUF_INIT;
	int rc = 0;

	*out = NULL;
	if (buf_addf(&b, "Content-Type: %s",
		     rq->content_type ? rq->content_type : "application/json"))
		return ERR_FAIL;
	l = curl_slist_append(l, b.data);
	/* no "Expect: 100-continue" round trip for large prompts */
	t = l ? curl_slist_append(l, "Expect:") : NULL;
	if (t && rq->bearer) {
		buf_reset(&b);
		if (buf_addf(&b, "Authorization: Bearer %s", rq->bearer))
			rc = ERR_FAIL;
		else
			t = curl_slist_append(t, b.data);
	}
	/* the key leaves this buffer's memory before it is freed */
	memset(b.data, 0, b.len);
	buf_release(&b);
	if (!t || rc) {
		curl_slist_free_all(l);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = t;
	return 0;
}

int http_post(struct http_client *h, const struct http_request *rq,
	      struct http_response *out)
{
	struct xfer x = { .out = out, .rq = rq };
	char errbuf[CURL_ERROR_SIZE];
	struct curl_slist *hdrs;
	CURLcode cc;
	int rc;

	out->status = 0;
	x.cap = rq->max_response ? rq->max_response : (32u << 20);
	x.idle_ms = 1000L * (rq->idle_timeout_s > 0 ? rq->idle_timeout_s : 60);
	x.last_change_ms = mono_ms();
	errbuf[0] = '\0';
	if (proc_interrupted)
		return err_set(ERR_INTR, "interrupted");
	rc = build_headers(&hdrs, rq);
	if (rc)
		return rc;
	curl_easy_reset(h->curl); /* keeps the connection cache */
	set_options(h->curl, rq, hdrs, &x, errbuf);
	cc = curl_easy_perform(h->curl);
	curl_easy_getinfo(h->curl, CURLINFO_RESPONSE_CODE, &out->status);
	/* the header list holds the key: wipe it before freeing */
	for (struct curl_slist *l = hdrs; l; l = l->next)
		memset(l->data, 0, strlen(l->data));
	curl_slist_free_all(hdrs);
	curl_easy_setopt(h->curl, CURLOPT_HTTPHEADER, NULL);
	curl_easy_setopt(h->curl, CURLOPT_ERRORBUFFER, NULL);
	if (cc != CURLE_OK)
		return map_error(cc, &x, errbuf, rq->url);
	return 0;
}

long http_retry_after_ms(const struct http_response *r, long long now)
{
	char *end;

	if (r->retry_after_ms && *r->retry_after_ms) {
		double v = strtod(r->retry_after_ms, &end);

		if (end != r->retry_after_ms && !*end && v >= 0 && v < 1e9)
			return (long)v;
	}
	if (r->retry_after && *r->retry_after) {
		long long v;
		time_t t;

		if (isdigit((unsigned char)r->retry_after[0])) {
			v = strtoll(r->retry_after, &end, 10);
			if (!*end && v >= 0 && v < 1000000)
				return (long)(v * 1000);
			return -1;
		}
		t = curl_getdate(r->retry_after, NULL);
		if (t == (time_t)-1)
			return -1;
		v = (long long)t - now;
		return v > 0 ? (long)(v < 1000000 ? v * 1000 : 1000000000L) : 0;
	}
	return -1;
}
