# bug-ecall-shadow.S (HF_CPU_BUG_ECALL_SHADOW): an ECALL right behind a
# taken branch is on the wrong path and must be flushed.
	beq	x0, x0, 1f
	ecall
1:	addi	x1, x0, 1
	ebreak
# expect x1 00000001
# expect retired 3
# expect trap 00100073
