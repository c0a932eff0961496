#!/bin/sh
# Malformed suites and samples: clear per-item errors; the rest completes.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

test_expect_success 'broken tasks are listed with reasons, the rest scored' '
	hwforge bench --refs --no-ppa --out bad "$FIXTURES/bench/native-bad" \
		>out 2>err &&
	grep -q "1 tasks scored, 3 broken" out &&
	grep -q "broken: badjson: suite/load: .*invalid JSON at byte" out &&
	grep -q "broken: noref: suite/load: missing reference" out &&
	grep -q "broken: reffails: sim/mismatch" out &&
	expect_json bad/summary.json "j[\"passed\"] == 1 and [b[\"task\"] for b in j[\"broken\"]] == [\"badjson\", \"noref\", \"reffails\"]"
'

test_expect_success 'bad sample lines are per-line errors' '
	python3 - <<-\PY &&
	import json
	good = "module inc8(input [7:0] a, output [7:0] y);\n  assign y = a + 1;\nendmodule\n"
	with open("samples.jsonl", "wb") as f:
	    f.write(b"{ not json\n")
	    f.write((json.dumps({"task": "nosuch", "sample": 0, "code": good}) + "\n").encode())
	    f.write(b"{\"task\": \"inc8\", \"sample\": 1, \"code\": \"mod\x00ule\"}\n")
	    f.write((json.dumps({"task": "inc8", "sample": 2, "code": "x" * (20 << 20)}) + "\n").encode())
	    f.write((json.dumps({"task": "inc8", "sample": 3}) + "\n").encode())
	    f.write((json.dumps({"task": "inc8", "sample": 4, "code": "a\u0000b"}) + "\n").encode())
	    f.write((json.dumps({"task": "inc8", "sample": 0, "code": good}) + "\n").encode())
	    f.write((json.dumps({"task": "inc8", "sample": 0, "code": good}) + "\n").encode())
	PY
	hwforge bench --samples samples.jsonl --no-ppa --allow-unscored \
		--out s "$FIXTURES/bench/native" >out 2>err &&
	grep -q "line 1: invalid JSON at byte" err &&
	grep -q "line 2: unknown task .nosuch." err &&
	grep -q "line 3: NUL byte in sample" err &&
	grep -q "line 4: sample is 209715.. bytes (limit 4194304)" err &&
	grep -q "line 5: neither .code. nor .response." err &&
	grep -q "line 6: NUL byte in sample" err &&
	grep -q "line 8: duplicate sample 0 of .inc8." err &&
	expect_json s/summary.json "j[\"samples\"] == 1 and j[\"passed\"] == 1 and len(j[\"input_errors\"]) == 7"
'

test_expect_failure_code 'a missing suite is a usage error' 2 '
	hwforge bench --refs --out x /nonexistent/suite 2>err; rc=$?
	test "$(wc -l <err)" = 1 && grep -q "not a directory" err && exit $rc
'

test_expect_failure_code 'a directory that is no suite is a usage error' 2 '
	mkdir empty && hwforge bench --refs --out x empty 2>err; rc=$?
	grep -q "is not a task suite" err && exit $rc
'

test_expect_failure_code 'missing samples file is a usage error' 2 '
	hwforge bench --samples nope.jsonl --out y "$FIXTURES/bench/native" 2>err; rc=$?
	grep -q "cannot open samples" err && exit $rc
'

test_expect_failure_code 'bad flags are usage errors' 2 '
	hwforge bench --shard 3/2 "$FIXTURES/bench/native" 2>err; rc=$?
	grep -q "shard" err && exit $rc
'

test_done
