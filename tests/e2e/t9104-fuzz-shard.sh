#!/bin/sh
# Shards split the test indices and --merge combines them; --jobs N runs
# workers that share the corpus on disk and are merged at the end.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

test_expect_success 'two shards merge into the whole campaign' '
	hwforge fuzz "$CORE" -D "$EASY_BUG" --tests 400 --shard 1/2 --out s1 \
		--no-progress --no-reproduce >/dev/null 2>&1;
	test $? -le 1 &&
	SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=2 \
		hwforge fuzz "$CORE" -D "$EASY_BUG" --tests 400 --out s2 \
		--no-progress --no-reproduce >/dev/null 2>&1;
	test $? -le 1 &&
	expect_json s1/summary.json "j[\"stats\"][\"tests\"] == 200" &&
	expect_json s2/summary.json "j[\"stats\"][\"tests\"] == 200" &&
	hwforge fuzz --merge m s1 s2 >out;
	test $? = 1 &&
	expect_json m/summary.json "j[\"stats\"][\"tests\"] == 400 and j[\"findings\"] >= 1" &&
	python3 -c "
import json
sigs = [json.loads(l)[\"signature\"] for l in open(\"m/findings.jsonl\")]
assert len(sigs) == len(set(sigs)), sigs
" &&
	n1=$(ls s1/corpus | wc -l) && n2=$(ls s2/corpus | wc -l) &&
	test "$(ls m/corpus | wc -l)" = $((n1 + n2))
'

test_expect_success '--jobs 2: two workers, merged' '
	hwforge fuzz "$CORE" --tests 400 --jobs 2 --out j --no-progress \
		>/dev/null 2>&1 &&
	test -d j/worker-0 && test -d j/worker-1 &&
	expect_json j/summary.json "j[\"stats\"][\"tests\"] == 400 and j[\"findings\"] == 0"
'

test_done
