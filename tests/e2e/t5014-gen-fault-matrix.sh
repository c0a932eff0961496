#!/bin/sh
# The endpoint fault matrix, each fault against the scripted server: one
# clear line on stderr, the documented exit status (doc/hwforge-gen.1,
# RETRIES AND TIMEOUTS), retries as documented, and no torn record: every
# transcript line and cache entry parses, no temporary file is left.
# One server; each case is told apart by its --seed (one rule per seed).
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script faults.json '{"rules": [
	{"seed": 101, "replies": [{"fault": "reset"}]},
	{"seed": 102, "replies": [{"status": 429, "message": "Rate limit reached",
	  "type": "rate_limit_exceeded", "headers": {"Retry-After": "1"}},
	  {"content": GOOD}]},
	{"seed": 103, "replies": [{"status": 429, "message": "Rate limit reached",
	  "type": "rate_limit_exceeded", "headers": {"Retry-After": "0"}}]},
	{"seed": 104, "replies": [{"status": 500, "message": "boom"},
	  {"status": 503, "body": "upstream busy"}, {"content": GOOD}]},
	{"seed": 105, "replies": [{"status": 503, "body": "upstream busy"}]},
	{"seed": 106, "replies": [{"fault": "trickle", "trickle_ms": 4000}]},
	{"seed": 107, "replies": [{"fault": "trickle", "trickle_ms": 200}]},
	{"seed": 108, "replies": [{"fault": "malformed"}]},
	{"seed": 109, "replies": [{"fault": "empty_choices"}]},
	{"seed": 110, "replies": [{"fault": "oversize"}]},
	{"seed": 111, "replies": [{"content": "I would rather not write Verilog today."}]}
	]}'
server_start faults.json || test_skip "cannot start the test server"

# run SEED OUT ARGS...: one candidate, one round, quick retries
run() {
	_s=$1
	_o=$2
	shift 2
	gen_sat "$_o" --seed "$_s" --candidates 1 --rounds 1 --retries 2 \
		--backoff-ms 20 --no-progress "$@" >"$_o.out" 2>"$_o.err"
}

# asked SEED: requests the server saw with that seed
asked() {
	python3 -c 'import json, sys
print(sum(1 for l in open("requests.jsonl")
          if json.loads(l)["body"].get("seed") == int(sys.argv[1])))' "$1"
}

# one_line OUT PATTERN: stderr is exactly one line, and it matches
one_line() {
	cat "$1.err" &&
	test "$(wc -l <"$1.err")" = 1 &&
	grep -q "^hwforge: $2" "$1.err"
}

# intact OUT: transcript and cache parse line by line, no temporary files
intact() {
	python3 - "$1" <<-\PY
	import json, os, sys
	out = sys.argv[1]
	for l in open(os.path.join(out, "transcript.jsonl")):
	    json.loads(l)
	cache = "cache-" + out
	for d, _, fs in os.walk(cache):
	    for f in fs:
	        assert ".tmp" not in f, f
	        json.load(open(os.path.join(d, f)))
	PY
}

test_expect_failure_code 'connection refused: exit 3' 3 '
	port=$(python3 -c "import socket; s = socket.socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])") &&
	ENDPOINT=http://127.0.0.1:$port/v1 run 1 refused; rc=$?
	one_line refused "request to .http://127.0.0.1:$port/v1/chat/completions. failed: " &&
	expect_json refused/report.json "j[\"llm\"][\"retries\"] == 2 and j[\"llm\"][\"transport_errors\"] == 3" &&
	intact refused && exit $rc
'

test_expect_failure_code 'reset mid-body, every time: 3 attempts, exit 3' 3 '
	run 101 reset; rc=$?
	one_line reset "request to .* failed: " &&
	test "$(asked 101)" = 3 && intact reset && exit $rc
'

test_expect_success '429 with Retry-After: 1 is waited for, then passes' '
	run 102 ra &&
	grep -q "^pass ra/final.v" ra.out &&
	test "$(asked 102)" = 2 &&
	python3 - <<-\PY
	import json
	t = [json.loads(l)["t"] for l in open("requests.jsonl")
	     if json.loads(l)["body"].get("seed") == 102]
	assert t[1] - t[0] >= 0.9, t
	PY
	intact ra
'

test_expect_failure_code '429 that never ends: exit 3, the API message' 3 '
	run 103 r429; rc=$?
	one_line r429 "HTTP 429 from the API: Rate limit reached" &&
	test "$(asked 103)" = 3 && intact r429 && exit $rc
'

test_expect_success '500 then 503 then a reply: retried, passes' '
	run 104 r5 &&
	grep -q "^pass r5/final.v" r5.out &&
	test "$(asked 104)" = 3 &&
	expect_json r5/report.json "j[\"llm\"][\"http_5xx\"] == 2 and j[\"llm\"][\"retries\"] == 2" &&
	intact r5
'

test_expect_failure_code '503 that never ends: exit 3' 3 '
	run 105 r503; rc=$?
	one_line r503 "HTTP 503 from the API: upstream busy" &&
	test "$(asked 105)" = 3 && intact r503 && exit $rc
'

test_expect_failure_code 'a body slower than --idle-timeout: dropped, exit 3' 3 '
	run 106 idle --idle-timeout 1 --retries 0; rc=$?
	one_line idle "no data from .* for 1 s" &&
	test "$(asked 106)" = 1 && intact idle && exit $rc
'

test_expect_failure_code 'a trickle within the idle limit: --request-timeout ends it' 3 '
	run 107 total --idle-timeout 30 --request-timeout 2 --retries 0; rc=$?
	one_line total "request to .* timed out: " &&
	test "$(asked 107)" = 1 && intact total && exit $rc
'

test_expect_failure_code 'malformed JSON: retried, then exit 3' 3 '
	run 108 bad; rc=$?
	one_line bad "bad reply from the API (malformed)" &&
	test "$(asked 108)" = 3 &&
	expect_json bad/report.json "j[\"llm\"][\"malformed\"] == 3" &&
	intact bad && exit $rc
'

test_expect_failure_code 'empty choices: retried, then exit 3' 3 '
	run 109 empty; rc=$?
	one_line empty "bad reply from the API (no-choices)" &&
	test "$(asked 109)" = 3 && intact empty && exit $rc
'

test_expect_failure_code 'a reply over the size cap: not retried, exit 3' 3 '
	run 110 big; rc=$?
	one_line big "response from .* is larger than 33554432 bytes" &&
	test "$(asked 110)" = 1 && intact big && exit $rc
'

test_expect_success 'a reply with no code block: class no-code, exit 1' '
	run 111 nocode; rc=$?
	test $rc = 1 &&
	grep -q "^fail (no code)" nocode.out &&
	one_line nocode "no candidate passed in 1 round (best: no-code)" &&
	expect_json nocode/report.json "j[\"rounds\"][0][\"candidates\"][0][\"class\"] == \"no-code\"" &&
	expect_json nocode/report.json "j[\"class\"] == \"no-code\"" &&
	intact nocode
'

server_stop
test_done
