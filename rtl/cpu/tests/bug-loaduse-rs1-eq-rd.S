# bug-loaduse-rs1-eq-rd.S (HF_CPU_BUG_LOADUSE_RS1_EQ_RD): a load followed
# at once by an instruction whose rs1 and rd are the loaded register.
	lui	x1, 2
	addi	x2, x0, 7
	sw	x2, 0(x1)
	lw	x3, 0(x1)
	addi	x4, x3, 1		# different rd: stalls either way: 8
	lw	x3, 0(x1)
	addi	x3, x3, 1		# 8 (no stall: the address 0x2000 + 1)
	ebreak
# expect x3 00000008
# expect x4 00000008
# expect trap 00100073
