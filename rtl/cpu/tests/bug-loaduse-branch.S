# bug-loaduse-branch.S (HF_CPU_BUG_LOADUSE_BRANCH): a branch on a register
# loaded by the instruction just before.
	lui	x1, 2
	addi	x2, x0, 7
	sw	x2, 0(x1)
	lw	x3, 0(x1)
	beq	x3, x2, 1f		# taken (no stall: compares 0x2000)
	addi	x31, x0, 1
1:	ebreak
# expect x31 00000000
# expect trap 00100073
