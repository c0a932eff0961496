#!/bin/sh
# Bad input: one clear line each, documented exit codes, no hang.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have verilator g++
HWFORGE_CACHE_DIR=${TEST_BUILDDIR:-$TRASH}/fuzz-cache
export HWFORGE_CACHE_DIR
F=$FIXTURES/fuzz

one_line() {
	test "$(wc -l <"$1")" -le 2 && grep -q "$2" "$1"
}

test_expect_failure_code 'malformed JSON: exit 2' 2 '
	hwforge fuzz "$F/bad-syntax.json" --tests 1 --out o 2>err; rc=$?
	one_line err "bad-syntax.json" && exit $rc
'

test_expect_failure_code 'a bad key names its path: exit 2' 2 '
	hwforge fuzz "$F/bad-kind.json" --tests 1 --out o 2>err; rc=$?
	one_line err "memory.kind: expected" && exit $rc
'

test_expect_failure_code 'a missing ${VAR} is named: exit 2' 2 '
	unset HWFORGE_PICORV32;
	hwforge fuzz "$TOP_SRCDIR/cores/picorv32.json" --tests 1 --out o 2>err; rc=$?
	one_line err "HWFORGE_PICORV32.*is not set" && exit $rc
'

test_expect_failure_code 'a core that does not Verilate: exit 3' 3 '
	hwforge fuzz "$F/broken.json" --tests 1 --out o 2>err; rc=$?
	grep "does not Verilate" err && exit $rc
'

test_expect_failure_code 'a core without an RVFI port: exit 2' 2 '
	hwforge fuzz "$F/norvfi.json" --tests 1 --out o 2>err; rc=$?
	grep "has no RVFI port .rvfi_mem_wdata." err && exit $rc
'

test_expect_failure_code 'a core that never retires: exit 3' 3 '
	hwforge fuzz "$F/noretire.json" --tests 5 --out o 2>err; rc=$?
	grep "retired no instruction" err && exit $rc
'

test_done
