# trap-jalr-mis.S: a JALR whose target has bit 1 set traps; rd unwritten.
	addi	x1, x0, 0x22
	jalr	x5, 0(x1)
	addi	x6, x0, 6
	ebreak
# expect x5 00000000
# expect x6 00000000
# expect retired 2
# expect trap 000082e7
