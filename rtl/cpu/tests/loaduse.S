# loaduse.S: a load followed at once by a use of its result as ALU rs1 and
# rs2, store data, a load base, a branch operand, a JALR base, with
# rs1 == rd; and a use two behind a load.
	lui	x1, 2
	addi	x2, x0, 0x123
	sw	x2, 0(x1)		# m2000 123
	addi	x3, x1, 0x40
	sw	x3, 4(x1)		# m2004 2040
	sw	x2, 0x40(x1)		# m2040 123
	lw	x4, 0(x1)
	addi	x5, x4, 1		# 124
	lw	x6, 0(x1)
	add	x7, x0, x6		# 123
	lw	x8, 0(x1)
	sw	x8, 8(x1)		# m2008 123
	lw	x9, 4(x1)
	lw	x10, 0(x9)		# m2040: 123
	lw	x11, 0(x1)
	beq	x11, x2, 1f		# taken
	addi	x31, x0, 1
1:	lw	x12, 0(x1)
	addi	x12, x12, 1		# 124
	auipc	x13, 0			# 0x4c
	addi	x13, x13, 24		# 0x64
	sw	x13, 12(x1)		# m200c 64
	lw	x14, 12(x1)
	jalr	x0, 0(x14)		# to 0x64
	addi	x31, x0, 2
	lw	x15, 0(x1)		# 0x64
	nop
	add	x16, x15, x15		# 246
	lw	x17, 0(x1)
	bne	x17, x2, bad		# not taken
	lw	x18, 0(x1)
	slt	x19, x0, x18		# rs2 after a load: 1
	jal	x0, 2f
bad:	addi	x31, x0, 3
2:	ebreak
# expect x5 00000124
# expect x7 00000123
# expect x10 00000123
# expect x12 00000124
# expect x13 00000064
# expect x14 00000064
# expect x16 00000246
# expect x19 00000001
# expect x31 00000000
# expect m2008 00000123
# expect m200c 00000064
# expect trap 00100073
