#!/bin/sh
# Replies that never reach the tools are classed (no-code, truncated at
# max_tokens, port mismatch, missing module), ranked (a port mismatch is
# the furthest), and the best one's problems are fed back; the token
# budget stops a run.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"
server_start "$A/script-classes.json" || test_skip "cannot start the test server"

gen() {
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" --model m \
		--candidates 4 --seed 1 --max-tokens 64 --no-cache "$@"
}

test_expect_failure_code 'four failing kinds of reply: exit 1' 1 '
	gen --rounds 2 -o out >stdout 2>stderr
'

test_expect_success 'each reply has its class' '
	expect_json out/report.json "([c[\"class\"] for c in
		j[\"rounds\"][0][\"candidates\"]] == [\"no-code\", \"truncated\",
		\"compile/port-mismatch\", \"compile/missing-module\"] and
		j[\"rounds\"][0][\"best\"] == 2 and
		j[\"rounds\"][0][\"candidates\"][1][\"finish_reason\"] == \"length\" and
		j[\"llm\"][\"truncated\"] == 1 and
		j[\"class\"] == \"compile/port-mismatch\")"
'

test_expect_success 'the port problems are fed back and final.v is the best' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	fb = [x for x in r if x["messages"][-1]["role"] == "user" and
	      len(x["messages"]) == 4]
	assert len(fb) == 4, len(fb)
	last = fb[0]["messages"][-1]["content"]
	assert "missing port '"'"'ovf'"'"' (output, 1 bit)" in last, last
	assert all(x.get("max_tokens") == 64 for x in r)
	EOF
	grep -q "output \[7:0\] y);" out/final.v
'

test_expect_success 'a token budget stops the run after round 1' '
	gen --rounds 5 --budget-tokens 10 -o out2 >/dev/null 2>&1;
	test $? = 1 &&
	expect_json out2/report.json "(j[\"stopped\"] == \"budget\" and
		j[\"rounds_run\"] == 1)"
'

server_stop
test_done
