#!/bin/sh
# hwforge gate: formal checks.  A correct adder is proven equivalent to its
# ripple-carry reference and its properties hold; a wrong sum is refuted
# with a counterexample; a counter bug is refuted by its property with a
# trace; JUnit lists every unit and check.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys yosys-smtbmc z3 verilator python3

G="$FIXTURES/gate"
cp "$G"/*.v "$G"/gate-pass.json "$G"/gate-fail.json . || exit 1
JC="python3 $G/junit_check.py"

test_expect_success 'everything passes: equiv proven, properties hold' '
	hwforge gate gate-pass.json --junit pass.xml >out 2>err &&
	cat out &&
	grep -q "^adder  *equiv  *pass " out &&
	grep -q "^adder  *props  *pass " out &&
	grep -q "^counter  *props  *pass " out &&
	$JC pass.xml --failures 0 --errors 0 --skipped 0 \
		--cases adder.lint,adder.compile,adder.synth,adder.budget,adder.sim:tb_add4,adder.equiv,adder.props,counter.lint,counter.compile,counter.synth,counter.budget,counter.props
'

test_expect_success 'failing gate: equiv refuted with a counterexample' '
	{ hwforge gate gate-fail.json --junit fail.xml >out 2>err; rc=$?; } &&
	cat out && test $rc = 1 &&
	grep -q "^wrong  *equiv  *FAIL " out &&
	grep -q "^wrong.equiv: FAIL equiv/" out &&
	grep -q "counterexample:" out &&
	$JC fail.xml --failed wrong.equiv,wrong.sim:tb_add4,counter_bug.props \
		--has "wrong.equiv=counterexample" \
		--has "wrong.equiv=4'"'"'hf"
'

test_expect_success 'a property violated by an injected bug is refuted with a trace' '
	grep -q "^counter_bug  *props  *FAIL " out &&
	grep -q "^counter_bug.props: FAIL " out &&
	grep -q "refuted" out &&
	grep -q "trace" out &&
	{ hwforge gate --json gate-fail.json >f.json 2>/dev/null; rc=$?; } &&
	test $rc = 1 &&
	$JC fail.xml --has "counter_bug.props=refuted" \
		--has "counter_bug.props=trace:" &&
	expect_json f.json "[c for c in j[\"units\"][2][\"checks\"] if c[\"check\"] == \"props\"][0][\"evidence\"][\"result\"] == \"refuted\""
'

test_done
