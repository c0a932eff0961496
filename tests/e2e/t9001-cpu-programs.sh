#!/bin/sh
# Directed RV32I programs (rtl/cpu/tests/*.S) on rtl/cpu/hf_cpu.v under the
# trusted Icarus testbench rtl/cpu/tb/tb_cpu.v.  Each program is assembled
# here (riscv64-unknown-elf-as/ld/objcopy, a one-line od|awk converter to
# $readmemh words) and carries its expected results as comments:
#   # expect xN VALUE | mADDR VALUE | retired N | trap INSN
# checked against the testbench's final signature (registers rebuilt from
# the RVFI records, a memory window, the halting record).  Every program
# passes on the reference core; together they use every RV32I
# instruction; and for every HF_CPU_BUG_* define its own program
# (bug-<name>.S) gives a wrong result with the define and the right one
# without it.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have riscv64-unknown-elf-as riscv64-unknown-elf-ld \
	riscv64-unknown-elf-objcopy riscv64-unknown-elf-objdump iverilog vvp

CPU="$TOP_SRCDIR/rtl/cpu"
. "$TEST_SRCDIR/cpu/cpu-lib.sh"

# run DEFINE NAME: NAME-DEFINE.out
run() {
	vvp -n "tb-$1.vvp" +prog="$2.hex" >"$2-$1.out" 2>&1
}

ls "$CPU"/tests/*.S >progs
sed -n 's/^`ifdef \(HF_CPU_BUG_[A-Z0-9_]*\).*/\1/p' "$CPU/hf_cpu.v" | sort -u >bugs

test_expect_success 'every program assembles' '
	test "$(wc -l <progs)" -ge 20 &&
	for s in $(cat progs); do asm "$s" || exit 1; done
'

test_expect_success 'the testbench compiles with the reference core' '
	tb none
'

test_expect_success 'together the programs use every RV32I instruction' '
	for s in $(cat progs); do
		riscv64-unknown-elf-objdump -d -M no-aliases \
			"$(basename "$s" .S).elf"
	done | awk -F"\t" "NF >= 3 { split(\$3, w, \" \"); print w[1] }" |
		sort -u >used &&
	for i in lui auipc jal jalr beq bne blt bge bltu bgeu lb lh lw lbu \
		lhu sb sh sw addi slti sltiu xori ori andi slli srli srai add \
		sub sll slt sltu xor srl sra or and fence ecall ebreak; do
		grep -qx "$i" used || { echo "unused: $i"; exit 1; }
	done
'

for s in $(cat progs); do
	n=$(basename "$s" .S)
	test_expect_success "reference core: $n" "
		run none $n && check '$s' $n-none.out
	"
done

for b in $(cat bugs); do
	n=bug-$(echo "${b#HF_CPU_BUG_}" | tr A-Z_ a-z-)
	test_expect_success "$b: $n.S is wrong with it, right without" "
		test -f '$CPU/tests/$n.S' &&
		tb $b && run $b $n &&
		! check '$CPU/tests/$n.S' $n-$b.out &&
		run none $n && check '$CPU/tests/$n.S' $n-none.out
	"
done

test_done
