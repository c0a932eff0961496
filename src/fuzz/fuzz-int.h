#ifndef FUZZ_FUZZ_INT_H
#define FUZZ_FUZZ_INT_H

/* Private to src/fuzz: the harness, one test, the campaign's pieces. */

#include "fuzz/fuzz.h"
#include "fuzz/rv-int.h"

#define FUZZ_COV_BITS  (1u << 16)
#define FUZZ_COV_BYTES (FUZZ_COV_BITS / 8)
#define FUZZ_COV_WIDTH 256 /* bits of the wrapper's cov port */

void fuzz__isa(struct rv_isa *isa, const struct fuzz_core *c);

/* ---- the Verilated model, in process ----------------------------------- */

/* One RVFI record as the shim hands it over (mirrors share/fuzz/shim.cpp). */
struct hfz_rvfi {
	uint64_t order;
	uint32_t insn, trap, halt, intr;
	uint32_t rs1_addr, rs2_addr, rs1_rdata, rs2_rdata;
	uint32_t rd_addr, rd_wdata, pc_rdata, pc_wdata;
	uint32_t mem_addr, mem_rmask, mem_wmask, mem_rdata, mem_wdata;
};
typedef int (*hfz_cb)(void *payload, const struct hfz_rvfi *r);

enum hfz_end { HFZ_END_CB = 0, HFZ_END_BUDGET = 1, HFZ_END_STALL = 2 };

/* One NPU clock cycle's inputs and outputs (mirrors share/fuzz/npu-shim.cpp). */
struct fuzz_npu_in {
	uint32_t reg_we, reg_addr, reg_wdata;
	uint32_t mem_req, mem_we, mem_addr, mem_wdata;
};
struct fuzz_npu_out {
	uint32_t reg_rdata, mem_ready, irq;          /* before the edge */
	uint32_t mon_re, mon_raddr, mon_we, mon_waddr;
	uint32_t mem_rvalid, mem_rdata;              /* after it */
};

struct fuzz_model {
	void (*npu_reset)(void *, unsigned);
	void (*npu_cycle)(void *, const struct fuzz_npu_in *,
			  struct fuzz_npu_out *, uint8_t *);
	void *dl;
	void *m;
	uint32_t words;
	void *(*new_)(void);
	void (*delete_)(void *);
	uint32_t (*ram_words)(void);
	void (*load)(void *, const uint32_t *, size_t, uint32_t);
	int (*run)(void *, uint64_t, uint64_t, unsigned, hfz_cb, void *,
		   uint64_t *, uint8_t *);
	char *so_path;
};

struct fuzz_build_opts {
	const struct fuzz_core *core;
	const char *cache_dir;
	enum proc_sandbox sandbox;
	bool keep_tmp;
	bool exe;  /* also a --exe main (the process-per-test bench) */
};

/*
 * Verilate the core once into <cache>/fuzz/<key>/model.so (or model.exe)
 * and hand back its path.  A design that does not Verilate is ERR_FAIL
 * with one line; a missing RVFI port is ERR_USAGE.
 */
int fuzz__build(char **so_path, const struct fuzz_build_opts *o);
int fuzz__model_open(struct fuzz_model *m, const char *so_path);
void fuzz__model_close(struct fuzz_model *m);

/* The shim's source text, found installed or in the source tree. */
int fuzz__shim_text(struct buf *out, const char *name);

/* The trusted Icarus testbench around the wrapper. */
int fuzz__icarus_tb(struct buf *out, const struct fuzz_core *c,
		    const char *nonce);

/* ---- one test ---------------------------------------------------------- */

enum fuzz_end {
	FUZZ_END_MARKER = 0, /* both retired the end marker (or a trap) */
	FUZZ_END_DIVERGE,    /* a finding */
	FUZZ_END_HANG,       /* the core stopped retiring, the ISS did not */
	FUZZ_END_INSNS,      /* instruction budget */
	FUZZ_END_CYCLES,     /* cycle budget */
	FUZZ_END_UNSPEC,     /* a documented quirk: no verdict */
};

struct fuzz_outcome {
	enum fuzz_end end;
	const char *field;   /* divergence field (static string) */
	uint64_t index;      /* instruction index of the divergence */
	struct rv_commit gold, dut;
	uint64_t retired, cycles;
};

