#!/bin/sh
# ^C while a reply is awaited: exit 130 within a second or two, with the
# report (stopped: interrupted) and the best candidate so far written.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

A="$FIXTURES/agent"
server_start "$A/script-resume.json" || test_skip "cannot start the test server"

test_expect_success 'SIGINT during round 2: exit 130, report kept' '
	HWFORGE_API_KEY=$TEST_KEY "$HWFORGE" gen "$A/sat_add.md" \
		--ref "$A/sat_add_ref.v" --endpoint "$ENDPOINT" --model m \
		--candidates 1 --rounds 3 --no-cache -o out 2>err &
	pid=$! &&
	i=0 &&
	while test "$(requests_count)" -lt 2; do
		i=$((i + 1)) && test $i -lt 400 && sleep 0.05 || exit 1
	done &&
	kill -INT $pid &&
	{ wait $pid; rc=$?; } ;
	test "$rc" = 130 &&
	grep -q "interrupted" err &&
	expect_json out/report.json "(j[\"stopped\"] == \"interrupted\" and
		j[\"rounds\"][0][\"candidates\"][0][\"class\"] == \"sim/mismatch\")" &&
	test -f out/final.v
'

server_stop
test_done
