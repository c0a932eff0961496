#!/bin/sh
# hwforge gate rtl/npu/gate.json: the shipped NPU passes every check, and
# the JUnit report lists every unit and check the gate file implies.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys yosys-smtbmc z3 verilator python3

GATE="$TOP_SRCDIR/rtl/npu/gate.json"
G="$FIXTURES/gate"

test_expect_success 'the NPU gate passes, JUnit lists every unit and check' '
	cases=$(python3 "$G/gate_cases.py" "$GATE") &&
	test -n "$cases" &&
	hwforge gate "$GATE" --junit out.xml >out 2>err &&
	cat out &&
	grep -q ": [0-9]* checks, [0-9]* passed, 0 failed, 0 errors, 0 skipped" out &&
	python3 "$G/junit_check.py" out.xml --failures 0 --errors 0 \
		--skipped 0 --cases "$cases"
'

test_done
