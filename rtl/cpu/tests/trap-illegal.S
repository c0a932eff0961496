# trap-illegal.S: MUL (not RV32I) traps with rd not written.
	addi	x1, x0, 6
	addi	x2, x0, 7
	.word	0x022081b3		# mul x3, x1, x2
	addi	x4, x0, 4
	ebreak
# expect x3 00000000
# expect x4 00000000
# expect retired 3
# expect trap 022081b3
