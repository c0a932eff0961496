# bug-sra-as-srl.S (HF_CPU_BUG_SRA_AS_SRL): SRAI of a negative value.
	addi	x1, x0, -16
	srai	x2, x1, 2		# fffffffc (SRL: 3ffffffc)
	ebreak
# expect x2 fffffffc
# expect trap 00100073
