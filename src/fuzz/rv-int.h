#ifndef FUZZ_RV_INT_H
#define FUZZ_RV_INT_H

/*
 * The instruction-level half of the fuzzer (private to src/fuzz and its
 * tests): a seeded random source, the ISA options of a core, an RV32I
 * instruction-set simulator (the golden model), programs, their generator
 * and mutators, and a disassembler.  Nothing here knows about Verilator,
 * files or the campaign.
 *
 * Contract between the two halves of src/fuzz: fields and functions
 * declared here may gain siblings, but keep their names and meaning.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- random numbers: every random choice comes from one of these ----- */

struct rv_rng {
	uint64_t s[4];
};
void rv_rng_seed(struct rv_rng *r, uint64_t seed);
uint64_t rv_rng_next(struct rv_rng *r);
/* Uniform in [0, n); n > 0. */
uint32_t rv_rng_below(struct rv_rng *r, uint32_t n);

/* ---- encodings -------------------------------------------------------- */

#define RV_INSN_ECALL  0x00000073u
#define RV_INSN_EBREAK 0x00100073u
#define RV_INSN_NOP    0x00000013u /* addi x0, x0, 0 */

/* Build one instruction word from its fields (immediates are byte
 * offsets or values, truncated to their field; no range checks). */
uint32_t rv_enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3,
		  uint32_t rd, uint32_t opcode);
uint32_t rv_enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd,
		  uint32_t opcode);
uint32_t rv_enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3);
uint32_t rv_enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3);
uint32_t rv_enc_u(uint32_t imm20, uint32_t rd, uint32_t opcode);
uint32_t rv_enc_j(int32_t imm, uint32_t rd);

/* The sign-extended immediates of the I, S, B and J formats. */
static inline int32_t rv_imm_i(uint32_t insn)
{
	return (int32_t)insn >> 20;
}

static inline int32_t rv_imm_s(uint32_t insn)
{
	return ((int32_t)insn >> 25) * 32 + (int32_t)((insn >> 7) & 31);
}

static inline int32_t rv_imm_b(uint32_t insn)
{
	uint32_t v = ((insn >> 8) & 0xf) << 1 | ((insn >> 25) & 0x3f) << 5 |
		     ((insn >> 7) & 1) << 11;

	return (int32_t)(v | ((insn & 0x80000000u) ? 0xfffff000u : 0));
}

static inline int32_t rv_imm_j(uint32_t insn)
{
	uint32_t v = ((insn >> 21) & 0x3ff) << 1 | ((insn >> 20) & 1) << 11 |
		     ((insn >> 12) & 0xff) << 12;

	return (int32_t)(v | ((insn & 0x80000000u) ? 0xfff00000u : 0));
}

/* ---- what a core does at the edges of RV32I (the core file's "isa") --- */

struct rv_isa {
	uint32_t reset_pc;
	uint32_t ram_base;        /* RAM window; ram_size is a power of two */
	uint32_t ram_size;        /* addresses alias modulo ram_size, fetches
				     too (the harness memory does the same) */
	uint32_t end_insn;        /* end-of-test marker (default ebreak) */
	bool ecall_traps;         /* ecall retires as a trap */
	bool ebreak_traps;        /* ebreak retires as a trap */
	bool misaligned_traps;    /* misaligned load/store/jump target traps */
	bool fence_i_nop;         /* fence.i is a nop; false: illegal (trap) */
	bool trap_halts;          /* after a trap the core retires nothing */
};
/*
 * Edges the options leave open, as the ISS resolves them:
 * - retiring end_insn (trap or not) halts the ISS; its record has halt;
 * - a trap that does not halt (trap_halts false, or ecall/ebreak with
 *   their *_traps false: then they are plain nops) continues at pc + 4;
 * - misaligned_traps false: a misaligned load/store accesses the address
 *   rounded down to its size; a jump to a misaligned target keeps that
 *   pc and fetches the word holding it;
 * - fence is always a nop; every CSR, mret, wfi and other SYSTEM word
 *   but ecall/ebreak is illegal (a trap).
 */
