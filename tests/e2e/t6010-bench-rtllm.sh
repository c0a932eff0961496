#!/bin/sh
# RTLLM as published: references named verified_<name> in category folders
# (one with spaces), a reference file named otherwise, a data file the
# testbench reads, `break` in a testbench, the suite's own pass and fail
# wordings; samples that cannot be scored (broken or unknown task) are
# counted, named on stderr and exit 3 unless --allow-unscored; pass@k says
# how many tasks each k averages over.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

RT="$FIXTURES/bench/rtllm"

test_expect_success 'references self-test: three pass, the wrong one is broken' '
	hwforge bench --refs --out refs "$RT" >out 2>err &&
	grep -q "3 tasks scored, 1 broken" out &&
	grep -q "samples: 3 scored, 3 passed" out &&
	grep -q "^broken: parity8: sim/mismatch: the testbench reported: ===========Failed===========  *256$" out &&
	! grep -q "not scored" err &&
	expect_json refs/summary.json "j[\"unscored\"][\"samples\"] == 0 and j[\"pass_at_k_tasks\"][\"1\"] == 3"
'

cat >samples.py <<\PY
import json, sys
add_ok = "module adder_4bit(input [3:0] a, input [3:0] b, input cin, output [3:0] sum, output cout);\n  assign {cout, sum} = a + b + cin;\nendmodule\n"
add_bad = "module adder_4bit(input [3:0] a, input [3:0] b, input cin, output [3:0] sum, output cout);\n  assign {cout, sum} = a + b;\nendmodule\n"
seq_ok = """module seq_detect_101(input clk, input rst_n, input din, output reg match);
  reg s1, s10; // the last bit was 1; the last two were 1, 0
  always @(posedge clk)
    if (!rst_n) begin s1 <= 0; s10 <= 0; match <= 0; end
    else begin match <= s10 & din; s10 <= s1 & ~din; s1 <= din; end
endmodule
"""
seq_bad = "module seq_detect_101(input clk, input rst_n, input din, output reg match);\n  always @(posedge clk) match <= din;\nendmodule\n"
rom_ok = "module rom_lut #(parameter W = 8) (input [3:0] addr, output [W-1:0] data);\n  assign data = addr * addr + 3;\nendmodule\n"
rom_bad = "module rom_lut #(parameter W = 8) (input [3:0] addr, output [W-1:0] data);\n  assign data = addr == 5 ? 8'd0 : addr * addr + 3;\nendmodule\n"
par = "module parity8(input [7:0] d, output p);\n  assign p = ^d;\nendmodule\n"
rows = [("adder_4bit", 0, add_ok), ("adder_4bit", 1, add_bad), ("adder_4bit", 2, add_ok),
        ("seq_detect_101", 0, seq_ok), ("seq_detect_101", 1, seq_bad),
        ("rom_lut", 0, rom_ok), ("rom_lut", 1, rom_bad),
        ("parity8", 0, par), ("parity8", 1, par), ("no_such_design", 0, par)]
with open("samples.jsonl", "w") as f:
    for t, s, c in rows:
        f.write(json.dumps({"task": t, "sample": s, "code": c}) + "\n")
PY

test_expect_failure_code 'unscored samples: exit 3, one stderr line per task' 3 '
	python3 samples.py &&
	hwforge bench --samples samples.jsonl -k 1,2,3 --out s "$RT" >out 2>err; rc=$?
	grep -q "^hwforge: 2 samples of .parity8. not scored: the task is broken (sim/mismatch)$" err &&
	grep -q "^hwforge: 1 sample of .no_such_design. not scored: no such task in the suite$" err &&
	grep -q "^hwforge: 3 samples not scored" err &&
	grep -q "^not scored: 3 samples" out &&
	expect_json s/summary.json "j[\"unscored\"] == {\"samples\": 3, \"tasks\": [{\"task\": \"parity8\", \"samples\": 2, \"why\": \"the task is broken (sim/mismatch)\"}, {\"task\": \"no_such_design\", \"samples\": 1, \"why\": \"no such task in the suite\"}]}" &&
	exit $rc
'

test_expect_success 'verdicts from the testbenches own words' '
	python3 - s/results.jsonl <<-\PY
	import json, sys
	got = {(r["task"], r["sample"]): (r["verdict"], r.get("class")) for r in map(json.loads, open(sys.argv[1]))}
	want = {("adder_4bit", 0): ("pass", None), ("adder_4bit", 1): ("fail", "sim/mismatch"),
	        ("adder_4bit", 2): ("pass", None),
	        ("seq_detect_101", 0): ("pass", None), ("seq_detect_101", 1): ("fail", "sim/mismatch"),
	        ("rom_lut", 0): ("pass", None), ("rom_lut", 1): ("fail", "sim/mismatch")}
	assert got == want, got
	rom = [json.loads(l) for l in open(sys.argv[1]) if "\"rom_lut\"" in l]
	bad = [r for r in rom if r["sample"] == 1][0]
	assert bad["summary"] == "the testbench reported: Failed at 5: data=00 expected=1c", bad["summary"]
	PY
'

test_expect_success 'pass@k: each k with the number of tasks it averages over' '
	grep -q "^pass@1: 0.5556 (3 tasks with >= 1 sample)$" out &&
	grep -q "^pass@2: 1.0000 (3 tasks with >= 2 samples)$" out &&
	grep -q "^pass@3: 1.0000 (1 task with >= 3 samples)$" out &&
	grep -q "^failure classes (samples that did not pass):$" out &&
	expect_json s/summary.json "j[\"pass_at_k_tasks\"] == {\"1\": 3, \"2\": 3, \"3\": 1}" &&
	grep -q "pass@3 over 1 task" s/report.html &&
	grep -q "2 of <code>parity8</code>" s/report.html
'

test_expect_success '--allow-unscored: the same run exits 0' '
	hwforge bench --samples samples.jsonl -k 1,2,3 --allow-unscored \
		--out s2 "$RT" >out2 2>err2 &&
	grep -q "^hwforge: 2 samples of .parity8. not scored" err2 &&
	! grep -q "exit 3" err2
'

test_expect_failure_code 'shards and merge count the unscored samples once' 3 '
	hwforge bench --samples samples.jsonl --shard 1/2 --out h1 "$RT" >/dev/null 2>&1
	hwforge bench --samples samples.jsonl --shard 2/2 --out h2 "$RT" >/dev/null 2>&1
	hwforge merge --out hm h1 h2 >mout 2>merr; rc=$?
	grep -q "^hwforge: 2 samples of .parity8. not scored" merr &&
	grep -q "^hwforge: 1 sample of .no_such_design. not scored" merr &&
	expect_json hm/summary.json "j[\"unscored\"][\"samples\"] == 3" &&
	exit $rc
'

test_expect_success 'a task with no samples is "no samples" in the report, not 0' '
	grep "^{\"task\": \"adder_4bit\", \"sample\": 0" samples.jsonl >one.jsonl &&
	hwforge bench --samples one.jsonl --out s3 "$RT" >out3 2>err3 &&
	grep -q "(2 of the scored have no samples)" out3 &&
	test "$(grep -c "class=\"none\" colspan=\"4\">no samples" s3/report.html)" = 2
'

test_done
