# bug-fwd-priority-rs2.S (HF_CPU_BUG_FWD_PRIORITY_RS2): the two
# instructions before a reader of rs2 both write that register; the newer
# value must win.
	addi	x5, x0, 1
	addi	x5, x0, 2
	add	x6, x0, x5		# 2 (older wins: 1)
	add	x7, x5, x0		# rs1 is right either way: 2
	ebreak
# expect x6 00000002
# expect x7 00000002
# expect trap 00100073
