#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/base.h"
#include "tap.h"

extern char **environ;

static char dir[] = "/tmp/hwforge-t-http-XXXXXX";
static pid_t server;
static char url[128];

static void write_file(const char *name, const char *text)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", dir, name);
	buf_write_file(p.data, text, strlen(text));
	buf_release(&p);
}

static void remove_dir(void)
{
	rm_rf(dir);
}

/* Also on exit paths such as skip_all(): no server outlives the test. */
static void stop_server(void)
{
	int st;

	if (server <= 0)
		return;
	kill(server, SIGTERM);
	waitpid(server, &st, 0);
	server = 0;
}

/* Start tests/servers/llm-server.py with a script; fills url. */
static int start_server(void)
{
	const char *src = getenv("TEST_SRCDIR");
	struct buf py = BUF_INIT, script = BUF_INIT, log = BUF_INIT;
	struct buf port = BUF_INIT, pf = BUF_INIT;
	int rc = -1;

	buf_addf(&py, "%s/servers/llm-server.py", src ? src : "tests");
	buf_addf(&script, "%s/script.json", dir);
	buf_addf(&log, "%s/requests.jsonl", dir);
	buf_addf(&pf, "%s/port", dir);
	{
		const char *argv[] = { "python3",	 py.data, "--script",
				       script.data,	 "--log", log.data,
				       "--port-file",	 pf.data, "--key",
				       "sk-test-SECRET", NULL };

		posix_spawn_file_actions_t fa;
		int bad;

		/* never let the server hold the TAP pipe open */
		posix_spawn_file_actions_init(&fa);
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY,
						 0);
		posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY,
						 0);
		bad = posix_spawnp(&server, "python3", &fa, NULL,
				   (char *const *)argv, environ);
		posix_spawn_file_actions_destroy(&fa);
		if (bad) {
			server = 0;
			goto done;
		}
		atexit(stop_server);
	}
	for (int i = 0; i < 600; i++) { /* 30 s: loaded machines */
		int st;

		if (waitpid(server, &st, WNOHANG) == server) {
			server = 0; /* it died: no port will come */
			break;
		}
		buf_reset(&port);
		if (!buf_read_file(&port, pf.data, 0) && port.len)
			break;
		usleep(50000);
	}
	if (port.len) {
		snprintf(url, sizeof(url),
			 "http://127.0.0.1:%d/v1/chat/completions",
			 (int)strtol(port.data, NULL, 10));
		rc = 0;
	}
done:
	buf_release(&py);
	buf_release(&script);
	buf_release(&log);
	buf_release(&port);
	buf_release(&pf);
	return rc;
}

static int post(struct http_client *h, struct http_response *r, long idle_s,
		size_t cap)
{
	const char *body = "{\"model\":\"m\",\"messages\":[]}";
	struct http_request rq = { .url = url,
				   .bearer = "sk-test-SECRET",
				   .body = body,
				   .body_len = strlen(body),
				   .idle_timeout_s = idle_s,
				   .max_response = cap,
				   .timeout_ms = 20000 };

	http_response_release(r);
	return http_post(h, &rq, r);
}

static void test_requests(struct http_client *h)
{
	struct http_response r = HTTP_RESPONSE_INIT;
	struct buf log = BUF_INIT, p = BUF_INIT;
	int rc;

	write_file("script.json", "{\"default\": {\"content\": \"hello\"}}");
	rc = post(h, &r, 0, 0);
	is_int(rc, 0, "200: no error");
	is_int(r.status, 200, "status 200");
	has_str(r.body.data, "\"content\": \"hello\"", "body received");
	has_str(r.content_type, "application/json", "content type captured");
	buf_addf(&p, "%s/requests.jsonl", dir);
	buf_read_file(&log, p.data, 0);
	has_str(log.data, "\"auth\": \"ok\"", "bearer token sent");
	ok(!strstr(log.data, "SECRET"), "server log holds no key");

	write_file("script.json",
		   "{\"default\": {\"status\": 429, \"headers\":"
		   " {\"Retry-After\": \"3\"}, \"body\": {\"error\":"
		   " {\"message\": \"slow down\"}}}}");
	rc = post(h, &r, 0, 0);
	is_int(rc, 0, "429 is data, not an error");
	is_int(r.status, 429, "status 429");
	is_int(http_retry_after_ms(&r, 0), 3000, "Retry-After: 3 -> 3000 ms");
	has_str(r.body.data, "slow down", "error body kept (no FAILONERROR)");

	write_file("script.json", "{\"default\": {\"fault\": \"reset\"}}");
	rc = post(h, &r, 0, 0);
	is_int(rc, ERR_FAIL, "reset mid-body: ERR_FAIL");
	has_str(err_last(), "failed", "message says the request failed");

	write_file("script.json",
		   "{\"default\": {\"content\": \"0123456789"
		   "0123456789012345678901234567890123456789\"}}");
	rc = post(h, &r, 0, 64);
	is_int(rc, ERR_TOOBIG, "capped body: ERR_TOOBIG");

	write_file("script.json", "{\"default\": {\"content\": \"x\", "
				  "\"delay_ms\": 2500}}");
	rc = post(h, &r, 1, 0);
	is_int(rc, ERR_TIMEOUT, "idle server: ERR_TIMEOUT");

	write_file("script.json", "{\"default\": {\"content\": \"again\"}}");
	rc = post(h, &r, 0, 0);
	ok(rc == 0 && strstr(r.body.data, "again"),
	   "handle reusable after errors");
	http_response_release(&r);
	buf_release(&log);
	buf_release(&p);
}

static void test_refused(struct http_client *h)
{
	struct http_response r = HTTP_RESPONSE_INIT;
	struct http_request rq = { .url = "http://127.0.0.1:1/v1/x",
				   .body = "{}",
				   .body_len = 2 };

	is_int(http_post(h, &rq, &r), ERR_FAIL, "connection refused: ERR_FAIL");
	http_response_release(&r);
}

static void test_retry_after(void)
{
	struct http_response r = HTTP_RESPONSE_INIT;

	is_int(http_retry_after_ms(&r, 0), -1, "no header: -1");
	r.retry_after_ms = strdup("1500");
	r.retry_after = strdup("9");
	is_int(http_retry_after_ms(&r, 0), 1500, "retry-after-ms preferred");
	free(r.retry_after_ms);
	r.retry_after_ms = NULL;
	free(r.retry_after);
	r.retry_after = strdup("Wed, 21 Oct 2015 07:28:00 GMT");
	is_int(http_retry_after_ms(&r, 1445412470LL), 10000,
	       "HTTP date: 10 s from now");
	is_int(http_retry_after_ms(&r, 1445412490LL), 0, "date in the past: 0");
	free(r.retry_after);
	r.retry_after = strdup("soon");
	is_int(http_retry_after_ms(&r, 0), -1, "garbage: -1");
	http_response_release(&r);
}

int main(void)
{
	struct http_client *h = NULL;

	if (!mkdtemp(dir) || http_client_new(&h))
		return printf("Bail out! setup\n"), 1;
	atexit(remove_dir); /* runs after stop_server() */
	write_file("script.json", "{}");
	require_tool(start_server() == 0, "python3 test server");
	test_retry_after();
	test_requests(h);
	test_refused(h);
	http_client_free(h);
	stop_server();
	return done();
}
