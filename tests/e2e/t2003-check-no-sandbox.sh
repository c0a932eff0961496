#!/bin/sh
# A machine where bubblewrap cannot create namespaces (many containers and
# chroots): the tools still run, with limits only, and every command that
# runs them (check, gen, gate, bench) says so in the same one warning,
# once per run; a usage error stays one line; HWFORGE_SANDBOX=require
# refuses, none is silent.  The bwrap found first on PATH fails the way
# the real one does there.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have iverilog yosys python3

V="$FIXTURES/verify"
G="$FIXTURES/gate"
without_bwrap
WARN="^hwforge: warning: bwrap not usable (it cannot create namespaces here); tools run with resource limits only"

once() {
	cat "$1" &&
	test "$(grep -c "bwrap not usable" "$1")" = 1 &&
	grep -q "$WARN" "$1"
}

test_expect_success 'check: passes without the sandbox, warns once' '
	hwforge check --top adder "$V/pass-adder.v" --json >out.json 2>err &&
	once err &&
	expect_json out.json "j[\"verdict\"] == \"pass\""
'

test_expect_success 'version says the sandbox is not usable' '
	hwforge version >v &&
	grep "^sandbox" v | grep -q -v "bwrap  *ok\|^sandbox  *bwrap$"
'

test_expect_failure_code 'bad input: one line, no warning (nothing ran)' 2 '
	hwforge check --top adder nope.v 2>err; rc=$?
	test "$(wc -l <err)" = 1 && grep -q "nope.v" err && exit $rc
'

test_expect_success 'gate: warns once for all its checks' '
	cp "$G"/*.v . &&
	cat >gate.json <<-\JSON &&
	{ "name": "g", "defaults": { "timeout": 30, "lint": "off" },
	  "units": [ { "name": "adder", "sources": ["add4.v"], "top": "add4",
	    "testbenches": [ { "file": "tb_add4.v", "top": "tb_add4" } ] },
	  { "name": "counter", "sources": ["cnt10.v"], "top": "cnt10" } ] }
	JSON
	hwforge gate --no-progress --jobs 2 gate.json >out 2>err &&
	once err
'

test_expect_success 'bench: warns once for all its samples' '
	hwforge bench --samples "$FIXTURES/bench/native-samples.jsonl" \
		--no-ppa --no-progress --jobs 2 --out b "$FIXTURES/bench/native" \
		>out 2>err || test $? = 1 &&
	once err &&
	test "$(wc -l <b/results.jsonl)" = 5
'

write_script s.json '{"default": {"content": GOOD}}'
server_start s.json || test_skip "cannot start the test server"
test_expect_success 'gen: warns once for all its candidates' '
	gen_sat g --seed 1 --no-progress >stdout 2>err &&
	grep -q "^pass g/final.v" stdout &&
	once err
'
server_stop

test_expect_failure_code 'HWFORGE_SANDBOX=require: refuses, exit 3' 3 '
	HWFORGE_SANDBOX=require hwforge check --top adder "$V/pass-adder.v" \
		>out 2>err; rc=$?
	cat out err &&
	grep -q "compile  *error .*sandbox required but bwrap is not usable" out &&
	exit $rc
'

test_expect_success 'HWFORGE_SANDBOX=none: no warning' '
	HWFORGE_SANDBOX=none hwforge check --top adder "$V/pass-adder.v" >out 2>err &&
	! test -s err
'
test_done
