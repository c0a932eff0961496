# branch.S: every branch taken and not taken, JAL, JALR (bit 0 of the
# target cleared), a backward loop; the two instructions behind every
# taken branch or jump would add 100 to x10 if they were not flushed.
	addi	x1, x0, 1
	addi	x2, x0, -1
	addi	x10, x0, 0
	beq	x1, x1, 1f
	addi	x10, x10, 100
	addi	x10, x10, 100
1:	addi	x10, x10, 1
	beq	x1, x2, bad
	bne	x1, x2, 2f
	addi	x10, x10, 100
	addi	x10, x10, 100
2:	addi	x10, x10, 1
	bne	x1, x1, bad
	blt	x2, x1, 3f
	addi	x10, x10, 100
	addi	x10, x10, 100
3:	addi	x10, x10, 1
	blt	x1, x2, bad
	blt	x1, x1, bad
	bge	x1, x2, 4f
	addi	x10, x10, 100
	addi	x10, x10, 100
4:	addi	x10, x10, 1
	bge	x2, x1, bad
	bge	x1, x1, 5f
	addi	x10, x10, 100
5:	addi	x10, x10, 1
	bltu	x1, x2, 6f
	addi	x10, x10, 100
6:	addi	x10, x10, 1
	bltu	x2, x1, bad
	bltu	x1, x1, bad
	bgeu	x2, x1, 7f
	addi	x10, x10, 100
7:	addi	x10, x10, 1
	bgeu	x1, x2, bad
	bgeu	x2, x2, 8f
	addi	x10, x10, 100
8:	jal	x11, 9f			# at 0x98: x11 = 0x9c
	addi	x10, x10, 100
	addi	x10, x10, 100
9:	addi	x10, x10, 1		# 8
	auipc	x12, 0			# 0xa8
	jalr	x13, 16(x12)		# at 0xac: x13 = 0xb0, to 0xb8
	addi	x10, x10, 100
	addi	x10, x10, 100
	addi	x10, x10, 1		# 9
	addi	x14, x0, 3
	addi	x15, x0, 0
10:	addi	x15, x15, 2
	addi	x14, x14, -1
	bne	x14, x0, 10b		# three times round: x15 = 6
	auipc	x16, 0			# 0xd0
	jalr	x0, 13(x16)		# to (0xd0 + 13) & ~1 = 0xdc
	addi	x10, x10, 100
	addi	x10, x10, 1		# 10
	jal	x0, 11f
bad:	addi	x31, x0, 1
11:	ebreak
# expect x10 0000000a
# expect x11 0000009c
# expect x12 000000a8
# expect x13 000000b0
# expect x14 00000000
# expect x15 00000006
# expect x16 000000d0
# expect x31 00000000
# expect trap 00100073
