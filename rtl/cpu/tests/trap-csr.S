# trap-csr.S: a CSR instruction is illegal here: trap, rd not written.
	addi	x1, x0, 1
	.word	0x340091f3		# csrrw x3, mscratch, x1
	addi	x2, x0, 2
	ebreak
# expect x1 00000001
# expect x2 00000000
# expect x3 00000000
# expect retired 2
# expect trap 340091f3
