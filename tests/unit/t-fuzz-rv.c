#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/rv-int.h"
#include "tap.h"

/*
 * The instruction-level half of the fuzzer: the random source, the ISS
 * instruction by instruction against hand-computed results, the
 * disassembler against riscv64-unknown-elf-objdump's output, and the
 * invariants of generated and mutated programs over many seeds.
 */

static struct rv_iss iss;

static void iss_setup(const struct rv_isa *isa)
{
	static const uint32_t none[1];

	rv_iss_release(&iss);
	if (rv_iss_init(&iss, isa)) {
		printf("Bail out! no memory\n");
		exit(1);
	}
	rv_iss_reset(&iss, none, 0);
}

static void iss_default(void)
{
	struct rv_isa isa;

	rv_isa_default(&isa);
	iss_setup(&isa);
}

static void poke(uint32_t addr, uint32_t w)
{
	uint8_t *p =
		iss.mem + ((addr - iss.isa.ram_base) & (iss.isa.ram_size - 1));

	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(w >> (8 * i));
}

/* Place insn at pc, set two registers, retire it. */
static struct rv_commit run1(uint32_t pc, uint32_t insn, uint32_t r1,
			     uint32_t v1, uint32_t r2, uint32_t v2)
{
	struct rv_commit c;

	iss.halted = false;
	iss.pc = pc;
	poke(pc, insn);
	iss.x[r1] = v1;
	iss.x[r2] = v2;
	iss.x[0] = 0;
	rv_iss_step(&iss, &c);
	return c;
}

/* rd := op(v1 in x1, v2 in x2) for an R-type word. */
static uint32_t rop(uint32_t f7, uint32_t f3, uint32_t v1, uint32_t v2)
{
	struct rv_commit c =
		run1(0x100, rv_enc_r(f7, 2, 1, f3, 3, 0x33), 1, v1, 2, v2);

	return c.trap ? 0xdeadbeefu : c.rd_wdata;
}

static uint32_t iop(uint32_t f3, int32_t imm, uint32_t v1)
{
	struct rv_commit c =
		run1(0x100, rv_enc_i(imm, 1, f3, 3, 0x13), 1, v1, 0, 0);

	return c.trap ? 0xdeadbeefu : c.rd_wdata;
}

static void test_rng(void)
{
	struct rv_rng a, b;
	unsigned cnt[3] = { 0 };
	bool same = true, inrange = true;

	rv_rng_seed(&a, 42);
	rv_rng_seed(&b, 42);
	for (int i = 0; i < 1000; i++)
		same &= rv_rng_next(&a) == rv_rng_next(&b);
	ok(same, "rng: same seed, same stream");
	rv_rng_seed(&a, 0);
	ok(a.s[0] | a.s[1] | a.s[2] | a.s[3], "rng: seed 0 gives a live state");
	rv_rng_seed(&b, 1);
	ok(rv_rng_next(&a) != rv_rng_next(&b), "rng: seeds 0 and 1 differ");
	for (int i = 0; i < 30000; i++) {
		uint32_t v = rv_rng_below(&a, 3);

		inrange &= v < 3;
		if (v < 3)
			cnt[v]++;
	}
	ok(inrange, "rng: below(3) stays below 3");
	ok(cnt[0] > 9500 && cnt[0] < 10500 && cnt[1] > 9500 && cnt[1] < 10500 &&
		   cnt[2] > 9500 && cnt[2] < 10500,
	   "rng: below(3) is uniform");
	is_int(rv_rng_below(&a, 1), 0, "rng: below(1) is 0");
	inrange = true;
	for (int i = 0; i < 1000; i++)
		inrange &= rv_rng_below(&a, 0x80000001u) <= 0x80000000u;
	ok(inrange, "rng: below(2^31+1) in range");
}

static void test_alu(void)
{
	iss_default();
	is_int(rop(0, 0, 0xffffffffu, 2), 1, "add wraps");
	is_int(rop(0x20, 0, 1, 2), 0xffffffffu, "sub below zero");
	is_int(rop(0, 1, 1, 31), 0x80000000u, "sll by 31");
	is_int(rop(0, 1, 0x1234, 0), 0x1234, "sll by 0");
	is_int(rop(0, 1, 1, 33), 2, "sll uses rs2[4:0]");
	is_int(rop(0, 2, 0xffffffffu, 1), 1, "slt -1 < 1");
	is_int(rop(0, 2, 0x7fffffffu, 0x80000000u), 0, "slt max > min");
	is_int(rop(0, 2, 0x80000000u, 0x7fffffffu), 1, "slt min < max");
	is_int(rop(0, 2, 5, 5), 0, "slt equal");
	is_int(rop(0, 3, 1, 0xffffffffu), 1, "sltu 1 < 2^32-1");
	is_int(rop(0, 3, 0xffffffffu, 1), 0, "sltu 2^32-1 > 1");
	is_int(rop(0, 3, 0, 0), 0, "sltu equal");
	is_int(rop(0, 4, 0xf0f0f0f0u, 0xff00ff00u), 0x0ff00ff0u, "xor");
	is_int(rop(0, 5, 0x80000000u, 31), 1, "srl by 31");
	is_int(rop(0, 5, 0x80000000u, 0), 0x80000000u, "srl by 0");
	is_int(rop(0x20, 5, 0x80000000u, 31), 0xffffffffu, "sra by 31");
	is_int(rop(0x20, 5, 0x80000000u, 0), 0x80000000u, "sra by 0");
	is_int(rop(0x20, 5, 0x40000000u, 30), 1, "sra positive");
	is_int(rop(0, 6, 0xf0f0f0f0u, 0x0f0f0000u), 0xfffff0f0u, "or");
	is_int(rop(0, 7, 0xf0f0f0f0u, 0xff00ff00u), 0xf000f000u, "and");
	is_int(rop(0x01, 0, 1, 1), 0xdeadbeefu, "mul (funct7 1) traps");
	is_int(rop(0x20, 1, 1, 1), 0xdeadbeefu, "funct7 0x20 with sll traps");

	is_int(iop(0, -1, 0), 0xffffffffu, "addi -1");
	is_int(iop(0, 2047, 1), 2048, "addi 2047");
	is_int(iop(0, -2048, 0), 0xfffff800u, "addi -2048");
	is_int(iop(2, -1, 0), 0, "slti 0 < -1 is false");
	is_int(iop(2, 1, 0x80000000u), 1, "slti min < 1");
	is_int(iop(3, -1, 0), 1, "sltiu 0 < 0xffffffff");
	is_int(iop(3, -1, 0xffffffffu), 0, "sltiu equal");
	is_int(iop(3, 1, 0), 1, "sltiu 0 < 1 (seqz)");
	is_int(iop(4, -1, 0x12345678u), 0xedcba987u, "xori -1 (not)");
	is_int(iop(6, -2048, 1), 0xfffff801u, "ori sign-extends");
	is_int(iop(7, 0x7ff, 0xffffffffu), 0x7ff, "andi 0x7ff");
	is_int(iop(1, 31, 1), 0x80000000u, "slli 31");
	is_int(iop(1, 0, 7), 7, "slli 0");
	is_int(iop(5, 31, 0x80000000u), 1, "srli 31");
	is_int(iop(5, 0x400 | 31, 0x80000000u), 0xffffffffu, "srai 31");
	is_int(iop(5, 0x400, 0x80000000u), 0x80000000u, "srai 0");
	is_int(iop(1, 0x20 | 1, 1), 0xdeadbeefu, "slli with imm[5] traps");
	is_int(iop(5, 0x200 | 1, 1), 0xdeadbeefu, "srli funct7 0x10 traps");
}

