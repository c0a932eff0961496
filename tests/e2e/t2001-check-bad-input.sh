#!/bin/sh
# Bad input: one line naming the problem, exit 2, no crash.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys

D=$FIXTURES/verify

one_line_exit2() {
	# one_line_exit2 PATTERN ARGS...: exit 2, one stderr line with PATTERN
	pat=$1
	shift
	hwforge check "$@" >out 2>err
	rc=$?
	cat err
	test "$rc" = 2 || { echo "exit $rc, want 2"; return 1; }
	test "$(wc -l <err)" = 1 || { echo "want one line"; return 1; }
	grep -q -e "$pat" err
}

test_expect_success 'missing file' '
	one_line_exit2 "nope.v.*no such file" --top adder nope.v
'

test_expect_success 'empty file' '
	: >empty.v &&
	one_line_exit2 "empty.v.*empty file" --top adder empty.v
'

test_expect_success 'binary garbage' '
	head -c 4096 /dev/urandom >garbage.v &&
	printf "\0\0\0" >>garbage.v &&
	one_line_exit2 "garbage.v.*binary" --top adder garbage.v
'

test_expect_success '50 MB file' '
	dd if=/dev/zero bs=1048576 count=50 2>/dev/null | tr "\0" " " >big.v &&
	one_line_exit2 "big.v.*larger than 8 MiB" --top adder big.v
'

test_expect_success 'unknown --top' '
	one_line_exit2 "--top .nosuch." --top nosuch "$D/pass-adder.v"
'

test_expect_success 'unknown --ref-top' '
	one_line_exit2 "--ref-top .nosuch." --top adder --ref-top nosuch \
		--ref "$D/ref_adder.v" "$D/pass-adder.v"
'

test_expect_success 'missing reference' '
	one_line_exit2 "reference .*gone.v.*no such file" --top adder \
		--ref gone.v "$D/pass-adder.v"
'

test_expect_success 'bad numbers and stages are usage errors' '
	one_line_exit2 "cycles" --cycles lots "$D/pass-adder.v" ||
	{ grep -q "cycles" err && test "$(wc -l <err)" -le 2; } &&
	{ hwforge check --timeout 0 "$D/pass-adder.v" 2>err; test $? = 2; } &&
	{ hwforge check --stages compile,frob "$D/pass-adder.v" 2>err; test $? = 2; } &&
	grep -q "frob" err
'

test_expect_success 'no files is a usage error' '
	hwforge check --top adder 2>err; test $? = 2 && grep -q "no design files" err
'

test_expect_success 'two candidate tops without --top' '
	printf "module a(input x, output y); assign y = x; endmodule\nmodule b(input x, output y); assign y = x; endmodule\n" >two.v &&
	one_line_exit2 "top" two.v
'

test_expect_success '--help prints usage, options and exit codes' '
	hwforge check --help >out &&
	grep -q "^usage: hwforge check" out &&
	grep -q -- "--ref FILE" out &&
	grep -q "130  interrupted" out
'

test_done
