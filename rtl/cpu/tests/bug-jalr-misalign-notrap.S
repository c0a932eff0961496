# bug-jalr-misalign-notrap.S (HF_CPU_BUG_JALR_MISALIGN_NOTRAP): JALR to a
# target with bit 1 set (bit 0 is cleared, bit 1 is not).
	auipc	x1, 0
	jalr	x0, 7(x1)		# target 6: trap
	addi	x2, x0, 2
	ebreak
# expect x2 00000000
# expect retired 2
# expect trap 00708067
