#!/bin/sh
# Ollama's OpenAI layer (/v1): it silently ignores n and sends one
# choice.  The client notices the short reply, keeps that choice, asks
# for the missing candidates one request (and seed) each, remembers it
# for the rest of the run and says so once.  Reasoning arrives in
# "reasoning"; errors are {"error": {"message", "type", "param": null,
# "code": null}}.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script ok.json '{"persona": "ollama", "rules": [
	{"contains": "compared cycles", "replies": [{"content": GOOD,
	 "reasoning": "Now saturate."}]},
	{"replies": [{"content": "```verilog\nmodule sat_add(input [7:0] a, input [7:0] b, output [7:0] y, output ovf);\nassign {ovf, y} = a + b;\nendmodule\n```\n",
	 "reasoning": "Plain add first."}]}]}'
server_start ok.json || test_skip "cannot start the test server"

test_expect_success 'n ignored: 3 candidates per round, each round' '
	gen_sat out --seed 40 --rounds 2 >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	test "$(grep -c "sent 1 of 3 choices (it ignores n)" stderr)" = 1 &&
	expect_json out/report.json "([len(r[\"candidates\"]) for r in j[\"rounds\"]] == [3, 3] and
		all(c[\"class\"] == \"sim/mismatch\" for c in j[\"rounds\"][0][\"candidates\"]) and
		all(c[\"status\"] == \"pass\" for c in j[\"rounds\"][1][\"candidates\"]) and
		j[\"llm\"][\"n_rejected\"] and j[\"llm\"][\"failed\"] == 0)"
'

test_expect_success 'requests: n=3 once, then the missing seeds, then one per seed' '
	python3 - <<-\PY
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	assert len(r) == 6, len(r)
	assert r[0]["n"] == 3 and r[0]["seed"] == 40, r[0]
	assert all("n" not in x for x in r[1:]), r
	assert sorted(x["seed"] for x in r[1:3]) == [41, 42], r
	assert sorted(x["seed"] for x in r[3:]) == [43, 44, 45], r
	t = [json.loads(l) for l in open("out/transcript.jsonl")]
	ok = [x for x in t if x.get("outcome") == "ok"]
	assert all(x["response"]["choices"][0]["reasoning"] for x in ok), ok
	PY
'

test_expect_success 're-run from the cache: the same candidates, no request' '
	gen_sat out --seed 40 --rounds 2 -o out2 >stdout2 2>stderr2 &&
	test "$(requests_count)" = 6 &&
	cmp out/final.v out2/final.v &&
	expect_json out2/report.json "[len(r[\"candidates\"]) for r in j[\"rounds\"]] == [3, 3]"
'
server_stop

write_script err.json '{"persona": "ollama", "default": {"status": 404,
	"type": "api_error", "message": "model \"test-model\" not found, try pulling it first"}}'
server_start err.json || test_skip "cannot start the test server"

test_expect_failure_code 'unknown model (404): exit 2, its message' 2 '
	gen_sat out3 --seed 1 >stdout 2>stderr; rc=$?
	cat stderr
	grep -q "^hwforge: HTTP 404 from the API: model \"test-model\" not found" stderr &&
	test "$(requests_count)" = 1 &&
	exit $rc
'
server_stop
test_done
