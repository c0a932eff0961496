#!/bin/sh
# hwforge gen: help, bad input and a dead endpoint, each with its exit
# code and a one-line message.
. "$TEST_SRCDIR/e2e/lib.sh"

A="$FIXTURES/agent"

test_expect_success '--help documents options and exit codes' '
	hwforge gen --help >out &&
	grep -q "^usage: hwforge gen SPEC -o DIR" out &&
	grep -q -- "--offline" out &&
	grep -q "^  3 " out
'

test_expect_failure_code 'no -o: usage error' 2 '
	hwforge gen "$A/sat_add.md" --endpoint http://x --model m
'

test_expect_failure_code 'bad --candidates: usage error' 2 '
	hwforge gen "$A/sat_add.md" -o o --candidates 0 2>err; rc=$?
	grep -q "candidates" err && exit $rc
'

test_expect_failure_code 'missing spec: exit 2, one line' 2 '
	hwforge gen nosuch.md -o o --endpoint http://127.0.0.1:1/v1 \
		--model m 2>err; rc=$?
	test "$(wc -l <err)" = 1 && grep -q "nosuch.md" err && exit $rc
'

test_expect_failure_code 'missing reference: exit 2' 2 '
	hwforge gen "$A/sat_add.md" --ref nosuch.v -o o \
		--endpoint http://127.0.0.1:1/v1 --model m 2>err; rc=$?
	grep -q "nosuch.v" err && exit $rc
'

test_expect_failure_code 'no endpoint: exit 2 naming the setting' 2 '
	hwforge gen "$A/sat_add.md" -o o --model m 2>err; rc=$?
	grep -q "HWFORGE_ENDPOINT" err && exit $rc
'

test_expect_failure_code 'spec without a module and no --top: exit 2' 2 '
	echo "Make an adder." >plain.txt &&
	hwforge gen plain.txt -o o --endpoint http://127.0.0.1:1/v1 \
		--model m 2>err; rc=$?
	grep -q -- "--top" err && exit $rc
'

test_expect_failure_code 'endpoint refusing connections: could not decide, exit 3' 3 '
	hwforge gen "$A/sat_add.md" -o o --endpoint http://127.0.0.1:1/v1 \
		--model m --retries 1 --backoff-ms 10 --rounds 1 \
		--no-cache 2>err; rc=$?
	grep -q "^hwforge: request to .* failed: " err &&
	expect_json o/report.json "(j[\"class\"] == \"llm/error\" and
		j[\"llm\"][\"transport_errors\"] == 2 and j[\"final\"] is None)" &&
	exit $rc
'

test_done