static void test_upper_and_jumps(void)
{
	struct rv_commit c;

	iss_default();
	c = run1(0x100, rv_enc_u(0xfffff, 5, 0x37), 0, 0, 0, 0);
	is_int(c.rd_wdata, 0xfffff000u, "lui");
	is_int(c.rs1_addr, 0, "lui reads no register");
	c = run1(0x104, rv_enc_u(0x80000, 6, 0x17), 0, 0, 0, 0);
	is_int(c.rd_wdata, 0x80000104u, "auipc adds pc");
	c = run1(0x200, rv_enc_j(-0x100, 1), 0, 0, 0, 0);
	ok(c.rd_addr == 1 && c.rd_wdata == 0x204 && c.pc_wdata == 0x100 &&
		   iss.pc == 0x100,
	   "jal backward: link and target");
	c = run1(0x200, rv_enc_j(8, 0), 0, 0, 0, 0);
	ok(c.rd_addr == 0 && c.rd_wdata == 0 && c.pc_wdata == 0x208,
	   "jal x0: no write");
	c = run1(0x200, rv_enc_j(6, 1), 1, 0x55, 0, 0);
	ok(c.trap && c.rd_addr == 0 && iss.x[1] == 0x55 && c.pc_rdata == 0x200,
	   "jal to pc+6 traps, no link");
	c = run1(0x200, rv_enc_i(-4, 5, 0, 7, 0x67), 5, 0x305, 7, 0);
	ok(!c.trap && c.pc_wdata == 0x300 && c.rd_wdata == 0x204 &&
		   c.rs1_addr == 5 && c.rs1_rdata == 0x305,
	   "jalr target (rs1+imm)&~1");
	c = run1(0x200, rv_enc_i(4, 5, 0, 5, 0x67), 5, 0x300, 0, 0);
	ok(c.pc_wdata == 0x304 && iss.x[5] == 0x204 && c.rs1_rdata == 0x300,
	   "jalr with rd == rs1 reads the old value");
	c = run1(0x200, rv_enc_i(2, 5, 0, 7, 0x67), 5, 0x300, 7, 99);
	ok(c.trap && iss.x[7] == 99, "jalr to a misaligned target traps");
	c = run1(0x200, rv_enc_i(0, 5, 1, 7, 0x67), 5, 0x300, 0, 0);
	ok(c.trap, "jalr with funct3 1 traps");
}

struct br_case {
	uint32_t f3, a, b;
	bool taken;
	const char *name;
};

static void test_branches(void)
{
	static const struct br_case cs[] = {
		{ 0, 5, 5, true, "beq equal" },
		{ 0, 5, 6, false, "beq differ" },
		{ 1, 5, 6, true, "bne differ" },
		{ 1, 0, 0, false, "bne equal" },
		{ 4, 0xffffffffu, 0, true, "blt -1 < 0" },
		{ 4, 0, 0xffffffffu, false, "blt 0 < -1 false" },
		{ 4, 3, 3, false, "blt equal" },
		{ 5, 3, 3, true, "bge equal" },
		{ 5, 0x80000000u, 0x7fffffffu, false, "bge min >= max false" },
		{ 6, 0, 0xffffffffu, true, "bltu 0 < max" },
		{ 6, 0xffffffffu, 0, false, "bltu max < 0 false" },
		{ 7, 0xffffffffu, 0, true, "bgeu max >= 0" },
		{ 7, 1, 2, false, "bgeu 1 >= 2 false" },
	};
	struct rv_commit c;
	char name[64];

	iss_default();
	for (size_t i = 0; i < sizeof(cs) / sizeof(cs[0]); i++) {
		c = run1(0x400, rv_enc_b(-0x20, 2, 1, cs[i].f3), 1, cs[i].a, 2,
			 cs[i].b);
		snprintf(name, sizeof(name), "%s", cs[i].name);
		ok(!c.trap && c.pc_wdata == (cs[i].taken ? 0x3e0u : 0x404u) &&
			   c.rd_addr == 0 && c.rs1_rdata == cs[i].a &&
			   c.rs2_rdata == cs[i].b,
		   name);
	}
	c = run1(0x400, rv_enc_b(6, 2, 1, 0), 1, 7, 2, 7);
	ok(c.trap, "taken branch to a misaligned target traps");
	c = run1(0x400, rv_enc_b(6, 2, 1, 1), 1, 7, 2, 7);
	ok(!c.trap && c.pc_wdata == 0x404,
	   "untaken branch to a misaligned target retires");
	c = run1(0x400, rv_enc_b(8, 2, 1, 2), 1, 7, 2, 7);
	ok(c.trap, "branch funct3 2 traps");
	c = run1(0x400, rv_enc_b(8, 2, 1, 3), 1, 7, 2, 7);
	ok(c.trap, "branch funct3 3 traps");
}

