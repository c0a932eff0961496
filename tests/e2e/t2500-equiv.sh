#!/bin/sh
# hwforge equiv on combinational designs: proven / refuted with a
# counterexample / inconclusive, against real Yosys, yosys-smtbmc and z3
# (t2501 has the sequential cases).
. "$TEST_SRCDIR/e2e/lib.sh"
test_have yosys yosys-smtbmc yosys-abc z3 python3
EQ="$FIXTURES/equiv"

# jcheck FILE EXPR: like expect_json, EXPR may span lines
jcheck() {
	expect_json "$1" "($2)"
}

test_expect_success 'one-in-2^32 difference is refuted with that input' '
	hwforge equiv --json "$EQ/alu-gold.v" "$EQ/alu-gate-bug.v" \
		--top alu >out.json; rc=$?
	test $rc = 1 &&
	jcheck out.json "j[\"status\"] == \"fail\" and
		j[\"class\"] == \"equiv/refuted\" and
		j[\"evidence\"][\"result\"] == \"refuted\"" &&
	jcheck out.json "len(j[\"evidence\"][\"counterexample\"]) == 1" &&
	jcheck out.json "j[\"evidence\"][\"counterexample\"][0][\"inputs\"]
		== {\"a\": \"16\\x27hbeef\", \"b\": \"16\\x27h1234\"}" &&
	jcheck out.json "j[\"evidence\"][\"counterexample\"][0][\"gold\"][\"y\"]
		== \"16\\x27hd123\" and
		j[\"evidence\"][\"counterexample\"][0][\"gate\"][\"y\"]
		== \"16\\x27h0000\""
'

test_expect_success 'same module name on both sides, rewritten: proven' '
	hwforge equiv "$EQ/alu-gold.v" "$EQ/alu-gate-ok.v" --top alu >out &&
	grep -q "^pass: equivalent" out
'

test_expect_failure_code 'a different port width is an interface failure' 1 '
	hwforge equiv --json "$EQ/alu-gold.v" "$EQ/alu-gate-wide.v" \
		--top alu >out.json; rc=$?
	jcheck out.json "j[\"class\"] == \"equiv/interface\"" && exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_failure_code 'multipliers that time out are inconclusive' 3 '
	hwforge equiv --json --timeout 1 "$EQ/mul-gold.v" "$EQ/mul-gate.v" \
		--top mul >out.json; rc=$?
	jcheck out.json "j[\"status\"] == \"inconclusive\" and
		j[\"class\"] == \"equiv/inconclusive\" and
		\"timed out\" in j[\"evidence\"][\"reason\"]" && exit $rc
'

test_expect_success 'a renamed copy of a multiplier is proven by structure' '
	hwforge equiv --json --timeout 5 "$EQ/mul-gold.v" "$EQ/mul-copy.v" \
		--top mul_copy --gold-top mul >out.json &&
	jcheck out.json "j[\"status\"] == \"pass\" and
		j[\"evidence\"][\"result\"] == \"proven\" and
		\"structural\" in j[\"evidence\"][\"method\"]"
'

test_expect_success 'a renamed copy of a case-table ROM is proven by structure' '
	hwforge equiv --json "$EQ/rom-gold.v" "$EQ/rom-copy.v" \
		--top rom_copy --gold-top rom >out.json &&
	jcheck out.json "j[\"status\"] == \"pass\" and
		\"structural\" in j[\"evidence\"][\"method\"]"
'

test_expect_failure_code 'a design Yosys cannot read: could not decide' 3 '
	hwforge equiv --json "$EQ/latch-comb.v" "$EQ/latch-comb.v" \
		--top latchy >out.json; rc=$?
	jcheck out.json "j[\"status\"] == \"inconclusive\" and
		j[\"class\"] == \"equiv/unreadable\" and
		\"Latch inferred\" in j[\"summary\"]" &&
	hwforge equiv "$EQ/latch-comb.v" "$EQ/latch-comb.v" --top latchy >out
	grep -q "^inconclusive: could not decide: Yosys could not read" out &&
	exit $rc
'

test_expect_success '--keep-tmp keeps the counterexample VCD' '
	hwforge --keep-tmp equiv --json "$EQ/alu-gold.v" \
		"$EQ/alu-gate-bug.v" --top alu >out.json 2>err; rc=$?
	test $rc = 1 &&
	vcd=$(python3 -c "import json; print(json.load(open(\"out.json\"))[\"evidence\"][\"vcd\"])") &&
	test -s "$vcd" && grep -q in_a "$vcd" &&
	rm -rf "$(dirname "$vcd")"
'

test_expect_failure_code 'missing file is a usage error' 2 '
	hwforge equiv "$EQ/alu-gold.v" no-such.v --top alu
'

test_expect_failure_code 'unknown top is a usage error' 2 '
	hwforge equiv "$EQ/alu-gold.v" "$EQ/alu-gate-ok.v" --top nosuch
'

test_expect_failure_code 'one file is a usage error' 2 '
	hwforge equiv "$EQ/alu-gold.v" --top alu
'

test_expect_success '--help documents the exit codes' '
	hwforge equiv --help >out &&
	grep -q "0 proven, 1 refuted" out
'

test_done
