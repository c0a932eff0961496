#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz-int.h"

/*
 * One test: the program goes into the model's RAM and the ISS, the model
 * runs, and every RVFI retirement is checked against one ISS step.  The
 * first divergence stops the model (the callback returns nonzero).
 */

#define NOP 0x00000013u

void fuzz__rvfi_to_commit(struct rv_commit *c, const struct hfz_rvfi *r)
{
	memset(c, 0, sizeof(*c));
	c->order = r->order;
	c->insn = r->insn;
	c->pc_rdata = r->pc_rdata;
	c->pc_wdata = r->pc_wdata;
	c->rs1_addr = (uint8_t)r->rs1_addr;
	c->rs2_addr = (uint8_t)r->rs2_addr;
	c->rd_addr = (uint8_t)r->rd_addr;
	c->rs1_rdata = r->rs1_rdata;
	c->rs2_rdata = r->rs2_rdata;
	c->rd_wdata = r->rd_wdata;
	c->mem_addr = r->mem_addr;
	c->mem_rmask = (uint8_t)r->mem_rmask;
	c->mem_wmask = (uint8_t)r->mem_wmask;
	c->mem_rdata = r->mem_rdata;
	c->mem_wdata = r->mem_wdata;
	c->trap = r->trap != 0;
	c->halt = r->halt != 0;
}

static bool is_jump(uint32_t insn)
{
	uint32_t op = insn & 0x7f;

	return op == 0x6f || op == 0x67 || op == 0x63;
}

/* 0: keep going; 1: the test ends here with out->end set. */
enum fuzz_end fuzz__compare(const struct fuzz_core *c, struct rv_iss *iss,
			    const struct rv_commit *dut_in,
			    struct fuzz_outcome *out)
{
	struct rv_commit dut = *dut_in;
	const char *field = NULL;
	bool was_halted = iss->halted;

	rv_iss_step(iss, &out->gold);
	out->dut = dut;
	if (was_halted) {
		out->field = "halt";
		return FUZZ_END_DIVERGE;
	}
	if ((c->quirks & FUZZ_QUIRK_LOAD_RMASK_WORD) && out->gold.mem_rmask &&
	    dut.mem_rmask == 0xf)
		dut.mem_rmask = out->gold.mem_rmask;
	if ((c->quirks & FUZZ_QUIRK_MISALIGNED_JUMP_LATE) && out->gold.trap &&
	    !dut.trap && is_jump(out->gold.insn) &&
	    dut.pc_rdata == out->gold.pc_rdata && dut.insn == out->gold.insn)
		return FUZZ_END_UNSPEC;
	if ((c->quirks & FUZZ_QUIRK_TRAP_INSN_LOW16) && out->gold.trap &&
	    (out->gold.insn & 3) != 3 && dut.insn == (out->gold.insn & 0xffff))
		dut.insn = out->gold.insn;
	if ((c->quirks & FUZZ_QUIRK_FENCE_RESERVED) &&
	    (out->gold.insn & 0x707f) == 0x000f &&
	    (out->gold.insn & 0x000f8f80) && !out->gold.trap)
		return FUZZ_END_UNSPEC;
	if (rv_commit_cmp(&out->gold, &dut, &field)) {
		out->field = field;
#ifdef RV_SMC_WINDOW
		/* a store into the next few code words: a pipeline may have
		 * fetched the old ones (no fence.i), so no verdict */
		if (iss->self_modified)
			return FUZZ_END_UNSPEC;
#endif
		return FUZZ_END_DIVERGE;
	}
	if (out->gold.trap || dut.trap)
		return FUZZ_END_MARKER;
	return (enum fuzz_end)-1;
}

struct step {
	struct fuzz_exec *x;
	struct fuzz_outcome *o;
	uint64_t max_insns;
};

static int on_retire(void *payload, const struct hfz_rvfi *r)
{
	struct step *s = payload;
	struct rv_commit dut;
	enum fuzz_end e;

	fuzz__rvfi_to_commit(&dut, r);
	s->o->index = s->o->retired++;
	e = fuzz__compare(s->x->core, &s->x->iss, &dut, s->o);
	if ((int)e >= 0) {
		s->o->end = e;
		return 1;
	}
	if (s->o->retired >= s->max_insns) {
		s->o->end = FUZZ_END_INSNS;
		return 1;
	}
	return 0;
}

