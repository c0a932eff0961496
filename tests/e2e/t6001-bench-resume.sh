#!/bin/sh
# SIGKILL halfway through a bench run, then --resume: the summary equals
# an uninterrupted run's, with nothing lost or doubled.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

SUITE=$FIXTURES/bench/verilogeval
SAMPLES=$FIXTURES/bench/ve-samples.jsonl

same_summary() {
	python3 - "$1" "$2" <<-\PY
	import json, sys
	a, b = (json.load(open(p)) for p in sys.argv[1:3])
	for j in (a, b):
	    j.pop("timing", None)
	assert a == b, (a, b)
	PY
}

test_expect_success 'uninterrupted run' '
	hwforge bench --samples "$SAMPLES" --no-ppa --timeout 2 --jobs 1 \
		--out full "$SUITE" >/dev/null 2>&1 &&
	test "$(wc -l <full/results.jsonl)" = 17
'

test_expect_success 'kill -9 halfway, then --resume' '
	"$HWFORGE" bench --samples "$SAMPLES" --no-ppa --timeout 2 --jobs 1 \
		--out part "$SUITE" >/dev/null 2>&1 &
	pid=$! &&
	n=0 &&
	while test "$n" -lt 60; do
		if test -f part/results.jsonl &&
		   test "$(wc -l <part/results.jsonl)" -ge 6; then
			break
		fi
		sleep 0.2
		n=$((n + 1))
	done &&
	kill -9 $pid &&
	wait $pid; got=$(wc -l <part/results.jsonl) &&
	say "killed after $got results" &&
	test "$got" -ge 6 && test "$got" -lt 17 &&
	hwforge bench --samples "$SAMPLES" --no-ppa --timeout 2 --jobs 1 \
		--resume --out part "$SUITE" >/dev/null 2>err &&
	test "$(wc -l <part/results.jsonl)" = 17 &&
	same_summary full/summary.json part/summary.json
'

test_expect_success 'a torn last line is dropped and redone' '
	head -n 10 full/results.jsonl >torn.jsonl &&
	sed -n 11p full/results.jsonl | head -c 50 >>torn.jsonl &&
	mkdir torn && mv torn.jsonl torn/results.jsonl &&
	hwforge bench --samples "$SAMPLES" --no-ppa --timeout 2 --jobs 2 \
		--resume --out torn "$SUITE" >/dev/null 2>&1 &&
	test "$(wc -l <torn/results.jsonl)" = 17 &&
	python3 -c "
import json
keys = [(r[\"task\"], r[\"sample\"]) for r in map(json.loads, open(\"torn/results.jsonl\"))]
assert len(keys) == len(set(keys)) == 17, keys
" &&
	same_summary full/summary.json torn/summary.json
'

test_expect_success 'resuming a finished run changes nothing' '
	cp full/results.jsonl before &&
	hwforge bench --samples "$SAMPLES" --no-ppa --timeout 2 \
		--resume --out full "$SUITE" >/dev/null 2>&1 &&
	cmp before full/results.jsonl
'

test_expect_failure_code 'results of another suite are refused' 2 '
	hwforge bench --refs --no-ppa --resume --out full \
		"$FIXTURES/bench/native" 2>err; rc=$?
	grep -q "another suite" err && exit $rc
'

test_done
