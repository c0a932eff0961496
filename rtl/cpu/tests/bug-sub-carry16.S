# bug-sub-carry16.S (HF_CPU_BUG_SUB_CARRY16): SUB of operands with equal
# low halves (here the same register); other operands are fine.
	lui	x1, 0x12345
	addi	x1, x1, 0x678		# 12345678
	addi	x3, x0, 0x678
	sub	x4, x1, x3		# low halves differ: 12345000
	sub	x2, x1, x1		# 00000000 (carry lost: ffff0000)
	addi	x5, x0, 0x123
	sub	x6, x1, x5		# 12345555
	ebreak
# expect x2 00000000
# expect x4 12345000
# expect x6 12345555
# expect trap 00100073
