#!/bin/sh
# kill -9 a gen run again and again, at different moments, against a
# llama.cpp-like server (one request per candidate, in parallel), and
# re-run it each time with the same output and cache directories: the
# run completes, every transcript line and cache entry parses, nothing
# answered is paid for twice beyond the requests in flight at each kill,
# and a finished run replays without a single request.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys

write_script s.json '{"persona": "llamacpp", "rules": [
	{"contains": "compared cycles", "replies": [{"content": GOOD, "delay_ms": 400}]},
	{"replies": [{"delay_ms": 400, "content": "```verilog\nmodule sat_add(input [7:0] a, input [7:0] b, output [7:0] y, output ovf);\nassign {ovf, y} = a + b;\nendmodule\n```\n"}]}]}'
server_start s.json || test_skip "cannot start the test server"

run() {
	gen_sat out --seed 60 --rounds 3 --concurrency 3 --no-progress "$@"
}

test_expect_success 'killed four times, re-run each time, then completes' '
	kills=0 &&
	for at in 2 4 6 8; do
		(GEN_EXEC=1 run >/dev/null 2>&1) &
		pid=$! &&
		i=0 &&
		while test "$(requests_count)" -lt $at && kill -0 $pid 2>/dev/null; do
			i=$((i + 1)) && test $i -lt 600 && sleep 0.02 || exit 1
		done
		kill -9 $pid 2>/dev/null && kills=$((kills + 1))
		wait $pid
	done
	echo "$kills kills, $(requests_count) requests" &&
	echo $kills >kills &&
	run >stdout 2>stderr &&
	grep -q "^pass out/final.v" stdout &&
	expect_json out/report.json "([len(r[\"candidates\"]) for r in j[\"rounds\"]] == [3, 3] and
		all(c[\"status\"] == \"pass\" for c in j[\"rounds\"][1][\"candidates\"]))"
'

test_expect_success 'no torn transcript line, no half-written cache entry' '
	python3 - <<-\PY
	import json, os
	n = 0
	for l in open("out/transcript.jsonl"):
	    json.loads(l)
	    n += 1
	assert n > 0
	for d, _, fs in os.walk("cache-out"):
	    for f in fs:
	        assert ".tmp" not in f, f
	        json.load(open(os.path.join(d, f)))
	PY
'

test_expect_success 'nothing asked twice but what was in flight at a kill' '
	python3 - "$(cat kills)" <<-\PY
	import json, sys, collections
	kills = int(sys.argv[1])
	keys = collections.Counter()
	for l in open("requests.jsonl"):
	    b = json.loads(l)["body"]
	    keys[json.dumps([b["messages"], b.get("n"), b["seed"]],
	                    sort_keys=True)] += 1
	extra = sum(c - 1 for c in keys.values())
	# the n=3 probe (refused, never cached) is asked once per run
	probes = sum(c for k, c in keys.items() if json.loads(k)[1] == 3)
	assert probes <= kills + 1, probes
	assert extra - (probes - 1) <= 3 * kills, (extra, probes, kills)
	assert len(keys) == 1 + 6, len(keys)
	PY
'

test_expect_success 'a finished run replays with no request' '
	before=$(requests_count) &&
	run -o out2 >stdout2 2>/dev/null &&
	grep -q "^pass out2/final.v" stdout2 &&
	test "$(requests_count)" = "$before"
'
server_stop
test_done