/* Loads at 0x1000: word 0x01ff7f80, at 0x1004: 0xf2348000. */
static void test_loads(void)
{
	static const uint32_t lb[4] = { 0xffffff80u, 0x7f, 0xffffffffu, 1 };
	static const uint32_t lbu[4] = { 0x80, 0x7f, 0xff, 1 };
	static const uint32_t lh[2] = { 0xffff8000u, 0xfffff234u };
	static const uint32_t lhu[2] = { 0x8000, 0xf234 };
	struct rv_commit c;
	bool good;

	iss_default();
	poke(0x1000, 0x01ff7f80u);
	poke(0x1004, 0xf2348000u);
	good = true;
	for (int off = 0; off < 4; off++) {
		c = run1(0x100, rv_enc_i(off, 1, 0, 3, 0x03), 1, 0x1000, 0, 0);
		good &= !c.trap && c.rd_wdata == lb[off] &&
			c.mem_addr == 0x1000 && c.mem_rmask == 1u << off &&
			c.mem_rdata == (0x01ff7f80u & (0xffu << (8 * off)));
		c = run1(0x100, rv_enc_i(off, 1, 4, 3, 0x03), 1, 0x1000, 0, 0);
		good &= !c.trap && c.rd_wdata == lbu[off] &&
			c.mem_rmask == 1u << off;
	}
	ok(good, "lb/lbu at every offset: sign, lane, mask");
	good = true;
	for (int off = 0; off < 4; off += 2) {
		c = run1(0x100, rv_enc_i(off, 1, 1, 3, 0x03), 1, 0x1004, 0, 0);
		good &= !c.trap && c.rd_wdata == lh[off / 2] &&
			c.mem_addr == 0x1004 && c.mem_rmask == 3u << off &&
			c.mem_rdata == (0xf2348000u & (0xffffu << (8 * off)));
		c = run1(0x100, rv_enc_i(off, 1, 5, 3, 0x03), 1, 0x1004, 0, 0);
		good &= !c.trap && c.rd_wdata == lhu[off / 2];
	}
	ok(good, "lh/lhu at offsets 0 and 2");
	c = run1(0x100, rv_enc_i(-4, 1, 1, 3, 0x03), 1, 0x1004, 0, 0);
	is_int(c.rd_wdata, 0x7f80, "lh positive half");
	c = run1(0x100, rv_enc_i(4, 1, 2, 3, 0x03), 1, 0x1000, 0, 0);
	ok(c.rd_wdata == 0xf2348000u && c.mem_rmask == 15 &&
		   c.mem_rdata == 0xf2348000u && c.rs1_addr == 1,
	   "lw");
	good = true;
	for (int off = 1; off < 4; off += 2) {
		c = run1(0x100, rv_enc_i(off, 1, 1, 3, 0x03), 1, 0x1000, 3, 77);
		good &= c.trap && c.mem_rmask == 0 && iss.x[3] == 77;
		c = run1(0x100, rv_enc_i(off, 1, 5, 3, 0x03), 1, 0x1000, 3, 77);
		good &= c.trap && c.rd_addr == 0;
	}
	for (int off = 1; off < 4; off++) {
		c = run1(0x100, rv_enc_i(off, 1, 2, 3, 0x03), 1, 0x1000, 3, 77);
		good &= c.trap && c.mem_rmask == 0 && iss.x[3] == 77 &&
			c.insn == rv_enc_i(off, 1, 2, 3, 0x03) &&
			c.pc_rdata == 0x100;
	}
	ok(good, "misaligned lh/lhu/lw trap without effects");
	c = run1(0x100, rv_enc_i(0, 1, 3, 3, 0x03), 1, 0x1000, 0, 0);
	ok(c.trap, "load funct3 3 (ld) traps");
	c = run1(0x100, rv_enc_i(0, 1, 6, 3, 0x03), 1, 0x1000, 0, 0);
	ok(c.trap, "load funct3 6 (lwu) traps");
}

static void test_stores(void)
{
	struct rv_commit c;
	bool good = true;

	iss_default();
	for (int off = 0; off < 4; off++) {
		poke(0x2000, 0x11223344u);
		c = run1(0x100, rv_enc_s(off, 2, 1, 0), 1, 0x2000, 2,
			 0xdeadbeefu);
		good &= !c.trap && c.mem_addr == 0x2000 &&
			c.mem_wmask == 1u << off &&
			c.mem_wdata == 0xefu << (8 * off) && c.rd_addr == 0 &&
			rv_iss_read_word(&iss, 0x2000) ==
				((0x11223344u & ~(0xffu << (8 * off))) |
				 0xefu << (8 * off));
	}
	ok(good, "sb at every offset: lane, mask, memory");
	poke(0x2000, 0x11223344u);
	c = run1(0x100, rv_enc_s(2, 2, 1, 1), 1, 0x2000, 2, 0xdeadbeefu);
	ok(c.mem_wmask == 12 && c.mem_wdata == 0xbeef0000u &&
		   rv_iss_read_word(&iss, 0x2000) == 0xbeef3344u,
	   "sh at offset 2");
	c = run1(0x100, rv_enc_s(-4, 2, 1, 2), 1, 0x2004, 2, 0xcafef00du);
	ok(c.mem_wmask == 15 && c.mem_addr == 0x2000 &&
		   c.mem_wdata == 0xcafef00du && c.rs2_rdata == 0xcafef00du &&
		   rv_iss_read_word(&iss, 0x2000) == 0xcafef00du,
	   "sw with a negative offset");
	good = true;
	for (int off = 1; off < 4; off++) {
		c = run1(0x100, rv_enc_s(off, 2, 1, 2), 1, 0x2000, 2, 0);
		good &= c.trap && !c.mem_wmask;
		c = run1(0x100, rv_enc_s(off, 2, 1, 1), 1, 0x2000, 2, 0);
		good &= (off & 1) ? c.trap && !c.mem_wmask : !c.trap;
	}
	poke(0x2000, 0xcafef00du);
	c = run1(0x100, rv_enc_s(1, 2, 1, 2), 1, 0x2000, 2, 0);
	ok(good && c.trap && rv_iss_read_word(&iss, 0x2000) == 0xcafef00du,
	   "misaligned sh/sw trap and leave memory alone");
	c = run1(0x100, rv_enc_s(0, 2, 1, 3), 1, 0x2000, 2, 0);
	ok(c.trap, "store funct3 3 (sd) traps");
}

