#!/bin/sh
# hwforge gate on NPU mutants: breaking the PE's arithmetic (the product is
# zero-extended instead of sign-extended) or the requantizer's rounding
# (half down instead of half up) fails the gate, naming the unit, the
# check and the evidence (testbench mismatches, equivalence
# counterexample); a controller with an out-of-bounds address
# (tests/fixtures/npu/ctrl_mut_oob.v) is refuted by its property with a
# trace; the PE over its cell budget by one fails with the numbers.  The
# mutants are made here from the shipped RTL, so they track it.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys yosys-smtbmc z3 python3

N="$TOP_SRCDIR/rtl/npu"
JC="python3 $FIXTURES/gate/junit_check.py"

sed -e 's/{{16{prod\[15\]}}, prod}/{16'"'"'d0, prod}/' "$N/npu_pe.v" >pe_mut.v
sed -e 's/wire signed \[48:0\] sum = prod + rnd;/wire signed [48:0] sum = prod + rnd - 49'"'"'sd1;/' \
	"$N/npu_requant.v" >requant_mut.v
cat >mutants.json <<JSON
{
  "name": "npu-mutants",
  "defaults": { "timeout": 60, "lint": "off", "equiv_depth": 10 },
  "units": [
    { "name": "pe_mut", "sources": ["pe_mut.v"], "top": "npu_pe",
      "testbenches": [ { "file": "$N/tb/tb_pe.v", "top": "tb_pe" } ],
      "reference": { "sources": ["$N/npu_pe.v"] } },
    { "name": "requant_mut", "sources": ["requant_mut.v"],
      "top": "npu_requant",
      "testbenches": [ { "file": "$N/tb/tb_requant.v", "top": "tb_requant" } ],
      "reference": { "sources": ["$N/npu_requant.v"] } },
    { "name": "ctrl_oob",
      "sources": ["$FIXTURES/npu/ctrl_mut_oob.v"], "top": "npu_ctrl",
      "properties": { "files": ["$N/props/ctrl_props.v"],
                      "top": "npu_ctrl_props", "depth": 20 } }
  ]
}
JSON

test_expect_success 'the mutants differ from the shipped RTL in one line' '
	test "$(diff "$N/npu_pe.v" pe_mut.v | grep -c "^>")" = 1 &&
	grep -q "acc + {16.d0, prod}" pe_mut.v &&
	test "$(diff "$N/npu_requant.v" requant_mut.v | grep -c "^>")" = 1 &&
	grep -q "prod + rnd - 49.sd1" requant_mut.v
'

test_expect_success 'the mutant gate fails (exit 1)' '
	{ hwforge gate mutants.json --junit mut.xml >out 2>err; rc=$?; } &&
	cat out &&
	test $rc = 1 &&
	$JC mut.xml --failures 5 --errors 0 \
		--failed pe_mut.sim:tb_pe,pe_mut.equiv,requant_mut.sim:tb_requant,requant_mut.equiv,ctrl_oob.props
'

test_expect_success 'PE arithmetic: testbench mismatches and a counterexample' '
	grep -q "^pe_mut  *sim:tb_pe  *FAIL " out &&
	grep -q "^pe_mut  *equiv  *FAIL .*not equivalent" out &&
	grep -q "^pe_mut.equiv: FAIL equiv/refuted" out &&
	$JC mut.xml --has "pe_mut.sim:tb_pe=mismatch" \
		--has "pe_mut.equiv=counterexample:" \
		--has "pe_mut.equiv=a_in="
'

test_expect_success 'requantizer rounding: mismatches and a counterexample' '
	grep -q "^requant_mut  *sim:tb_requant  *FAIL " out &&
	grep -q "^requant_mut  *equiv  *FAIL .*not equivalent" out &&
	$JC mut.xml --has "requant_mut.sim:tb_requant=mismatch" \
		--has "requant_mut.equiv=counterexample:" \
		--has "requant_mut.equiv=acc="
'

test_expect_success 'out-of-bounds controller: property refuted with a trace' '
	grep -q "^ctrl_oob  *props  *FAIL .*ctrl_props.v" out &&
	grep -q "^ctrl_oob.props: FAIL props/refuted" out &&
	$JC mut.xml --has "ctrl_oob.props=result: refuted" \
		--has "ctrl_oob.props=trace:" \
		--has "ctrl_oob.props=mem_raddr"
'

test_expect_success 'the NPU PE over its cell budget by one fails with the numbers' '
	cat >pe_budget.json <<-JSON &&
	{ "units": [ { "name": "pe", "sources": ["$N/npu_pe.v"],
	  "top": "npu_pe", "lint": "off", "budget": { "max_cells": 100000 } } ] }
	JSON
	hwforge gate --json pe_budget.json >pe.json 2>err &&
	cells=$(python3 -c "import json; print(json.load(open(\"pe.json\"))[\"units\"][0][\"checks\"][2][\"evidence\"][\"cells\"])") &&
	test "$cells" -gt 100 &&
	max=$((cells - 1)) &&
	sed -e "s/100000/$max/" pe_budget.json >pe_tight.json &&
	{ hwforge gate pe_tight.json --junit tight.xml >out 2>err; rc=$?; } &&
	cat out && test $rc = 1 &&
	grep -q "^pe  *budget  *FAIL  .*cells $cells > max $max (over by 1)" out &&
	$JC tight.xml --failures 1 --failed pe.budget \
		--has "pe.budget=cells $cells > max $max (over by 1)"
'

test_done
