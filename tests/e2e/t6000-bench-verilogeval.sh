#!/bin/sh
# hwforge bench on a VerilogEval-shaped suite: references pass, every
# failure class of the saved samples, and the known scorer holes closed.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

SUITE=$FIXTURES/bench/verilogeval

test_expect_success 'each reference submitted as the candidate passes' '
	hwforge bench --refs --no-ppa --out refs "$SUITE" >out 2>err &&
	grep -q "3 tasks scored, 0 broken" out &&
	grep -q "samples: 3 scored, 3 passed" out &&
	expect_json refs/summary.json "j[\"pass_at_k\"][\"1\"] == 1.0 and j[\"tasks_broken\"] == 0"
'

test_expect_success 'the self-test is cached by suite hash and tool versions' '
	ls "$HOME"/.cache/hwforge/bench-selftest/*/*.json >cached &&
	test "$(wc -l <cached)" = 3
'

# A reference the time limit judged broken says how loaded the machine
# was: it is not cached, so a quieter re-run judges it again.
test_expect_success 'a verdict decided by the time limit is not cached' '
	cp -r "$SUITE" slow &&
	cat >slow/Prob001_and2_ref.sv <<-\EOF &&
	module RefModule (input a, input b, output y);
	  assign y = a & b;
	  initial while (1) begin end
	endmodule
	EOF
	hwforge bench --refs --no-ppa --timeout 2 --out slow1 slow >out1 &&
	grep -q "broken: Prob001_and2: sim/timeout" out1 &&
	hwforge bench --refs --no-ppa --timeout 2 --out slow2 slow >out2 &&
	grep -q "broken: Prob001_and2: sim/timeout" out2 &&
	ls "$HOME"/.cache/hwforge/bench-selftest/*/*.json >cached2 &&
	# 3 of the first suite, 2 of this one: not the one that timed out
	test "$(wc -l <cached2)" = 5
'

test_expect_success 'saved samples: verdicts and classes' '
	hwforge bench --samples "$FIXTURES/bench/ve-samples.jsonl" --no-ppa \
		--timeout 3 --jobs 2 --out run "$SUITE" >out 2>err &&
	python3 - run/results.jsonl <<-\PY
	import json, sys
	want = {
	    ("Prob001_and2", 0): "pass", ("Prob001_and2", 1): "pass",
	    ("Prob001_and2", 2): "sim/mismatch",
	    ("Prob001_and2", 3): "cheat/tamper",
	    ("Prob001_and2", 4): "cheat/harness-module",
	    ("Prob001_and2", 5): "cheat/hierarchical-ref",
	    ("Prob001_and2", 6): "cheat/forbidden-task",
	    ("Prob001_and2", 7): "cheat/harness-module",
	    ("Prob001_and2", 8): "no-code",
	    ("Prob001_and2", 9): "truncated",
	    ("Prob002_count4", 0): "pass",
	    ("Prob002_count4", 1): "compile/syntax",
	    ("Prob002_count4", 2): "compile/undeclared",
	    ("Prob002_count4", 3): "sim/timeout",
	    ("Prob002_count4", 4): "sim/flood",
	    ("Prob003_mux2", 0): "pass",
	    ("Prob003_mux2", 1): "compile/port-mismatch",
	}
	got = {}
	for line in open(sys.argv[1]):
	    r = json.loads(line)
	    key = (r["task"], r["sample"])
	    assert key not in got, key
	    got[key] = "pass" if r["verdict"] == "pass" else r["class"]
	    assert len(r["suite"]) == 64 and "iverilog" in r["tools"], r
	bad = {k: (got.get(k), v) for k, v in want.items() if got.get(k) != v}
	assert not bad and len(got) == len(want), bad
	PY
'

test_expect_success 'a forged "Mismatches: 0" line is tampering, not evidence' '
	python3 -c "
import json
for l in open(\"run/results.jsonl\"):
    r = json.loads(l)
    if r[\"task\"] == \"Prob001_and2\" and r[\"sample\"] == 3:
        ev = r[\"evidence\"]
        assert r[\"verdict\"] == \"fail\" and ev[\"samples\"] == 80, r
        assert ev[\"tampered\"] == [\"Mismatches: 0 in 82 samples\"], r
        assert not any(\"in 82\" in l for l in ev[\"report\"]), r
"
'

test_expect_success 'summary: pass@k, classes, per-task counts' '
	expect_json run/summary.json "j[\"samples\"] == 17 and j[\"passed\"] == 4" &&
	expect_json run/summary.json "abs(j[\"pass_at_k\"][\"1\"] - (0.2 + 1/5 + 1/2) / 3) < 1e-6" &&
	expect_json run/summary.json "j[\"classes\"][\"sim/mismatch\"] == 1 and j[\"classes\"][\"cheat/tamper\"] == 1 and j[\"classes\"][\"cheat/harness-module\"] == 2" &&
	expect_json run/summary.json "[t[\"c\"] for t in j[\"tasks\"]] == [2, 1, 1]" &&
	grep -q "^pass@1: 0.3000" out
'

test_expect_success 'plain progress lines when not on a TTY' '
	grep -q "^\[17/17\] " err
'

test_expect_failure_code 'an existing run needs --resume' 2 '
	hwforge bench --refs --no-ppa --out refs "$SUITE" 2>err; rc=$?
	grep -q "use --resume" err && exit $rc
'

test_done
