// hwforge fuzz: the C API around one Verilated NPU wrapper (hf_fuzz_top
// of a core file of kind "npu").  Compiled with the generated model into
// one shared object and dlopen'ed by libfuzz; src/fuzz/npu.c drives the
// host interface one clock cycle at a time and keeps the golden model.
// HFZ_COV_MASK (coverage map bits - 1) comes from the build.
#include <cstdint>

#include "Vhfz.h"
#include "verilated.h"

#define HFZ_API extern "C" __attribute__((visibility("default")))

// Mirrors struct fuzz_npu_in / fuzz_npu_out in src/fuzz/fuzz-int.h.
struct hfz_npu_in {
	uint32_t reg_we, reg_addr, reg_wdata;
	uint32_t mem_req, mem_we, mem_addr, mem_wdata;
};
struct hfz_npu_out {
	// before the clock edge (what the edge acts on)
	uint32_t reg_rdata, mem_ready, irq;
	uint32_t mon_re, mon_raddr, mon_we, mon_waddr;
	// after it
	uint32_t mem_rvalid, mem_rdata;
};

struct hfz {
	VerilatedContext ctx;
	Vhfz *top;
	uint64_t prev;
};

HFZ_API void *hfz_new(void)
{
	hfz *h = new hfz;

	h->ctx.randReset(0);
	h->top = new Vhfz(&h->ctx, "top");
	h->prev = 0;
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

static void inputs(Vhfz *t, const hfz_npu_in *in)
{
	t->reg_we = in->reg_we;
	t->reg_addr = in->reg_addr;
	t->reg_wdata = in->reg_wdata;
	t->mem_req = in->mem_req;
	t->mem_we = in->mem_we;
	t->mem_addr = in->mem_addr;
	t->mem_wdata = in->mem_wdata;
}

// A fresh model (every register back to its initial value, the
// scratchpad included), then `cycles` cycles of reset with idle inputs.
HFZ_API void hfz_npu_reset(void *p, unsigned cycles)
{
	hfz *h = static_cast<hfz *>(p);
	hfz_npu_in idle = {};

	delete h->top;
	h->top = new Vhfz(&h->ctx, "top");
	h->prev = 0;
	inputs(h->top, &idle);
	h->top->rst = 1;
	for (unsigned i = 0; i < cycles; i++) {
		h->top->clk = 0;
		h->top->eval();
		h->top->clk = 1;
		h->top->eval();
	}
	h->top->rst = 0;
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

// One clock cycle with inputs `in`.  With `cov` set, a change of the
// control-register vector sets bit hash(previous, current) in it
// (DifuzzRTL-style, as share/fuzz/shim.cpp does for cores).
HFZ_API void hfz_npu_cycle(void *p, const hfz_npu_in *in, hfz_npu_out *out,
			   uint8_t *cov)
{
	hfz *h = static_cast<hfz *>(p);
	Vhfz *t = h->top;

	inputs(t, in);
	t->clk = 0;
	t->eval();
	out->reg_rdata = t->reg_rdata;
	out->mem_ready = t->mem_ready;
	out->irq = t->irq;
	out->mon_re = t->mon_re;
	out->mon_raddr = t->mon_raddr;
	out->mon_we = t->mon_we;
	out->mon_waddr = t->mon_waddr;
	t->clk = 1;
	t->eval();
	out->mem_rvalid = t->mem_rvalid;
	out->mem_rdata = t->mem_rdata;
	if (cov) {
		uint64_t cur = 0x9e3779b97f4a7c15ULL;

		for (int i = 0; i < 8; i++)
			cur = mix(cur ^ t->cov[i]);
		if (cur != h->prev) {
			uint64_t i = (cur ^ (h->prev >> 1)) & HFZ_COV_MASK;

			cov[i >> 3] |= (uint8_t)(1u << (i & 7));
			h->prev = cur;
		}
	}
}
