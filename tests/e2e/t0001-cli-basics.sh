#!/bin/sh
. "$TEST_SRCDIR/e2e/lib.sh"

test_expect_success '--help lists the commands and exit codes' '
	hwforge --help >out &&
	grep -q "^  check " out &&
	grep -q "^  version " out &&
	grep -q "130  interrupted" out
'

test_expect_failure_code 'no command is a usage error' 2 '
	hwforge
'

test_expect_failure_code 'unknown command: exit 2 with one line' 2 '
	hwforge frobnicate 2>err; rc=$?
	test "$(wc -l <err)" = 1 && grep -q "not a command" err && exit $rc
'

test_expect_success 'version names the tools' '
	hwforge version >out &&
	grep -q "^hwforge " out &&
	grep -q "^iverilog" out &&
	grep -q "^yosys" out
'

test_expect_failure_code 'bad HWFORGE_JOBS is a usage error' 2 '
	HWFORGE_JOBS=lots hwforge version 2>err; rc=$?
	grep -q "HWFORGE_JOBS" err && exit $rc
'

test_expect_failure_code 'malformed config file is a usage error' 2 '
	printf "{ bad" >cfg.json &&
	HWFORGE_CONFIG=$PWD/cfg.json hwforge version 2>err; rc=$?
	grep -q "invalid JSON at byte" err && exit $rc
'

test_expect_failure_code 'config file jobs out of range is a usage error' 2 '
	printf "{\"jobs\": -3}" >cfg.json &&
	HWFORGE_CONFIG=$PWD/cfg.json hwforge version 2>err; rc=$?
	grep -q "jobs" err && test "$(wc -l <err)" = 1 && exit $rc
'

test_expect_success 'config file with a valid jobs count is accepted' '
	printf "{\"jobs\": 2}" >cfg.json &&
	HWFORGE_CONFIG=$PWD/cfg.json hwforge version >out &&
	grep -q "^hwforge " out
'

test_done
