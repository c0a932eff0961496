# fence.S: FENCE (any fields) and FENCE.I retire as nops.
	addi	x1, x0, 1
	fence
	fence	rw, rw
	.word	0x0000100f		# fence.i
	.word	0x8330000f		# fence.tso
	addi	x2, x1, 1
	ebreak
# expect x1 00000001
# expect x2 00000002
# expect retired 7
# expect trap 00100073
