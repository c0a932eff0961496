#!/bin/sh
# The NPU target (kind "npu"): rtl/npu fuzzed through its host interface
# against tests/npu's golden model, with real Verilator.  The clean design
# gives no finding in a small budget; a mutant of tests/fixtures/npu (the
# unsigned PE multiply) is found; kill -9 and --resume equals the
# uninterrupted campaign.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have verilator g++
HWFORGE_CACHE_DIR=${TEST_BUILDDIR:-$TRASH}/fuzz-cache
export HWFORGE_CACHE_DIR
mkdir -p "$HWFORGE_CACHE_DIR"
NPU=$TOP_SRCDIR/rtl/npu
CORE=$NPU/core.json

# rtl/npu with one file replaced by a mutant
mutant_core() {
	sed -e "s|\"name\": \"npu\"|\"name\": \"npu-$1\"|" \
	    -e "s|\"$2\"|\"$TOP_SRCDIR/tests/fixtures/npu/$1.v\"|" \
	    -e "s|\"npu_\([a-z]*\)\.v\"|\"$NPU/npu_\1.v\"|g" "$CORE" >"$1.json"
}

test_expect_success 'clean NPU: 2000 tests, coverage grows, no finding' '
	hwforge fuzz "$CORE" --tests 2000 --out clean --no-progress 2>err &&
	grep -q "\"findings\":	0" clean/summary.json &&
	grep -q "\"tests\":	2000" clean/summary.json &&
	cov=$(sed -n "s/^	\"coverage\":	\([0-9]*\),/\1/p" clean/summary.json) &&
	test "$cov" -gt 100 &&
	test "$(ls clean/corpus | wc -l)" -gt 5
'

test_expect_failure_code 'the unsigned-multiply mutant is found (exit 1)' 1 '
	mutant_core pe_mut_arith npu_pe.v &&
	grep -q fixtures/npu/pe_mut_arith.v pe_mut_arith.json &&
	hwforge fuzz pe_mut_arith.json --tests 2000 --until-finding --out mut \
		--no-progress 2>err; rc=$?
	grep -q "finding 0 in test" err &&
	grep -q "\"signature\":\"mem:" mut/findings.jsonl &&
	test -f mut/findings/0000-mem-*/minimized.hex &&
	grep -q "\"expected\"" mut/findings/0000-mem-*/finding.json &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'the off-by-one row mutant is found by the access monitor' '
	mutant_core ctrl_mut_oob npu_ctrl.v &&
	{ hwforge fuzz ctrl_mut_oob.json --tests 2000 --until-finding \
		--out oob --no-progress 2>err; test $? = 1; } &&
	grep -q "\"signature\":\"access-read:" oob/findings.jsonl
'

test_expect_success 'same seed twice: identical corpus (ucb1)' '
	hwforge fuzz "$CORE" --tests 1500 --seed 5 --scheduler ucb1 --out a \
		--no-progress 2>/dev/null &&
	hwforge fuzz "$CORE" --tests 1500 --seed 5 --scheduler ucb1 --out b \
		--no-progress 2>/dev/null &&
	diff -r a/corpus b/corpus
'

test_expect_success 'kill -9 mid-campaign, then --resume, equals the uninterrupted run' '
	"$HWFORGE" fuzz "$CORE" --tests 20000 --seed 5 --scheduler ucb1 --out c \
		--no-progress >/dev/null 2>&1 &
	pid=$! &&
	i=0 &&
	while test $i -lt 600 && ! grep -q "\"tests\":[1-9][0-9][0-9]," c/state.json 2>/dev/null; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 $pid; wait $pid;
	grep -q "\"tests\":" c/state.json &&
	! grep -q "\"tests\":20000," c/state.json &&
	hwforge fuzz "$CORE" --tests 20000 --seed 5 --scheduler ucb1 --out c \
		--resume --no-progress 2>/dev/null &&
	hwforge fuzz "$CORE" --tests 20000 --seed 5 --scheduler ucb1 --out d \
		--no-progress 2>/dev/null &&
	diff -r c/corpus d/corpus &&
	grep -q "\"tests\":	20000" c/summary.json
'

test_expect_failure_code 'a bad kind is one line, exit 2' 2 '
	sed "s/\"kind\": \"npu\"/\"kind\": \"gpu\"/" "$CORE" >bad.json &&
	hwforge fuzz bad.json --tests 1 --no-progress 2>err; rc=$?
	grep -q "kind: expected" err && test "$(wc -l <err)" = 1 && exit $rc
'

test_done
