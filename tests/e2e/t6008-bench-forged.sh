#!/bin/sh
# Forged evidence: a candidate that learns names through %m, prints
# result-shaped lines (a "Mismatches:" line, a pass banner, an END
# marker) or exhausts memory fails with its own class, and no line it
# printed appears in the evidence as the testbench's.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

test_expect_success 'VerilogEval: %m probe, forged report line, memory bomb' '
	hwforge bench --samples "$FIXTURES/bench/forged-ve-samples.jsonl" \
		--no-ppa --out ve "$FIXTURES/bench/verilogeval" >out 2>err &&
	python3 - ve/results.jsonl <<-\PY
	import json, sys
	got = {r["sample"]: r for r in map(json.loads, open(sys.argv[1]))}
	cls = {k: r.get("class") for k, r in got.items()}
	assert cls == {0: "cheat/tamper", 1: "cheat/tamper",
	               2: "sim/memory"}, cls
	for k in (0, 1):
	    ev = got[k]["evidence"]
	    assert ev["tampered"], ev
	    assert "output" not in ev, ev
	    assert all("in 82" not in l for l in ev["report"]), ev
	    assert any(l.startswith("Mismatches: ") and l.endswith("in 80 samples")
	               for l in ev["report"]), ev
	# the %m probe: names carry a secret, never the nonce
	ev = got[0]["evidence"]
	assert ev["samples"] == 80 and "Mismatches: 56 in 80 samples" in ev["report"], ev
	assert "ran out of memory" in got[2]["summary"], got[2]
	PY
'

test_expect_success 'native: a forged END marker is tampering' '
	hwforge bench --samples "$FIXTURES/bench/forged-native-samples.jsonl" \
		--no-ppa --out nat "$FIXTURES/bench/native" >/dev/null 2>&1 &&
	expect_json nat/summary.json "j[\"passed\"] == 0 and j[\"classes\"] == {\"cheat/tamper\": 1}" &&
	python3 -c "
import json
r = json.loads(open(\"nat/results.jsonl\").readline())
assert \"END\" not in r[\"evidence\"][\"report\"], r
assert r[\"evidence\"][\"tampered\"] == [\"END\"], r
"
'

test_expect_success 'RTLLM: a pass banner the design prints is tampering' '
	hwforge bench --samples "$FIXTURES/bench/forged-rtllm-samples.jsonl" \
		--no-ppa --out rt "$FIXTURES/bench/rtllm" >/dev/null 2>&1 &&
	expect_json rt/summary.json "j[\"passed\"] == 0 and j[\"classes\"] == {\"cheat/tamper\": 1}" &&
	python3 -c "
import json
r = json.loads(open(\"rt/results.jsonl\").readline())
assert not any(\"Passed\" in l for l in r[\"evidence\"][\"report\"]), r
assert \"Passed\" in r[\"evidence\"][\"tampered\"][0], r
"
'

test_done