int fuzz__exec_init(struct fuzz_exec *x, const struct fuzz_core *c,
		    const char *so_path, bool coverage)
{
	int rc;

	memset(x, 0, sizeof(*x));
	x->core = c;
	x->coverage = coverage;
	fuzz__isa(&x->isa, c);
	if (rv_iss_init(&x->iss, &x->isa))
		return err_set(ERR_FAIL, "out of memory");
	x->cov = calloc(1, FUZZ_COV_BYTES);
	if (!x->cov) {
		fuzz__exec_release(x);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = fuzz__model_open(&x->model, so_path);
	if (!rc && c->target == FUZZ_TARGET_NPU && !x->model.npu_cycle)
		rc = err_set(ERR_FAIL, "model '%s' is no NPU model", so_path);
	else if (!rc && c->target != FUZZ_TARGET_NPU &&
		 x->model.words != c->ram_size / 4)
		rc = err_set(ERR_FAIL, "model '%s' has %u RAM words, not %u",
			     so_path, x->model.words, c->ram_size / 4);
	if (rc)
		fuzz__exec_release(x);
	return rc;
}

void fuzz__exec_release(struct fuzz_exec *x)
{
	fuzz__model_close(&x->model);
	rv_iss_release(&x->iss);
	free(x->cov);
	x->cov = NULL;
}

uint64_t fuzz__insn_budget(const struct rv_prog *p)
{
	return 2 * (uint64_t)p->n + 64;
}

int fuzz__exec_run(struct fuzz_exec *x, const struct rv_prog *p,
		   struct fuzz_outcome *out)
{
	struct step s = { .x = x, .o = out };
	const struct fuzz_core *c = x->core;
	uint64_t max_cycles;
	uint32_t first = (c->reset_pc & (c->ram_size - 1)) / 4;
	int end;

	if (c->target == FUZZ_TARGET_NPU)
		return fuzz__npu_exec(x, p, out);
	if (p->n > c->ram_size / 4)
		return err_set(ERR_USAGE, "program of %zu words does not fit "
					  "the RAM", p->n);
	memset(out, 0, sizeof(*out));
	s.max_insns = fuzz__insn_budget(p);
	max_cycles = s.max_insns * c->cycles_per_insn + 1000;
	rv_iss_reset(&x->iss, p->insn, p->n);
	x->model.load(x->model.m, p->insn, p->n, first);
	if (x->coverage)
		memset(x->cov, 0, FUZZ_COV_BYTES);
	out->end = FUZZ_END_CYCLES;
	end = x->model.run(x->model.m, max_cycles, c->stall_cycles,
			   c->reset_cycles, on_retire, &s, &out->cycles,
			   x->coverage ? x->cov : NULL);
	if (end == HFZ_END_STALL) {
		out->end = x->iss.halted ? FUZZ_END_MARKER : FUZZ_END_HANG;
#ifdef RV_SMC_WINDOW
		if (out->end == FUZZ_END_HANG && x->iss.self_modified)
			out->end = FUZZ_END_UNSPEC;
#endif
		out->field = "hang";
		out->index = out->retired;
	} else if (end == HFZ_END_BUDGET) {
		out->end = FUZZ_END_CYCLES;
	}
	return 0;
}

/* ---- minimization ------------------------------------------------------ */

struct ddmin {
	struct fuzz_exec *x;
	const struct fuzz_outcome *want;
	size_t runs, max_runs;
};

static bool same(const struct fuzz_outcome *a, const struct fuzz_outcome *b)
{
	if (a->end != b->end)
		return false;
	if (a->end == FUZZ_END_HANG)
		return true;
	return a->field && b->field && !strcmp(a->field, b->field) &&
	       (a->gold.insn & 0x7f) == (b->gold.insn & 0x7f);
}

static bool keeps(struct ddmin *d, const struct rv_prog *p)
{
	struct fuzz_outcome o;

	if (d->runs >= d->max_runs)
		return false;
	d->runs++;
	if (fuzz__exec_run(d->x, p, &o))
		return false;
	return same(&o, d->want);
}

static int without(struct rv_prog *out, const struct rv_prog *p, size_t at,
		   size_t n)
{
	if (rv_prog_copy(out, p))
		return err_set(ERR_FAIL, "out of memory");
	memmove(out->insn + at, out->insn + at + n,
		(out->n - at - n) * sizeof(*out->insn));
	out->n -= n;
	return 0;
}

/* Remove chunks of the body (ddmin), keeping the final end marker. */
static int shrink(struct ddmin *d, struct rv_prog *cur)
{
	size_t body = cur->n - cur->prologue - 1, chunk = body / 2;

	if (!chunk)
		chunk = 1;
	while (chunk >= 1 && cur->n > cur->prologue + 1) {
		bool changed = false;

		for (size_t i = cur->prologue; i + 1 < cur->n;) {
			struct rv_prog cand = { 0 };
			size_t n = chunk;

			if (i + n > cur->n - 1)
				n = cur->n - 1 - i;
			if (without(&cand, cur, i, n))
				return ERR_FAIL;
			if (keeps(d, &cand)) {
				rv_prog_release(cur);
				*cur = cand;
				changed = true;
			} else {
				rv_prog_release(&cand);
				i += n;
			}
		}
		if (!changed)
			chunk /= 2;
		if (d->runs >= d->max_runs)
			break;
	}
	return 0;
}

/* Replace what remains with nops, one at a time (prologue included). */
static int nops(struct ddmin *d, struct rv_prog *cur)
{
	for (size_t i = 0; i + 1 < cur->n && d->runs < d->max_runs; i++) {
		uint32_t old = cur->insn[i];

		if (old == NOP)
			continue;
		cur->insn[i] = NOP;
		if (!keeps(d, cur))
			cur->insn[i] = old;
	}
	return 0;
}

int fuzz__minimize(struct fuzz_exec *x, const struct rv_prog *p,
		   const struct fuzz_outcome *o, struct rv_prog *out,
		   size_t *runs)
{
	struct ddmin d = { .x = x, .want = o, .max_runs = 4000 };
	struct rv_prog cur = { 0 };
	int rc;

	if (rv_prog_copy(&cur, p))
		return err_set(ERR_FAIL, "out of memory");
	/* everything after the divergence first, in one cut */
	if (o->end != FUZZ_END_HANG && cur.n > cur.prologue + 1) {
		size_t keep = cur.prologue + (size_t)o->index + 1;
		struct rv_prog cand = { 0 };

		if (keep < cur.n - 1 &&
		    !without(&cand, &cur, keep, cur.n - 1 - keep)) {
			if (keeps(&d, &cand)) {
				rv_prog_release(&cur);
				cur = cand;
			} else {
				rv_prog_release(&cand);
			}
		}
	}
	rc = shrink(&d, &cur);
	if (!rc)
		rc = nops(&d, &cur);
	/* what is left of the prologue may go too */
	cur.prologue = 0;
	if (!rc)
		rc = shrink(&d, &cur);
	if (rc) {
		rv_prog_release(&cur);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = cur;
	*runs = d.runs;
	return 0;
}
