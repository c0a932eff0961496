#!/bin/sh
# Property checking through hwforge check --props: proven, violated with a
# located assertion and a trace, unsupported SVA named as such.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have yosys yosys-smtbmc yosys-abc z3 iverilog python3
PR="$FIXTURES/props"

jcheck() {
	expect_json "$1" "($2)"
}

props_stage='[s for s in j["stages"] if s["name"] == "props"][0]'

test_expect_success 'invariant that holds is proven' '
	hwforge check --json --stages compile,props --top count10 \
		--props "$PR/count10.v" "$PR/count10.v" >out.json &&
	jcheck out.json "$props_stage[\"status\"] == \"pass\" and
		$props_stage[\"evidence\"][\"result\"] == \"proven\""
'

test_expect_failure_code 'violated invariant: located assertion and trace' 1 '
	hwforge check --json --stages compile,props --top count10 \
		--props "$PR/count10-bug.v" "$PR/count10-bug.v" >out.json; rc=$?
	jcheck out.json "j[\"class\"] == \"props/refuted\" and
		\"count10-bug.v:13\" in $props_stage[\"evidence\"][\"assertion\"]
		and $props_stage[\"evidence\"][\"trace\"][-1][\"signals\"][\"q\"]
		== \"4\\x27ha\"" && exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_failure_code 'concurrent SVA is reported as unsupported' 1 '
	hwforge check --json --stages compile,props --top hs \
		--props "$PR/sva.v" "$PR/sva.v" >out.json; rc=$?
	jcheck out.json "j[\"class\"] == \"props/unsupported-syntax\"" &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'wrapper property file binds to the design' '
	hwforge check --json --stages compile,props --top shift \
		--props "$PR/shift-props.v" "$PR/shift.v" >out.json &&
	jcheck out.json "$props_stage[\"status\"] == \"pass\""
'

test_expect_failure_code 'assume(0) in the design cannot void trusted properties' 1 '
	hwforge check --json --stages compile,props --top shift \
		--props "$PR/shift-props.v" "$PR/shift-assume0.v" >out.json; rc=$?
	jcheck out.json "j[\"class\"] == \"props/refuted\"" && exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'deep violation within the bound only: bounded pass' '
	hwforge check --json --stages props --top deep \
		--props "$PR/deep.v" "$PR/deep.v" >out.json &&
	jcheck out.json "$props_stage[\"evidence\"][\"result\"] == \"bounded\"
		and \"no violation within 20 cycles\" in $props_stage[\"summary\"]"
'

test_expect_failure_code 'a deeper bound finds the violation' 1 '
	hwforge check --json --stages props --depth 30 --top deep \
		--props "$PR/deep.v" "$PR/deep.v" >out.json; rc=$?
	jcheck out.json "$props_stage[\"evidence\"][\"result\"] == \"refuted\"" &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_done
