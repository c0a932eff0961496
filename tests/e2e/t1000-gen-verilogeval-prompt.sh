#!/bin/sh
# A VerilogEval-style prompt works as it is: the bullet port list becomes
# the required interface in the prompt, and with --tb the testbench's
# failure output is fed back (the model never sees the testbench itself).
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

R="$FIXTURES/rtlgen"
server_start "$R/script-tb.json" || test_skip "cannot start the test server"

test_expect_success 'gen with a testbench: fail, feedback, pass' '
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$R/verilogeval-prompt.txt" \
		--tb "$R/reg8_tb.v" --endpoint "$ENDPOINT" --model m \
		--candidates 1 --rounds 3 --no-cache -o out >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	test "$(requests_count)" = 2
'

test_expect_success 'the prompt has the interface from the bullet list' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	u = r[0]["messages"][1]["content"]
	assert "Top module: `TopModule`" in u, u
	assert "    input [7:0] in," in u and "    output [7:0] out\n);" in u, u
	EOF
'

test_expect_success 'round 2 carries the testbench output, not the testbench' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	fb = r[1]["messages"][-1]["content"]
	assert "MISMATCH cycle=0" in fb, fb
	text = json.dumps(r)
	assert "always #5 clk" not in text, "testbench source leaked"
	assert "exp = reset ?" not in text, "testbench source leaked"
	EOF
'

test_expect_success 'report: a sim failure, then a pass' '
	expect_json out/report.json "([r[\"candidates\"][0][\"class\"]
		for r in j[\"rounds\"]][0].startswith(\"sim/\") and
		j[\"verdict\"] == \"pass\" and j[\"top\"] == \"TopModule\")"
'

test_expect_success '--templates DIR overrides the shipped prompts' '
	mkdir tpl &&
	cp "$TOP_SRCDIR/share/templates/"*.txt tpl/ &&
	echo "HOUSE-RULE-7: use active-high reset." >>tpl/system.txt &&
	HWFORGE_API_KEY=$TEST_KEY hwforge gen "$R/verilogeval-prompt.txt" \
		--tb "$R/reg8_tb.v" --endpoint "$ENDPOINT" --model m \
		--candidates 1 --rounds 1 --no-cache --templates tpl -o out2 \
		>/dev/null 2>&1;
	test "$(requests_count)" = 3 &&
	tail -n 1 requests.jsonl | grep -q "HOUSE-RULE-7"
'

test_expect_failure_code 'a template directory without the files: exit 2' 2 '
	mkdir empty &&
	hwforge gen "$R/verilogeval-prompt.txt" --templates empty \
		--endpoint "$ENDPOINT" --model m -o out3 2>err; rc=$?
	grep -q "system.txt" err && test "$(requests_count)" = 3 && exit $rc
'

server_stop
test_done
