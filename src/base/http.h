#ifndef BASE_HTTP_H
#define BASE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/*
 * HTTP POST over libcurl (the only place libcurl is used).  One client
 * owns one easy handle, reused for every request so connections are kept
 * alive; a client must not be used by two threads at once (make one per
 * worker).  Every request has connect, total and idle (low-speed)
 * timeouts, a capped response body, and aborts when proc_interrupted is
 * set.  HTTP error statuses are data: only transport failures are errors.
 * CURLOPT_VERBOSE is never set (it would print the Authorization header).
 */
struct http_client;

int http_client_new(struct http_client **out);
void http_client_free(struct http_client *h);

/* Streaming hook: called with each piece of the body as it arrives
 * (after it was appended to the response body).  Return nonzero to
 * abort the transfer (http_post then fails with ERR_FAIL). */
typedef int (*http_data_fn)(const char *data, size_t len, void *payload);

struct http_request {
	const char *url;
	const char *bearer; /* "Authorization: Bearer <bearer>"; may be NULL */
	const char *content_type; /* default "application/json" */
	const char *body;
	size_t body_len;
	long connect_timeout_ms; /* default 10000 */
	long timeout_ms; /* whole transfer; default 600000 */
	long idle_timeout_s; /* < 1 byte/s for this long aborts; default 60 */
	size_t max_response; /* body cap; default 32 MiB */
	http_data_fn on_data;
	void *payload;
};

struct http_response {
	long status; /* 0 if no response line was received */
	struct buf body;
	char *content_type; /* header values, owned, NULL when absent */
	char *retry_after;
	char *retry_after_ms;
};
#define HTTP_RESPONSE_INIT       \
	{                        \
		.body = BUF_INIT \
	}
void http_response_release(struct http_response *r);

/*
 * Send one POST.  0 once a complete response arrived (any status);
 * ERR_TIMEOUT (connect, total or idle timeout), ERR_TOOBIG (body over
 * the cap), ERR_INTR (proc_interrupted), ERR_FAIL (connection refused or
 * reset, a body cut short, on_data abort) with the libcurl error text.
 * On error *out still holds what arrived (status, partial body).
 */
int http_post(struct http_client *h, const struct http_request *rq,
	      struct http_response *out);

/*
 * Milliseconds to wait from a response's retry-after-ms or Retry-After
 * header (delta seconds or an HTTP date, relative to `now` in seconds
 * since the epoch).  -1 when there is none or it cannot be parsed.
 */
long http_retry_after_ms(const struct http_response *r, long long now);

#endif
