# fwd.S: forwarding EX/MEM -> EX and MEM/WB -> EX on rs1 and rs2, the WB
# bypass of the register read, store data, branch operands, a JALR base
# and its link register, rs1 == rs2, rs1 == rd chains.
	addi	x1, x0, 3
	addi	x2, x1, 4		# rs1 from EX/MEM: 7
	add	x3, x1, x2		# rs1 MEM/WB, rs2 EX/MEM: 10
	add	x4, x3, x3		# both from EX/MEM: 20
	sub	x5, x4, x1		# 17
	addi	x6, x0, 9
	nop
	nop
	add	x7, x6, x6		# WB bypass: 18
	addi	x8, x0, 5
	nop
	add	x9, x0, x8		# rs2 from MEM/WB: 5
	addi	x8, x8, 1		# 6
	addi	x8, x8, 1		# 7
	addi	x8, x8, 1		# 8
	lui	x20, 2
	addi	x21, x0, 0x55
	sw	x21, 0(x20)		# data from EX/MEM, base from MEM/WB
	addi	x22, x0, 0x66
	nop
	sw	x22, 4(x20)		# data from MEM/WB
	addi	x23, x0, 0x77
	nop
	nop
	sw	x23, 8(x20)		# data through the WB bypass
	addi	x24, x0, 1
	beq	x24, x0, bad		# rs1 from EX/MEM, not taken
	addi	x25, x0, 2
	bne	x25, x24, 1f		# rs1 EX/MEM, rs2 MEM/WB, taken
	addi	x31, x0, 1
1:	auipc	x26, 0			# 0x78
	addi	x26, x26, 16		# 0x88
	jalr	x27, 0(x26)		# base from EX/MEM; at 0x80: x27 = 0x84
	addi	x31, x0, 2
	addi	x28, x27, 0		# the link, through the WB bypass
	addi	x29, x0, 21
	add	x30, x29, x29		# rs1 == rs2 from EX/MEM: 42
	addi	x19, x0, 0x10
	sw	x19, 12(x20)		# m200c 10
	lw	x18, 12(x20)
	sw	x18, 16(x20)		# load then store of it: m2010 10
	jal	x0, 2f
bad:	addi	x31, x0, 3
2:	ebreak
# expect x2 00000007
# expect x3 0000000a
# expect x4 00000014
# expect x5 00000011
# expect x7 00000012
# expect x8 00000008
# expect x9 00000005
# expect x26 00000088
# expect x27 00000084
# expect x28 00000084
# expect x30 0000002a
# expect x31 00000000
# expect m2000 00000055
# expect m2004 00000066
# expect m2008 00000077
# expect m200c 00000010
# expect m2010 00000010
# expect trap 00100073
