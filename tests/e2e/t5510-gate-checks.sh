#!/bin/sh
# hwforge gate on small fixtures: lint, compile, synth, budget and
# simulation checks, the table, JUnit (validated by python3 xml.etree),
# JSON, GitHub annotations and exit codes.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys verilator python3

G="$FIXTURES/gate"
cp "$G"/*.v . || exit 1
JC="python3 $G/junit_check.py"

cat >gate.json <<'JSON'
{
  "name": "small",
  "defaults": { "timeout": 30 },
  "units": [
    { "name": "adder", "sources": ["add4.v"], "top": "add4",
      "testbenches": [ { "file": "tb_add4.v", "top": "tb_add4" } ],
      "budget": { "max_cells": 1000, "max_flops": 0 },
      "lint": "strict" },
    { "name": "counter", "sources": ["cnt10.v"], "top": "cnt10",
      "budget": { "max_flops": 4 } }
  ]
}
JSON

cat >fail.json <<'JSON'
{
  "name": "bad",
  "defaults": { "timeout": 30, "lint": "off" },
  "units": [
    { "name": "wrong", "sources": ["add4_wrong.v"], "top": "add4",
      "testbenches": ["tb_add4.v"] },
    { "name": "broken", "sources": ["add4_broken.v"], "top": "add4",
      "testbenches": ["tb_add4.v"] },
    { "name": "linty", "sources": ["add4_lint.v"], "top": "add4",
      "testbenches": ["tb_add4.v"], "lint": "strict" }
  ]
}
JSON

test_expect_success 'passing gate: exit 0, table and JUnit list every check' '
	hwforge gate gate.json --junit out.xml >out 2>err &&
	cat out &&
	grep -q "^adder  *sim:tb_add4  *pass " out &&
	grep -q "^counter  *budget  *pass .*flops 4 (max 4)" out &&
	grep -q "^small: 9 checks, 9 passed, 0 failed, 0 errors" out &&
	$JC out.xml --failures 0 --errors 0 --skipped 0 \
		--cases adder.lint,adder.compile,adder.synth,adder.budget,adder.sim:tb_add4,counter.lint,counter.compile,counter.synth,counter.budget
'

test_expect_success 'progress: one line per finished check when not a TTY' '
	hwforge gate gate.json >out 2>err &&
	test "$(grep -c "^hwforge: \[[0-9]*/9\] " err)" = 9 &&
	hwforge gate --no-progress gate.json >out 2>err &&
	no_stderr err
'

test_expect_success 'GATEFILE defaults to ./hwforge-gate.json' '
	cp gate.json hwforge-gate.json &&
	hwforge gate --jobs 1 >out 2>err &&
	grep -q "^small: 9 checks, 9 passed" out &&
	grep -q "(1 jobs)" out
'

test_expect_success '--json: JSON on stdout, table on stderr' '
	hwforge gate --json gate.json >out.json 2>err &&
	grep -q "^UNIT  *CHECK  *RESULT" err &&
	expect_json out.json "j[\"result\"] == \"pass\" and j[\"tests\"] == 9 and j[\"failures\"] == 0 and [c[\"id\"] for c in j[\"units\"][0][\"checks\"]] == [\"adder.lint\", \"adder.compile\", \"adder.synth\", \"adder.budget\", \"adder.sim:tb_add4\"] and j[\"units\"][1][\"checks\"][3][\"evidence\"][\"flops\"] == 4"
'

test_expect_failure_code 'failing gate: exit 1' 1 '
	hwforge gate fail.json --junit fail.xml >out 2>err
'

test_expect_success 'the wrong sum fails sim, naming unit, check and evidence' '
	hwforge gate fail.json --junit fail.xml >out 2>err;
	cat out &&
	grep -q "^wrong  *sim:tb_add4  *FAIL " out &&
	grep -q "^wrong.sim:tb_add4: FAIL" out &&
	grep -q "ERROR: a=15 b=1 s=0 expected 16" out &&
	$JC fail.xml --failed wrong.sim:tb_add4 \
		--has "wrong.sim:tb_add4=ERROR: a=15 b=1 s=0 expected 16"
'

test_expect_success 'a design that does not compile: compile fails, the rest skipped' '
	grep -q "^broken  *compile  *FAIL .*add4_broken.v:8" out &&
	grep -q "^broken  *synth  *skipped  .*compile did not pass" out &&
	grep -q "^broken  *sim:tb_add4  *skipped " out &&
	$JC fail.xml --failed broken.compile \
		--has "broken.compile=add4_broken.v:8" \
		--has "broken.sim:tb_add4=compile did not pass"
