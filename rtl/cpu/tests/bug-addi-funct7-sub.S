# bug-addi-funct7-sub.S (HF_CPU_BUG_ADDI_FUNCT7_SUB): ADDI whose immediate
# has imm[11:5] == 0x20 (1024..1055); other immediates are fine.
	addi	x1, x0, 1
	addi	x2, x1, 1023		# 00000400 either way
	addi	x3, x1, 1024		# 00000401 (SUB: fffffc01)
	ebreak
# expect x2 00000400
# expect x3 00000401
# expect trap 00100073
