# rtl/cpu: hwforge's own RV32I core (rtl/cpu/README.md), the fuzzer's
# target, with its injectable bugs (rtl/cpu/BUGS.md), its Icarus testbench
# and the directed programs that t9001 assembles and runs.
HF_CPU_ASM = \
	rtl/cpu/tests/alu.S rtl/cpu/tests/mem.S rtl/cpu/tests/branch.S \
	rtl/cpu/tests/fwd.S rtl/cpu/tests/loaduse.S rtl/cpu/tests/fence.S \
	rtl/cpu/tests/trap-ecall.S rtl/cpu/tests/trap-csr.S \
	rtl/cpu/tests/trap-illegal.S rtl/cpu/tests/trap-zero.S \
	rtl/cpu/tests/trap-lw-mis.S rtl/cpu/tests/trap-sh-mis.S \
	rtl/cpu/tests/trap-jalr-mis.S rtl/cpu/tests/trap-br-mis.S \
	rtl/cpu/tests/trap-jal-mis.S \
	rtl/cpu/tests/bug-sra-as-srl.S rtl/cpu/tests/bug-sltu-signed.S \
	rtl/cpu/tests/bug-sll-shamt4.S rtl/cpu/tests/bug-addi-funct7-sub.S \
	rtl/cpu/tests/bug-fwd-rs2-same-rs1.S \
	rtl/cpu/tests/bug-loaduse-rs1-eq-rd.S \
	rtl/cpu/tests/bug-id-bypass-rs2.S rtl/cpu/tests/bug-loaduse-branch.S \
	rtl/cpu/tests/bug-store-no-wb-fwd.S rtl/cpu/tests/bug-jalr-no-fwd.S \
	rtl/cpu/tests/bug-lb-sign-off3.S rtl/cpu/tests/bug-lh-sign-off2.S \
	rtl/cpu/tests/bug-lh-misalign-off1.S \
	rtl/cpu/tests/bug-jalr-misalign-notrap.S \
	rtl/cpu/tests/bug-jal-no-flush.S rtl/cpu/tests/bug-ecall-shadow.S \
	rtl/cpu/tests/bug-fwd-priority-rs2.S rtl/cpu/tests/bug-sub-carry16.S \
	rtl/cpu/tests/bug-stall-stale-operand.S
EXTRA_DIST += rtl/cpu/hf_cpu.v rtl/cpu/tb/tb_cpu.v rtl/cpu/README.md \
	rtl/cpu/BUGS.md $(HF_CPU_ASM)

E2E_TESTS += tests/e2e/t9000-cpu-rtl.sh tests/e2e/t9001-cpu-programs.sh

# The reference model and shell helpers of the rtl/cpu tests.
EXTRA_DIST += tests/cpu/rv32i-ref.py tests/cpu/cpu-lib.sh
E2E_TESTS += tests/e2e/t9002-cpu-random.sh
