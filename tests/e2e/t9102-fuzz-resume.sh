#!/bin/sh
# Determinism: --jobs 1 twice gives byte-identical corpus and findings;
# kill -9 in the middle and --resume gives the same again.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/e2e/fuzz-lib.sh"

N=1500
# picorv32's test bugs fail every test at once (no corpus growth): the
# corpus half runs it bug-free there
if test "$EASY_BUG" = PICORV32_TESTBUG_004; then
	GROW=
else
	GROW=$EASY_BUG
fi
run() {
	bug=$1
	shift
	hwforge fuzz "$CORE" ${bug:+-D "$bug"} --tests $N --seed 7 --out "$@" \
		--no-progress --no-reproduce >/dev/null 2>&1
	test $? -le 1
}
same() {
	diff -r "$1/corpus" "$2/corpus" &&
	if test -f "$1/findings.jsonl"; then
		cmp "$1/findings.jsonl" "$2/findings.jsonl"
	else
		test ! -f "$2/findings.jsonl"
	fi &&
	diff -r "$1/findings" "$2/findings"
}

test_expect_success 'two runs with the same seed: identical corpus' '
	run "$GROW" a && run "$GROW" b && same a b &&
	ls a/corpus | wc -l >n && test "$(cat n)" -gt 1
'

test_expect_success 'two runs with the same seed and a bug: identical findings' '
	run $EASY_BUG x && run $EASY_BUG y && same x y && test -s x/findings.jsonl
'

test_expect_success 'kill -9 mid-campaign, then --resume, equals the uninterrupted run' '
	"$HWFORGE" fuzz "$CORE" ${GROW:+-D "$GROW"} --tests $N --seed 7 --out c \
		--no-progress --no-reproduce >/dev/null 2>&1 &
	pid=$! &&
	i=0 &&
	while test $i -lt 600 && ! grep -q "\"tests\":[1-9][0-9][0-9]," c/state.json 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 $pid; wait $pid;
	grep -q "\"tests\":" c/state.json &&
	! grep -q "\"tests\":$N," c/state.json &&
	run "$GROW" c --resume && same a c
'

test_expect_failure_code 'resuming with another seed is refused (exit 2)' 2 '
	hwforge fuzz "$CORE" --tests 10 --seed 8 --out a --resume --no-progress
'

test_expect_failure_code 'SIGINT checkpoints and exits 130' 130 '
	"$HWFORGE" fuzz "$CORE" --tests 1000000 --out i --no-progress 2>err &
	pid=$! &&
	i=0 &&
	while test $i -lt 600 && ! test -f i/state.json; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -INT $pid; wait $pid; rc=$?
	grep -q "interrupted" err && test -f i/summary.json && exit $rc
'

test_done
