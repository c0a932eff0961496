#!/bin/sh
# hwforge bench --loop: each task of a VerilogEval-format suite goes
# through gen's oracle-free loop with its spec only (the model writes the
# testbench), then the first attempt and the final design are scored by
# the suite's held-out harness, side by side.  No request ever carries
# text of the suite's testbenches or references.
#   and2:   the model testbench catches a wrong first design (first fail,
#           loop pass)
#   count4: right at once (first pass, loop pass)
#   mux2:   the model misreads the spec in its testbench and its design
#           alike: the loop passes it, the held-out harness does not
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog vvp yosys

SUITE="$FIXTURES/bench/verilogeval"
L="$FIXTURES/bench/loop"

python3 - "$L" <<-\EOF
import json, sys
d = sys.argv[1]
def code(f):
    return {"content": "```verilog\n" + open(d + "/" + f).read() + "```\n",
            "usage": {"prompt_tokens": 100, "completion_tokens": 50}}
TB = "self-checking testbench"
json.dump({"rules": [
    {"contains": ["logical AND", "MISMATCH y expected"],
     "replies": [code("and2-good.v")]},
    {"contains": ["logical AND", TB], "replies": [code("tb-and2.v")]},
    {"contains": "logical AND", "replies": [code("and2-bad.v")]},
    {"contains": ["4-bit binary counter", TB],
     "replies": [code("tb-count4.v")]},
    {"contains": "4-bit binary counter", "replies": [code("count4-good.v")]},
    {"contains": ["When sel is 0", TB], "replies": [code("tb-mux2-wrong.v")]},
    {"contains": "When sel is 0", "replies": [code("mux2-wrong.v")]}]},
    open("script.json", "w"), indent=1)
EOF
server_start script.json || test_skip "cannot start the test server"

test_expect_success 'bench --loop: held-out scores of first attempt and loop' '
	HWFORGE_CACHE_DIR="$PWD/cache" hwforge bench --model m \
		--endpoint "$ENDPOINT" --loop --rounds 3 --no-ppa \
		--out b "$SUITE" >out 2>err &&
	test "$(requests_count)" = 7 &&
	grep -q "samples: 3 scored, 2 passed" out &&
	grep -q "pass@1 first attempt 0.3333 (1/3), after the loop 0.6667 (2/3), held-out harness; 1050 tokens" out &&
	grep -q "Prob003_mux2 .*first fail, loop fail (judged by model-testbench in the loop: pass" out
'

test_expect_success 'summary.json and report.html: both sides, per task' '
	expect_json b/summary.json "(j[\"loop\"][\"first_attempt\"] ==
		{\"passed\": 1, \"tasks\": 3, \"pass_at_1\": 1/3} and
		j[\"loop\"][\"loop\"][\"passed\"] == 2 and
		j[\"loop\"][\"tokens\"] == 1050 and j[\"loop\"][\"rounds\"] == 3 and
		[(t[\"id\"], t[\"first\"], t[\"final\"], t[\"loop_verdict\"],
		  t[\"checker\"], t[\"rounds\"], t[\"tokens\"])
		 for t in j[\"loop\"][\"tasks\"]] ==
		[(\"Prob001_and2\", \"fail\", \"pass\", \"pass\",
		  \"model-testbench\", 2, 450),
		 (\"Prob002_count4\", \"pass\", \"pass\", \"pass\",
		  \"model-testbench\", 1, 300),
		 (\"Prob003_mux2\", \"fail\", \"fail\", \"pass\",
		  \"model-testbench\", 1, 300)] and
		abs(j[\"pass_at_k\"][\"1\"] - 2/3) < 1e-5)" &&
	expect_json b/loop/first-attempt/summary.json "j[\"passed\"] == 1" &&
	grep -q "id=\"loop-first\">0.3333<" b/report.html &&
	grep -q "id=\"loop-final\">0.6667<" b/report.html &&
	cmp b/loop/Prob001_and2/testbench.v "$L/tb-and2.v"
'

test_expect_success 'no request body holds text of a suite testbench or reference' '
	python3 - "$SUITE" "$L" <<-\EOF
	import glob, json, os, sys
	suite, loop = sys.argv[1], sys.argv[2]
	bodies = "\n".join(
	    m.get("content") or ""
	    for l in open("requests.jsonl")
	    for m in json.loads(l)["body"]["messages"])
	allowed = "\n".join(open(f).read() for f in
	    glob.glob(suite + "/*_prompt.txt") + glob.glob(loop + "/*.v"))
	for f in ["RefModule", "stimulus_gen", "good1", "top_module1",
	          "Mismatches:", "y_ref ^ y_dut"]:
	    assert f not in bodies, f
	for f in sorted(glob.glob(suite + "/*_test.sv") +
	                glob.glob(suite + "/*_ref.sv")):
	    lines = {l.strip() for l in open(f) if len(l.strip()) >= 12}
	    own = [l for l in lines if l not in allowed]
	    assert len(own) >= 2, (f, own)
	    for l in own:
	        assert l not in bodies, (os.path.basename(f), l)
	assert "logical AND of a and b" in bodies  # the specs did go out
	EOF
'

test_expect_success 'the loop reports tokens and rounds of each task on stderr' '
	grep -q "loop Prob001_and2: pass after 2 rounds (model-testbench, 450 tokens)" err
'

server_stop
test_done
