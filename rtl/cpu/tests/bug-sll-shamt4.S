# bug-sll-shamt4.S (HF_CPU_BUG_SLL_SHAMT4): a left shift by 16 or more.
	addi	x1, x0, 1
	slli	x2, x1, 16		# 00010000 (shamt[4] lost: 00000001)
	ebreak
# expect x2 00010000
# expect trap 00100073
