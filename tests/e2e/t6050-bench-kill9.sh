#!/bin/sh
# kill -9 a bench run while it is generating samples (parallel requests
# to a slow scripted server) and again while it is scoring them (two
# workers appending results), then --resume: samples.jsonl and
# results.jsonl hold every (task, sample) exactly once, every line
# parses, the cache holds only whole entries, and the summary equals an
# uninterrupted run's.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog vvp

N=$FIXTURES/bench/native
python3 - "$FIXTURES/bench/llm-script.json" <<-\PY
import json, sys
s = json.load(open(sys.argv[1]))
for r in s["rules"]:
    for rep in r["replies"]:
        rep["delay_ms"] = 300
json.dump(s, open("slow.json", "w"))
PY
server_start slow.json || test_skip "cannot start the test server"

bench() {
	HWFORGE_CACHE_DIR=$PWD/cache ${BENCH_EXEC:+exec} "$HWFORGE" bench \
		--model test-model --endpoint "$ENDPOINT" -n 6 --no-ppa \
		--no-progress --jobs 2 "$@" "$N"
}

# wait_lines FILE N: until FILE has N lines (or 30 s)
wait_lines() {
	i=0
	while ! test -f "$1" || test "$(wc -l <"$1")" -lt "$2"; do
		i=$((i + 1)) && test $i -lt 600 || return 1
		sleep 0.05
	done
}

once() {
	python3 - "$1" "$2" <<-\PY
	import json, sys
	keys = [(j["task"], j["sample"]) for j in map(json.loads, open(sys.argv[1]))]
	assert len(keys) == len(set(keys)) == int(sys.argv[2]), sorted(keys)
	PY
}

test_expect_success 'uninterrupted run: 12 samples scored' '
	bench --out full >/dev/null 2>&1 || test $? = 1 &&
	once full/samples.jsonl 12 && once full/results.jsonl 12
'

test_expect_success 'kill -9 while generating, then --resume' '
	rm -rf cache
	(BENCH_EXEC=1 bench --out part >/dev/null 2>&1) &
	pid=$! &&
	wait_lines part/samples.jsonl 3 &&
	kill -9 $pid && ! wait $pid &&
	got=$(wc -l <part/samples.jsonl) &&
	say "killed after $got samples" && test "$got" -lt 12 &&
	{ bench --resume --out part >/dev/null 2>err || test $? = 1; } &&
	once part/samples.jsonl 12 && once part/results.jsonl 12
'

test_expect_success 'kill -9 while scoring, then --resume' '
	rm -f part/results.jsonl part/summary.json
	(BENCH_EXEC=1 bench --resume --out part >/dev/null 2>&1) &
	pid=$! &&
	wait_lines part/results.jsonl 2 &&
	kill -9 $pid; wait $pid
	got=$(wc -l <part/results.jsonl) &&
	say "killed after $got results" &&
	{ bench --resume --out part >/dev/null 2>err || test $? = 1; } &&
	once part/results.jsonl 12
'

test_expect_success 'the same summary; whole cache entries; no temporaries' '
	python3 - <<-\PY
	import json, os
	a, b = (json.load(open(p)) for p in ("full/summary.json", "part/summary.json"))
	for j in (a, b):
	    j.pop("timing", None)
	    j.pop("llm", None)
	assert a == b, (a, b)
	for d, _, fs in os.walk("cache"):
	    for f in fs:
	        assert ".tmp" not in f, f
	        json.load(open(os.path.join(d, f)))
	for f in os.listdir("part"):
	    assert ".tmp" not in f, f
	PY
'
server_stop
test_done
