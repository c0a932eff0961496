#!/bin/sh
# --shard K/N (and the Slurm/Kubernetes variables) plus hwforge merge give
# the summary of an unsharded run.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3

SUITE=$FIXTURES/bench/verilogeval
SAMPLES=$FIXTURES/bench/ve-samples.jsonl
RUN="--samples $SAMPLES --no-ppa --timeout 2 --jobs 2"

test_expect_success 'unsharded run' '
	hwforge bench $RUN --out all "$SUITE" >/dev/null 2>&1
'

test_expect_success 'two shards by flag, merged' '
	hwforge bench $RUN --shard 1/2 --out s1 "$SUITE" >/dev/null 2>&1 &&
	hwforge bench $RUN --shard 2/2 --out s2 "$SUITE" >/dev/null 2>&1 &&
	test "$(cat s1/results.jsonl s2/results.jsonl | wc -l)" = 17 &&
	hwforge merge --out m s2 s1 >out &&
	grep -q "samples: 17 scored, 4 passed" out &&
	python3 - all/summary.json m/summary.json <<-\PY
	import json, sys
	a, b = (json.load(open(p)) for p in sys.argv[1:3])
	a.pop("timing"); b.pop("timing")
	assert a == b, (a, b)
	PY
'

test_expect_success 'Slurm array variables pick the shard' '
	SLURM_ARRAY_TASK_ID=0 SLURM_ARRAY_TASK_COUNT=2 \
		hwforge bench $RUN --out slurm "$SUITE" >/dev/null 2>&1 &&
	cmp_tasks() { python3 -c "import json,sys; print(sorted({json.loads(l)[\"task\"] for l in open(sys.argv[1])}))" "$1"; } &&
	test "$(cmp_tasks slurm/results.jsonl)" = "$(cmp_tasks s1/results.jsonl)" &&
	grep -q "\"shard\":.*\"1/2\"" slurm/selftest.json
'

test_expect_success 'Kubernetes indexed job with --shard-count' '
	JOB_COMPLETION_INDEX=1 hwforge bench $RUN --shard-count 2 --out k8s \
		"$SUITE" >/dev/null 2>&1 &&
	grep -q "\"shard\":.*\"2/2\"" k8s/selftest.json
'

test_expect_failure_code 'JOB_COMPLETION_INDEX without a count' 2 '
	JOB_COMPLETION_INDEX=1 hwforge bench $RUN --out k "$SUITE" 2>err; rc=$?
	grep -q "shard-count" err && exit $rc
'

test_expect_failure_code 'merge refuses a missing shard' 2 '
	hwforge merge --out m2 s1 2>err; rc=$?
	grep -q "shard 2/2 is missing" err && exit $rc
'

test_expect_failure_code 'merge refuses a shard given twice' 2 '
	hwforge merge --out m3 s1 s1 s2 2>err; rc=$?
	grep -q "given twice" err && exit $rc
'

test_expect_failure_code 'merge refuses a directory that is no bench output' 2 '
	mkdir junk && hwforge merge --out m4 junk 2>err; rc=$?
	grep -q "not a bench output" err && exit $rc
'

test_done
