#include "config.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/rv-int.h"

/*
 * The RV32I golden model.  One rv_iss_step() fetches, decodes and retires
 * one instruction and describes it the way an RVFI port would: memory as
 * word-aligned bus accesses with byte-lane masks, registers read only
 * when the instruction reads them, a trap as one record without effects.
 */

void rv_isa_default(struct rv_isa *isa)
{
	memset(isa, 0, sizeof(*isa));
	isa->reset_pc = 0;
	isa->ram_base = 0;
	isa->ram_size = 64u << 10;
	isa->end_insn = RV_INSN_EBREAK;
	isa->ecall_traps = true;
	isa->ebreak_traps = true;
	isa->misaligned_traps = true;
	isa->fence_i_nop = true;
	isa->trap_halts = true;
}

int rv_iss_init(struct rv_iss *s, const struct rv_isa *isa)
{
	assert(isa->ram_size >= 4 && !(isa->ram_size & (isa->ram_size - 1)));
	memset(s, 0, sizeof(*s));
	s->isa = *isa;
	s->mem = calloc(1, isa->ram_size);
	if (!s->mem)
		return -1;
	s->pc = isa->reset_pc;
	return 0;
}

void rv_iss_release(struct rv_iss *s)
{
	free(s->mem);
	s->mem = NULL;
}

static inline uint32_t ram_off(const struct rv_iss *s, uint32_t addr)
{
	return (addr - s->isa.ram_base) & (s->isa.ram_size - 1);
}

