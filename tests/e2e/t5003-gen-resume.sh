#!/bin/sh
# kill -9 in the middle of a run, then re-run: what was answered comes
# from the cache (the server's request log proves no request is repeated);
# --offline replays a finished run and fails clearly on a cache miss.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"
server_start "$A/script-resume.json" || test_skip "cannot start the test server"

gen() {
	HWFORGE_API_KEY=$TEST_KEY "$HWFORGE" gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 3 \
		--cache-dir "$PWD/cache" "$@"
}

test_expect_success 'kill -9 while round 2 waits for its reply' '
	gen -o out1 >stdout1 2>stderr1 &
	pid=$! &&
	i=0 &&
	while test "$(requests_count)" -lt 2; do
		i=$((i + 1)) && test $i -lt 400 && sleep 0.05 || exit 1
	done &&
	kill -9 $pid &&
	! wait $pid &&
	test ! -f out1/final.v &&
	test "$(find cache -name "*.json" | wc -l)" = 1 &&
	test "$(find cache -name "*.tmp*" | wc -l)" = 0
'

test_expect_success 're-run: round 1 replayed, only round 2 asked again' '
	gen -o out2 >stdout2 2>stderr2 &&
	grep -q "^pass out2/final.v" stdout2 &&
	test "$(requests_count)" = 3 &&
	test "$(grep -c "compared cycles mismatched" requests.jsonl)" = 2 &&
	expect_json out2/report.json "(j[\"llm\"][\"cache_hits\"] == 1 and
		j[\"llm\"][\"requests\"] == 1 and j[\"rounds_run\"] == 2 and
		j[\"rounds\"][0][\"candidates\"][0][\"cached\"])"
'

test_expect_success '--offline replays the whole run without the network' '
	gen --offline -o out3 >stdout3 &&
	test "$(requests_count)" = 3 &&
	cmp out2/final.v out3/final.v
'

test_expect_failure_code '--offline with a cold cache: exit 3, clear message' 3 '
	gen --offline --cache-dir "$PWD/cold" -o out4 2>err; rc=$?
	grep -q "offline: no cached reply" err &&
	test "$(wc -l <err)" = 1 &&
	test "$(requests_count)" = 3 && exit $rc
'

test_expect_success 'no secret anywhere' '
	! grep -r -F "$TEST_KEY" out1 out2 out3 cache stdout1 stderr1 stderr2
'

server_stop
test_done
