# mem.S: every load and store at every legal offset, negative offsets.
	lui	x1, 2			# base 0x2000
	lui	x2, 0x89abd
	addi	x2, x2, -0x211		# 89abcdef
	sw	x2, 0(x1)
	lb	x3, 0(x1)		# ffffffef
	lb	x4, 1(x1)		# ffffffcd
	lb	x5, 2(x1)		# ffffffab
	lb	x6, 3(x1)		# ffffff89
	lbu	x7, 3(x1)		# 00000089
	lbu	x8, 1(x1)		# 000000cd
	lh	x9, 0(x1)		# ffffcdef
	lh	x10, 2(x1)		# ffff89ab
	lhu	x11, 2(x1)		# 000089ab
	lhu	x12, 0(x1)		# 0000cdef
	lw	x13, 0(x1)		# 89abcdef
	addi	x14, x0, 0x7f
	sb	x14, 4(x1)		# m2004 0000007f
	sb	x2, 5(x1)		# 0000ef7f
	sb	x14, 6(x1)		# 007fef7f
	sb	x2, 7(x1)		# ef7fef7f
	sh	x2, 8(x1)		# m2008 0000cdef
	sh	x14, 10(x1)		# 007fcdef
	sw	x0, 12(x1)
	lw	x15, 4(x1)		# ef7fef7f
	lw	x16, 8(x1)		# 007fcdef
	lh	x17, 10(x1)		# 0000007f
	lb	x18, 7(x1)		# ffffffef
	lb	x19, 6(x1)		# 0000007f
	sw	x2, -4(x1)
	lw	x20, -4(x1)		# 89abcdef
	addi	x21, x1, 0x10		# 00002010
	sw	x2, 0(x21)		# m2010 89abcdef
	lh	x22, 2(x21)		# ffff89ab
	lbu	x23, 0(x21)		# 000000ef
	lhu	x24, -2(x21)		# m200c upper half: 0
	ebreak
# expect x3 ffffffef
# expect x4 ffffffcd
# expect x5 ffffffab
# expect x6 ffffff89
# expect x7 00000089
# expect x8 000000cd
# expect x9 ffffcdef
# expect x10 ffff89ab
# expect x11 000089ab
# expect x12 0000cdef
# expect x13 89abcdef
# expect x15 ef7fef7f
# expect x16 007fcdef
# expect x17 0000007f
# expect x18 ffffffef
# expect x19 0000007f
# expect x20 89abcdef
# expect x21 00002010
# expect x22 ffff89ab
# expect x23 000000ef
# expect x24 00000000
# expect m2000 89abcdef
# expect m2004 ef7fef7f
# expect m2008 007fcdef
# expect m200c 00000000
# expect m2010 89abcdef
# expect retired 36
# expect trap 00100073
