# bug-jalr-no-fwd.S (HF_CPU_BUG_JALR_NO_FWD): JALR whose base register is
# written by the instruction just before (AUIPC+ADDI+JALR).
	auipc	x1, 0			# 0
	addi	x1, x1, 16		# 0x10
	jalr	x0, 0(x1)		# to 0x10 (stale base 0: back to 0, forever)
	addi	x31, x0, 1
	ebreak
# expect x1 00000010
# expect x31 00000000
# expect retired 4
# expect trap 00100073