'

test_expect_success 'strict lint fails with the Verilator findings' '
	grep -q "^linty  *lint  *FAIL .*verilator: 0 error(s), 3 warning(s)" out &&
	grep -q "^linty  *sim:tb_add4  *pass " out &&
	grep -q "add4_lint.v:6: warning \[UNUSEDSIGNAL\]" out &&
	$JC fail.xml --failures 3 --errors 0 --skipped 2 \
		--has "linty.lint=add4_lint.v:11: warning [WIDTH]"
'

test_expect_success 'a budget exceeded by one cell fails with the numbers' '
	hwforge gate --json gate.json >pass.json &&
	cells=$(python3 -c "import json; j = json.load(open(\"pass.json\")); print(j[\"units\"][0][\"checks\"][3][\"evidence\"][\"cells\"])") &&
	test "$cells" -gt 1 &&
	max=$((cells - 1)) &&
	sed -e "s/\"max_cells\": 1000/\"max_cells\": $max/" gate.json >tight.json &&
	grep -q "\"max_cells\": $max" tight.json &&
	{ hwforge gate tight.json --junit tight.xml >out 2>err; rc=$?; } &&
	cat out && test $rc = 1 &&
	grep -q "^adder  *budget  *FAIL .*cells $cells > max $max (over by 1)" out &&
	$JC tight.xml --failures 1 --failed adder.budget \
		--has "adder.budget=cells $cells > max $max (over by 1)"
'

test_expect_success 'GitHub annotations and job summary when GITHUB_ACTIONS=true' '
	{ GITHUB_ACTIONS=true GITHUB_WORKSPACE=$PWD \
		GITHUB_STEP_SUMMARY=$PWD/summary.md hwforge gate fail.json \
		>out 2>err; test $? = 1; } &&
	cat summary.md &&
	grep -q "^### hwforge gate bad: FAILED" summary.md &&
	grep -F -q "| wrong | sim:tb\_add4 | FAIL |" summary.md &&
	grep "^::error " out >ann &&
	cat ann &&
	test "$(wc -l <ann)" = 3 &&
	grep -q "^::error file=add4_wrong.v,title=wrong.sim%3Atb_add4 failed::wrong.sim:tb_add4: " ann &&
	grep -q "^::error file=[^,]*add4_broken.v,line=8,title=broken.compile failed::" ann &&
	grep -q "^::error file=add4_lint.v,line=" ann &&
	{ hwforge gate fail.json >out2 2>err; test $? = 1; } &&
	grep -q "^wrong  *sim:tb_add4  *FAIL" out2 &&
	! grep -q "^::error" out2
'

test_expect_success 'hostile testbench output still gives well-formed JUnit' '
	cat >nasty.json <<-JSON &&
	{ "units": [ { "name": "n", "sources": ["add4.v"], "top": "add4",
	  "lint": "off", "testbenches": ["tb_nasty.v"] } ] }
	JSON
	{ hwforge gate nasty.json --junit nasty.xml >out 2>err; rc=$?; } &&
	test $rc = 1 &&
	$JC nasty.xml --failed n.sim:tb_nasty --has "n.sim:tb_nasty=<evil" &&
	! grep -q "$(printf "\033")" nasty.xml &&
	! grep -q "$(printf "\033")" out
'

test_expect_success 'lint "normal" lists iverilog warnings without failing' '
	cat >implicit.json <<-JSON &&
	{ "units": [ { "name": "imp", "sources": ["add4_implicit.v"],
	  "top": "add4", "testbenches": ["tb_add4.v"] } ] }
	JSON
	hwforge gate implicit.json --junit imp.xml >out 2>err &&
	cat out &&
	grep -q "^imp  *lint  *pass .*1 warning(s) (not failing at lint \"normal\")" out &&
	$JC imp.xml --failures 0 --errors 0 \
		--has "imp.lint=add4_implicit.v:8: warning: implicit definition of wire" &&
	python3 -c "import sys, xml.etree.ElementTree as E; t = E.parse(\"imp.xml\"); o = [c.find(\"system-out\") for c in t.iter(\"testcase\") if c.get(\"name\") == \"imp.lint\"][0]; sys.exit(0 if \"implicit definition\" in o.text else 1)"
'

test_done
