#!/bin/sh
# A server that rejects n>1 with a 400 (as vLLM-style servers do) still
# yields K candidates per round: the client falls back to K requests with
# distinct seeds and remembers it for the rest of the run.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"
server_start "$A/script-reject-n.json" || test_skip "cannot start the test server"

test_expect_failure_code 'no candidate passes: exit 1' 1 '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" \
		--model test-model --candidates 3 --rounds 2 --seed 10 \
		--cache-dir "$PWD/cache" -o out >stdout 2>stderr
'

test_expect_success 'one n=3 request, then three seeds per round' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	assert len(r) == 7, len(r)
	assert r[0].get("n") == 3, r[0]
	assert all("n" not in x for x in r[1:]), "n>1 is not asked again"
	assert sorted(x["seed"] for x in r[1:4]) == [10, 11, 12]
	assert sorted(x["seed"] for x in r[4:7]) == [13, 14, 15]
	EOF
'

test_expect_success 'report: 3 candidates per round, all checked' '
	expect_json out/report.json "(j[\"llm\"][\"n_rejected\"] and
		[len(r[\"candidates\"]) for r in j[\"rounds\"]] == [3, 3] and
		all(c[\"class\"] == \"sim/mismatch\"
		    for r in j[\"rounds\"] for c in r[\"candidates\"]) and
		j[\"verdict\"] == \"fail\" and j[\"class\"] == \"sim/mismatch\")" &&
	test -f out/final.v &&
	grep -q "^fail out/final.v" stdout &&
	grep -q "no candidate passed in 2 rounds" stderr
'

server_stop
test_done
