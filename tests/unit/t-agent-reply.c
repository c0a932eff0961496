#include "config.h"

#include <string.h>

#include "agent/agent-int.h"
#include "agent/reply.h"
#include "tap.h"

/* The reply parser: completions and SSE streams as real servers send. */

static int parse(const char *ct, const char *body, struct llm_reply *r,
		 enum reply_kind *k)
{
	memset(r, 0, sizeof(*r));
	return reply_parse(ct, body, strlen(body), r, k);
}

static void test_json(void)
{
	struct llm_reply r;
	enum reply_kind k;

	parse("application/json",
	      "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
	      "\"content\":\"hi\",\"reasoning_content\":\"hmm\"},"
	      "\"finish_reason\":\"length\"},{\"index\":1,\"message\":"
	      "{\"content\":null,\"reasoning\":\"r2\"},\"finish_reason\":"
	      "\"stop\"}],\"usage\":{\"prompt_tokens\":3,"
	      "\"completion_tokens\":4}}",
	      &r, &k);
	is_int(k, REPLY_OK, "completion parsed");
	is_int(r.n, 2, "two choices");
	is_str(r.choices[0].content, "hi", "content");
	is_str(r.choices[0].reasoning, "hmm", "reasoning_content");
	is_str(r.choices[0].finish_reason, "length", "finish_reason length");
	is_str(r.choices[1].content, "", "null content is empty");
	is_str(r.choices[1].reasoning, "r2", "reasoning field");
	is_int(r.prompt_tokens + r.completion_tokens, 7, "usage");
	llm_reply_release(&r);
	parse("application/json", "{\"choices\": [{\"message\": ", &r, &k);
	is_int(k, REPLY_MALFORMED, "cut JSON: malformed");
	parse("application/json", "{\"error\":{\"message\":\"x\"}}", &r, &k);
	is_int(k, REPLY_ERROR_EVENT, "error object in a 200");
	parse("application/json", "{\"choices\":[]}", &r, &k);
	is_int(k, REPLY_EMPTY, "no choices: empty");
}

static void test_sse(void)
{
	struct llm_reply r;
	enum reply_kind k;
	const char *s =
		": comment\r\n\r\n"
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
		"\"reasoning_content\":\"th\"}}]}\r\n\r\n"
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":"
		"\"ink\"}}]}\n\n"
		"data: {\"choices\":[{\"index\":1,\"delta\":{\"content\":\"B\"},"
		"\"finish_reason\":\"stop\"}]}\n\n"
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A1\"}}]}\n\n"
		"data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"A2\"},"
		"\"finish_reason\":\"stop\"}]}\n\n"
		"data: {\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
		"\"completion_tokens\":2}}\n\n"
		"data: {\"choices\":null,\"usage\":null}\n\n"
		"data: [DONE]\n\n";

	parse("text/event-stream; charset=utf-8", s, &r, &k);
	is_int(k, REPLY_OK, "stream parsed");
	is_int(r.n, 2, "two choices by index");
	is_str(r.choices[0].content, "A1A2", "deltas joined");
	is_str(r.choices[0].reasoning, "think", "reasoning deltas joined");
	is_str(r.choices[1].content, "B", "second choice");
	is_int(r.prompt_tokens, 10, "usage chunk with empty choices");
	is_int(r.completion_tokens, 2, "null usage ignored");
	llm_reply_release(&r);
	parse(NULL,
	      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	      "\"x\"}}]}\n\n",
	      &r, &k);
	is_int(k, REPLY_TRUNCATED, "no [DONE], no finish: truncated");
	parse(NULL,
	      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	      "\"x\"}}]}\n\ndata: {\"error\":{\"message\":\"overloaded\"}}"
	      "\n\n",
	      &r, &k);
	is_int(k, REPLY_ERROR_EVENT, "error event in the stream");
	parse(NULL,
	      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	      "\"x\"}}]}\n\ndata: {bad\n\n",
	      &r, &k);
	is_int(k, REPLY_MALFORMED, "bad chunk: malformed");
	parse(NULL,
	      "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":"
	      "\"ok\"},\"finish_reason\":\"stop\"}]}",
	      &r, &k);
	is_int(k, REPLY_OK, "last event without blank line, finished");
	is_str(r.n ? r.choices[0].content : NULL, "ok", "content");
	llm_reply_release(&r);
}

/* Found by tests/libfuzzer/fz-reply: numbers a server sends are bounded
 * before they size an array or become integers. */
static void test_hostile_numbers(void)
{
	struct llm_reply r;
	enum reply_kind k;
	int rc;

	rc = parse("application/json",
		   "{\"choices\":[{\"index\":6e21,\"message\":"
		   "{\"content\":\"x\"}}]}",
		   &r, &k);
	ok(rc || k != REPLY_OK, "index 6e21: refused");
	llm_reply_release(&r);
	rc = parse("application/json",
		   "{\"choices\":[{\"index\":100000000,\"message\":"
		   "{\"content\":\"x\"}}]}",
		   &r, &k);
	ok(rc || k != REPLY_OK, "index 1e8: refused, nothing allocated");
	llm_reply_release(&r);
	rc = parse("application/json",
		   "{\"choices\":[{\"index\":0,\"message\":"
		   "{\"content\":\"x\"}}],\"usage\":{\"prompt_tokens\":"
		   "5e66,\"completion_tokens\":-1e300}}",
		   &r, &k);
	is_int(rc, 0, "huge usage: parsed");
	is_int(k, REPLY_OK, "huge usage: ok");
	is_int(r.prompt_tokens, 0, "huge usage: not converted");
	llm_reply_release(&r);
}

int main(void)
{
	test_json();
	test_sse();
	test_hostile_numbers();
	return done();
}