static void test_x0(void)
{
	struct rv_commit c;

	iss_default();
	poke(0x1000, 0x12345678u);
	c = run1(0x100, rv_enc_i(5, 1, 0, 0, 0x13), 1, 9, 0, 0);
	ok(!c.trap && c.rd_addr == 0 && c.rd_wdata == 0 && iss.x[0] == 0,
	   "addi x0 is discarded");
	c = run1(0x100, rv_enc_i(0, 1, 2, 0, 0x03), 1, 0x1000, 0, 0);
	ok(!c.trap && c.rd_addr == 0 && c.rd_wdata == 0 && c.mem_rmask == 15 &&
		   c.mem_rdata == 0x12345678u && iss.x[0] == 0,
	   "lw x0 reads memory, writes nothing");
	c = run1(0x100, rv_enc_r(0, 0, 0, 0, 3, 0x33), 0, 0, 0, 0);
	ok(c.rs1_addr == 0 && c.rs2_addr == 0 && c.rd_wdata == 0,
	   "x0 operands are not reported as reads");
}

static void test_traps(void)
{
	static const uint32_t illegal[] = {
		0x00000000u,
		0xffffffffu,
		0x300110f3u /* csrrw */,
		0x3412e1f3u /* csrrsi */,
		0x30200073u /* mret */,
		0x10500073u /* wfi */,
		0x0000200fu /* misc-mem f3 2 */,
		0x00000013u & ~3u /* compressed space */,
		0x0000000bu,
	};
	struct rv_isa isa;
	struct rv_commit c, h;
	bool good = true;

	iss_default();
	for (size_t i = 0; i < sizeof(illegal) / sizeof(illegal[0]); i++) {
		c = run1(0x100, illegal[i], 1, 1, 2, 2);
		good &= c.trap && c.halt && c.rd_addr == 0 && !c.mem_rmask &&
			!c.mem_wmask && c.insn == illegal[i] &&
			c.pc_rdata == 0x100 && iss.halted;
	}
	ok(good, "illegal words (CSR, mret, wfi, 0, ~0) trap and halt");
	c = run1(0x100, RV_INSN_ECALL, 0, 0, 0, 0);
	ok(c.trap && c.halt, "ecall traps");
	c = run1(0x100, RV_INSN_EBREAK, 0, 0, 0, 0);
	ok(c.trap && c.halt, "ebreak traps (and is the end marker)");
	rv_iss_step(&iss, &h);
	ok(h.halt && !h.trap && h.insn == 0 && iss.pc == 0x104,
	   "after the halt nothing retires");
	c = run1(0x100, 0x0ff0000fu, 0, 0, 0, 0);
	ok(!c.trap && c.pc_wdata == 0x104 && c.rd_addr == 0, "fence is a nop");
	c = run1(0x100, 0x0000100fu, 0, 0, 0, 0);
	ok(!c.trap, "fence.i is a nop by default");

	rv_isa_default(&isa);
	isa.fence_i_nop = false;
	isa.trap_halts = false;
	isa.ecall_traps = false;
	iss_setup(&isa);
	c = run1(0x100, 0x0000100fu, 0, 0, 0, 0);
	ok(c.trap && !c.halt && !iss.halted && c.pc_wdata == 0x104,
	   "fence.i illegal; trap without halt goes on at pc+4");
	c = run1(0x100, RV_INSN_ECALL, 0, 0, 0, 0);
	ok(!c.trap && !c.halt, "ecall_traps false: ecall is a nop");

	rv_isa_default(&isa);
	isa.end_insn = 0x0000006fu; /* jal x0, 0 */
	iss_setup(&isa);
	c = run1(0x100, 0x0000006fu, 0, 0, 0, 0);
	ok(!c.trap && c.halt && iss.halted, "a custom end marker halts");
	c = run1(0x100, RV_INSN_EBREAK, 0, 0, 0, 0);
	ok(c.trap && c.halt, "ebreak still traps and halts");
}

static void test_alias_and_misaligned_off(void)
{
	struct rv_isa isa;
	struct rv_commit c;

	rv_isa_default(&isa);
	isa.ram_base = 0x10000;
	isa.ram_size = 0x1000;
	isa.reset_pc = 0x10000;
	iss_setup(&isa);
	c = run1(0x10100, rv_enc_s(4, 2, 1, 2), 1, 0x11000, 2, 0xabcd1234u);
	ok(c.mem_addr == 0x11004 &&
		   rv_iss_read_word(&iss, 0x10004) == 0xabcd1234u,
	   "a store past the window aliases (mem_addr unaliased)");
	poke(0x10ffc, 0x55aa55aau);
	c = run1(0x10100, rv_enc_i(-4, 1, 2, 3, 0x03), 1, 0x10000, 0, 0);
	ok(c.rd_wdata == 0x55aa55aau && c.mem_addr == 0x0fffc,
	   "a load below the window aliases to its top");
	poke(0x10000, rv_enc_i(7, 0, 0, 9, 0x13));
	iss.pc = 0x21000;
	rv_iss_step(&iss, &c);
	ok(c.pc_rdata == 0x21000 && c.rd_addr == 9 && c.rd_wdata == 7 &&
		   c.pc_wdata == 0x21004,
	   "fetch aliases too");

	isa.misaligned_traps = false;
	iss_setup(&isa);
	poke(0x10200, 0x87654321u);
	c = run1(0x10100, rv_enc_i(3, 1, 2, 3, 0x03), 1, 0x10200, 0, 0);
	ok(!c.trap && c.rd_wdata == 0x87654321u && c.mem_rmask == 15,
	   "misaligned_traps false: lw rounds down");
	c = run1(0x10100, rv_enc_i(3, 1, 1, 3, 0x03), 1, 0x10200, 0, 0);
	ok(!c.trap && c.rd_wdata == 0xffff8765u && c.mem_rmask == 12,
	   "misaligned_traps false: lh at 3 reads the half at 2");
	c = run1(0x10100, rv_enc_j(6, 1), 0, 0, 0, 0);
	ok(!c.trap && iss.pc == 0x10106,
	   "misaligned_traps false: jal keeps pc");
}

