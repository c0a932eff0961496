#!/bin/sh
# The native repair suite (benches/repair: NPU blocks with one seeded bug
# each, the fixed design held out) scored offline from saved samples:
# held-out pass counts, pass@1 and lines touched per passing patch; a
# patch whose context does not match is patch/context, the unchanged
# module applies and fails the held-out check.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have python3 iverilog yosys

S="$TOP_SRCDIR/benches/repair"

test_expect_success 'the suite has at least 10 tasks, each buggy design fails its testbench' '
	n=0 &&
	for t in "$S"/*/task.json; do
		d=$(dirname "$t") && n=$((n + 1)) &&
		top=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[\"top\"])" "$t") &&
		! hwforge check --top "$top" --tb "$d/tb.v" "$d/$top.v" >/dev/null 2>&1 ||
		return 1
	done &&
	test $n -ge 10
'

test_expect_success 'saved samples are scored by the held-out check and patch size' '
	python3 "$FIXTURES/repair/bench-samples.py" "$S" samples.jsonl \
		clz16,lfsr16,gray_ptr acc_last,int8_mac &&
	test "$(wc -l <samples.jsonl | tr -d " ")" = 16 &&
	hwforge bench "$S" --samples samples.jsonl --out out >stdout &&
	grep -q "^repair suite: 11 tasks, 16 samples, 13 applied, 11 pass the held-out check (pass@1 0.773), 2.00 lines touched per passing patch" stdout &&
	expect_json out/summary.json "(j[\"kind\"] == \"repair\" and
		j[\"tasks\"] == 11 and j[\"samples\"] == 16 and
		j[\"applied\"] == 13 and j[\"held_out_pass\"] == 11 and
		abs(j[\"pass_at_1\"] - 8.5 / 11) < 1e-9 and
		j[\"lines_touched_mean\"] == 2)"
'

test_expect_success 'per-sample classes in results.jsonl' '
	python3 - <<-\EOF
	import json
	r = {(x["task"], x["sample"]): x for x in map(json.loads, open("out/results.jsonl"))}
	assert all(r[(t, 0)]["status"] == "pass" and r[(t, 0)]["lines_touched"] == 2
	           for (t, s) in r if s == 0)
	for t in ("clz16", "lfsr16", "gray_ptr"):
	    assert r[(t, 1)]["class"] == "patch/context" and not r[(t, 1)]["applied"], r[(t, 1)]
	for t in ("acc_last", "int8_mac"):
	    assert r[(t, 1)]["applied"] and r[(t, 1)]["status"] == "fail", r[(t, 1)]
	    assert r[(t, 1)]["lines_touched"] == 0
	EOF
'

test_expect_success 'a suite written by mine --to-suite loads as repair tasks' '
	cat >mined.jsonl <<-\EOF &&
	{"task": "r0001", "sample": 0, "response": "```diff\n--- a/buggy.sv\n+++ b/buggy.sv\n@@ -1,4 +1,4 @@\n module sel2 (input wire [3:0] a, input wire [3:0] b, input wire s,\n \t     output wire [3:0] y);\n-\tassign y = s ? a : b;\n+\tassign y = s ? b : a;\n endmodule\n```\n"}
	{"task": "r0001", "sample": 1, "response": "```diff\n--- a/buggy.sv\n+++ b/buggy.sv\n@@ -3 +3 @@\n-\tassign y = s ? a : a;\n+\tassign y = s ? b : a;\n```\n"}
	EOF
	hwforge bench "$FIXTURES/repair/mined" --samples mined.jsonl \
		--out mout >mstdout &&
	expect_json mout/summary.json "(j[\"kind\"] == \"repair\" and
		j[\"tasks\"] == 1 and j[\"samples\"] == 2 and
		j[\"applied\"] == 1 and j[\"held_out_pass\"] == 1 and
		j[\"pass_at_1\"] == 0.5 and j[\"lines_touched_mean\"] == 2)"
'

test_done
