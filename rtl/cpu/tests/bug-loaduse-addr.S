# bug-loaduse-addr.S (HF_CPU_BUG_LOADUSE_ADDR): a load whose base register
# is loaded by the instruction just before (pointer chasing).
	lui	x1, 2
	addi	x2, x1, 0x40
	sw	x2, 0(x1)		# m2000 = 0x2040
	addi	x3, x0, 0x99
	sw	x3, 0x40(x1)		# m2040 = 0x99
	lw	x4, 0(x1)		# x4 = 0x2040
	lw	x5, 0(x4)		# 0x99 (base not stalled: the address 0x2000, 0x2040)
	lw	x6, 0(x1)
	sw	x3, 4(x6)		# a store base: m2044 = 0x99
	ebreak
# expect x5 00000099
# expect m2044 00000099
# expect trap 00100073