static void test_self_modified(void)
{
	iss_default();
	run1(0x100, rv_enc_s(0x40, 2, 1, 2), 1, 0x1000, 2, 0);
	ok(!iss.self_modified, "a store to data is no self-modification");
	run1(0x100, rv_enc_s(8, 2, 1, 2), 1, 0x100, 2, 0);
	ok(iss.self_modified, "a store two words ahead of pc is flagged");
}

static void test_cmp(void)
{
	struct rv_commit g = { 0 }, d;
	const char *f = NULL;

	g.pc_rdata = 0x100;
	g.insn = 0x00a00093u;
	g.pc_wdata = 0x104;
	g.rd_addr = 1;
	g.rd_wdata = 10;
	d = g;
	is_int(rv_commit_cmp(&g, &d, &f), 0, "cmp: equal records agree");
	d.rd_wdata = 11;
	is_int(rv_commit_cmp(&g, &d, &f), 1, "cmp: rd_wdata differs");
	is_str(f, "rd_wdata", "cmp: names rd_wdata");
	d = g;
	d.order = 77;
	d.rs1_addr = 3; /* unread operand: not compared */
	is_int(rv_commit_cmp(&g, &d, NULL), 0,
	       "cmp: order, unread rs1 ignored");
	d = g;
	d.pc_rdata = 0x104;
	rv_commit_cmp(&g, &d, &f);
	is_str(f, "pc_rdata", "cmp: pc_rdata first");
	g.trap = true;
	d = g;
	d.rd_wdata = 99;
	d.pc_wdata = 0;
	is_int(rv_commit_cmp(&g, &d, &f), 0, "cmp: on a trap only pc/insn");
	d.trap = false;
	rv_commit_cmp(&g, &d, &f);
	is_str(f, "trap", "cmp: a missing trap");
	memset(&g, 0, sizeof(g));
	g.mem_addr = 0x1000;
	g.mem_rmask = 2;
	g.mem_rdata = 0x0000ab00u;
	d = g;
	d.mem_rdata = 0x1234ab56u;
	is_int(rv_commit_cmp(&g, &d, &f), 0,
	       "cmp: lanes outside rmask ignored");
	d.mem_rdata = 0x0000ac00u;
	rv_commit_cmp(&g, &d, &f);
	is_str(f, "mem_rdata", "cmp: a lane inside rmask");
	d = g;
	d.mem_addr = 0x1004;
	rv_commit_cmp(&g, &d, &f);
	is_str(f, "mem_addr", "cmp: mem_addr");
	d = g;
	d.mem_wmask = 1;
	rv_commit_cmp(&g, &d, &f);
	is_str(f, "mem_wmask", "cmp: a spurious write");
}

struct dis_case {
	uint32_t insn, pc;
	const char *want;
};

/*
 * The words and (after the '#') the lines of
 * `riscv64-unknown-elf-objdump -d -M numeric,no-aliases` on
 * `as -march=rv32i_zicsr_zifencei` output; we print ", " separators,
 * shift amounts in decimal and CSRs by number.
 */
static const struct dis_case dis_cases[] = {
	{ 0x123450b7u, 0x00, "lui x1, 0x12345" }, /* lui x1,0x12345 */
	{ 0xffffff97u, 0x04, "auipc x31, 0xfffff" }, /* auipc x31,0xfffff */
	{ 0x038000efu, 0x08, "jal x1, 0x00000040" }, /* jal x1,40 */
	{ 0xffc28067u, 0x0c, "jalr x0, -4(x5)" }, /* jalr x0,-4(x5) */
	{ 0x0e208863u, 0x10, "beq x1, x2, 0x00000100" },
	{ 0xfe4192e3u, 0x14, "bne x3, x4, 0xfffffff8" },
	{ 0x0062c263u, 0x18, "blt x5, x6, 0x0000001c" },
	{ 0x0083d263u, 0x1c, "bge x7, x8, 0x00000020" },
	{ 0x00a4e263u, 0x20, "bltu x9, x10, 0x00000024" },
	{ 0x00c5f263u, 0x24, "bgeu x11, x12, 0x00000028" },
	{ 0xfff10083u, 0x28, "lb x1, -1(x2)" },
	{ 0x7ff21183u, 0x2c, "lh x3, 2047(x4)" },
	{ 0x80032283u, 0x30, "lw x5, -2048(x6)" },
	{ 0x00044383u, 0x34, "lbu x7, 0(x8)" },
	{ 0x00455483u, 0x38, "lhu x9, 4(x10)" },
	{ 0xfe110fa3u, 0x3c, "sb x1, -1(x2)" },
	{ 0x7e321fa3u, 0x40, "sh x3, 2047(x4)" },
	{ 0x80532023u, 0x44, "sw x5, -2048(x6)" },
	{ 0xffb10093u, 0x48, "addi x1, x2, -5" },
	{ 0x00122193u, 0x4c, "slti x3, x4, 1" },
	{ 0xfff33293u, 0x50, "sltiu x5, x6, -1" },
	{ 0xfff44393u, 0x54, "xori x7, x8, -1" },
	{ 0x7ff56493u, 0x58, "ori x9, x10, 2047" },
	{ 0x80067593u, 0x5c, "andi x11, x12, -2048" },
	{ 0x01f71693u, 0x60, "slli x13, x14, 31" }, /* slli x13,x14,0x1f */
	{ 0x00085793u, 0x64, "srli x15, x16, 0" },
	{ 0x41f95893u, 0x68, "srai x17, x18, 31" },
	{ 0x003100b3u, 0x6c, "add x1, x2, x3" },
	{ 0x40628233u, 0x70, "sub x4, x5, x6" },
	{ 0x009413b3u, 0x74, "sll x7, x8, x9" },
	{ 0x00c5a533u, 0x78, "slt x10, x11, x12" },
	{ 0x00f736b3u, 0x7c, "sltu x13, x14, x15" },
	{ 0x0128c833u, 0x80, "xor x16, x17, x18" },
	{ 0x015a59b3u, 0x84, "srl x19, x20, x21" },
	{ 0x418bdb33u, 0x88, "sra x22, x23, x24" },
	{ 0x01bd6cb3u, 0x8c, "or x25, x26, x27" },
	{ 0x01eefe33u, 0x90, "and x28, x29, x30" },
	{ 0x0ff0000fu, 0x94, "fence iorw, iorw" },
	{ 0x0210000fu, 0x98, "fence r, w" },
	{ 0x0000100fu, 0x9c, "fence.i" },
	{ 0x00000073u, 0xa0, "ecall" },
	{ 0x00100073u, 0xa4, "ebreak" },
	{ 0x300110f3u, 0xa8, "csrrw x1, 0x300, x2" }, /* csrrw x1,mstatus,x2 */
	{ 0x3412e1f3u, 0xac, "csrrsi x3, 0x341, 5" }, /* csrrsi x3,mepc,5 */
	{ 0x00000000u, 0, "unknown 0x00000000" },
	{ 0xffffffffu, 0, "unknown 0xffffffff" },
	{ 0x02208033u, 0, "unknown 0x02208033" }, /* mul x0,x1,x2 */
	{ 0x0000300fu, 0, "unknown 0x0000300f" },
	{ 0x00003003u, 0, "unknown 0x00003003" }, /* ld */
	{ 0x30200073u, 0, "unknown 0x30200073" }, /* mret */
};

