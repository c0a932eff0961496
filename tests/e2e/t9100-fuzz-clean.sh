#!/bin/sh
# A bug-free core fuzzed for a few hundred tests: zero findings, a corpus,
# coverage, summary and report.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

test_expect_success 'a few hundred tests of the bug-free core, no findings' '
	hwforge fuzz "$CORE" --tests 400 --out out --no-progress >stdout 2>stderr &&
	grep "400 tests" stdout &&
	test ! -s out/findings.jsonl &&
	ls out/corpus/*.hex >corpus && test -s corpus &&
	expect_json out/summary.json "j[\"stats\"][\"tests\"] == 400 and j[\"coverage\"] > 0 and j[\"findings\"] == 0" &&
	grep -q "<svg id=\"coverage\"" out/report.html
'

# The history has a point every 256 tests whatever the wall clock says
# (the checkpoint file is written at most once a second), with CPU time.
test_expect_success 'coverage history: every 256 tests, with CPU seconds' '
	expect_json out/summary.json "[h[0] for h in j[\"history\"]] == [256, 400] and all(len(h) == 4 and h[3] >= 0 for h in j[\"history\"]) and j[\"history\"][0][2] <= j[\"history\"][1][2] == j[\"coverage\"]"
'

test_expect_success 'picorv32 with its real ISA options, no findings' '
	if test -n "$HWFORGE_PICORV32" && test -f "$HWFORGE_PICORV32/picorv32.v"; then
		hwforge fuzz "$TOP_SRCDIR/cores/picorv32.json" --tests 400 \
			--out pico --no-progress >stdout 2>stderr &&
		test ! -s pico/findings.jsonl
	else
		say "HWFORGE_PICORV32 unset: picorv32 half skipped"
	fi
'

test_expect_failure_code 'an unknown scheduler exits 2 naming the known ones' 2 '
	hwforge fuzz "$CORE" --scheduler bandit --tests 1 2>err;
	rc=$?; grep "known: uniform" err && exit $rc
'

test_done
