#!/bin/sh
# hwforge repair against the scripted server: patch 1 does not apply (its
# context names a line the file does not have), patch 2 applies and fails
# with a mismatch, patch 3 fixes the bug.  The classes are in
# report.json, each request carries the evidence of the one before, and
# fix.patch applies with git apply and patch -p1 to a clean copy that
# then passes hwforge check with the same --ref.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys git patch

R="$FIXTURES/repair"
REF="$FIXTURES/agent/sat_add_ref.v"
mkdir -p rtl && cp "$R/sat_add_bug.v" rtl/sat_add.v &&
python3 "$R/script-loop.py" script.json || exit 1
server_start script.json || test_skip "cannot start the test server"

repair() {
	env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" repair rtl/sat_add.v \
		--top sat_add --ref "$REF" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 4 \
		--cache-dir "$PWD/cache" "$@"
}

test_expect_success 'the buggy design fails its check' '
	! hwforge check --ref "$REF" rtl/sat_add.v >/dev/null 2>&1
'

test_expect_success 'repair fixes the bug in the third round' '
	repair -o out >stdout 2>stderr &&
	grep -q "^fixed out/fix.patch (2 lines touched, round 3)" stdout &&
	test "$(requests_count)" = 3
'

test_expect_success 'report.json: classes per round, lines touched, checker' '
	expect_json out/report.json "(j[\"verdict\"] == \"fixed\" and
		[r[\"candidates\"][0][\"class\"] for r in j[\"rounds\"]] ==
			[\"patch/context\", \"sim/mismatch\", None] and
		[r[\"candidates\"][0][\"applied\"] for r in j[\"rounds\"]] ==
			[False, True, True] and
		j[\"lines_touched\"] == 2 and j[\"files\"] == [\"rtl/sat_add.v\"] and
		j[\"checker\"][\"evidence\"] == [\"ref\"] and
		\"equiv\" in j[\"checker\"][\"stages\"] and
		j[\"initial\"][\"class\"] == \"sim/mismatch\" and
		j[\"tokens\"][\"total\"] == 360 and j[\"stopped\"] == \"pass\")"
'

test_expect_success 'request 1 shows the file with line numbers and the evidence' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	u = r[0]["body"]["messages"][1]["content"]
	assert "File `rtl/sat_add.v`" in u, u
	assert "  10 |     assign y = sum[8] ? 8'"'"'h00 : sum[7:0];" in u, u
	assert "sim/mismatch" in u and "| cycle | inputs | expected | got |" in u
	EOF
'

test_expect_success 'request 2 carries the context-mismatch reason' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	m = r[1]["body"]["messages"]
	assert [x["role"] for x in m] == ["system", "user", "assistant", "user"]
	last = m[-1]["content"]
	assert "patch/context" in last, last
	assert "line 9 expected \"    assign ovf = sum[9];\", found \"    assign ovf = sum[8];\"" in last, last
	assert "sum[9]" in m[2]["content"], "the last reply"
	EOF
'

test_expect_success 'request 3 carries the mismatch table of patch 2' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	last = r[2]["body"]["messages"][-1]["content"]
	assert "sim/mismatch" in last and "| cycle | inputs | expected | got |" in last, last
	assert "| 3 | a=8'"'"'h7f b=8'"'"'h7f | y=8'"'"'hfe | y=8'"'"'hff |" in last, last
	assert "out/" not in last and "/tmp" not in last, "no paths"
	EOF
'

test_expect_success 'fix.patch applies with git apply to a clean copy' '
	mkdir g && mkdir g/rtl && cp "$R/sat_add_bug.v" g/rtl/sat_add.v &&
	(cd g && git init -q && git apply --check ../out/fix.patch &&
	 git apply ../out/fix.patch) &&
	cmp g/rtl/sat_add.v out/fixed/rtl/sat_add.v &&
	hwforge check --ref "$REF" g/rtl/sat_add.v >check.out
'

test_expect_success 'fix.patch applies with patch -p1 and passes hwforge check' '
	mkdir p && mkdir p/rtl && cp "$R/sat_add_bug.v" p/rtl/sat_add.v &&
	(cd p && patch -p1 --dry-run <../out/fix.patch >/dev/null &&
	 patch -p1 <../out/fix.patch >/dev/null) &&
	cmp p/rtl/sat_add.v out/fixed/rtl/sat_add.v &&
	hwforge check --ref "$REF" p/rtl/sat_add.v >check2.out
'

test_expect_success 'transcript has the three exchanges; no secret anywhere' '
	test "$(wc -l <out/transcript.jsonl | tr -d " ")" = 3 &&
	! grep -r -F "$TEST_KEY" out cache stdout stderr
'

test_expect_success 'a re-run replays the cache: no request, same fix' '
	repair -o out2 >stdout2 2>stderr2 &&
	test "$(requests_count)" = 3 &&
	cmp out/fix.patch out2/fix.patch &&
	expect_json out2/report.json "(j[\"llm\"][\"cache_hits\"] == 3)"
'

test_expect_success 'usage: no evidence, no files (exit 2)' '
	{ hwforge repair rtl/sat_add.v --top sat_add -o u1 2>err1; rc=$?; } &&
	test $rc = 2 && grep -q "no evidence" err1 &&
	{ hwforge repair --top sat_add --ref "$REF" 2>err2; rc=$?; } &&
	test $rc = 2 && grep -q "need DESIGN files" err2
'

test_expect_success 'a design that already passes: exit 0, no request' '
	n=$(requests_count) &&
	hwforge repair "$REF" --top sat_add --ref "$REF" -o out4 \
		--endpoint "$ENDPOINT" --model m --no-cache >stdout4 &&
	grep -q "already passing" stdout4 &&
	test "$(requests_count)" = "$n"
'

server_stop
python3 -c 'import json; j = json.load(open("script.json")); r = j["rules"][0]; r["replies"] = r["replies"][:1]; json.dump(j, open("script1.json", "w"))'
server_start script1.json || test_skip "cannot start the test server"

test_expect_success 'patches that never apply: not fixed, exit 1, no fix.patch' '
	{ repair -o out3 --rounds 2 --no-cache >stdout3 2>stderr3; rc=$?; } &&
	test $rc = 1 && ! test -e out3/fix.patch &&
	grep -q "not fixed in 2 rounds (best: patch/context)" stderr3 &&
	expect_json out3/report.json "(j[\"verdict\"] == \"not-fixed\")"
'

server_stop
python3 -c 'import json; j = json.load(open("script.json")); r = j["rules"][0]; r["replies"] = [r["replies"][0], dict(r["replies"][2], delay_ms=20000)]; json.dump(j, open("script2.json", "w"))'
server_start script2.json || test_skip "cannot start the test server"

test_expect_success 'SIGINT while round 2 waits: exit 130, report kept' '
	env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" repair rtl/sat_add.v \
		--top sat_add --ref "$REF" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 4 \
		--cache-dir "$PWD/cache5" -o out5 2>err5 &
	pid=$! &&
	i=0 &&
	while test "$(requests_count)" -lt 2; do
		i=$((i + 1)) && test $i -lt 400 && sleep 0.05 || exit 1
	done &&
	kill -INT $pid &&
	{ wait $pid; rc=$?; } ;
	test "$rc" = 130 &&
	expect_json out5/report.json "(j[\"stopped\"] == \"interrupted\" and
		j[\"rounds\"][0][\"candidates\"][0][\"class\"] == \"patch/context\")"
'

test_expect_success 'the re-run replays round 1 from the cache' '
	n=$(requests_count) &&
	env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" repair rtl/sat_add.v \
		--top sat_add --ref "$REF" --endpoint "$ENDPOINT" \
		--model test-model --candidates 1 --rounds 1 \
		--cache-dir "$PWD/cache5" -o out5 >out6 2>err6;
	test "$(requests_count)" = "$n" &&
	expect_json out5/report.json "(j[\"llm\"][\"cache_hits\"] == 1 and
		j[\"rounds\"][0][\"candidates\"][0][\"class\"] == \"patch/context\")"
'

server_stop
test_done