static void test_disasm(void)
{
	char buf[64], tiny[8];
	bool good = true;
	size_t n;

	for (size_t i = 0; i < sizeof(dis_cases) / sizeof(dis_cases[0]); i++) {
		rv_disasm(buf, sizeof(buf), dis_cases[i].insn, dis_cases[i].pc);
		if (strcmp(buf, dis_cases[i].want)) {
			printf("# 0x%08x: got '%s', want '%s'\n",
			       dis_cases[i].insn, buf, dis_cases[i].want);
			good = false;
		}
	}
	ok(good, "disasm: the objdump table");
	n = rv_disasm(tiny, sizeof(tiny), 0x003100b3u, 0);
	ok(n == strlen("add x1, x2, x3") && !strcmp(tiny, "add x1,"),
	   "disasm: truncates and reports the wanted length");
}

/* ---- generated programs ------------------------------------------------ */

struct run_stats {
	unsigned taken, untaken, st_ld, ld_use, traps, unexpected;
	bool oob, backward, no_end;
};

static bool is_mis_trap(const struct rv_commit *c, const struct rv_iss *s)
{
	uint32_t w = c->insn, op = w & 0x7f;

	(void)s;
	return op == 0x03 || op == 0x23 || op == 0x63 || op == 0x6f ||
	       op == 0x67;
}

/* Run p to its end; check each record against the program's shape. */
static void run_checked(const struct rv_prog *p, const struct rv_isa *isa,
			struct run_stats *st)
{
	struct rv_commit c = { 0 }, prev = { 0 };
	uint32_t code_lo = isa->reset_pc, code_hi = isa->reset_pc + 4 * p->n;
	uint32_t last_store = 0, last_rd = 0;
	size_t steps = 0;
	bool have_prev = false;

	rv_iss_reset(&iss, p->insn, p->n);
	while (!iss.halted && steps <= p->n) {
		rv_iss_step(&iss, &c);
		steps++;
		if (c.trap &&
		    !(c.pc_rdata == code_hi - 4 && c.insn == isa->end_insn)) {
			st->traps++;
			if (!is_mis_trap(&c, &iss))
				st->unexpected++;
		}
		if (!c.trap && c.pc_wdata <= c.pc_rdata)
			st->backward = true;
		if ((c.mem_rmask || c.mem_wmask) &&
		    (c.mem_addr < isa->ram_base ||
		     c.mem_addr >= isa->ram_base + isa->ram_size ||
		     (c.mem_addr + 3 >= code_lo && c.mem_addr < code_hi)))
			st->oob = true;
		if ((c.insn & 0x7f) == 0x63 && !c.trap) {
			if (c.pc_wdata != c.pc_rdata + 4)
				st->taken++;
			else
				st->untaken++;
		}
		if (c.mem_rmask && have_prev && prev.mem_wmask &&
		    c.mem_addr == last_store)
			st->st_ld++;
		if (have_prev && prev.mem_rmask && last_rd &&
		    (c.rs1_addr == last_rd || c.rs2_addr == last_rd))
			st->ld_use++;
		last_store = c.mem_wmask ? c.mem_addr : last_store;
		last_rd = c.mem_rmask ? c.rd_addr : 0;
		prev = c;
		have_prev = true;
	}
	if (!iss.halted || (!c.trap || c.pc_rdata != code_hi - 4)) {
		/* ended early: fine only after a misaligned-access trap */
		if (!(c.trap && is_mis_trap(&c, &iss)))
			st->no_end = true;
	}
}

static bool prologue_sets_all(const struct rv_prog *p)
{
	uint32_t seen = 0;

	for (size_t i = 0; i < p->prologue; i++)
		seen |= 1u << ((p->insn[i] >> 7) & 31);
	return p->prologue == RV_GEN_PROLOGUE && seen == 0xfffffffeu;
}

