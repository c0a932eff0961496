# trap-jal-mis.S: JAL to a target with bit 1 set traps; the link is not
# written.
	addi	x2, x0, 2
	.word	0x002000ef		# jal x1, .+2
	addi	x3, x0, 3
	ebreak
# expect x1 00000000
# expect x3 00000000
# expect retired 2
# expect trap 002000ef
