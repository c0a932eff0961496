#include "config.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/rv-int.h"

/*
 * Programs: the generator of valid random programs and the mutators.
 * Every choice comes from the rv_rng handed in, so a seed names a
 * program (and a mutation) byte for byte.
 */

/* ---- encodings -------------------------------------------------------- */

uint32_t rv_enc_r(uint32_t f7, uint32_t rs2, uint32_t rs1, uint32_t f3,
		  uint32_t rd, uint32_t opcode)
{
	return (f7 & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 |
	       (f3 & 7) << 12 | (rd & 31) << 7 | (opcode & 0x7f);
}

uint32_t rv_enc_i(int32_t imm, uint32_t rs1, uint32_t f3, uint32_t rd,
		  uint32_t opcode)
{
	return ((uint32_t)imm & 0xfff) << 20 | (rs1 & 31) << 15 |
	       (f3 & 7) << 12 | (rd & 31) << 7 | (opcode & 0x7f);
}

uint32_t rv_enc_s(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
	uint32_t u = (uint32_t)imm;

	return ((u >> 5) & 0x7f) << 25 | (rs2 & 31) << 20 | (rs1 & 31) << 15 |
	       (f3 & 7) << 12 | (u & 31) << 7 | 0x23;
}

static uint32_t b_imm_bits(int32_t imm)
{
	uint32_t u = (uint32_t)imm;

	return ((u >> 12) & 1) << 31 | ((u >> 5) & 0x3f) << 25 |
	       ((u >> 1) & 0xf) << 8 | ((u >> 11) & 1) << 7;
}

uint32_t rv_enc_b(int32_t imm, uint32_t rs2, uint32_t rs1, uint32_t f3)
{
	return b_imm_bits(imm) | (rs2 & 31) << 20 | (rs1 & 31) << 15 |
	       (f3 & 7) << 12 | 0x63;
}

uint32_t rv_enc_u(uint32_t imm20, uint32_t rd, uint32_t opcode)
{
	return (imm20 & 0xfffff) << 12 | (rd & 31) << 7 | (opcode & 0x7f);
}

static uint32_t j_imm_bits(int32_t imm)
{
	uint32_t u = (uint32_t)imm;

	return ((u >> 20) & 1) << 31 | ((u >> 1) & 0x3ff) << 21 |
	       ((u >> 11) & 1) << 20 | ((u >> 12) & 0xff) << 12;
}

uint32_t rv_enc_j(int32_t imm, uint32_t rd)
{
	return j_imm_bits(imm) | (rd & 31) << 7 | 0x6f;
}

/* ---- programs --------------------------------------------------------- */

void rv_prog_release(struct rv_prog *p)
{
	free(p->insn);
	memset(p, 0, sizeof(*p));
}

static int prog_reserve(struct rv_prog *p, size_t n)
{
	uint32_t *w;
	size_t a;

	if (n <= p->alloc)
		return 0;
	a = p->alloc ? p->alloc : 64;
	while (a < n) {
		if (a > SIZE_MAX / 8)
			goto oom;
		a *= 2;
	}
	w = realloc(p->insn, a * sizeof(*w));
	if (!w)
		goto oom;
	p->insn = w;
	p->alloc = a;
	return 0;
oom:
	errno = ENOMEM;
	return -1;
}

int rv_prog_set(struct rv_prog *p, const uint32_t *w, size_t n, size_t prologue)
{
	if (prog_reserve(p, n ? n : 1))
		return -1;
	if (n)
		memmove(p->insn, w, n * sizeof(*w));
	p->n = n;
	p->prologue = prologue <= n ? prologue : n;
	return 0;
}

int rv_prog_copy(struct rv_prog *out, const struct rv_prog *p)
{
	memset(out, 0, sizeof(*out));
	return rv_prog_set(out, p->insn, p->n, p->prologue);
}

/* ---- where data may live ---------------------------------------------- */

/* Offsets in RAM: the code [c0, c1) and the data area for a program of
 * nwords words; -1 when it does not fit with at least 64 bytes of data. */
static int data_area(const struct rv_isa *isa, size_t nwords, uint32_t *lo,
		     uint32_t *hi)
{
	uint32_t size = isa->ram_size, half = size / 2;
	uint32_t c0 = (isa->reset_pc - isa->ram_base) & (size - 1);
	uint64_t c1 = (uint64_t)c0 + 4 * (uint64_t)nwords;

	if (c1 > size)
		return -1;
	if (c1 <= half) {
		*lo = half;
		*hi = size;
	} else if (size - c1 >= c0) {
		*lo = ((uint32_t)c1 + 63) & ~63u;
		*hi = size;
	} else {
		*lo = 0;
		*hi = c0;
	}
	if (*hi < *lo + 64)
		return -1;
	return 0;
}

/* Does word w write a register, and which (0: none)? */
static uint32_t writes_rd(uint32_t w)
{
	switch (w & 0x7f) {
	case 0x37:
	case 0x17:
	case 0x6f:
	case 0x67:
	case 0x03:
	case 0x13:
	case 0x33:
		return (w >> 7) & 31;
	default:
		return 0;
	}
}

/* Known register values after the prologue (lui/addi only). */
static void prologue_values(const struct rv_prog *p, uint32_t val[32],
			    bool known[32])
{
	memset(known, 0, 32 * sizeof(*known));
	known[0] = true;
	val[0] = 0;
	for (size_t i = 0; i < p->prologue; i++) {
		uint32_t w = p->insn[i], rd = (w >> 7) & 31,
			 rs1 = (w >> 15) & 31;

		if (!rd)
			continue;
		if ((w & 0x7f) == 0x37) {
			val[rd] = w & 0xfffff000u;
			known[rd] = true;
		} else if ((w & 0x707f) == 0x13 && known[rs1]) {
			val[rd] = val[rs1] + (uint32_t)rv_imm_i(w);
			known[rd] = true;
		} else {
			known[rd] = writes_rd(w) ? false : known[rd];
		}
	}
}

/*
 * The base registers of p as it stands: set by the prologue to a
 * word-aligned address with +-2 KiB of RAM around it clear of a code of
 * nwords words, and written by no later word.  Returns how many (<= 31).
 */
static int find_bases(const struct rv_prog *p, const struct rv_isa *isa,
		      size_t nwords, uint8_t reg[32], uint32_t v[32])
{
	uint32_t val[32], size = isa->ram_size;
	uint32_t c0 = (isa->reset_pc - isa->ram_base) & (size - 1);
	uint64_t c1 = (uint64_t)c0 + 4 * (uint64_t)nwords;
	bool known[32], written[32] = { false };
	int n = 0;

	prologue_values(p, val, known);
	for (size_t i = p->prologue; i < p->n; i++)
		written[writes_rd(p->insn[i])] = true;
	for (uint32_t r = 1; r < 32; r++) {
		uint32_t off = val[r] - isa->ram_base;

		if (!known[r] || written[r] || (val[r] & 3))
			continue;
		if (off < 2048 || off > size - 2048)
			continue;
		if (off - 2048 < c1 && off + 2048 > c0)
			continue;
		reg[n] = (uint8_t)r;
		v[n++] = val[r];
	}
	return n;
}

int rv_prog_bases(const struct rv_prog *p, const struct rv_isa *isa,
		  uint8_t reg[32], uint32_t val[32])
{
	return find_bases(p, isa, p->n, reg, val);
}

/* ---- the generator ---------------------------------------------------- */

struct gen {
	struct rv_prog *p;
	const struct rv_isa *isa;
	struct rv_rng *r;
	size_t end; /* index of the end marker */
	uint8_t base[2];
	int32_t win; /* accesses at base + [-win, win) */
	uint8_t recent[4]; /* last destinations, for hazards */
	unsigned nrecent;
	size_t mis_at; /* the first access or jump from here on is
			  misaligned (once); SIZE_MAX: none */
	int32_t hot; /* a hot offset, so accesses collide */
	uint8_t *landing; /* [i]: an earlier branch or jump targets i */
};

static uint32_t below(struct gen *g, uint32_t n)
{
	return rv_rng_below(g->r, n);
}

static void emit(struct gen *g, uint32_t w)
{
	/* The marker ends a test wherever it sits: keep it out of the body
	 * (only an odd marker, a nop say, could be generated there). */
	if (g->p->prologue && g->p->n < g->end && w == g->isa->end_insn)
		w = w == RV_INSN_NOP ? rv_enc_i(0, 0, 7, 0, 0x13) : RV_INSN_NOP;
	g->p->insn[g->p->n++] = w;
}

static size_t left(const struct gen *g)
{
	return g->end - g->p->n;
}

static bool is_base(const struct gen *g, uint32_t r)
{
	return r == g->base[0] || r == g->base[1];
}

/* A destination: any register but the bases (x0 now and then). */
static uint32_t pick_rd(struct gen *g)
{
	uint32_t rd;

	do
		rd = below(g, 32);
	while (is_base(g, rd));
	g->recent[g->nrecent++ % 4] = (uint8_t)rd;
	return rd;
}

/* A source: half the time a recent destination (read-after-write). */
static uint32_t pick_src(struct gen *g)
{
	unsigned n = g->nrecent < 4 ? g->nrecent : 4;

	if (n && below(g, 2))
		return g->recent[below(g, n)];
	return below(g, 32);
}

static const int32_t imm_edges[] = { 0,	    1,	   -1,	 2,	-2,
				     2047,  -2048, 2046, -2047, 1024,
				     -1025, 0x7f,  0x80, -0x80, 0xff };

static int32_t pick_imm12(struct gen *g)
{
	switch (below(g, 4)) {
	case 0:
		return imm_edges[below(g, sizeof(imm_edges) /
						  sizeof(imm_edges[0]))];
	case 1:
		return (int32_t)below(g, 33) - 16;
	default:
		return (int32_t)below(g, 4096) - 2048;
	}
}

static uint32_t pick_value(struct gen *g)
{
	static const uint32_t edges[] = { 0,	       1,	    0xffffffffu,
					  0x80000000u, 0x7fffffffu, 0x80000001u,
					  0xfffffffeu, 0x7ff,	    0x800,
					  0xfffff800u };

	switch (below(g, 4)) {
	case 0:
		return edges[below(g, sizeof(edges) / sizeof(edges[0]))];
	case 1:
		return (uint32_t)((int32_t)below(g, 65) - 32);
	default:
		return (uint32_t)rv_rng_next(g->r);
	}
}

static void emit_li(struct gen *g, uint32_t rd, uint32_t v)
{
	emit(g, rv_enc_u((v + 0x800) >> 12, rd, 0x37));
	emit(g,
	     rv_enc_i((int32_t)((v & 0xfff) ^ 0x800) - 0x800, rd, 0, rd, 0x13));
}

/* A data address for the bases: win bytes of room either side. */
static uint32_t pick_base_value(struct gen *g, uint32_t lo, uint32_t hi)
{
	uint32_t span = (hi - lo - 2 * (uint32_t)g->win) / 4;

	return g->isa->ram_base + lo + (uint32_t)g->win +
	       4 * below(g, span + 1);
}

static void gen_prologue(struct gen *g, uint32_t lo, uint32_t hi)
{
	uint32_t v[32];

	g->base[0] = (uint8_t)(1 + below(g, 31));
	do
		g->base[1] = (uint8_t)(1 + below(g, 31));
	while (g->base[1] == g->base[0]);
	for (uint32_t r = 1; r < 32; r++)
		v[r] = is_base(g, r) ? pick_base_value(g, lo, hi)
				     : pick_value(g);
	for (uint32_t r = 1; r < 32; r++)
		emit_li(g, r, v[r]);
}

static const uint8_t load_f3[] = { 0, 1, 2, 4, 5 };

/* An in-window offset for an access of `size` bytes, aligned unless this
 * is the planned misaligned one. */
static int32_t pick_offset(struct gen *g, uint32_t size, bool mis)
{
	int32_t off;

	if (below(g, 2)) {
		off = g->hot + (int32_t)below(g, 16) * 4 - 32;
		if (off < -g->win || off > g->win - 8)
			off = 0;
	} else {
		off = (int32_t)below(g, 2 * (uint32_t)g->win - 8) - g->win;
	}
	off &= ~(int32_t)(size - 1);
	if (mis)
		off += 1 + (int32_t)below(g, size - 1);
	return off;
}

static bool take_mis(struct gen *g)
{
	if (g->p->n < g->mis_at)
		return false;
	g->mis_at = SIZE_MAX;
	return true;
}

static uint32_t gen_load_f3(struct gen *g, bool mis)
{
	if (mis)
		return below(g, 2) ? 2 : (below(g, 2) ? 1 : 5);
	return load_f3[below(g, 5)];
}

static void gen_load(struct gen *g, uint32_t rd, uint32_t b, int32_t off,
		     uint32_t f3)
{
	emit(g, rv_enc_i(off, g->base[b], f3, rd, 0x03));
}

static void gen_mem(struct gen *g, bool store)
{
	bool mis = take_mis(g);
	uint32_t b = below(g, 2), f3;
	int32_t off;

	if (store) {
		f3 = mis ? 1 + below(g, 2) : below(g, 3);
		off = pick_offset(g, 1u << f3, mis);
		emit(g, rv_enc_s(off, pick_src(g), g->base[b], f3));
		return;
	}
	f3 = gen_load_f3(g, mis);
	off = pick_offset(g, 1u << (f3 & 3), mis);
	gen_load(g, pick_rd(g), b, off, f3);
}

static void gen_alu_reg(struct gen *g);

/* A store, maybe one filler, then a load of the same word. */
static void gen_store_load(struct gen *g)
{
	uint32_t b = below(g, 2), sf3 = below(g, 3), lf3 = load_f3[below(g, 5)];
	int32_t off = pick_offset(g, 4, false);

	int32_t sub = (int32_t)(below(g, 4) & ~((1u << sf3) - 1));
	uint32_t rs2 = pick_src(g), rd;

	emit(g, rv_enc_s(off + sub, rs2, g->base[b], sf3));
	if (left(g) > 1 && below(g, 3) == 0)
		gen_alu_reg(g);
	/* half the time the very bytes just stored, else the same word */
	if (below(g, 2))
		lf3 = sf3 == 2 ? 2 : sf3 + 4 * below(g, 2);
	else
		sub = (int32_t)(below(g, 4) & ~((1u << (lf3 & 3)) - 1));
	rd = pick_rd(g);
	gen_load(g, rd, b, off + sub, lf3);
}

static const uint8_t br_f3[] = { 0, 1, 4, 5, 6, 7 };

/* A forward branch on a and b: taken and not taken both common. */
static void gen_branch_on(struct gen *g, uint32_t a, uint32_t b)
{
	size_t room = left(g); /* words up to the marker, this one included */
	uint32_t k = 1 + below(g, room < 12 ? (uint32_t)room : 12);
	bool mis = take_mis(g);
	int32_t off = 4 * (int32_t)k;

	g->landing[g->p->n + k] = 1;
	if (mis)
		off += 2;
	if (below(g, 3) == 0)
		b = a;
	emit(g, rv_enc_b(off, b, a, br_f3[below(g, 6)]));
}

static void gen_jal(struct gen *g)
{
	size_t room = left(g);
	uint32_t k = 1 + below(g, room < 16 ? (uint32_t)room : 16);
	bool mis = take_mis(g);

	g->landing[g->p->n + k] = 1;
	emit(g, rv_enc_j(4 * (int32_t)k + (mis ? 2 : 0),
			 below(g, 3) ? pick_rd(g) : 0));
}

/* auipc rX, 0; addi rX, rX, t - d; jalr rd, d(rX) to a forward target. */
static void gen_jalr(struct gen *g)
{
	size_t room = left(g) - 2;
	uint32_t k = 1 + below(g, room < 12 ? (uint32_t)room : 12);
	uint32_t rx = pick_rd(g), rd;
	int32_t d = (int32_t)below(g, 33) - 16;
	int32_t t = 4 * (int32_t)(2 + k);
	bool mis;

	while (!rx)
		rx = pick_rd(g);
	rd = below(g, 3) ? pick_rd(g) : 0;
	g->landing[g->p->n + 2 + k] = 1;
	emit(g, rv_enc_u(0, rx, 0x17));
	mis = take_mis(g);
	/* bit 0 is dropped by jalr: set it now and then */
	emit(g, rv_enc_i(t - d + (mis ? 2 : (int32_t)below(g, 2)), rx, 0, rx,
			 0x13));
	emit(g, rv_enc_i(d, rx, 0, rd, 0x67));
}

static void gen_alu_imm(struct gen *g)
{
	static const uint8_t f3s[] = { 0, 2, 3, 4, 6, 7, 1, 5, 5 };
	uint32_t i = below(g, 9), rs1 = pick_src(g), rd = pick_rd(g);

	if (f3s[i] == 1 || f3s[i] == 5) {
		static const uint8_t sh[] = { 0, 31, 1, 16 };
		uint32_t shamt = below(g, 2) ? sh[below(g, 4)] : below(g, 32);

		emit(g,
		     rv_enc_r(i == 8 ? 0x20 : 0, shamt, rs1, f3s[i], rd, 0x13));
		return;
	}
	emit(g, rv_enc_i(pick_imm12(g), rs1, f3s[i], rd, 0x13));
}

static void gen_alu_reg(struct gen *g)
{
	static const uint8_t f3s[] = { 0, 0, 1, 2, 3, 4, 5, 5, 6, 7 };
	uint32_t i = below(g, 10);
	uint32_t f7 = (i == 1 || i == 7) ? 0x20 : 0;
	uint32_t rs1 = pick_src(g);
	uint32_t rs2 = pick_src(g);
	uint32_t rd = pick_rd(g);

	emit(g, rv_enc_r(f7, rs2, rs1, f3s[i], rd, 0x33));
}

static void gen_upper(struct gen *g)
{
	static const uint32_t edges[] = { 0, 1, 0x80000, 0xfffff, 0x7ffff };
	uint32_t imm = below(g, 3) ? (uint32_t)rv_rng_next(g->r) & 0xfffff
				   : edges[below(g, 5)];
	uint32_t rd = pick_rd(g);
	uint32_t op = below(g, 3) ? 0x37 : 0x17;

	emit(g, rv_enc_u(imm, rd, op));
}

/* One step of the body: one instruction or a short hazard sequence. */
static void gen_one(struct gen *g)
{
	uint32_t c = below(g, 100), rd, a, b, f3;
	int32_t off;

	if (c < 20) {
		gen_alu_reg(g);
	} else if (c < 38) {
		gen_alu_imm(g);
	} else if (c < 44) {
		gen_upper(g);
	} else if (c < 56) {
		gen_mem(g, false);
	} else if (c < 65) {
		gen_mem(g, true);
	} else if (c < 71 && left(g) >= 3) {
		gen_store_load(g);
	} else if (c < 76 && left(g) >= 2) {
		/* a load, then a use of what it loaded */
		rd = pick_rd(g);
		b = below(g, 2);
		off = pick_offset(g, 4, false);
		gen_load(g, rd, b, off, load_f3[below(g, 5)]);
		if (below(g, 2)) {
			a = pick_src(g);
			f3 = below(g, 8) & 6;
			emit(g, rv_enc_r(0, a, rd, f3, pick_rd(g), 0x33));
		} else {
			gen_branch_on(g, rd, pick_src(g));
		}
	} else if (c < 80 && left(g) >= 2) {
		gen_alu_imm(g);
		gen_branch_on(g, g->recent[(g->nrecent - 1) % 4], pick_src(g));
	} else if (c < 88) {
		a = pick_src(g);
		b = pick_src(g);
		gen_branch_on(g, a, b);
	} else if (c < 92) {
		gen_jal(g);
	} else if (c < 96 && left(g) >= 4 && !g->landing[g->p->n + 1] &&
		   !g->landing[g->p->n + 2]) {
		/* nothing may land inside the triple */
		gen_jalr(g);
	} else if (c < 98) {
		emit(g, g->isa->fence_i_nop && below(g, 2) ? 0x0000100fu
							   : 0x0ff0000fu);
	} else {
		gen_alu_reg(g);
	}
}

int rv_gen(struct rv_prog *out, const struct rv_isa *isa,
	   const struct rv_gen_opts *o, struct rv_rng *r)
{
	struct gen g = { .p = out, .isa = isa, .r = r, .mis_at = SIZE_MAX };
	size_t total = RV_GEN_PROLOGUE + o->len + 1;
	uint32_t lo, hi;

	memset(out, 0, sizeof(*out));
	if (o->len > (1u << 28) || data_area(isa, total, &lo, &hi)) {
		errno = EINVAL;
		return -1;
	}
	g.landing = calloc(total, 1);
	if (!g.landing || prog_reserve(out, total)) {
		free(g.landing);
		rv_prog_release(out);
		errno = ENOMEM;
		return -1;
	}
	g.win = (hi - lo) / 2 >= 2048 ? 2048 : (int32_t)((hi - lo) / 4) * 2;
	g.win &= ~7;
	g.hot = (int32_t)below(&g, (uint32_t)g.win) - g.win / 2;
	g.hot &= ~3;
	gen_prologue(&g, lo, hi);
	out->prologue = out->n;
	g.end = out->n + o->len;
	if (!o->no_traps && isa->misaligned_traps && o->len &&
	    below(&g, 4) == 0)
		g.mis_at = out->n + below(&g, (uint32_t)o->len);
	while (out->n < g.end)
		gen_one(&g);
	emit(&g, isa->end_insn);
	free(g.landing);
	return 0;
}

/* ---- moving words: keep control flow pointing where it pointed -------- */

/* Point the branch or jal now at new_at to new_tgt (word indices);
 * -1 (word unchanged) when the offset does not fit. */
static int retarget(uint32_t *w, int64_t new_at, int64_t new_tgt)
{
	int64_t off = (new_tgt - new_at) * 4;

	if ((*w & 0x7f) == 0x63) {
		if (off < -4096 || off > 4094)
			return -1;
		*w = (*w & 0x01fff07fu) | b_imm_bits((int32_t)off);
		return 0;
	}
	if (off < -(1 << 20) || off > (1 << 20) - 2)
		return -1;
	*w = (*w & 0xfffu) | j_imm_bits((int32_t)off);
	return 0;
}

/*
 * After words moved, fix every branch, jal and auipc+addi pair whose
 * target crossed the moved point.  map(j) gives the new index of old
 * index j (for a target: the word it should now point at).  Works on the
 * old copy `old` (n words) and writes into p (already rearranged).
 */
struct move {
	size_t pos; /* first affected old index */
	size_t k; /* words inserted (ins) or deleted (del, 1) */
	bool ins;
};

static int64_t map_index(const struct move *mv, int64_t j)
{
	if (j < (int64_t)mv->pos)
		return j;
	if (mv->ins)
		return j + (int64_t)mv->k;
	return j == (int64_t)mv->pos ? j : j - 1;
}

/* auipc rX, 0 at old index i; addi rX, rX, imm [; jalr rd, d(rX)]: a
 * code pointer to i + (imm + d) / 4; keep it on its word. */
static void fix_pointer(struct rv_prog *p, const uint32_t *old, size_t n,
			const struct move *mv, size_t i, int64_t ni)
{
	uint32_t rx = (old[i] >> 7) & 31;
	int32_t imm = rv_imm_i(old[i + 1]), d = 0, total, nimm;
	int64_t tgt, nt, ni1;

	if (!mv->ins && i + 1 == mv->pos)
		return;
	if (i + 2 < n && (old[i + 2] & 0x707f) == 0x67 &&
	    ((old[i + 2] >> 15) & 31) == rx)
		d = rv_imm_i(old[i + 2]);
	total = imm + d;
	tgt = (int64_t)i + (total >> 2);
	nt = map_index(mv, tgt) * 4 + (total & 3);
	ni1 = map_index(mv, (int64_t)i + 1);
	if (ni1 != ni + 1 || nt - ni * 4 == total)
		return;
	nimm = (int32_t)(nt - ni * 4) - d;
	if (nimm < -2048 || nimm > 2047)
		return;
	p->insn[ni1] = (old[i + 1] & 0x000fffffu) | ((uint32_t)nimm & 0xfff)
							    << 20;
}

static void fix_targets(struct rv_prog *p, const uint32_t *old, size_t n,
			const struct move *mv)
{
	for (size_t i = p->prologue; i < n; i++) {
		uint32_t w = old[i], op = w & 0x7f;
		int64_t ni;

		if (!mv->ins && i == mv->pos)
			continue;
		ni = map_index(mv, (int64_t)i);
		if (op == 0x63 || op == 0x6f) {
			int32_t off = op == 0x63 ? rv_imm_b(w) : rv_imm_j(w);
			int64_t tgt;

			if (off & 3)
				continue;
			tgt = (int64_t)i + off / 4;
			if (map_index(mv, tgt) - ni != tgt - (int64_t)i)
				retarget(&p->insn[ni], ni, map_index(mv, tgt));
		} else if (op == 0x17 && !(w >> 12) && i + 1 < n &&
			   (old[i + 1] & 0x707f) == 0x13 &&
			   ((old[i + 1] >> 15) & 31) == ((w >> 7) & 31) &&
			   ((old[i + 1] >> 7) & 31) == ((w >> 7) & 31)) {
			fix_pointer(p, old, n, mv, i, ni);
		}
	}
}

/* Insert k words before old index pos (prologue <= pos < n). */
static int prog_insert(struct rv_prog *p, size_t pos, const uint32_t *w,
		       size_t k)
{
	struct move mv = { .pos = pos, .k = k, .ins = true };
	uint32_t *old;
	size_t n = p->n;

	old = malloc(n * sizeof(*old));
	if (!old || prog_reserve(p, n + k)) {
		free(old);
		errno = ENOMEM;
		return -1;
	}
	memcpy(old, p->insn, n * sizeof(*old));
	memmove(p->insn + pos + k, p->insn + pos, (n - pos) * sizeof(*old));
	memcpy(p->insn + pos, w, k * sizeof(*w));
	p->n = n + k;
	fix_targets(p, old, n, &mv);
	free(old);
	return 0;
}

static int prog_delete(struct rv_prog *p, size_t pos)
{
	struct move mv = { .pos = pos, .k = 1, .ins = false };
	uint32_t *old;
	size_t n = p->n;

	old = malloc(n * sizeof(*old));
	if (!old) {
		errno = ENOMEM;
		return -1;
	}
	memcpy(old, p->insn, n * sizeof(*old));
	memmove(p->insn + pos, p->insn + pos + 1, (n - pos - 1) * sizeof(*old));
	p->n = n - 1;
	fix_targets(p, old, n, &mv);
	free(old);
	return 0;
}

/* ---- mutators --------------------------------------------------------- */

static const char *const mut_names[RV_MUT_COUNT] = {
	[RV_MUT_BITFLIP] = "bitflip",
	[RV_MUT_BYTEFLIP] = "byteflip",
	[RV_MUT_ARITH] = "arith",
	[RV_MUT_RANDOM_WORD] = "random-word",
	[RV_MUT_DELETE] = "delete",
	[RV_MUT_CLONE] = "clone",
	[RV_MUT_OPCODE_SWAP] = "opcode-swap",
	[RV_MUT_OPERAND_SWAP] = "operand-swap",
	[RV_MUT_IMM_EDGE] = "imm-edge",
	[RV_MUT_HAZARD_PAIR] = "hazard-pair",
};

const char *rv_mut_name(enum rv_mut m)
{
	if ((unsigned)m >= RV_MUT_COUNT)
		return NULL;
	return mut_names[m];
}

/* The opcode-determining bits of every RV32I instruction (and fence.i):
 * an opcode swap keeps the rest of the word, the operands. */
static const struct {
	uint32_t mask, match;
} templates[] = {
	{ 0x7f, 0x37 },
	{ 0x7f, 0x17 },
	{ 0x7f, 0x6f },
	{ 0x707f, 0x67 },
	{ 0x707f, 0x0063 },
	{ 0x707f, 0x1063 },
	{ 0x707f, 0x4063 },
	{ 0x707f, 0x5063 },
	{ 0x707f, 0x6063 },
	{ 0x707f, 0x7063 },
	{ 0x707f, 0x0003 },
	{ 0x707f, 0x1003 },
	{ 0x707f, 0x2003 },
	{ 0x707f, 0x4003 },
	{ 0x707f, 0x5003 },
	{ 0x707f, 0x0023 },
	{ 0x707f, 0x1023 },
	{ 0x707f, 0x2023 },
	{ 0x707f, 0x0013 },
	{ 0x707f, 0x2013 },
	{ 0x707f, 0x3013 },
	{ 0x707f, 0x4013 },
	{ 0x707f, 0x6013 },
	{ 0x707f, 0x7013 },
	{ 0xfe00707f, 0x1013 },
	{ 0xfe00707f, 0x5013 },
	{ 0xfe00707f, 0x40005013 },
	{ 0xfe00707f, 0x0033 },
	{ 0xfe00707f, 0x40000033 },
	{ 0xfe00707f, 0x1033 },
	{ 0xfe00707f, 0x2033 },
	{ 0xfe00707f, 0x3033 },
	{ 0xfe00707f, 0x4033 },
	{ 0xfe00707f, 0x5033 },
	{ 0xfe00707f, 0x40005033 },
	{ 0xfe00707f, 0x6033 },
	{ 0xfe00707f, 0x7033 },
	{ 0x707f, 0x000f },
	{ 0x707f, 0x100f },
	{ 0xffffffff, RV_INSN_ECALL },
	{ 0xffffffff, RV_INSN_EBREAK },
};

struct mut {
	struct rv_prog *p;
	const struct rv_isa *isa;
	struct rv_rng *r;
	size_t lo, hi; /* body: [lo, hi); hi is the marker */
	uint8_t base[32];
	uint32_t basev[32];
	int nbase;
};

static uint32_t mbelow(struct mut *m, uint32_t n)
{
	return rv_rng_below(m->r, n);
}

static size_t pick_pos(struct mut *m)
{
	return m->lo + mbelow(m, (uint32_t)(m->hi - m->lo));
}

static bool mut_is_base(const struct mut *m, uint32_t r)
{
	for (int i = 0; i < m->nbase; i++)
		if (m->base[i] == r)
			return true;
	return false;
}

/* A destination that is no base register. */
static uint32_t mut_rd(struct mut *m)
{
	uint32_t rd;

	do
		rd = mbelow(m, 32);
	while (mut_is_base(m, rd));
	return rd;
}

/* May the code grow by k words without reaching a base window? */
static bool may_grow(struct mut *m, size_t k)
{
	uint8_t reg[32];
	uint32_t v[32];

	return find_bases(m->p, m->isa, m->p->n + k, reg, v) == m->nbase;
}

static int mut_word(struct mut *m, enum rv_mut op)
{
	uint32_t *w = &m->p->insn[pick_pos(m)];
	uint32_t d, t;

	switch (op) {
	case RV_MUT_BITFLIP:
		*w ^= 1u << mbelow(m, 32);
		break;
	case RV_MUT_BYTEFLIP:
		*w ^= 0xffu << (8 * mbelow(m, 4));
		break;
	case RV_MUT_ARITH:
		d = 1 + mbelow(m, 35);
		*w = mbelow(m, 2) ? *w + d : *w - d;
		break;
	case RV_MUT_RANDOM_WORD:
		*w = (uint32_t)rv_rng_next(m->r);
		break;
	default:
		t = mbelow(m, sizeof(templates) / sizeof(templates[0]));
		*w = (*w & ~templates[t].mask) | templates[t].match;
		break;
	}
	return 0;
}

/* Swap two 5-bit register fields at bit positions a and b. */
static uint32_t swap_fields(uint32_t w, unsigned a, unsigned b)
{
	uint32_t fa = (w >> a) & 31, fb = (w >> b) & 31;

	w &= ~(31u << a) & ~(31u << b);
	return w | fa << b | fb << a;
}

static int mut_operand_swap(struct mut *m)
{
	for (int tries = 0; tries < 16; tries++) {
		size_t pos = pick_pos(m);
		uint32_t w = m->p->insn[pos], nw;

		switch (w & 0x7f) {
		case 0x33:
			switch (mbelow(m, 3)) {
			case 0:
				nw = swap_fields(w, 15, 20);
				break;
			case 1:
				nw = swap_fields(w, 7, 15);
				break;
			default:
				nw = swap_fields(w, 7, 20);
				break;
			}
			break;
		case 0x13:
		case 0x03:
		case 0x67:
			nw = swap_fields(w, 7, 15);
			break;
		case 0x23:
		case 0x63:
			nw = swap_fields(w, 15, 20);
			break;
		default:
			continue;
		}
		if (nw == w || mut_is_base(m, writes_rd(nw)))
			continue;
		m->p->insn[pos] = nw;
		return 0;
	}
	return 0;
}

static int mut_imm_edge(struct mut *m)
{
	static const int32_t i_edges[] = { 0,	 -1, 1,	    2047,  -2048,
					   2046, -2, 0x400, -0x401 };
	static const uint32_t u_edges[] = { 0, 1, 0x80000, 0xfffff, 0x7ffff };
	static const uint32_t sh_edges[] = { 0, 31, 1, 16 };

	for (int tries = 0; tries < 16; tries++) {
		size_t pos = pick_pos(m);
		uint32_t w = m->p->insn[pos], f3 = (w >> 12) & 7;
		int32_t e = i_edges[mbelow(m, 9)];

		switch (w & 0x7f) {
		case 0x13:
			if (f3 == 1 || f3 == 5) {
				w = (w & ~(31u << 20)) | sh_edges[mbelow(m, 4)]
								 << 20;
				break;
			}
			/* fall through */
		case 0x03:
			w = (w & 0x000fffffu) | ((uint32_t)e & 0xfff) << 20;
			break;
		case 0x23:
			w = (w & 0x01fff07fu) | rv_enc_s(e, 0, 0, 0);
			break;
		case 0x37:
		case 0x17:
			w = (w & 0xfffu) | u_edges[mbelow(m, 5)] << 12;
			break;
		default:
			continue;
		}
		m->p->insn[pos] = w;
		return 0;
	}
	return 0;
}

/* Is pos an auipc+addi+jalr triple's second or third word?  (Any body
 * auipc counts, to be safe.) */
static bool inside_triple(const struct rv_prog *p, size_t pos)
{
	for (size_t back = 1; back <= 2 && back <= pos; back++)
		if ((p->insn[pos - back] & 0x7f) == 0x17 &&
		    pos - back >= p->prologue)
			return true;
	return false;
}

static int mut_hazard_pair(struct mut *m)
{
	uint32_t w[2], rd = mut_rd(m), b, f3, kind, rs;
	size_t pos = m->lo + mbelow(m, (uint32_t)(m->hi - m->lo + 1));
	int32_t off, imm;
	bool skip;

	if (inside_triple(m->p, pos) || !may_grow(m, 2))
		return 0;
	kind = m->nbase ? mbelow(m, 3) : 2;
	b = m->nbase ? m->base[mbelow(m, (uint32_t)m->nbase)] : 0;
	f3 = mbelow(m, 3);
	off = ((int32_t)mbelow(m, 4096) - 2048) & ~(int32_t)((1u << f3) - 1);
	switch (kind) {
	case 0: /* load, then use */
		w[0] = rv_enc_i(off, b, (f3 == 2 || mbelow(m, 2)) ? f3 : f3 + 4,
				rd, 0x03);
		rs = mbelow(m, 32);
		w[1] = rv_enc_r(0, rs, rd, 0, mut_rd(m), 0x33);
		break;
	case 1: /* store, then load of the same address */
		w[0] = rv_enc_s(off, mbelow(m, 32), b, f3);
		w[1] = rv_enc_i(off, b, (f3 == 2 || mbelow(m, 2)) ? f3 : f3 + 4,
				rd, 0x03);
		break;
	default: /* write, then branch on it (over the next word if any) */
		imm = (int32_t)mbelow(m, 4096) - 2048;
		w[0] = rv_enc_i(imm, mbelow(m, 32), 0, rd, 0x13);
		rs = mbelow(m, 32);
		/* over the next word, unless that lands inside a triple */
		skip = pos < m->hi && !inside_triple(m->p, pos + 1);
		w[1] = rv_enc_b(skip ? 8 : 4, rs, rd, br_f3[mbelow(m, 6)]);
		break;
	}
	return prog_insert(m->p, pos, w, 2);
}

int rv_mutate(struct rv_prog *p, enum rv_mut op, const struct rv_isa *isa,
	      struct rv_rng *r)
{
	struct mut m = { .p = p, .isa = isa, .r = r };
	uint32_t w;
	size_t pos;

	if (!p->n || p->prologue >= p->n)
		return 0;
	m.lo = p->prologue;
	m.hi = p->n - 1;
	m.nbase = find_bases(p, isa, p->n, m.base, m.basev);
	if (op == RV_MUT_HAZARD_PAIR)
		return mut_hazard_pair(&m);
	if (m.hi == m.lo)
		return 0;
	switch (op) {
	case RV_MUT_DELETE:
		return prog_delete(p, pick_pos(&m));
	case RV_MUT_CLONE:
		pos = pick_pos(&m);
		w = p->insn[pos];
		if (!may_grow(&m, 1))
			return 0;
		return prog_insert(p, pos + 1, &w, 1);
	case RV_MUT_OPERAND_SWAP:
		return mut_operand_swap(&m);
	case RV_MUT_IMM_EDGE:
		return mut_imm_edge(&m);
	default:
		assert((unsigned)op < RV_MUT_COUNT);
		return mut_word(&m, op);
	}
}
