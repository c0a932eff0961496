#!/bin/sh
# hwforge gen against a scripted OpenAI-compatible server: a 429 is
# retried after its Retry-After, a syntax error and then a wrong design
# are fed back as compiler errors and a mismatch table, and a streamed
# correct reply (with a decoy module inside <think> and the word endmodule
# in comments) ends the run with a checked final.v.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"

server_start "$A/script-repair.json" || test_skip "cannot start the test server"

test_expect_success 'gen repairs its way to a passing design' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 4 --stream \
		--backoff-ms 100 --cache-dir "$PWD/cache" -o out \
		>stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	test "$(requests_count)" = 4
'

test_expect_success 'final.v is the corrected design, not the decoy' '
	grep -q "if (s\[8\]) y = 8.hff" out/final.v &&
	! grep -q "assign y = 8.h00" out/final.v &&
	test "$(grep -c "^endmodule" out/final.v)" = 1
'

test_expect_success 'final.v really passes the check pipeline' '
	hwforge check --ref "$A/sat_add_ref.v" out/final.v >check.out
'

test_expect_success 'the 429 was retried after Retry-After: 1' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	assert r[0]["body"] == r[1]["body"], "retry is the same request"
	gap = r[1]["t"] - r[0]["t"]
	assert gap >= 0.95, "retried after %.3f s" % gap
	assert all(x["auth"] == "ok" for x in r), "bearer key on every request"
	EOF
'

test_expect_success 'round 2 carries the compiler error with the line' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	m = r[2]["body"]["messages"]
	assert [x["role"] for x in m] == ["system", "user", "assistant", "user"]
	last = m[-1]["content"]
	assert "compile/syntax" in last and "syntax error" in last, last
	assert "r1-c0.v:8" in last and ">    8 |" in last, last
	assert "wire [8:0] s = a + b\n" in m[2]["content"], "latest attempt"
	EOF
'

test_expect_success 'round 3 carries the mismatch evidence' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	m = r[3]["body"]["messages"]
	assert len(m) == 4, "conversation does not grow"
	last = m[-1]["content"]
	assert "sim/mismatch" in last, last
	assert "| cycle | inputs | expected | got |" in last, last
	assert "y=8'"'"'hff" in last, last
	assert "Counterexample" in last, last
	assert "assign y = s[7:0];" in m[2]["content"], "latest attempt"
	assert "out/" not in last and "/tmp" not in last, "no paths"
	EOF
'

test_expect_success 'report.json records rounds, classes and the retry' '
	expect_json out/report.json "(j[\"verdict\"] == \"pass\" and
		j[\"rounds_run\"] == 3 and
		[r[\"candidates\"][0][\"class\"] for r in j[\"rounds\"]] ==
			[\"compile/syntax\", \"sim/mismatch\", None] and
		j[\"rounds\"][2][\"candidates\"][0][\"extract\"] == \"fence\" and
		j[\"rounds\"][1][\"candidates\"][0][\"extract\"] == \"sentinel\" and
		j[\"llm\"][\"http_429\"] == 1 and j[\"llm\"][\"retries\"] == 1 and
		j[\"tokens\"][\"total\"] == 1190 and j[\"stopped\"] == \"pass\")"
'

test_expect_success 'transcript has every request and response' '
	python3 - <<-\EOF
	import json
	t = [json.loads(l) for l in open("out/transcript.jsonl")]
	assert len(t) == 4, len(t)
	assert [x.get("outcome") for x in t] == ["retry", "ok", "ok", "ok"]
	assert t[0]["status"] == 429 and "Rate limit" in t[0]["body"]
	assert "<think>" in t[3]["response"]["choices"][0]["content"]
	EOF
'

test_expect_success 'no secret in the output directory or the logs' '
	! grep -r -F "$TEST_KEY" out cache stdout stderr
'

test_expect_success 'a re-run replays the cache without any request' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 4 --stream \
		--cache-dir "$PWD/cache" -o out2 2>stderr2 &&
	test "$(requests_count)" = 4 &&
	cmp out/final.v out2/final.v &&
	expect_json out2/report.json "(j[\"llm\"][\"cache_hits\"] == 3 and
		j[\"llm\"][\"requests\"] == 0)"
'

server_stop
test_done
