#!/bin/sh
# Truncated stream, malformed JSON, a connection reset and 5xx replies
# are counted and retried, and the run completes; an error body that
# echoes the Authorization header never reaches the transcript.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"
server_start "$A/script-faults.json" || test_skip "cannot start the test server"

test_expect_success 'every fault is retried and the run passes' '
	echo "{\"test-model\": {\"input\": 2.0, \"output\": 10.0}}" >costs.json &&
	HWFORGE_API_KEY=$TEST_KEY hwforge -v -v gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" \
		--model test-model --candidates 4 --rounds 1 --seed 1 \
		--backoff-ms 50 --cache-dir "$PWD/cache" -o out \
		--cost-table "$PWD/costs.json" \
		>stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	grep -q "retrying in" stderr
'

test_expect_success 'faults are counted in report.json' '
	expect_json out/report.json "(j[\"llm\"][\"transport_errors\"] == 2 and
		j[\"llm\"][\"malformed\"] == 1 and j[\"llm\"][\"http_5xx\"] == 2 and
		j[\"llm\"][\"retries\"] == 5 and j[\"llm\"][\"failed\"] == 0 and
		j[\"tokens\"][\"prompt\"] == 200 and
		abs(j[\"llm\"][\"cost\"] - (200 * 2.0 + 100 * 10.0) / 1e6) < 1e-12 and
		len(j[\"rounds\"][0][\"candidates\"]) == 4 and
		all(c[\"status\"] == \"pass\"
		    for c in j[\"rounds\"][0][\"candidates\"]))"
'

test_expect_success 'transcript classes each failed attempt' '
	python3 - <<-\EOF
	import json, collections
	t = [json.loads(l) for l in open("out/transcript.jsonl")]
	c = collections.Counter(x.get("outcome") for x in t)
	assert c["truncated-stream"] == 1 and c["malformed"] == 1, c
	assert c["transport-error"] == 1 and c["retry"] == 2, c
	assert c["n-rejected"] == 1 and c["ok"] == 4, c
	EOF
'

test_expect_success 'the echoed key is redacted, found nowhere' '
	grep -q "Authorization: Bearer \[REDACTED\]" out/transcript.jsonl &&
	! grep -r -F "$TEST_KEY" out cache stdout stderr
'

server_stop
test_done
