#!/bin/sh
# hwforge assert --judge: every assertion
# judged on its own, each status shown, bad input one line each with the
# rest still judged; the counterexample checked against an independent
# simulation of the counter; NPU property files (wrapper modules).
. "$TEST_SRCDIR/e2e/lib.sh"
test_have yosys yosys-smtbmc z3 python3
A="$FIXTURES/assert"

status_of() { # status_of REPORT LABEL-OR-LINE
	expect_json "$1" "True" >/dev/null &&
	python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
for a in j["assertions"]:
    if a["label"] == sys.argv[2] or str(a["line"]) == sys.argv[2]:
        print(a["status"])' "$1" "$2"
}

test_expect_failure_code 'each status: proved, bounded, fails, vacuous' 1 '
	hwforge assert --judge "$A/good.sva" --top cnt -o out \
		"$A/cnt.v" >out.txt; rc=$?
	cat out.txt &&
	test "$(status_of out/report.json p_range)" = proved &&
	test "$(status_of out/report.json p_wrap)" = proved &&
	test "$(status_of out/report.json 6)" = proved &&
	test "$(status_of out/report.json p_far)" = bounded &&
	test "$(status_of out/report.json p_seven)" = fails &&
	test "$(status_of out/report.json p_vac)" = vacuous &&
	grep -q "^line 4 p_far: bounded: no violation within 20 cycles" out.txt &&
	grep -q "^line 5 p_vac: vacuous: its antecedent is never true" out.txt &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

# The trace: simulate the counter from the table'"'"'s own inputs (q starts at
# 0; rst clears; en counts 0..9) and compare q in every row; the first
# possible 7 is after seven enabled cycles, so BMC must report cycle 7.
test_expect_success 'the counterexample matches an independent simulation' '
	python3 - out/report.json <<-\PY
	import json, sys
	j = json.load(open(sys.argv[1]))
	a = [x for x in j["assertions"] if x["label"] == "p_seven"][0]
	assert a["reason"].startswith("fails at cycle 7 "), a["reason"]
	rows = a["trace"].strip().split("\n")
	head = rows[0].split()
	assert head[0] == "cycle" and "q" in head and "en" in head, head
	q = 0
	for n, r in enumerate(rows[1:]):
	    v = dict(zip(head, r.split()))
	    assert int(v["cycle"]) == n, r
	    assert int(v["q"]) == q, (r, q)
	    rst, en = int(v["rst"]), int(v["en"])
	    q = 0 if rst else ((0 if q == 9 else q + 1) if en else q)
	last = rows[-1].split()
	assert last[-2:] == ["7", "<-"] or (last[head.index("q")] == "7" and
	                                     rows[-1].endswith("<- fails")), rows[-1]
	assert len(rows) - 1 == 8
	PY
'

test_expect_failure_code 'bad input: one clear line each, the rest judged' 1 '
	hwforge assert --judge "$A/bad.sva" --top cnt "$A/cnt.v" \
		>out.txt 2>err.txt; rc=$?
	cat out.txt err.txt &&
	grep -qx "line 1 p_ok: proved (k-induction, depth 20)" out.txt &&
	grep -qx "line 2 p_paren: invalid: line 2: cannot parse the assertion: no closing .)." out.txt &&
	grep -q "^line 3 p_syntax: invalid: line 3: syntax error" out.txt &&
	grep -qx "line 4 p_ev: invalid: line 4: .s_eventually. is not supported" out.txt &&
	grep -qx "line 5 p_unb: invalid: line 5: unbounded delay .##\[1:\$\]. is not supported" out.txt &&
	grep -qx "line 6 p_ghost: invalid: line 6: .ready. is not a signal of module .cnt." out.txt &&
	grep -q "^line 7 p_seven: fails at cycle 7 " out.txt &&
	test "$(grep -c "^line " out.txt)" = 7 && no_stderr err.txt &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_failure_code 'usage errors exit 2 with one line' 2 '
	hwforge assert-judge --judge "$A/good.sva" "$A/cnt.v" 2>err.txt; rc=$?
	grep -q "top NAME is required" err.txt && exit $rc
'

test_expect_failure_code 'no such module for the statements' 2 '
	hwforge assert --judge "$A/good.sva" --top cnt --module nosuch \
		"$A/cnt.v" 2>err.txt; rc=$?
	cat err.txt && grep -q "no module .nosuch." err.txt && exit $rc
'

test_expect_failure_code 'check --props takes a statement file: per assertion' 1 '
	hwforge check --json --stages compile,props --top cnt \
		--props "$A/good.sva" "$A/cnt.v" >out.json; rc=$?
	expect_json out.json "(j[\"class\"] == \"props/refuted\" and
		[a[\"status\"] for a in j[\"stages\"][-1][\"evidence\"][\"assertions\"]]
		== [\"proved\", \"proved\", \"fails\", \"bounded\", \"vacuous\",
		    \"proved\"])" && exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'check --props: a statement file that holds passes' '
	sed -n "1,2p;6p" "$A/good.sva" >ok.sva &&
	hwforge check --stages compile,props --top cnt --props ok.sva \
		"$A/cnt.v" >out.txt &&
	cat out.txt && grep -q "3 assertions: 3 proved" out.txt
'

NPU="$TOP_SRCDIR/rtl/npu"
test_expect_success 'an NPU property module: every assert proved' '
	hwforge assert --judge "$NPU/props/pe_props.v" --top npu_pe \
		--depth 12 "$NPU/npu_pe.v" >out.txt &&
	cat out.txt &&
	test "$(grep -c ": proved (k-induction, depth 12)" out.txt)" = 4
'

test_done
