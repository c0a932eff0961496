# bug-lh-sign-off2.S (HF_CPU_BUG_LH_SIGN_OFF2): LH at offset 2 of a word
# whose bits 31 and 15 differ.
	lui	x1, 2
	lui	x2, 0x80000		# 80000000
	sw	x2, 0(x1)
	lh	x3, 2(x1)		# ffff8000 (sign from bit 15: 00008000)
	ebreak
# expect x3 ffff8000
# expect trap 00100073
