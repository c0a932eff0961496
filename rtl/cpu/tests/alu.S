# alu.S: every ALU-immediate and ALU-register instruction, LUI and AUIPC.
	lui	x1, 0x80000		# 80000000
	addi	x2, x0, -7		# fffffff9
	addi	x3, x0, 5
	add	x4, x2, x3		# fffffffe
	sub	x5, x3, x2		# 5 - (-7) = 12
	sll	x6, x3, x3		# 5 << 5 = 0xa0
	slt	x7, x2, x3		# -7 < 5
	sltu	x8, x2, x3		# 0xfffffff9 < 5: no
	xor	x9, x2, x3		# fffffffc
	srl	x10, x2, x3		# 07ffffff
	sra	x11, x2, x3		# ffffffff
	or	x12, x1, x3		# 80000005
	and	x13, x2, x3		# 00000001
	addi	x14, x2, 1024		# 000003f9
	slti	x15, x2, -8		# -7 < -8: no
	sltiu	x16, x3, -1		# 5 < 0xffffffff
	xori	x17, x2, -1		# 00000006
	ori	x18, x3, 0x700		# 00000705
	andi	x19, x2, 0x0f0		# 000000f0
	slli	x20, x3, 20		# 00500000
	srli	x21, x1, 31		# 00000001
	srai	x22, x1, 4		# f8000000
	auipc	x23, 1			# at 0x58: 00001058
	slli	x24, x3, 28		# 50000000
	addi	x26, x0, 17
	sll	x25, x3, x26		# 000a0000
	lui	x27, 0xfffff		# fffff000
	sltiu	x28, x2, 5		# 0
	slti	x29, x2, 5		# 1
	srai	x30, x2, 0		# fffffff9
	sra	x31, x1, x26		# 80000000 >> 17 arith: ffffc000
	ebreak
# expect x1 80000000
# expect x2 fffffff9
# expect x3 00000005
# expect x4 fffffffe
# expect x5 0000000c
# expect x6 000000a0
# expect x7 00000001
# expect x8 00000000
# expect x9 fffffffc
# expect x10 07ffffff
# expect x11 ffffffff
# expect x12 80000005
# expect x13 00000001
# expect x14 000003f9
# expect x15 00000000
# expect x16 00000001
# expect x17 00000006
# expect x18 00000705
# expect x19 000000f0
# expect x20 00500000
# expect x21 00000001
# expect x22 f8000000
# expect x23 00001058
# expect x24 50000000
# expect x25 000a0000
# expect x26 00000011
# expect x27 fffff000
# expect x28 00000000
# expect x29 00000001
# expect x30 fffffff9
# expect x31 ffffc000
# expect retired 32
# expect trap 00100073
