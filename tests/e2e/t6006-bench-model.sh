#!/bin/sh
# hwforge bench --model: samples come from a scripted OpenAI-compatible
# server on loopback, are cached and resumable, then scored.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog vvp

server_start "$FIXTURES/bench/llm-script.json" ||
	test_skip "cannot start the test server"

test_expect_success 'bench --model generates and scores n samples per task' '
	hwforge bench --model test-model --endpoint "$ENDPOINT" -n 2 \
		--no-ppa --out m "$FIXTURES/bench/native" >out 2>err &&
	test "$(wc -l <m/samples.jsonl)" = 4 &&
	test "$(requests_count)" = 4 &&
	grep -q "samples: 4 scored, 3 passed" out &&
	expect_json m/summary.json "[(t[\"id\"], t[\"c\"]) for t in j[\"tasks\"]] == [(\"acc8\", 1), (\"inc8\", 2)]" &&
	! grep -q "tb.v\|MISMATCH" requests.jsonl
'

test_expect_success 'a re-run with --resume --offline asks nothing new' '
	hwforge bench --model test-model --endpoint "$ENDPOINT" -n 2 \
		--offline --resume --no-ppa --out m "$FIXTURES/bench/native" \
		>out2 2>err2 &&
	test "$(requests_count)" = 4 &&
	test "$(wc -l <m/samples.jsonl)" = 4 &&
	grep -q "samples: 4 scored, 3 passed" out2
'

test_expect_failure_code '--model without an endpoint is a usage error' 2 '
	hwforge bench --model test-model --out z "$FIXTURES/bench/native" 2>err; rc=$?
	grep -q "endpoint" err && exit $rc
'

server_stop
test_done
