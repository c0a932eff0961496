#include "config.h"

#include <stdarg.h>
#include <stdio.h>

#include "fuzz/rv-int.h"

/*
 * RV32I (and Zicsr, so findings read well) into text: x-register names,
 * ", " between operands, branch and jal targets as absolute addresses.
 */

__attribute__((format(printf, 3, 4))) static size_t out(char *buf, size_t size,
							const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (size)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)n;
}

static const char *const op_names[8] = { "add", "sll", "slt", "sltu",
					 "xor", "srl", "or",  "and" };
static const char *const opi_names[8] = { "addi", "slli", "slti", "sltiu",
					  "xori", "srli", "ori",  "andi" };
static const char *const ld_names[8] = { "lb",	"lh",  "lw", NULL,
					 "lbu", "lhu", NULL, NULL };
static const char *const st_names[8] = { "sb", "sh", "sw" };
static const char *const br_names[8] = { "beq", "bne", NULL,   NULL,
					 "blt", "bge", "bltu", "bgeu" };
static const char *const csr_names[8] = { NULL, "csrrw",  "csrrs",  "csrrc",
					  NULL, "csrrwi", "csrrsi", "csrrci" };

static const char *fence_set(uint32_t bits, char *b)
{
	char *p = b;

	if (bits & 8)
		*p++ = 'i';
	if (bits & 4)
		*p++ = 'o';
	if (bits & 2)
		*p++ = 'r';
	if (bits & 1)
		*p++ = 'w';
	if (p == b)
		*p++ = '0';
	*p = '\0';
	return b;
}

static size_t dis_op(char *buf, size_t size, uint32_t insn)
{
	uint32_t rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
	uint32_t rs1 = (insn >> 15) & 31, rs2 = (insn >> 20) & 31;
	uint32_t f7 = insn >> 25;
	const char *name = op_names[f3];

	if (f7 == 0x20 && f3 == 0)
		name = "sub";
	else if (f7 == 0x20 && f3 == 5)
		name = "sra";
	else if (f7 != 0)
		return out(buf, size, "unknown 0x%08x", insn);
	return out(buf, size, "%s x%u, x%u, x%u", name, rd, rs1, rs2);
}

static size_t dis_op_imm(char *buf, size_t size, uint32_t insn)
{
	uint32_t rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
	uint32_t rs1 = (insn >> 15) & 31, f7 = insn >> 25;
	uint32_t shamt = (insn >> 20) & 31;

	if (f3 == 1 || f3 == 5) {
		const char *name = opi_names[f3];

		if (f3 == 5 && f7 == 0x20)
			name = "srai";
		else if (f7 != 0)
			return out(buf, size, "unknown 0x%08x", insn);
		return out(buf, size, "%s x%u, x%u, %u", name, rd, rs1, shamt);
	}
	return out(buf, size, "%s x%u, x%u, %d", opi_names[f3], rd, rs1,
		   rv_imm_i(insn));
}

static size_t dis_system(char *buf, size_t size, uint32_t insn)
{
	uint32_t rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
	uint32_t rs1 = (insn >> 15) & 31, csr = insn >> 20;

	if (insn == RV_INSN_ECALL)
		return out(buf, size, "ecall");
	if (insn == RV_INSN_EBREAK)
		return out(buf, size, "ebreak");
	if (!csr_names[f3])
		return out(buf, size, "unknown 0x%08x", insn);
	if (f3 & 4)
		return out(buf, size, "%s x%u, 0x%03x, %u", csr_names[f3], rd,
			   csr, rs1);
	return out(buf, size, "%s x%u, 0x%03x, x%u", csr_names[f3], rd, csr,
		   rs1);
}

size_t rv_disasm(char *buf, size_t size, uint32_t insn, uint32_t pc)
{
	uint32_t rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
	uint32_t rs1 = (insn >> 15) & 31, rs2 = (insn >> 20) & 31;
	char a[5], b[5];

	switch (insn & 0x7f) {
	case 0x37:
		return out(buf, size, "lui x%u, 0x%05x", rd, insn >> 12);
	case 0x17:
		return out(buf, size, "auipc x%u, 0x%05x", rd, insn >> 12);
	case 0x6f:
		return out(buf, size, "jal x%u, 0x%08x", rd,
			   pc + (uint32_t)rv_imm_j(insn));
	case 0x67:
		if (f3)
			break;
		return out(buf, size, "jalr x%u, %d(x%u)", rd, rv_imm_i(insn),
			   rs1);
	case 0x63:
		if (!br_names[f3])
			break;
		return out(buf, size, "%s x%u, x%u, 0x%08x", br_names[f3], rs1,
			   rs2, pc + (uint32_t)rv_imm_b(insn));
	case 0x03:
		if (!ld_names[f3])
			break;
		return out(buf, size, "%s x%u, %d(x%u)", ld_names[f3], rd,
			   rv_imm_i(insn), rs1);
	case 0x23:
		if (f3 > 2)
			break;
		return out(buf, size, "%s x%u, %d(x%u)", st_names[f3], rs2,
			   rv_imm_s(insn), rs1);
	case 0x13:
		return dis_op_imm(buf, size, insn);
	case 0x33:
		return dis_op(buf, size, insn);
	case 0x0f:
		if (f3 == 1)
			return out(buf, size, "fence.i");
		if (f3)
			break;
		return out(buf, size, "fence %s, %s",
			   fence_set((insn >> 24) & 15, a),
			   fence_set((insn >> 20) & 15, b));
	case 0x73:
		return dis_system(buf, size, insn);
	}
	return out(buf, size, "unknown 0x%08x", insn);
}
