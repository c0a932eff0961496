# trap-br-mis.S: a not-taken branch to a misaligned target is fine; a
# taken one traps.
	addi	x1, x0, 1
	.word	0x00001163		# bne x0, x0, .+2 (not taken)
	addi	x2, x0, 2
	.word	0x00000163		# beq x0, x0, .+2 (taken: trap)
	addi	x3, x0, 3
	ebreak
# expect x2 00000002
# expect x3 00000000
# expect retired 4
# expect trap 00000163
