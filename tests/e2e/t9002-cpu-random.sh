#!/bin/sh
# rtl/cpu against a small reference model (tests/cpu/rv32i-ref.py, the
# ISA rules of rtl/cpu/README.md): the model meets the hand-written
# expectations of every directed program, and on seeded random
# hazard-rich programs (loads and stores, forward branches, JAL,
# AUIPC+JALR, a trapping last instruction) the core under the Icarus
# testbench ends in exactly the model's state: registers, memory window,
# number of retired instructions and the halting record.  A core with a
# bug define differs on some of them.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have riscv64-unknown-elf-as riscv64-unknown-elf-ld \
	riscv64-unknown-elf-objcopy iverilog vvp python3

CPU="$TOP_SRCDIR/rtl/cpu"
. "$TEST_SRCDIR/cpu/cpu-lib.sh"
REF="python3 $TEST_SRCDIR/cpu/rv32i-ref.py"
N=40

test_expect_success 'the model meets every directed program expectation' '
	for s in "$CPU"/tests/*.S; do
		n=$(basename "$s" .S)
		asm "$s" && $REF run $n.hex >$n.ref && check "$s" $n.ref ||
			exit 1
	done
'

test_expect_failure_code 'the model: bad usage exits 2' 2 '
	$REF 1 x 3 .
'

test_expect_success 'random programs: the core ends in the model state' '
	mkdir rnd && $REF 9002 $N 300 rnd && tb none &&
	test "$(grep -l "^trap .* 00100073" rnd/*.exp | wc -l)" -ge 10 &&
	test "$(grep -L "^trap .* 00100073" rnd/*.exp | wc -l)" -ge 3 &&
	i=0 && while test $i -lt $N; do
		vvp -n tb-none.vvp +prog=rnd/p$i.hex >rnd/p$i.out 2>&1 &&
		sig rnd/p$i.out >rnd/p$i.sig &&
		diff rnd/p$i.exp rnd/p$i.sig || { echo "p$i differs"; exit 1; }
		i=$((i + 1))
	done
'

test_expect_success 'random programs: an easy bug makes some differ' '
	tb HF_CPU_BUG_JAL_NO_FLUSH && bad=0 && i=0 &&
	while test $i -lt 10; do
		vvp -n tb-HF_CPU_BUG_JAL_NO_FLUSH.vvp +prog=rnd/p$i.hex \
			>rnd/b$i.out 2>&1 &&
		sig rnd/b$i.out >rnd/b$i.sig &&
		{ cmp -s rnd/p$i.exp rnd/b$i.sig || bad=$((bad + 1)); }
		i=$((i + 1))
	done && echo "$bad of 10 differ" && test $bad -ge 1
'

test_done
