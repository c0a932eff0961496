#!/bin/sh
# hwforge gate on NPU mutants (tests/fixtures/npu/gate-mutants.json): a PE
# whose multiply is unsigned fails its testbench and is refuted by
# equivalence against the golden PE; a requantizer that rounds at the
# wrong bit fails its testbench, equivalence and a property; a controller
# with an off-by-one row bound is refuted by the out-of-bounds property
# with a trace; the golden PE against a cell budget one below its size
# fails the budget with the numbers.  The gate exits 1 and names unit,
# check and evidence.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys yosys-smtbmc z3 python3

G="$FIXTURES/npu/gate-mutants.json"

test_expect_success 'the mutant gate fails with every mutant caught' '
	{ hwforge gate --jobs 2 --json "$G" >g.json 2>g.err; rc=$?; } &&
	cat g.err && test $rc = 1 &&
	grep -q "^pe_mut  *sim:tb_pe  *FAIL " g.err &&
	grep -q "^pe_mut  *equiv  *FAIL " g.err &&
	grep -q "^requant_mut  *sim:tb_requant  *FAIL " g.err &&
	grep -q "^requant_mut  *equiv  *FAIL " g.err &&
	grep -q "^requant_mut  *props  *FAIL " g.err &&
	grep -q "^ctrl_mut  *props  *FAIL " g.err &&
	grep -q "^pe_tight  *budget  *FAIL .*cells 713 > max 712" g.err
'

test_expect_success 'evidence: counterexamples, mismatches and a trace' '
	expect_json g.json "j[\"result\"] != \"pass\" and j[\"errors\"] == 0" &&
	expect_json g.json "[c for u in j[\"units\"] if u[\"name\"] == \"pe_mut\" for c in u[\"checks\"] if c[\"check\"] == \"equiv\"][0][\"evidence\"][\"result\"] == \"refuted\"" &&
	expect_json g.json "[c for u in j[\"units\"] if u[\"name\"] == \"ctrl_mut\" for c in u[\"checks\"] if c[\"check\"] == \"props\"][0][\"evidence\"][\"result\"] == \"refuted\"" &&
	grep -q "ctrl_props.v" g.json &&
	grep -q "mismatch" g.json
'

test_done
