#!/bin/sh
# One easy injected bug: a finding, minimized, reproduced in Icarus.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

test_expect_failure_code 'the injected bug is found (exit 1)' 1 '
	hwforge fuzz "$CORE" -D "$EASY_BUG" --tests 100 --out out --no-progress
'

test_expect_success 'the finding is minimized and reproduced in Icarus' '
	test -s out/findings.jsonl &&
	head -n 1 out/findings.jsonl >first.json &&
	expect_json first.json "j[\"end\"] == \"diverge\" and j[\"reproduced\"] is True and j[\"minimized_length\"] < j[\"length\"] and j[\"minimized_length\"] <= 8" &&
	dir=$(python3 -c "import json; print(json.load(open(\"first.json\"))[\"dir\"])") &&
	test -s "out/$dir/program.hex" && test -s "out/$dir/minimized.hex" &&
	grep -q ebreak "out/$dir/minimized.S" &&
	expect_json "out/$dir/finding.json" "\"gold\" in j and \"dut\" in j and j[\"gold\"][\"insn\"] == j[\"dut\"][\"insn\"]"
'

test_done
