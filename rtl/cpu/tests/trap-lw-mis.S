# trap-lw-mis.S: a misaligned LW traps; it neither reads nor writes rd.
	lui	x1, 2
	lw	x3, 2(x1)
	addi	x4, x0, 4
	ebreak
# expect x3 00000000
# expect x4 00000000
# expect retired 2
# expect trap 0020a183
