#!/bin/sh
# PPA: off by default for VerilogEval and RTLLM (no budgets, no verdict uses
# it), on with --ppa; each design is synthesized once per content, so a
# sample identical to its reference reuses the reference's statistics.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

SUITE=$FIXTURES/bench/verilogeval

test_expect_success 'VerilogEval default run: no Yosys statistics' '
	hwforge bench --refs --out d "$SUITE" >out 2>err &&
	grep -q "samples: 3 scored, 3 passed" out &&
	! grep -q "\"ppa\"" d/results.jsonl &&
	! grep -q "\"ppa\"" d/selftest.json &&
	! test -d "$HOME/.cache/hwforge/bench-ppa"
'

test_expect_success '--ppa: one Yosys run per reference, the identical sample reuses it' '
	hwforge bench --refs --ppa --out p "$SUITE" >out 2>err &&
	test "$(ls "$HOME"/.cache/hwforge/bench-ppa/*/*.json | wc -l)" = 3 &&
	python3 - p/results.jsonl p/selftest.json <<-\PY
	import json, sys
	res = [json.loads(l) for l in open(sys.argv[1])]
	st = {t["id"]: t for t in json.load(open(sys.argv[2]))["tasks"]}
	assert len(res) == 3
	for r in res:
	    assert r["ppa"]["cells"] >= 0 and "transistors" in r["ppa"], r
	    assert r["ppa"] == st[r["task"]]["ppa"], r["task"]
	    assert r["time_ms"]["synth"] == 0, r["time_ms"]
	PY
'

test_expect_success '--ppa: a different passing design is synthesized' '
	cat >s.jsonl <<-\EOF2 &&
	{"task": "Prob001_and2", "sample": 0, "code": "module TopModule(input a, input b, output y);\n  assign y = ~(~a | ~b);\nendmodule\n"}
	EOF2
	hwforge bench --samples s.jsonl --ppa --out q "$SUITE" >out 2>err &&
	expect_json q/summary.json "j[\"passed\"] == 1" &&
	python3 -c "import json,sys; r=json.loads(open(\"q/results.jsonl\").readline()); assert r[\"time_ms\"][\"synth\"] > 0 and r[\"ppa\"][\"cells\"] >= 1, r" &&
	test "$(ls "$HOME"/.cache/hwforge/bench-ppa/*/*.json | wc -l)" = 4
'

test_done
