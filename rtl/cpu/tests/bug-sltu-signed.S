# bug-sltu-signed.S (HF_CPU_BUG_SLTU_SIGNED): 1 <u 0xffffffff.
	addi	x1, x0, -1
	addi	x2, x0, 1
	sltu	x3, x2, x1		# 1 (signed: 0)
	ebreak
# expect x3 00000001
# expect trap 00100073
