# bug-jal-no-flush.S (HF_CPU_BUG_JAL_NO_FLUSH): the instruction right behind
# a taken JAL must not retire.
	addi	x1, x0, 0
	jal	x0, 1f
	addi	x1, x1, 1
	addi	x1, x1, 2
1:	ebreak
# expect x1 00000000
# expect retired 3
# expect trap 00100073