/* Defaults: reset_pc 0, RAM 0..64 KiB, ebreak end marker, every trap on,
 * fence.i a nop, traps halt. */
void rv_isa_default(struct rv_isa *isa);

/* ---- one retired instruction, shaped like RVFI (aligned memory) ------- */

struct rv_commit {
	uint64_t order;
	uint32_t insn;
	uint32_t pc_rdata, pc_wdata;
	uint8_t rs1_addr, rs2_addr, rd_addr;  /* rd_addr 0: no write */
	uint32_t rs1_rdata, rs2_rdata;
	uint32_t rd_wdata;                    /* 0 when rd_addr is 0 */
	uint32_t mem_addr;                    /* word aligned */
	uint8_t mem_rmask, mem_wmask;         /* byte lanes of that word */
	uint32_t mem_rdata, mem_wdata;        /* only lanes in the mask count */
	bool trap;
	bool halt;
};

/*
 * Compare the golden model's record with the core's.  Returns 0 when they
 * agree, else writes the first field that differs ("rd_wdata", ...) to
 * *field and returns 1.  On a trap only pc_rdata, insn and trap count;
 * memory data only in the lanes of its mask.
 * Not compared: order and halt (the engine counts and stops), rs1/rs2
 * when the golden record says the instruction does not read them (its
 * rs*_addr is 0; cores report unread operands differently), rd_wdata
 * when rd_addr is 0, mem_addr when neither mask is set.  The fields are
 * checked in this order: pc_rdata insn trap pc_wdata rs1_addr rs1_rdata
 * rs2_addr rs2_rdata rd_addr rd_wdata mem_rmask mem_wmask mem_addr
 * mem_rdata mem_wdata.  field may be NULL.
 */
int rv_commit_cmp(const struct rv_commit *gold, const struct rv_commit *dut,
		  const char **field);

/* ---- the instruction-set simulator ------------------------------------ */

struct rv_iss {
	struct rv_isa isa;
	uint32_t x[32];
	uint32_t pc;
	uint8_t *mem;             /* ram_size bytes */
	uint64_t order;
	bool halted;
	/* Set (never cleared until reset) when a store hit one of the
	 * RV_SMC_WINDOW words after the storing instruction: a pipelined
	 * core may have fetched their old contents already, so a
	 * divergence after that is no finding.  Generated programs never
	 * do it; mutated ones can. */
	bool self_modified;
};
#define RV_SMC_WINDOW 8
/* 0, or -1 when memory cannot be had. */
int rv_iss_init(struct rv_iss *s, const struct rv_isa *isa);
void rv_iss_release(struct rv_iss *s);
/* Zero RAM and registers, place the image at reset_pc, pc = reset_pc. */
void rv_iss_reset(struct rv_iss *s, const uint32_t *image, size_t nwords);
/* Retire one instruction into *out.  Once halted, out->halt is set and
 * nothing changes. */
void rv_iss_step(struct rv_iss *s, struct rv_commit *out);
/* The aligned RAM word holding addr (aliased like every access). */
uint32_t rv_iss_read_word(const struct rv_iss *s, uint32_t addr);

/* ---- programs --------------------------------------------------------- */

struct rv_prog {
	uint32_t *insn;           /* code words, placed at isa->reset_pc */
	size_t n, alloc;
	size_t prologue;          /* the first `prologue` words set every
				     register; mutators never touch them */
};
#define RV_PROG_INIT                                            \
	{                                                       \
		.insn = NULL, .n = 0, .alloc = 0, .prologue = 0 \
	}
/* Frees the words and leaves an empty program (RV_PROG_INIT). */
void rv_prog_release(struct rv_prog *p);
/* *out must be empty; 0 or -1 (ENOMEM, *out left empty). */
int rv_prog_copy(struct rv_prog *out, const struct rv_prog *p);
/* Replace p's words with w[0..n) (a program read back from disk, say);
 * 0 or -1 (ENOMEM, p unchanged).  prologue <= n. */
