#!/bin/sh
# llama.cpp's server, as its source behaves: n != 1 is refused ("Only one
# completion choice is allowed": HTTP 500 in older builds, 400 "Illegal
# param" in newer ones).  With the default --candidates 3 every candidate
# is still produced: the refusal is recognised (not retried as a 5xx),
# said once on stderr, and each candidate gets its own request and seed.
# Also: reasoning in reasoning_content or inline <think>, the usage chunk
# with "timings" at the end of a stream, finish_reason "length".
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script old.json '{"persona": "llamacpp", "default": {"stream": True,
	"reasoning_content": "The sum needs a ninth bit for the carry.",
	"content": GOOD}}'
server_start old.json || test_skip "cannot start the test server"

test_expect_success 'older build (500): 3 candidates, all checked, one warning' '
	gen_sat out --seed 7 --stream --backoff-ms 50 >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	all_pass out 3 &&
	test "$(grep -c "refuses n > 1" stderr)" = 1 &&
	grep -q "Only one completion choice is allowed" stderr
'

test_expect_success 'the 500 refusal is not retried; seeds are distinct' '
	python3 - <<-\PY
	import json
	r = [json.loads(l)["body"] for l in open("requests.jsonl")]
	assert len(r) == 4, len(r)
	assert r[0]["n"] == 3 and all("n" not in x for x in r[1:]), r
	assert sorted(x["seed"] for x in r[1:]) == [7, 8, 9], r
	assert all(x["stream_options"]["include_usage"] for x in r), r
	PY
	expect_json out/report.json "(j[\"llm\"][\"n_rejected\"] and
		j[\"llm\"][\"retries\"] == 0 and j[\"llm\"][\"failed\"] == 0 and
		j[\"llm\"][\"http_5xx\"] == 0 and
		j[\"tokens\"][\"prompt\"] == 150 and
		j[\"tokens\"][\"completion\"] == 75)"
'

test_expect_success 'reasoning_content is kept apart from the answer' '
	python3 - <<-\PY
	import json
	t = [json.loads(l) for l in open("out/transcript.jsonl")]
	ok = [x for x in t if x.get("outcome") == "ok"]
	assert len(ok) == 3, len(ok)
	for x in ok:
	    c = x["response"]["choices"][0]
	    assert c["reasoning"].startswith("The sum needs"), c
	    assert "ninth bit" not in c["content"], c
	PY
'
test_expect_success '--offline replays the fallback run (no n=3 probe)' '
	gen_sat off --seed 7 --stream --offline --cache-dir "$PWD/cache-out" \
		>stdout 2>stderr &&
	grep -q "^pass off/final.v" stdout &&
	all_pass off 3 &&
	test "$(requests_count)" = 4 &&
	! grep -q "refuses" stderr
'
server_stop

# newer build: a 400; round 1 thinks inline and runs out of tokens inside
# <think> (its draft must not be taken for the answer); round 2 answers
# after the thinking.
write_script new.json '{"persona": "llamacpp-400", "rules": [{"replies": [
	{"content": "<think>A draft:\n```verilog\nmodule sat_add(input a);\n",
	 "finish_reason": "length"},
	{"content": "<think>A draft:\n```verilog\nmodule sat_add(input a);\n",
	 "finish_reason": "length"},
	{"content": "<think>A draft:\n```verilog\nmodule sat_add(input a);\n",
	 "finish_reason": "length"},
	{"content": "<think>\nFirst try:\n```verilog\nmodule sat_add(); endmodule\n```\nno, it needs ports.\n</think>\n\n" + GOOD}]}]}'
server_start new.json || test_skip "cannot start the test server"

test_expect_success 'newer build (400): every candidate in both rounds' '
	gen_sat out --seed 20 --rounds 2 >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	test "$(grep -c "refuses n > 1" stderr)" = 1 &&
	grep -q "Illegal param: only one completion choice" stderr &&
	test "$(requests_count)" = 7 &&
	expect_json out/report.json "([len(r[\"candidates\"]) for r in j[\"rounds\"]] == [3, 3] and
		all(c[\"class\"] == \"truncated\" for c in j[\"rounds\"][0][\"candidates\"]) and
		all(c[\"status\"] == \"pass\" for c in j[\"rounds\"][1][\"candidates\"]) and
		j[\"llm\"][\"truncated\"] == 3 and j[\"llm\"][\"n_rejected\"])"
'

test_expect_success 'the draft inside <think> is never a candidate' '
	! grep -l "sat_add(input a)" out/candidates/*.v &&
	! grep -l "sat_add(); endmodule" out/candidates/*.v
'
server_stop
test_done
