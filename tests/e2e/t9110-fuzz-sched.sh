#!/bin/sh
# Schedulers in a real campaign: an unknown name exits 2 listing the
# known ones; MABFuzz's ucb1 (with its reseeds) and the two-level ducb run
# the engine, are deterministic, and a resumed campaign continues the
# checkpointed scheduler state.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

test_expect_failure_code 'an unknown scheduler: exit 2, the known ones listed' 2 '
	hwforge fuzz "$CORE" --scheduler nope --tests 1 --out o 2>err; rc=$?
	grep "unknown scheduler .nope." err &&
	grep "uniform, coverage, egreedy, ucb1, exp3, ducb, swucb, thompson" err &&
	exit $rc
'

run() {
	hwforge fuzz "$CORE" --scheduler "$1" --seed 3 --tests "$2" --out "$3" \
		$4 --no-progress --no-reproduce >/dev/null 2>&1
}

for s in ucb1 ducb-2level coverage; do
	test_expect_success "$s: the same seed twice, the same corpus" "
		run $s 600 $s-a && run $s 600 $s-b &&
		diff -r $s-a/corpus $s-b/corpus &&
		grep -q '\"scheduler\":\"$s\"' $s-a/state.json
	"
	test_expect_success "$s: 300 tests, then --resume to 600: the scheduler state continues" "
		run $s 300 $s-c && run $s 600 $s-c --resume &&
		python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))[\"sched\"]; sys.exit(c[\"picks\"] != 600)' $s-c/state.json
	"
done

# The engine does not checkpoint the per-family coverage maps (new_local),
# so a resumed campaign equals the uninterrupted one only for schedulers
# that do not learn from new_local: coverage.
test_expect_success "coverage: resumed corpus equals the uninterrupted one" "
	diff -r coverage-a/corpus coverage-c/corpus &&
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))[\"sched\"]; c=json.load(open(sys.argv[2]))[\"sched\"]; sys.exit(a != c)' coverage-a/state.json coverage-c/state.json
"

test_expect_success 'ucb1 seeds its 10 families first and resets stale ones' '
	python3 -c "import json,sys; s=json.load(open(sys.argv[1]))[\"sched\"][\"fam\"]; print(s[\"resets\"]); sys.exit(not s[\"resets\"] > 0)" ucb1-a/state.json
'

test_done
