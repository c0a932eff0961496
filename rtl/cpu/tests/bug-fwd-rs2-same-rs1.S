# bug-fwd-rs2-same-rs1.S (HF_CPU_BUG_FWD_RS2_SAME_RS1): rs1 == rs2, both
# produced by the instruction just before.
	addi	x1, x0, 5
	add	x2, x1, x1		# 0000000a (rs2 not forwarded: 5)
	ebreak
# expect x2 0000000a
# expect trap 00100073
