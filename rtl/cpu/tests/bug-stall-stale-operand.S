# bug-stall-stale-operand.S (HF_CPU_BUG_STALL_STALE_OPERAND): a load-use
# stall whose consumer's other operand is written by the instruction just
# before the load (it reaches the register file during the stall).
	lui	x1, 2
	addi	x2, x0, 7
	sw	x2, 0(x1)
	addi	x6, x0, 5
	lw	x5, 0(x1)
	add	x7, x5, x6		# 7 + 5 = 0xc (stale x6: 7)
	ebreak
# expect x7 0000000c
# expect trap 00100073
