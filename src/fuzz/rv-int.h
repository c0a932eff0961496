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
};
/* 0, or -1 when memory cannot be had. */
int rv_iss_init(struct rv_iss *s, const struct rv_isa *isa);
void rv_iss_release(struct rv_iss *s);
/* Zero RAM and registers, place the image at reset_pc, pc = reset_pc. */
void rv_iss_reset(struct rv_iss *s, const uint32_t *image, size_t nwords);
/* Retire one instruction into *out.  Once halted, out->halt is set and
 * nothing changes. */
void rv_iss_step(struct rv_iss *s, struct rv_commit *out);

/* ---- programs --------------------------------------------------------- */

struct rv_prog {
	uint32_t *insn;           /* code words, placed at isa->reset_pc */
	size_t n, alloc;
	size_t prologue;          /* the first `prologue` words set every
				     register; mutators never touch them */
};
void rv_prog_release(struct rv_prog *p);
int rv_prog_copy(struct rv_prog *out, const struct rv_prog *p);

struct rv_gen_opts {
	size_t len;               /* instructions between prologue and end */
};
/*
 * A random valid program: a prologue that initialises x1..x31 (a data
 * base register inside the RAM window among them), `len` instructions
 * with forward control flow only and loads/stores inside the RAM window
 * (clear of the code), then the end marker.  Returns 0 or -1 (ENOMEM).
 */
int rv_gen(struct rv_prog *out, const struct rv_isa *isa,
	   const struct rv_gen_opts *o, struct rv_rng *r);

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
/* Apply one mutation (never inside the prologue).  0 or -1 (ENOMEM). */
int rv_mutate(struct rv_prog *p, enum rv_mut m, const struct rv_isa *isa,
	      struct rv_rng *r);

/* "addi x1, x2, -5" into buf (always NUL-terminated); returns the length
 * it wanted, like snprintf. */
size_t rv_disasm(char *buf, size_t size, uint32_t insn, uint32_t pc);

#endif
