// hwforge fuzz: the C API around one Verilated wrapper (hf_fuzz_top).
// Compiled with the generated model into one shared object and dlopen'ed
// by libfuzz; nothing here allocates per test.  HFZ_WORDS (RAM words) and
// HFZ_COV_MASK (coverage map bits - 1) come from the build.
#include <cstdint>
#include <cstring>

#include "Vhfz.h"
#include "Vhfz___024root.h"
#include "verilated.h"

#define HFZ_API extern "C" __attribute__((visibility("default")))

struct hfz_rvfi {
	uint64_t order;
	uint32_t insn, trap, halt, intr;
	uint32_t rs1_addr, rs2_addr, rs1_rdata, rs2_rdata;
	uint32_t rd_addr, rd_wdata, pc_rdata, pc_wdata;
	uint32_t mem_addr, mem_rmask, mem_wmask, mem_rdata, mem_wdata;
};
typedef int (*hfz_cb)(void *payload, const struct hfz_rvfi *r);

struct hfz {
	VerilatedContext ctx;
	Vhfz *top;
};

HFZ_API void *hfz_new(void)
{
	hfz *h = new hfz;

	h->ctx.randReset(0);
	h->top = new Vhfz(&h->ctx, "top");
	return h;
}

HFZ_API void hfz_delete(void *p)
{
	hfz *h = static_cast<hfz *>(p);

	if (!h)
		return;
	h->top->final();
	delete h->top;
	delete h;
}

HFZ_API uint32_t hfz_ram_words(void)
{
	return HFZ_WORDS;
}

// A fresh model (every register back to its initial value, including
// those reset does not touch, such as a register file), then the RAM
// cleared and `n` words placed at word index `first`.  Tests never see
// each other's state, so a test's outcome is a function of its program.
HFZ_API void hfz_load(void *p, const uint32_t *w, size_t n, uint32_t first)
{
	hfz *h = static_cast<hfz *>(p);

	delete h->top;
	h->top = new Vhfz(&h->ctx, "top");
	auto &ram = h->top->rootp->hf_fuzz_top__DOT__ram;

	for (size_t i = 0; i < n; i++)
		ram[(first + i) % HFZ_WORDS] = w[i];
}

static inline uint64_t mix(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static inline uint64_t cov_hash(const Vhfz *t)
{
	uint64_t x = 0x9e3779b97f4a7c15ULL;

	for (int i = 0; i < 8; i++)
		x = mix(x ^ t->cov[i]);
	return x;
}

static void fill(hfz_rvfi *r, const Vhfz *t)
{
	r->order = t->rvfi_order;
	r->insn = t->rvfi_insn;
	r->trap = t->rvfi_trap;
	r->halt = t->rvfi_halt;
	r->intr = t->rvfi_intr;
	r->rs1_addr = t->rvfi_rs1_addr;
	r->rs2_addr = t->rvfi_rs2_addr;
	r->rs1_rdata = t->rvfi_rs1_rdata;
	r->rs2_rdata = t->rvfi_rs2_rdata;
	r->rd_addr = t->rvfi_rd_addr;
	r->rd_wdata = t->rvfi_rd_wdata;
	r->pc_rdata = t->rvfi_pc_rdata;
	r->pc_wdata = t->rvfi_pc_wdata;
	r->mem_addr = t->rvfi_mem_addr;
	r->mem_rmask = t->rvfi_mem_rmask;
	r->mem_wmask = t->rvfi_mem_wmask;
	r->mem_rdata = t->rvfi_mem_rdata;
	r->mem_wdata = t->rvfi_mem_wdata;
}

// Reset for `reset_cycles`, then clock until the callback returns nonzero
// (0), `max_cycles` pass (1) or `stall` cycles pass without a retirement
// (2).  With `cov` set, each change of the control-register vector sets
// bit hash(previous state, state) in it (DifuzzRTL-style).
HFZ_API int hfz_run(void *p, uint64_t max_cycles, uint64_t stall,
		    unsigned reset_cycles, hfz_cb cb, void *payload,
		    uint64_t *cycles, uint8_t *cov)
{
	hfz *h = static_cast<hfz *>(p);
	Vhfz *t = h->top;
	uint64_t c, quiet = 0, prev = 0, cur;
	hfz_rvfi r;
	int end = 1;

	t->rst = 1;
	for (unsigned i = 0; i < reset_cycles; i++) {
		t->clk = 0;
		t->eval();
		t->clk = 1;
		t->eval();
	}
	t->rst = 0;
	for (c = 0; c < max_cycles; c++) {
		t->clk = 0;
		t->eval();
		t->clk = 1;
		t->eval();
		if (cov) {
			cur = cov_hash(t);
			if (cur != prev) {
				uint64_t i = (cur ^ (prev >> 1)) & HFZ_COV_MASK;

				cov[i >> 3] |= (uint8_t)(1u << (i & 7));
				prev = cur;
			}
		}
		if (!t->rvfi_valid) {
			if (++quiet >= stall) {
				end = 2;
				c++;
				break;
			}
			continue;
		}
		quiet = 0;
		fill(&r, t);
		if (cb(payload, &r)) {
			end = 0;
			c++;
			break;
		}
	}
	*cycles = c;
	return end;
}
