# trap-ecall.S: ECALL retires as one trap record and halts the core; the
# instructions behind it never retire.
	addi	x1, x0, 1
	ecall
	addi	x2, x0, 2
	addi	x3, x0, 3
	ebreak
# expect x1 00000001
# expect x2 00000000
# expect x3 00000000
# expect retired 2
# expect trap 00000073
