# bug-lh-misalign-off1.S (HF_CPU_BUG_LH_MISALIGN_OFF1): LH at byte offset 1
# must trap (only offset 3 does with the bug).
	lui	x1, 2
	lh	x3, 1(x1)		# trap
	addi	x4, x0, 4
	ebreak
# expect x3 00000000
# expect x4 00000000
# expect retired 2
# expect trap 00109183
