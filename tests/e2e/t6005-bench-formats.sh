#!/bin/sh
# RTLLM and native suites: references, banners and exit-status verdicts,
# the END marker, and PPA next to the reference.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

test_expect_success 'RTLLM reference passes on its banner' '
	hwforge bench --refs --no-ppa --out rt "$FIXTURES/bench/rtllm" >out &&
	grep -q "rtllm, " out && grep -q "3 passed" out &&
	grep -q "the testbench printed its pass line" rt/results.jsonl
'

test_expect_success 'RTLLM: a wrong adder fails, its own banner does not count' '
	cat >s.jsonl <<-\EOF2 &&
	{"task": "adder_4bit", "sample": 0, "code": "module adder_4bit(input [3:0] a, input [3:0] b, input cin, output [3:0] sum, output cout);\n assign {cout, sum} = a + b;\n initial #600 $display(\"===========Your Design Passed===========\");\nendmodule\n"}
	EOF2
	hwforge bench --samples s.jsonl --no-ppa --out rt2 "$FIXTURES/bench/rtllm" >/dev/null 2>&1 &&
	expect_json rt2/summary.json "j[\"passed\"] == 0 and j[\"classes\"] == {\"sim/mismatch\": 1}"
'

test_expect_success 'native samples: verdicts, classes and PPA ratios' '
	hwforge bench --samples "$FIXTURES/bench/native-samples.jsonl" --out nat \
		"$FIXTURES/bench/native" >out 2>err &&
	python3 - nat/results.jsonl <<-\PY &&
	import json, sys
	got = {(r["task"], r["sample"]): r for r in map(json.loads, open(sys.argv[1]))}
	cls = {k: (r["verdict"] if r["verdict"] == "pass" else r["class"]) for k, r in got.items()}
	assert cls == {("inc8", 0): "pass", ("inc8", 1): "sim/mismatch",
	               ("inc8", 2): "sim/runtime-error", ("acc8", 0): "pass",
	               ("acc8", 1): "sim/mismatch"}, cls
	assert got[("acc8", 0)]["extracted_by"] == "fence"
	assert got[("inc8", 0)]["ppa"]["cells"] > 0
	PY
	expect_json nat/summary.json "[t[\"ppa\"][\"samples\"] for t in j[\"tasks\"]] == [1, 1]" &&
	expect_json nat/summary.json "all(t[\"ppa\"][\"ratio_cells\"] > 0 for t in j[\"tasks\"])" &&
	expect_json nat/selftest.json "all(t[\"end\"] for t in j[\"tasks\"])"
'

test_done
