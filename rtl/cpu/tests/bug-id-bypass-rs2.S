# bug-id-bypass-rs2.S (HF_CPU_BUG_ID_BYPASS_RS2): rs2 produced three
# instructions earlier (the register read is bypassed from WB).
	addi	x1, x0, 3
	nop
	nop
	add	x2, x0, x1		# 00000003 (stale: 0)
	ebreak
# expect x2 00000003
# expect trap 00100073
