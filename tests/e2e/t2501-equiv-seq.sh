#!/bin/sh
# hwforge equiv on sequential designs: equivalence from reset proven by
# induction or PDR, refuted with a multi-cycle trace (real Yosys, smtbmc, z3).
. "$TEST_SRCDIR/e2e/lib.sh"
test_have yosys yosys-smtbmc yosys-abc z3 python3
EQ="$FIXTURES/equiv"

# jcheck FILE EXPR: like expect_json, EXPR may span lines
jcheck() {
	expect_json "$1" "($2)"
}

test_expect_success 'counter that matches its reference is proven' '
	hwforge equiv --json "$EQ/counter-gold.v" "$EQ/counter-gate-ok.v" \
		--top counter >out.json &&
	jcheck out.json "j[\"status\"] == \"pass\" and
		j[\"evidence\"][\"result\"] == \"proven\" and
		\"induction\" in j[\"evidence\"][\"method\"]"
'

test_expect_success 'counter that diverges late: multi-cycle trace' '
	hwforge equiv --json "$EQ/counter-gold.v" "$EQ/counter-gate-bug.v" \
		--top counter >out.json; rc=$?
	test $rc = 1 &&
	jcheck out.json "len(j[\"evidence\"][\"counterexample\"]) >= 7" &&
	jcheck out.json "j[\"evidence\"][\"counterexample\"][0][\"inputs\"][\"rst\"]
		== \"1\\x27h1\"" &&
	jcheck out.json "(lambda c: c[-1][\"gold\"][\"q\"] == \"4\\x27h6\" and
		c[-1][\"gate\"][\"q\"] == \"4\\x27h7\" and
		all(r[\"gold\"] == r[\"gate\"] for r in c[1:-1]))(
		j[\"evidence\"][\"counterexample\"])"
'

test_expect_failure_code 'an assume() in the design cannot hide a bug' 1 '
	hwforge equiv "$EQ/counter-gold.v" "$EQ/counter-gate-assume.v" \
		--top counter >out; rc=$?
	grep -q "^fail: not equivalent" out && exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'difference beyond the bound: PDR finds it, BMC traces it' '
	hwforge equiv --json "$EQ/counter5-gold.v" "$EQ/counter5-gate.v" \
		--top c5 >out.json; rc=$?
	test $rc = 1 &&
	jcheck out.json "\"PDR\" in j[\"evidence\"][\"method\"] and
		len(j[\"evidence\"][\"counterexample\"]) == 30 and
		j[\"evidence\"][\"counterexample\"][-1][\"gate\"][\"q\"]
		== \"5\\x27h00\""
'

test_expect_success 'one-hot vs binary FSM: induction fails, PDR proves' '
	hwforge equiv --json "$EQ/fsm-binary.v" "$EQ/fsm-onehot.v" \
		--top fsm >out.json &&
	jcheck out.json "j[\"evidence\"][\"result\"] == \"proven\" and
		\"PDR\" in j[\"evidence\"][\"method\"]"
'

test_expect_success 'memories: a wrong stored word is refuted' '
	hwforge equiv --json --depth 4 "$EQ/ram-gold.v" "$EQ/ram-gate-bug.v" \
		--top ram >out.json; rc=$?
	test $rc = 1 &&
	jcheck out.json "(lambda c: c[-1][\"gold\"][\"rd\"] == \"8\\x27h5a\" and
		c[-1][\"gate\"][\"rd\"] == \"8\\x27h00\")(
		j[\"evidence\"][\"counterexample\"])"
'

test_done
