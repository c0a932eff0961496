#!/bin/sh
# hwforge gen without --ref or --tb (the oracle-free loop): the model first
# writes a self-checking testbench, which hwforge checks against designs
# stuck at 0 and at 1 before it judges any candidate; the accepted
# testbench catches a wrong first design, and the candidates are
# cross-checked by differential simulation.  A vacuous testbench (one
# that passes a design stuck at 0) is rejected and the reason fed back.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog vvp yosys

O="$FIXTURES/agent/oracle"
PROMPT="$FIXTURES/rtlgen/verilogeval-prompt.txt"

# oracle_script OUT TB...: testbench replies in order, then designs: a
# wrong one first, the right one once the request carries a mismatch.
oracle_script() {
	python3 - "$O" "$@" <<-\EOF
	import json, sys
	d, out, tbs = sys.argv[1], sys.argv[2], sys.argv[3:]
	def code(f):
	    return "```verilog\n" + open(d + "/" + f).read() + "```\n"
	u = {"prompt_tokens": 100, "completion_tokens": 50}
	json.dump({"rules": [
	    {"contains": "self-checking testbench",
	     "replies": [{"content": code(t), "usage": u} for t in tbs]},
	    {"contains": "MISMATCH out expected",
	     "replies": [{"contents": [code("good.v"), code("good.v")],
	                  "usage": u}]},
	    {"contains": "Implement the following hardware specification",
	     "replies": [{"contents": [code("bad.v"), code("bad.v")],
	                  "usage": u}]}]}, open(out, "w"), indent=1)
	EOF
}

oracle_script script1.json tb-good.v
server_start script1.json || test_skip "cannot start the test server"

test_expect_success 'no --ref/--tb: the model testbench catches a wrong design' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$PROMPT" --endpoint "$ENDPOINT" \
		--model m --candidates 2 --rounds 3 --no-cache --no-progress \
		-o out >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	test "$(requests_count)" = 3 &&
	test -s out/testbench.v && cmp out/testbench.v "$O/tb-good.v"
'

test_expect_success 'requests: testbench first, the design never sees it' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	tb_req = r[0]["messages"][1]["content"]
	assert "self-checking testbench" in tb_req, tb_req
	assert "named `tb`" in tb_req and "$finish" in tb_req, tb_req
	assert "    input [7:0] in," in tb_req, tb_req
	d1 = json.dumps(r[1])
	assert "self-checking testbench" not in d1, d1
	assert "always @(posedge clk) model" not in d1, "testbench leaked"
	fb = r[2]["messages"][-1]["content"]
	assert "ERROR: MISMATCH out expected 00 got" in fb, fb
	assert "always @(posedge clk) model" not in json.dumps(r[2])
	EOF
'

test_expect_success 'report.json: checker, vacuity checks, cross-check' '
	expect_json out/report.json "(j[\"checker\"] == \"model-testbench\" and
		j[\"verdict\"] == \"pass\" and
		j[\"testbench\"][\"accepted\"] and
		j[\"testbench\"][\"file\"] == \"testbench.v\" and
		[(c[\"design\"], c[\"verdict\"], c[\"class\"], c[\"end_seen\"])
		 for c in j[\"testbench\"][\"attempts\"][0][\"checks\"]] ==
		[(\"stuck-at-0\", \"fail\", \"sim/mismatch\", True),
		 (\"stuck-at-1\", \"fail\", \"sim/mismatch\", True)] and
		[c[\"class\"] for c in j[\"rounds\"][0][\"candidates\"]] ==
		[\"sim/mismatch\", \"sim/mismatch\"] and
		j[\"rounds\"][1][\"candidates\"][0][\"status\"] == \"pass\" and
		j[\"rounds\"][1][\"cross\"] == [{\"a\": 0, \"b\": 1,
			\"agree\": True, \"mismatches\": 0}] and
		j[\"rounds\"][1][\"candidates\"][0][\"agrees_with\"] == 1 and
		j[\"tokens\"][\"total\"] == 450)"
'

server_stop
oracle_script script2.json tb-vacuous.v tb-good.v
server_start script2.json || test_skip "cannot start the test server"

test_expect_success 'a vacuous model testbench is rejected with the reason' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$PROMPT" --endpoint "$ENDPOINT" \
		--model m --candidates 1 --rounds 3 --no-cache --no-progress \
		-o vac >stdout 2>stderr &&
	grep -q "^pass vac/final.v" stdout &&
	test "$(requests_count)" = 4 &&
	cmp vac/testbench.v "$O/tb-good.v" &&
	cmp vac/testbench/attempt-1.v "$O/tb-vacuous.v" &&
	expect_json vac/report.json "([(a[\"status\"], a.get(\"class\"))
		for a in j[\"testbench\"][\"attempts\"]] ==
		[(\"rejected\", \"tb/vacuous\"), (\"accepted\", None)] and
		j[\"testbench\"][\"attempts\"][0][\"checks\"][0][\"verdict\"] ==
		\"pass\" and j[\"checker\"] == \"model-testbench\")"
'

test_expect_success 'the next testbench request carries the reason' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	m = r[1]["messages"]
	assert "self-checking testbench" in m[1]["content"]
	assert "all good" in m[2]["content"], m[2]  # the rejected testbench
	fb = m[3]["content"]
	assert "Rejected (tb/vacuous)" in fb, fb
	assert "every output stuck at 0" in fb, fb
	assert "assign out = \x270;" in fb, fb
	EOF
'

server_stop
python3 - "$O" <<-\EOF
import json, sys
d = sys.argv[1]
def code(f):
    return "```verilog\n" + open(d + "/" + f).read() + "```\n"
json.dump({"default": {"contents": [code("good.v"), code("bad.v"),
                                    code("good.v")]}},
          open("script3.json", "w"))
EOF
server_start script3.json || test_skip "cannot start the test server"

test_expect_success '--tb-attempts 0: the candidates judge one another' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$PROMPT" --endpoint "$ENDPOINT" \
		--model m --candidates 3 --rounds 1 --tb-attempts 0 --no-cache \
		--no-progress -o diff >stdout 2>stderr &&
	grep -q "^pass diff/final.v" stdout &&
	test "$(requests_count)" = 1 &&
	expect_json diff/report.json "(j[\"checker\"] == \"differential\" and
		\"testbench\" not in j and
		[c[\"class\"] for c in j[\"rounds\"][0][\"candidates\"]] ==
		[None, \"differential/disagree\", None] and
		[c[\"agree\"] for c in j[\"rounds\"][0][\"cross\"]] ==
		[False, True, False])"
'

server_stop
test_done
