#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/agent.h"
#include "tap.h"

/*
 * agent_samples() against tests/servers/llm-server.py: the samples JSONL
 * format, resuming, the max_tokens -> max_completion_tokens switch,
 * streamed replies with reasoning, insufficient_quota not retried, a
 * damaged last line repaired, and --offline misses.
 */
extern char **environ;

static char dir[] = "/tmp/hwforge-t-samples-XXXXXX";
static pid_t server;
static char endpoint[128];

static char *path_in(const char *name)
{
	struct buf p = BUF_INIT;

	buf_addf(&p, "%s/%s", dir, name);
	return buf_detach(&p, NULL);
}

static void write_file(const char *name, const char *text)
{
	char *p = path_in(name);

	buf_write_file(p, text, strlen(text));
	free(p);
}

static char *read_all(const char *name)
{
	struct buf b = BUF_INIT;
	char *p = path_in(name);

	buf_read_file(&b, p, 0);
	free(p);
	return buf_detach(&b, NULL);
}

static int count_lines(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		char *line = strndup(p, len);

		n += !needle || strstr(line, needle) != NULL;
		free(line);
		p = e ? e + 1 : NULL;
	}
	return n;
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

static int start_server(void)
{
	const char *src = getenv("TEST_SRCDIR");
	struct buf py = BUF_INIT, port = BUF_INIT;
	char *spath = path_in("script.json"), *log = path_in("requests.jsonl");
	char *pf = path_in("port");
	int rc = -1;

	buf_addf(&py, "%s/servers/llm-server.py", src ? src : "tests");
	{
		const char *argv[] = { "python3",     py.data,
				       "--script",    spath,
				       "--log",	      log,
				       "--port-file", pf,
				       "--key",	      "sk-samples-test-key",
				       NULL };

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
	for (int i = 0; i < 600 && !port.len; i++) {
		int st;

		if (waitpid(server, &st, WNOHANG) == server) {
			server = 0; /* it died: no port will come */
			break;
		}
		buf_reset(&port);
		if (buf_read_file(&port, pf, 0) || !port.len)
			usleep(50000);
	}
	if (port.len) {
		snprintf(endpoint, sizeof(endpoint), "http://127.0.0.1:%d/v1",
			 (int)strtol(port.data, NULL, 10));
		rc = 0;
	}
done:
	buf_release(&py);
	buf_release(&port);
	free(spath);
	free(log);
	free(pf);
	return rc;
}

static const char script[] =
	"{\"reject_max_tokens\": true, \"rules\": ["
	"{\"contains\": \"QUOTA\", \"replies\": [{\"status\": 429, \"body\": "
	"{\"error\": {\"message\": \"You exceeded your current quota\", "
	"\"type\": \"insufficient_quota\", \"code\": \"insufficient_quota\"}}}]},"
	"{\"contains\": \"module inv\", \"replies\": [{\"stream\": true, "
	"\"reasoning_content\": \"think: module fake; endmodule\", \"content\": "
	"\"```verilog\\nmodule inv(input a, output y);\\n  assign y = ~a;\\n"
	"endmodule\\n```\\n\", \"usage\": {\"prompt_tokens\": 7, "
	"\"completion_tokens\": 5}}]},"
	"{\"replies\": [{\"content\": \"module buf1(input a, output y); "
	"assign y = a; endmodule\", \"finish_reason\": \"stop\"}]}]}";

static struct agent_samples_opts opts(int n, const char *cache)
{
	struct agent_samples_opts o = AGENT_SAMPLES_OPTS_INIT;

	o.llm.endpoint = endpoint;
	o.llm.model = "unit-model";
	o.llm.api_key = "sk-samples-test-key";
	o.llm.cache_dir = cache;
	o.llm.max_tokens = 100;
	o.llm.temperature = 0.5;
	o.llm.backoff_ms = 10;
	o.llm.stream = true;
	o.llm.concurrency = 1; /* request counts below are exact */
	o.n = n;
	o.seed = 7;
	return o;
}

static const struct agent_task tasks[] = {
	{ .id = "inv",
	  .spec = "Invert.\n```verilog\nmodule inv(input a, output y);\n```\n",
	  .top = "inv" },
	{ .id = "buf1",
	  .spec = "Buffer.\n```verilog\nmodule buf1(input a, output y);\n```\n",
	  .top = "buf1" },
};

static void test_first_run(const char *cache, const char *samples)
{
	struct agent_samples_opts o = opts(2, cache);
	struct agent_samples_stats st;
	char *text, *log;
	cJSON *j = NULL;
	int rc;

	o.samples_path = samples;
	rc = agent_samples(&st, &o, tasks, 2);
	is_int(rc, 0, "first run succeeds");
	is_int(st.written, 4, "4 samples written");
	is_int(st.existing, 0, "nothing existed");
	ok(st.llm.max_completion_tokens, "switched to max_completion_tokens");
	text = read_all("samples.jsonl");
	is_int(count_lines(text, NULL), 4, "4 lines");
	is_int(count_lines(text, "\"task\":\"inv\""), 2, "2 inv samples");
	json_parse(&j, text, strcspn(text, "\n"), "line");
	ok(j && json_get_string(j, "model") &&
		   !strcmp(json_get_string(j, "model"), "unit-model"),
	   "model field");
	cJSON_Delete(j);
	has_str(text,
		"\"code\":\"module inv(input a, output y);\\n  assign "
		"y = ~a;\\nendmodule\\n\"",
		"inv code extracted");
	has_str(text, "\"reasoning\":\"think: module fake; endmodule\"",
		"reasoning kept apart");
	has_str(text, "\"extract\":\"scan\"", "buf1 code scanned");
	has_str(text, "\"seed\":8", "sample 1 has seed 8");
	has_str(text, "\"usage\":{\"prompt_tokens\":7,\"completion_tokens\":5}",
		"usage from the stream's usage chunk");
	ok(!strstr(text, "sk-samples-test-key"), "no key in samples");
	log = read_all("requests.jsonl");
	/* 1 refused (max_tokens) + 4 answered */
	is_int(count_lines(log, NULL), 5, "5 requests");
	is_int(count_lines(log, "\"max_completion_tokens\": 100"), 4,
	       "retried with max_completion_tokens");
	is_int(count_lines(log, "\"auth\": \"ok\""), 5, "bearer key sent");
	has_str(log, "Invert.", "the prompt carries the spec");
	free(text);
	free(log);
}

static void test_resume(const char *cache, const char *samples)
{
	struct agent_samples_opts o = opts(3, cache);
	struct agent_samples_stats st;
	FILE *f;
	char *text, *log;

	o.samples_path = samples;
	/* a run killed mid-line left half a line behind */
	f = fopen(samples, "a");
	fputs("{\"task\": \"inv\", \"sam", f);
	fclose(f);
	is_int(agent_samples(&st, &o, tasks, 2), 0, "resumed run succeeds");
	is_int(st.existing, 4, "4 existing samples skipped");
	is_int(st.written, 2, "only sample 2 of each task written");
	text = read_all("samples.jsonl");
	is_int(count_lines(text, NULL), 6, "6 whole lines");
	ok(!strstr(text, "\"sam\n") && !strstr(text, "\"sam{"),
	   "half line removed");
	log = read_all("requests.jsonl");
	/* a new client learns max_completion_tokens again: 1 + 2 */
	is_int(count_lines(log, NULL), 8, "2 new samples, 3 requests");
	free(text);
	free(log);
	is_int(agent_samples(&st, &o, tasks, 2), 0, "third run");
	is_int(st.written, 0, "nothing left to do");
	log = read_all("requests.jsonl");
	is_int(count_lines(log, NULL), 8, "no request at all");
	free(log);
}

static void test_quota_and_offline(const char *cache)
{
	static const struct agent_task quota[] = {
		{ .id = "q",
		  .spec = "QUOTA\n```verilog\nmodule q(input a);\n```\n",
		  .top = "q" },
	};
	struct agent_samples_opts o = opts(1, cache);
	struct agent_samples_stats st;
	char *samples = path_in("quota.jsonl"), *log;
	int before;

	o.samples_path = samples;
	log = read_all("requests.jsonl");
	before = count_lines(log, NULL);
	free(log);
	is_int(agent_samples(&st, &o, quota, 1), 0, "quota run returns 0");
	is_int(st.failed, 1, "the sample failed");
	is_int(st.written, 0, "no line for it");
	log = read_all("requests.jsonl");
	is_int(count_lines(log, NULL) - before, 2,
	       "insufficient_quota not retried (1 + the max_tokens switch)");
	free(log);
	o.llm.offline = true;
	is_int(agent_samples(&st, &o, quota, 1), ERR_NOTFOUND,
	       "offline miss: ERR_NOTFOUND");
	has_str(err_last(), "--offline", "message names --offline");
	free(samples);
}

int main(void)
{
	char *cache, *samples;

	if (!mkdtemp(dir))
		return printf("Bail out! mkdtemp\n"), 1;
	atexit(remove_dir); /* runs after stop_server() */
	write_file("script.json", script);
	require_tool(start_server() == 0, "python3 test server");
	cache = path_in("cache");
	samples = path_in("samples.jsonl");
	test_first_run(cache, samples);
	test_resume(cache, samples);
	test_quota_and_offline(cache);
	stop_server();
	free(cache);
	free(samples);
	return done();
}
