#!/bin/sh
# The PPA stage and the class refinements on four tasks of benches/npu and
# their saved samples: a latch the reference lacks fails (synth/latch), a
# passing design over its PPA budget gets a note, a port width iverilog
# only warns about is compile/port-mismatch, $finish is a cheat.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

NPU=$TOP_SRCDIR/benches/npu
test -f "$NPU/samples.jsonl" || test_skip "benches/npu is not there"

test_expect_success 'score four NPU tasks' '
	mkdir npu &&
	for t in relu_clamp clz16 requant_s8 sat_add8; do
		cp -r "$NPU/$t" npu/ || exit 1
	done &&
	chmod -R u+w npu &&
	python3 - "$NPU/samples.jsonl" <<-\PY &&
	import json, sys
	keep = {"relu_clamp", "clz16", "requant_s8", "sat_add8"}
	with open("s.jsonl", "w") as f:
	    for line in open(sys.argv[1]):
	        if json.loads(line)["task"] in keep:
	            f.write(line)
	PY
	hwforge bench --samples s.jsonl --jobs 2 --out r npu >out 2>err
'

test_expect_success 'classes from the PPA stage and the refinements' '
	python3 - r/results.jsonl <<-\PY
	import json, sys
	R = {(r["task"], r["sample"]): r for r in map(json.loads, open(sys.argv[1]))}
	def cls(t, s):
	    r = R[(t, s)]
	    return "pass" if r["verdict"] == "pass" else r["class"]
	assert cls("relu_clamp", 1) == "synth/latch", R[("relu_clamp", 1)]
	assert cls("requant_s8", 3) == "compile/port-mismatch", R[("requant_s8", 3)]
	assert cls("sat_add8", 3) == "cheat/forbidden-task", R[("sat_add8", 3)]
	over = [k for k, r in R.items() if "ppa/over-budget" in r.get("notes", [])]
	assert over and all(R[k]["verdict"] == "pass" for k in over), over
	assert all(R[(t, 0)]["verdict"] == "pass" for t in ("relu_clamp", "requant_s8", "sat_add8"))
	PY
'

test_expect_success 'summary counts over-budget passes per task' '
	expect_json r/summary.json "sum(t[\"ppa\"][\"over_budget\"] for t in j[\"tasks\"]) >= 1"
'

test_done