static void test_gen(void)
{
	struct rv_isa isa;
	struct run_stats st = { 0 }, st_nt = { 0 };
	bool all = true, marker = true, det = true, lens = true;
	int fails = 0;

	rv_isa_default(&isa);
	iss_setup(&isa);
	for (uint64_t seed = 0; seed < 400; seed++) {
		struct rv_gen_opts o = { .len = 1 + (seed * 37) % 2000 };
		struct rv_prog a = RV_PROG_INIT, b = RV_PROG_INIT;
		struct rv_rng r1, r2;

		o.no_traps = seed & 1;
		rv_rng_seed(&r1, seed);
		rv_rng_seed(&r2, seed);
		if (rv_gen(&a, &isa, &o, &r1) || rv_gen(&b, &isa, &o, &r2)) {
			fails++;
			continue;
		}
		det &= a.n == b.n && !memcmp(a.insn, b.insn, a.n * 4);
		lens &= a.n == RV_GEN_PROLOGUE + o.len + 1;
		all &= prologue_sets_all(&a);
		marker &= a.insn[a.n - 1] == isa.end_insn;
		run_checked(&a, &isa, o.no_traps ? &st_nt : &st);
		rv_prog_release(&a);
		rv_prog_release(&b);
	}
	is_int(fails, 0, "gen: 400 programs generated");
	ok(det, "gen: same seed, same program byte for byte");
	ok(lens, "gen: prologue + len + marker words");
	ok(all, "gen: the prologue writes x1..x31");
	ok(marker, "gen: the program ends with the marker");
	ok(!st.oob && !st_nt.oob, "gen: every access in RAM, clear of code");
	ok(!st.backward && !st_nt.backward, "gen: control flow is forward");
	ok(!st.no_end && !st_nt.no_end,
	   "gen: every run ends at the marker within n steps (or a planned trap)");
	is_int(st.unexpected + st_nt.unexpected, 0, "gen: no unexpected trap");
	is_int(st_nt.traps, 0, "gen: no_traps programs never trap");
	ok(st.traps > 20 && st.traps < 150,
	   "gen: about one program in four has a misaligned trap");
	printf("# taken %u untaken %u store-load %u load-use %u traps %u\n",
	       st.taken + st_nt.taken, st.untaken + st_nt.untaken,
	       st.st_ld + st_nt.st_ld, st.ld_use + st_nt.ld_use, st.traps);
	ok(st_nt.taken > st_nt.untaken / 4 && st_nt.untaken > st_nt.taken / 4,
	   "gen: branches both taken and not taken");
	ok(st_nt.st_ld > 1000, "gen: stores followed by loads of that word");
	ok(st_nt.ld_use > 1000, "gen: loads followed by a dependent use");
}

static void test_gen_other_layouts(void)
{
	struct rv_isa isa;
	struct run_stats st = { 0 };
	struct rv_prog p = RV_PROG_INIT;
	struct rv_gen_opts o = { .len = 3000, .no_traps = true };
	struct rv_commit c = { 0 };
	struct rv_rng r;
	bool body_clean;

	rv_isa_default(&isa);
	isa.ram_base = 0x80000000u;
	isa.reset_pc = 0x80000000u;
	isa.ram_size = 1u << 20;
	iss_setup(&isa);
	rv_rng_seed(&r, 7);
	ok(rv_gen(&p, &isa, &o, &r) == 0, "gen: RAM at 0x80000000");
	run_checked(&p, &isa, &st);
	ok(!st.oob && !st.no_end && !st.traps, "gen: runs clean there");
	rv_prog_release(&p);

	rv_isa_default(&isa);
	isa.ram_size = 4096;
	o.len = 2000;
	ok(rv_gen(&p, &isa, &o, &r) == -1, "gen: too long for RAM is refused");
	rv_isa_default(&isa);
	isa.end_insn = RV_INSN_NOP;
	iss_setup(&isa);
	o.len = 1000;
	ok(rv_gen(&p, &isa, &o, &r) == 0, "gen: with a nop as the end marker");
	body_clean = true;
	for (size_t i = p.prologue; i + 1 < p.n; i++)
		body_clean &= p.insn[i] != RV_INSN_NOP;
	rv_iss_reset(&iss, p.insn, p.n);
	while (!iss.halted)
		rv_iss_step(&iss, &c);
	ok(body_clean && c.halt && !c.trap && c.pc_rdata == 4 * (p.n - 1),
	   "gen: a nop marker appears only at the end, and halts there");
	rv_prog_release(&p);

	rv_isa_default(&isa);
	iss_setup(&isa);
	o.len = 0;
	ok(rv_gen(&p, &isa, &o, &r) == 0 && p.n == RV_GEN_PROLOGUE + 1,
	   "gen: an empty body");
	rv_prog_release(&p);
}

/* Branch and jal targets of p's body: forward and inside the program. */
static bool targets_ok(const struct rv_prog *p)
{
	for (size_t i = p->prologue; i + 1 < p->n; i++) {
		uint32_t w = p->insn[i], op = w & 0x7f;
		int64_t off;

		if (op != 0x63 && op != 0x6f)
			continue;
		off = op == 0x63 ? rv_imm_b(w) : rv_imm_j(w);
		if (off <= 0 || (int64_t)i + off / 4 > (int64_t)p->n - 1)
			return false;
	}
	return true;
}

static void test_mutate(void)
{
	struct rv_isa isa;
	bool names = true, pro = true, det = true, mark = true, tgt = true;
	bool changed = false;
	struct run_stats st = { 0 };

	rv_isa_default(&isa);
	iss_setup(&isa);
	for (int m = 0; m < RV_MUT_COUNT; m++)
		names &= rv_mut_name(m) != NULL &&
			 (m == 0 || strcmp(rv_mut_name(m), rv_mut_name(m - 1)));
	ok(names && !rv_mut_name(RV_MUT_COUNT), "mutate: every mutator named");
	for (uint64_t seed = 0; seed < 300; seed++) {
		struct rv_gen_opts o = { .len = 50 + seed % 400,
					 .no_traps = true };
		struct rv_prog p = RV_PROG_INIT, a = RV_PROG_INIT;
		struct rv_prog b = RV_PROG_INIT;
		struct rv_rng r, r1, r2;
		enum rv_mut m = (enum rv_mut)(seed % RV_MUT_COUNT);

		rv_rng_seed(&r, seed);
		if (rv_gen(&p, &isa, &o, &r) || rv_prog_copy(&a, &p) ||
		    rv_prog_copy(&b, &p))
			break;
		rv_rng_seed(&r1, seed + 1000);
		rv_rng_seed(&r2, seed + 1000);
		for (int k = 0; k < 8; k++) {
			rv_mutate(&a, m, &isa, &r1);
			rv_mutate(&b, m, &isa, &r2);
		}
		det &= a.n == b.n && !memcmp(a.insn, b.insn, a.n * 4);
		pro &= a.prologue == p.prologue &&
		       !memcmp(a.insn, p.insn, p.prologue * 4);
		mark &= a.insn[a.n - 1] == isa.end_insn;
		changed |= a.n != p.n || memcmp(a.insn, p.insn, p.n * 4);
		if (m == RV_MUT_DELETE || m == RV_MUT_HAZARD_PAIR)
			tgt &= targets_ok(&a);
		if (m == RV_MUT_HAZARD_PAIR)
			run_checked(&a, &isa, &st);
		rv_prog_release(&p);
		rv_prog_release(&a);
		rv_prog_release(&b);
	}
	ok(det, "mutate: same seed, same mutation");
	ok(pro, "mutate: the prologue is never touched");
	ok(mark, "mutate: the last word stays the end marker");
	ok(changed, "mutate: programs do change");
	ok(tgt,
	   "mutate: delete and hazard pairs keep branches forward, inside");
	ok(!st.oob && !st.backward && !st.no_end && !st.traps,
	   "mutate: hazard pairs keep programs valid and in window");
}

