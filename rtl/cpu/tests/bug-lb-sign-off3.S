# bug-lb-sign-off3.S (HF_CPU_BUG_LB_SIGN_OFF3): LB at byte offset 3 of a
# word whose bits 31 and 23 differ.
	lui	x1, 2
	lui	x2, 0x807f0		# 807f0000
	sw	x2, 0(x1)
	lb	x3, 3(x1)		# ffffff80 (sign from bit 23: 00000080)
	lb	x4, 2(x1)		# 0000007f
	ebreak
# expect x3 ffffff80
# expect x4 0000007f
# expect trap 00100073