struct fuzz_exec {
	const struct fuzz_core *core;
	struct rv_isa isa;
	struct rv_iss iss;
	struct fuzz_model model;
	uint32_t *image;     /* ram_size/4 words scratch */
	uint8_t *cov;        /* FUZZ_COV_BYTES, per test */
	bool coverage;
};

int fuzz__exec_init(struct fuzz_exec *x, const struct fuzz_core *c,
		    const char *so_path, bool coverage);
void fuzz__exec_release(struct fuzz_exec *x);
/* Run one program in lockstep; x->cov holds its coverage afterwards. */
int fuzz__exec_run(struct fuzz_exec *x, const struct rv_prog *p,
		   struct fuzz_outcome *out);
/* Compare one DUT record against the ISS with the core's quirks. */
enum fuzz_end fuzz__compare(const struct fuzz_core *c, struct rv_iss *iss,
			    const struct rv_commit *dut,
			    struct fuzz_outcome *out);
void fuzz__rvfi_to_commit(struct rv_commit *c, const struct hfz_rvfi *r);
/* Retirements allowed for one program (backward jumps can loop). */
uint64_t fuzz__insn_budget(const struct rv_prog *p);

/* Delta debugging: the smallest program that keeps the same field. */
int fuzz__minimize(struct fuzz_exec *x, const struct rv_prog *p,
		   const struct fuzz_outcome *o, struct rv_prog *out,
		   size_t *runs);

/* Icarus: the same program through the sandboxed runner. */
int fuzz__icarus_run(const struct fuzz_core *c, const struct rv_prog *p,
		     enum proc_sandbox sandbox, bool keep_tmp,
		     struct fuzz_outcome *out);

/* ---- the NPU target (npu.c) ---------------------------------------------- */

/*
 * An NPU test is a program of host operations, one word each (the op in
 * bits 31:28), so the corpus, checkpoints and minimizer are the CPU's.
 * The last word is the end (a final check); mutators never touch it.
 */
enum npu_mut {
	NPU_MUT_BITFLIP,
	NPU_MUT_RANDOM_DATA,
	NPU_MUT_DELETE,
	NPU_MUT_CLONE,
	NPU_MUT_SWAP,
	NPU_MUT_DIMS_EDGE,
	NPU_MUT_BASE_EDGE,
	NPU_MUT_QUANT_EDGE,
	NPU_MUT_MEM_EDGE,
	NPU_MUT_BUSY,
	NPU_MUT_COUNT
};
int fuzz__npu_gen(struct rv_prog *out, size_t len, struct rv_rng *r);
int fuzz__npu_mutate(struct rv_prog *p, enum npu_mut m, struct rv_rng *r);
/* The wrapper hf_fuzz_top around an NPU core. */
int fuzz__npu_wrapper(struct buf *out, const struct fuzz_core *c);
/* Run one program against the golden model; x->cov as for a core. */
int fuzz__npu_exec(struct fuzz_exec *x, const struct rv_prog *p,
		   struct fuzz_outcome *out);
/* "reg", "start", ... for an op code (outcome.gold.insn). */
const char *fuzz__npu_op_name(uint32_t op);
/* One line per op, like the .S disassembly of a core's program. */
int fuzz__npu_listing(const char *path, const struct rv_prog *p);

/* ---- programs on disk --------------------------------------------------- */

/* One 8-digit hex word per line; line 1 is "# prologue N". */
/*
 * The directories of the core's sources, each once, appended to the
 * NULL-ended list *v of *n entries: the sandbox's read-only binds for the
 * Verilator build and the Icarus reproduction alike.
 */
int fuzz__source_dirs(char ***v, size_t *n, const struct fuzz_core *c);

/* "\t<top> #(.P(V), ...) dut (\n": the DUT instance up to its ports. */
int fuzz__instance_start(struct buf *b, const struct fuzz_core *c);

int fuzz__prog_write(const char *path, const struct rv_prog *p);
int fuzz__prog_read(const char *path, struct rv_prog *p);
int fuzz__disasm_write(const char *path, const struct rv_prog *p,
		       uint32_t base);

/* Atomic write: path.tmp, fsync, rename. */
int fuzz__write_atomic(const char *path, const void *data, size_t len,
		       bool sync);
int fuzz__mkdirs(const char *path);

extern const struct fuzz_sched_ops fuzz_sched_uniform;

#endif
