# bug-store-no-wb-fwd.S (HF_CPU_BUG_STORE_NO_WB_FWD): store data produced
# two instructions before the store (MEM/WB forwarding).
	lui	x1, 2
	addi	x2, x0, 0x5a
	nop
	sw	x2, 0(x1)		# m2000 5a (stale: 0)
	ebreak
# expect m2000 0000005a
# expect trap 00100073
