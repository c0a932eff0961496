#!/bin/sh
# OpenAI itself: reasoning models refuse "max_tokens" (400, "Use
# 'max_completion_tokens' instead."): the client switches the spelling
# for the run and sends again, n=3 is honoured, all candidates come.
# An exhausted account (429 insufficient_quota) is not retried: exit 3
# and the API's message in one line.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script ok.json '{"persona": "openai", "reject_max_tokens": True,
	"default": {"content": GOOD, "usage": {"prompt_tokens": 40,
	"completion_tokens": 300, "completion_tokens_details":
	{"reasoning_tokens": 200}}}}'
server_start ok.json || test_skip "cannot start the test server"

test_expect_success 'max_completion_tokens after one refusal; 3 candidates' '
	gen_sat out --seed 5 --max-tokens 4000 >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	all_pass out 3 &&
	python3 - <<-\PY
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	assert len(r) == 2, len(r)
	assert r[0]["max_tokens"] == 4000 and r[0]["n"] == 3, r[0]
	assert r[1]["max_completion_tokens"] == 4000, r[1]
	assert "max_tokens" not in r[1] and r[1]["n"] == 3, r[1]
	PY
	expect_json out/report.json "(j[\"llm\"][\"max_completion_tokens\"] and
		not j[\"llm\"][\"n_rejected\"] and j[\"llm\"][\"retries\"] == 0 and
		j[\"tokens\"][\"completion\"] == 300)"
'
server_stop

write_script quota.json '{"persona": "openai", "default": {"status": 429,
	"type": "insufficient_quota", "code": "insufficient_quota",
	"message": "You exceeded your current quota, please check your plan and billing details.",
	"headers": {"Retry-After": "1"}}}'
server_start quota.json || test_skip "cannot start the test server"

test_expect_failure_code 'insufficient_quota: not retried, exit 3' 3 '
	gen_sat out2 --seed 5 >stdout 2>stderr; rc=$?
	cat stderr
	grep -q "^hwforge: the API refused: insufficient quota (You exceeded your current quota" stderr &&
	test "$(requests_count)" = 1 &&
	exit $rc
'
server_stop
test_done
