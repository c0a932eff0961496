# trap-sh-mis.S: a misaligned SH traps and writes no memory; an aligned SH
# at offset 2 before it works.
	lui	x1, 2
	lui	x2, 0x11111
	addi	x2, x2, 0x111
	sw	x2, 0(x1)
	sh	x0, 2(x1)		# m2000 00001111
	sh	x0, 1(x1)		# trap
	sw	x0, 0(x1)
	ebreak
# expect m2000 00001111
# expect retired 6
# expect trap 000090a3