static void test_mutate_specific(void)
{
	struct rv_isa isa;
	struct rv_prog p = RV_PROG_INIT;
	struct rv_rng r;
	uint32_t body[] = {
		rv_enc_b(12, 2, 1, 0), /* beq -> marker */
		rv_enc_i(1, 3, 0, 3, 0x13), /* addi x3, x3, 1 */
		rv_enc_j(8, 0), /* jal -> marker */
		rv_enc_r(0, 5, 4, 0, 6, 0x33), /* add x6, x4, x5 */
	};
	uint32_t w[RV_GEN_PROLOGUE + 5];
	bool ok_del = true;

	rv_isa_default(&isa);
	for (int i = 0; i < RV_GEN_PROLOGUE; i++)
		w[i] = RV_INSN_NOP;
	memcpy(w + RV_GEN_PROLOGUE, body, sizeof(body));
	w[RV_GEN_PROLOGUE + 4] = RV_INSN_EBREAK;
	rv_prog_set(&p, w, RV_GEN_PROLOGUE + 5, RV_GEN_PROLOGUE);
	rv_rng_seed(&r, 3);
	/* delete until only the marker is left: branches follow */
	for (int k = 0; k < 4; k++) {
		rv_mutate(&p, RV_MUT_DELETE, &isa, &r);
		ok_del &= targets_ok(&p);
	}
	ok(ok_del && p.n == RV_GEN_PROLOGUE + 1 &&
		   p.insn[p.n - 1] == RV_INSN_EBREAK,
	   "mutate: deleting everything keeps the marker");
	ok(rv_mutate(&p, RV_MUT_BITFLIP, &isa, &r) == 0 &&
		   p.n == RV_GEN_PROLOGUE + 1,
	   "mutate: a word operator on an empty body is a no-op");
	ok(rv_mutate(&p, RV_MUT_HAZARD_PAIR, &isa, &r) == 0 &&
		   p.n == RV_GEN_PROLOGUE + 3 && targets_ok(&p),
	   "mutate: a hazard pair into an empty body");
	rv_prog_release(&p);

	/* one insertion in front of a branch's target moves it along */
	rv_prog_set(&p, w, RV_GEN_PROLOGUE + 5, RV_GEN_PROLOGUE);
	rv_rng_seed(&r, 11);
	for (int k = 0; k < 20; k++)
		rv_mutate(&p, RV_MUT_CLONE, &isa, &r);
	ok(targets_ok(&p) && p.n == RV_GEN_PROLOGUE + 25 &&
		   p.insn[p.n - 1] == RV_INSN_EBREAK,
	   "mutate: 20 clones keep every branch inside");
	rv_prog_release(&p);
}

/*
 * auipc+addi+jalr jumps over a word; hazard pairs inserted anywhere
 * (never inside the triple) must keep the jump landing on its target.
 */
static void test_mutate_pointer(void)
{
	const uint32_t skipped = rv_enc_i(1, 0, 0, 6, 0x13);
	const uint32_t target = rv_enc_i(2, 0, 0, 7, 0x13);
	uint32_t w[RV_GEN_PROLOGUE + 10];
	size_t n = 0;
	struct rv_isa isa;
	bool good = true, grew = false;

	rv_isa_default(&isa);
	iss_setup(&isa);
	while (n < RV_GEN_PROLOGUE)
		w[n++] = RV_INSN_NOP;
	w[n++] = RV_INSN_NOP;
	w[n++] = rv_enc_u(0, 5, 0x17); /* auipc x5, 0 */
	w[n++] = rv_enc_i(20 - 4 + 1, 5, 0, 5, 0x13); /* addi x5, x5, 17 */
	w[n++] = rv_enc_i(4, 5, 0, 1, 0x67); /* jalr x1, 4(x5) */
	w[n++] = skipped;
	w[n++] = skipped;
	w[n++] = target; /* auipc + 20 */
	w[n++] = RV_INSN_NOP;
	w[n++] = RV_INSN_EBREAK;
	for (uint64_t seed = 0; seed < 60; seed++) {
		struct rv_prog p = RV_PROG_INIT;
		struct rv_commit c = { 0 };
		struct rv_rng r;
		bool hit = false, skip = false;

		rv_prog_set(&p, w, n, RV_GEN_PROLOGUE);
		rv_rng_seed(&r, seed);
		for (int k = 0; k < 3; k++)
			rv_mutate(&p, RV_MUT_HAZARD_PAIR, &isa, &r);
		rv_iss_reset(&iss, p.insn, p.n);
		for (size_t st = 0; st <= p.n && !iss.halted; st++) {
			rv_iss_step(&iss, &c);
			hit |= c.insn == target;
			skip |= c.insn == skipped;
		}
		/* a pair lands inside the triple never, so some are refused */
		good &= hit && !skip && c.pc_rdata == 4 * (p.n - 1) &&
			p.n >= n + 2;
		grew |= p.n == n + 6;
		rv_prog_release(&p);
	}
	ok(good && grew, "mutate: insertions keep auipc+addi+jalr on target");
}

int main(void)
{
	test_rng();
	test_alu();
	test_upper_and_jumps();
	test_branches();
	test_loads();
	test_stores();
	test_x0();
	test_traps();
	test_alias_and_misaligned_off();
	test_self_modified();
	test_cmp();
	test_disasm();
	test_gen();
	test_gen_other_layouts();
	test_mutate();
	test_mutate_specific();
	test_mutate_pointer();
	rv_iss_release(&iss);
	return done();
}
