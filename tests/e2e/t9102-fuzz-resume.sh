#!/bin/sh
# Determinism: --jobs 1 twice gives byte-identical corpus and findings;
# kill -9 in the middle and --resume gives the same again.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

N=1500
run() {
	hwforge fuzz "$CORE" -D "$EASY_BUG" --tests $N --seed 7 --out "$@" \
		--no-progress --no-reproduce >/dev/null 2>&1
	test $? -le 1
}
same() {
	diff -r "$1/corpus" "$2/corpus" &&
	cmp "$1/findings.jsonl" "$2/findings.jsonl" &&
	diff -r "$1/findings" "$2/findings"
}

test_expect_success 'two runs with the same seed are byte-identical' '
	run a && run b && same a b && ls a/corpus | wc -l >n && test "$(cat n)" -gt 1
'

test_expect_success 'kill -9 mid-campaign, then --resume, equals the uninterrupted run' '
	hwforge fuzz "$CORE" -D "$EASY_BUG" --tests $N --seed 7 --out c \
		--no-progress --no-reproduce >/dev/null 2>&1 &
	pid=$! &&
	i=0 &&
	while test $i -lt 600 && ! grep -q "\"tests\":[1-9][0-9][0-9]," c/state.json 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 $pid; wait $pid;
	grep -q "\"tests\":" c/state.json &&
	! grep -q "\"tests\":$N," c/state.json &&
	run c --resume && same a c
'

test_expect_failure_code 'resuming with another seed is refused (exit 2)' 2 '
	hwforge fuzz "$CORE" --tests 10 --seed 8 --out a --resume --no-progress
'

test_done