/* The aligned word that holds addr (any alignment: low bits dropped). */
static inline uint32_t ram_word(const struct rv_iss *s, uint32_t addr)
{
	const uint8_t *p = s->mem + (ram_off(s, addr) & ~3u);

	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

uint32_t rv_iss_read_word(const struct rv_iss *s, uint32_t addr)
{
	return ram_word(s, addr);
}

void rv_iss_reset(struct rv_iss *s, const uint32_t *image, size_t nwords)
{
	memset(s->mem, 0, s->isa.ram_size);
	memset(s->x, 0, sizeof(s->x));
	for (size_t i = 0; i < nwords; i++) {
		uint8_t *p =
			s->mem +
			(ram_off(s, s->isa.reset_pc + (uint32_t)(4 * i)) & ~3u);
		uint32_t w = image[i];

		p[0] = (uint8_t)w;
		p[1] = (uint8_t)(w >> 8);
		p[2] = (uint8_t)(w >> 16);
		p[3] = (uint8_t)(w >> 24);
	}
	s->pc = s->isa.reset_pc;
	s->order = 0;
	s->halted = false;
	s->self_modified = false;
}

static inline void wr(struct rv_iss *s, struct rv_commit *c, uint32_t rd,
		      uint32_t v)
{
	if (!rd)
		return;
	s->x[rd] = v;
	c->rd_addr = (uint8_t)rd;
	c->rd_wdata = v;
}

static void use_rs1(struct rv_iss *s, struct rv_commit *c, uint32_t rs1)
{
	if (!rs1)
		return;
	c->rs1_addr = (uint8_t)rs1;
	c->rs1_rdata = s->x[rs1];
}

static void use_rs2(struct rv_iss *s, struct rv_commit *c, uint32_t rs2)
{
	if (!rs2)
		return;
	c->rs2_addr = (uint8_t)rs2;
	c->rs2_rdata = s->x[rs2];
}

/* Bytes an access of this load/store funct3 touches. */
static inline uint32_t access_size(uint32_t f3)
{
	return 1u << (f3 & 3);
}

/* 0 ok, 1 misaligned and trapping; else *addr rounded down. */
static int check_align(const struct rv_iss *s, uint32_t *addr, uint32_t size)
{
	if (!(*addr & (size - 1)))
		return 0;
	if (s->isa.misaligned_traps)
		return 1;
	*addr &= ~(size - 1);
	return 0;
}

/* 0 retired, 1 trap. */
static int do_load(struct rv_iss *s, struct rv_commit *c, uint32_t insn)
{
	uint32_t f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;
	uint32_t addr, size, sh, lanes, w, v;

	if (f3 == 3 || f3 > 5)
		return 1;
	addr = s->x[rs1] + (uint32_t)rv_imm_i(insn);
	size = access_size(f3);
	if (check_align(s, &addr, size))
		return 1;
	use_rs1(s, c, rs1);
	sh = (addr & 3) * 8;
	lanes = ((1u << size) - 1) << (addr & 3);
	w = ram_word(s, addr);
	c->mem_addr = addr & ~3u;
	c->mem_rmask = (uint8_t)lanes;
	c->mem_rdata = size == 4 ? w : w & (((1u << (8 * size)) - 1) << sh);
	v = w >> sh;
	switch (f3) {
	case 0:
		v = (uint32_t)(int32_t)(int8_t)v;
		break;
	case 1:
		v = (uint32_t)(int32_t)(int16_t)v;
		break;
	case 4:
		v &= 0xff;
		break;
	case 5:
		v &= 0xffff;
		break;
	}
	wr(s, c, (insn >> 7) & 31, v);
	return 0;
}

static int do_store(struct rv_iss *s, struct rv_commit *c, uint32_t insn)
{
	uint32_t f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;
	uint32_t rs2 = (insn >> 20) & 31;
	uint32_t addr, size, lanes, data, off, d;
	uint8_t *p;

	if (f3 > 2)
		return 1;
	addr = s->x[rs1] + (uint32_t)rv_imm_s(insn);
	size = access_size(f3);
	if (check_align(s, &addr, size))
		return 1;
	use_rs1(s, c, rs1);
	use_rs2(s, c, rs2);
	lanes = ((1u << size) - 1) << (addr & 3);
	data = s->x[rs2] << ((addr & 3) * 8);
	if (size < 4)
		data &= ((1u << (8 * size)) - 1) << ((addr & 3) * 8);
	c->mem_addr = addr & ~3u;
	c->mem_wmask = (uint8_t)lanes;
	c->mem_wdata = data;
	off = ram_off(s, addr) & ~3u;
	p = s->mem + off;
	for (int i = 0; i < 4; i++)
		if (lanes & (1u << i))
			p[i] = (uint8_t)(data >> (8 * i));
	/* A store into the next few instruction words: a pipelined core
	 * may have fetched the old ones already (no fence.i in between). */
	d = (off - (ram_off(s, s->pc) & ~3u)) & (s->isa.ram_size - 1);
	if (d >= 4 && d <= 4 * RV_SMC_WINDOW)
		s->self_modified = true;
	return 0;
}

static uint32_t alu(uint32_t f3, bool alt, uint32_t a, uint32_t b)
{
	switch (f3) {
	case 0:
		return alt ? a - b : a + b;
	case 1:
		return a << (b & 31);
	case 2:
		return (int32_t)a < (int32_t)b;
	case 3:
		return a < b;
	case 4:
		return a ^ b;
	case 5:
		if (alt)
			return (uint32_t)((int32_t)a >> (b & 31));
		return a >> (b & 31);
	case 6:
		return a | b;
	default:
		return a & b;
	}
}

static int do_op_imm(struct rv_iss *s, struct rv_commit *c, uint32_t insn)
{
	uint32_t f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;
	uint32_t f7 = insn >> 25;
	bool alt = false;

	if (f3 == 1 && f7 != 0)
		return 1;
	if (f3 == 5) {
		if (f7 != 0 && f7 != 0x20)
			return 1;
		alt = f7 == 0x20;
	}
	use_rs1(s, c, rs1);
	wr(s, c, (insn >> 7) & 31,
	   alu(f3, alt, s->x[rs1], (uint32_t)rv_imm_i(insn)));
	return 0;
}

static int do_op(struct rv_iss *s, struct rv_commit *c, uint32_t insn)
{
	uint32_t f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;
	uint32_t rs2 = (insn >> 20) & 31, f7 = insn >> 25;

	if (f7 != 0 && !(f7 == 0x20 && (f3 == 0 || f3 == 5)))
		return 1;
	use_rs1(s, c, rs1);
	use_rs2(s, c, rs2);
	wr(s, c, (insn >> 7) & 31, alu(f3, f7 == 0x20, s->x[rs1], s->x[rs2]));
	return 0;
}

static bool taken(uint32_t f3, uint32_t a, uint32_t b)
{
	switch (f3) {
	case 0:
		return a == b;
	case 1:
		return a != b;
	case 4:
		return (int32_t)a < (int32_t)b;
	case 5:
		return (int32_t)a >= (int32_t)b;
	case 6:
		return a < b;
	default:
		return a >= b;
	}
}

/* A control transfer to t: 1 when it traps (misaligned target). */
static int jump_to(const struct rv_iss *s, uint32_t t, uint32_t *npc)
{
	if ((t & 3) && s->isa.misaligned_traps)
		return 1;
	*npc = t;
	return 0;
}

static int do_branch(struct rv_iss *s, struct rv_commit *c, uint32_t insn,
		     uint32_t *npc)
{
	uint32_t f3 = (insn >> 12) & 7, rs1 = (insn >> 15) & 31;
	uint32_t rs2 = (insn >> 20) & 31;

	if (f3 == 2 || f3 == 3)
		return 1;
	if (taken(f3, s->x[rs1], s->x[rs2]) &&
	    jump_to(s, s->pc + (uint32_t)rv_imm_b(insn), npc))
		return 1;
	use_rs1(s, c, rs1);
	use_rs2(s, c, rs2);
	return 0;
}

/* Execute insn at s->pc; 0 retired (effects in *c, next pc in *npc). */
static int execute(struct rv_iss *s, struct rv_commit *c, uint32_t insn,
		   uint32_t *npc)
{
	uint32_t rd = (insn >> 7) & 31, f3 = (insn >> 12) & 7;
	uint32_t rs1 = (insn >> 15) & 31, t;

	switch (insn & 0x7f) {
	case 0x37:
		wr(s, c, rd, insn & 0xfffff000u);
		return 0;
	case 0x17:
		wr(s, c, rd, s->pc + (insn & 0xfffff000u));
		return 0;
	case 0x6f:
		if (jump_to(s, s->pc + (uint32_t)rv_imm_j(insn), npc))
			return 1;
		wr(s, c, rd, s->pc + 4);
		return 0;
	case 0x67:
		if (f3 != 0)
			return 1;
		t = (s->x[rs1] + (uint32_t)rv_imm_i(insn)) & ~1u;
		if (jump_to(s, t, npc))
			return 1;
		use_rs1(s, c, rs1);
		wr(s, c, rd, s->pc + 4);
		return 0;
	case 0x63:
		return do_branch(s, c, insn, npc);
	case 0x03:
		return do_load(s, c, insn);
	case 0x23:
		return do_store(s, c, insn);
	case 0x13:
		return do_op_imm(s, c, insn);
	case 0x33:
		return do_op(s, c, insn);
	case 0x0f:
		if (f3 == 0)
			return 0;
		return !(f3 == 1 && s->isa.fence_i_nop);
	case 0x73:
		if (insn == RV_INSN_ECALL)
			return s->isa.ecall_traps;
		if (insn == RV_INSN_EBREAK)
			return s->isa.ebreak_traps;
		return 1;
	default:
		return 1;
	}
}

void rv_iss_step(struct rv_iss *s, struct rv_commit *c)
{
	uint32_t pc = s->pc, npc = pc + 4, insn;

	memset(c, 0, sizeof(*c));
	c->order = s->order;
	if (s->halted) {
		c->halt = true;
		return;
	}
	s->order++;
	insn = ram_word(s, pc);
	c->insn = insn;
	c->pc_rdata = pc;
	if (execute(s, c, insn, &npc)) {
		/* One record, no effects: drop what execute() filled in. */
		memset(c, 0, sizeof(*c));
		c->order = s->order - 1;
		c->insn = insn;
		c->pc_rdata = pc;
		c->trap = true;
		npc = pc + 4;
		if (s->isa.trap_halts)
			s->halted = true;
	}
	c->pc_wdata = npc;
	s->pc = npc;
	if (insn == s->isa.end_insn)
		s->halted = true;
	c->halt = s->halted;
}

static int cmp_fail(const char **field, const char *name)
{
	if (field)
		*field = name;
	return 1;
}

int rv_commit_cmp(const struct rv_commit *g, const struct rv_commit *d,
		  const char **field)
{
	uint32_t rm = 0, wm = 0;

	if (g->pc_rdata != d->pc_rdata)
		return cmp_fail(field, "pc_rdata");
	if (g->insn != d->insn)
		return cmp_fail(field, "insn");
	if (g->trap != d->trap)
		return cmp_fail(field, "trap");
	if (g->trap)
		return 0;
	if (g->pc_wdata != d->pc_wdata)
		return cmp_fail(field, "pc_wdata");
	if (g->rs1_addr && g->rs1_addr != d->rs1_addr)
		return cmp_fail(field, "rs1_addr");
	if (g->rs1_addr && g->rs1_rdata != d->rs1_rdata)
		return cmp_fail(field, "rs1_rdata");
	if (g->rs2_addr && g->rs2_addr != d->rs2_addr)
		return cmp_fail(field, "rs2_addr");
	if (g->rs2_addr && g->rs2_rdata != d->rs2_rdata)
		return cmp_fail(field, "rs2_rdata");
	if (g->rd_addr != d->rd_addr)
		return cmp_fail(field, "rd_addr");
	if (g->rd_addr && g->rd_wdata != d->rd_wdata)
		return cmp_fail(field, "rd_wdata");
	if (g->mem_rmask != d->mem_rmask)
		return cmp_fail(field, "mem_rmask");
	if (g->mem_wmask != d->mem_wmask)
		return cmp_fail(field, "mem_wmask");
	if ((g->mem_rmask || g->mem_wmask) && g->mem_addr != d->mem_addr)
		return cmp_fail(field, "mem_addr");
	for (int i = 0; i < 4; i++) {
		if (g->mem_rmask & (1u << i))
			rm |= 0xffu << (8 * i);
		if (g->mem_wmask & (1u << i))
			wm |= 0xffu << (8 * i);
	}
	if ((g->mem_rdata & rm) != (d->mem_rdata & rm))
		return cmp_fail(field, "mem_rdata");
	if ((g->mem_wdata & wm) != (d->mem_wdata & wm))
		return cmp_fail(field, "mem_wdata");
	return 0;
}