int rv_prog_set(struct rv_prog *p, const uint32_t *w, size_t n,
		size_t prologue);

struct rv_gen_opts {
	size_t len;               /* instructions between prologue and end */
	/* No trapping instruction at all.  Otherwise (and only when the
	 * isa's misaligned_traps is set) about one program in four holds
	 * one misaligned load, store or jump target, which ends it early
	 * with a trap. */
	bool no_traps;
};
#define RV_GEN_PROLOGUE 62 /* lui+addi for each of x1..x31 */
/*
 * A random valid program: a prologue that initialises x1..x31 (a data
 * base register inside the RAM window among them), `len` instructions
 * with forward control flow only and loads/stores inside the RAM window
 * (clear of the code), then the end marker.  Returns 0 or -1 (ENOMEM,
 * or EINVAL when the code does not fit in RAM with room for data).
 * *out must be empty (RV_PROG_INIT or released).
 *
 * Shape: the prologue is RV_GEN_PROLOGUE words, lui+addi for x1..x31 in
 * order; two of them (the base registers) point into a data area clear
 * of the code (the upper half of RAM when the code fits in the lower),
 * each with +-2 KiB of room, and no later instruction writes them.  No
 * ecall or ebreak in the body; fence.i only when the isa makes it a nop.
 * Every instruction retires at most once, so the ISS reaches the marker
 * within n steps.
 */
int rv_gen(struct rv_prog *out, const struct rv_isa *isa,
	   const struct rv_gen_opts *o, struct rv_rng *r);

/*
 * The base registers of p as it stands: set by the prologue (lui/addi)
 * to a word-aligned address with 2 KiB of RAM either side clear of the
 * code, and written by no later word.  Fills reg[] and val[] (up to 31
 * each) and returns how many.
 */
int rv_prog_bases(const struct rv_prog *p, const struct rv_isa *isa,
		  uint8_t reg[32], uint32_t val[32]);

enum rv_mut {
	RV_MUT_BITFLIP,
	RV_MUT_BYTEFLIP,
	RV_MUT_ARITH,
	RV_MUT_RANDOM_WORD,
	RV_MUT_DELETE,
	RV_MUT_CLONE,
	RV_MUT_OPCODE_SWAP,
	RV_MUT_OPERAND_SWAP,
	RV_MUT_IMM_EDGE,
	RV_MUT_HAZARD_PAIR,
	RV_MUT_COUNT
};
const char *rv_mut_name(enum rv_mut m);
/*
 * Apply one mutation (never inside the prologue, never to the last word,
 * the end marker).  0 or -1 (ENOMEM).  Delete, clone and the hazard
 * pair move words: branches, jal and auipc+addi address pairs across the
 * moved point are re-targeted so that they keep their targets (when the
 * new offset fits).  The structured mutators (operand swap, immediate
 * edge, hazard pair) never make a word write a base register (found
 * again from the prologue, so programs read from disk work) and growth
 * stops before the code would reach a base register's data window.  The
 * word operators (TheHuzz's) may produce anything: backward branches,
 * traps, stores anywhere.  A mutation with nothing to act on (an empty
 * body) leaves the program unchanged and returns 0.
 */
int rv_mutate(struct rv_prog *p, enum rv_mut m, const struct rv_isa *isa,
	      struct rv_rng *r);

/* "addi x1, x2, -5" into buf (always NUL-terminated); returns the length
 * it wanted, like snprintf.  Loads/stores "lw x1, -4(x2)", branch and jal
 * targets absolute ("beq x1, x2, 0x00000040"), lui/auipc immediates as
 * 20-bit hex, fence sets ("fence iorw, iorw"), the Zicsr words
 * ("csrrw x1, 0x300, x2": the ISS traps on them), otherwise
 * "unknown 0x%08x". */
size_t rv_disasm(char *buf, size_t size, uint32_t insn, uint32_t pc);

#endif
