# trap-zero.S: the all-zero word is illegal.
	addi	x1, x0, 1
	.word	0
	addi	x2, x0, 2
# expect x1 00000001
# expect x2 00000000
# expect retired 2
# expect trap 00000000
