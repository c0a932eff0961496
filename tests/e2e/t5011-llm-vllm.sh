#!/bin/sh
# vLLM's OpenAI server: n is honoured (one request gives all three
# candidates), reasoning arrives in reasoning_content, max_tokens is
# accepted, and its error body is {"object": "error", "message", "type",
# "param", "code": 400}: the message, not the raw JSON, is what the user
# reads.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script ok.json '{"persona": "vllm", "default": {"stream": True,
	"reasoning_content": "Saturate on the carry.", "content": GOOD}}'
server_start ok.json || test_skip "cannot start the test server"

test_expect_success 'n=3 in one streamed request: 3 candidates pass' '
	gen_sat out --seed 3 --stream --max-tokens 2048 >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	all_pass out 3 &&
	! grep -q "refuses n" stderr &&
	test "$(requests_count)" = 1 &&
	python3 - <<-\PY
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	assert r[0]["n"] == 3 and r[0]["max_tokens"] == 2048, r
	assert "max_completion_tokens" not in r[0], r
	t = [json.loads(l) for l in open("out/transcript.jsonl")]
	ch = [x for x in t if x.get("outcome") == "ok"][0]["response"]["choices"]
	assert len(ch) == 3 and all(c["reasoning"] == "Saturate on the carry."
	                            for c in ch), ch
	PY
'
server_stop

write_script err.json '{"persona": "vllm", "default": {"status": 400,
	"type": "BadRequestError", "message": "This model'"'"'s maximum context length is 4096 tokens. However, you requested 9000 tokens."}}'
server_start err.json || test_skip "cannot start the test server"

test_expect_failure_code 'its 400 error: exit 3, the message in one line' 3 '
	gen_sat out2 --seed 3 >stdout 2>stderr; rc=$?
	cat stderr
	grep -q "maximum context length is 4096 tokens" stderr &&
	! grep -q "\"object\"" stderr &&
	test "$(requests_count)" = 1 &&
	test "$(grep -c "maximum context length" stderr)" = 1 &&
	exit $rc
'
server_stop
test_done
