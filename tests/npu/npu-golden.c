#include "config.h"

#include "npu-golden.h"

uint64_t npu_rng_next(struct npu_rng *r)
{
	uint64_t z;

	r->s += 0x9e3779b97f4a7c15ULL;
	z = r->s;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

int32_t npu_rng_range(struct npu_rng *r, int32_t lo, int32_t hi)
{
	uint64_t span = (uint64_t)((int64_t)hi - lo) + 1;

	return (int32_t)((int64_t)lo + (int64_t)(npu_rng_next(r) % span));
}

int32_t npu_mac(int32_t acc, int8_t a, int8_t b)
{
	/* unsigned arithmetic wraps without undefined behaviour */
	uint32_t sum = (uint32_t)acc + (uint32_t)(int32_t)(a * b);

	return (int32_t)sum;
}

/* floor(x / 2^s) without relying on >> of a negative number */
static int64_t floor_shift(int64_t x, unsigned s)
{
	int64_t d = (int64_t)1 << s;
	int64_t q = x / d;

	if (x % d != 0 && x < 0)
		q--;
	return q;
}

int8_t npu_requant(int32_t acc, uint16_t scale, unsigned shift, int8_t zp)
{
	int64_t p = (int64_t)acc * scale;
	int64_t y;

	if (shift > 0)
		p += (int64_t)1 << (shift - 1);
	y = floor_shift(p, shift) + zp;
	if (y < -128)
		return -128;
	if (y > 127)
		return 127;
	return (int8_t)y;
}

int8_t npu_act(int8_t x, int8_t lo, int8_t hi)
{
	int8_t m = x < lo ? lo : x;

	return m > hi ? hi : m;
}

void npu_gemm_run(const struct npu_gemm *g, const int8_t *a, const int8_t *b,
		  int8_t *c, int32_t *acc)
{
	for (unsigned i = 0; i < g->m; i++) {
		for (unsigned j = 0; j < g->n; j++) {
			int32_t s = 0;

			for (unsigned l = 0; l < g->k; l++)
				s = npu_mac(s, a[i * g->k + l],
					    b[l * g->n + j]);
			if (acc)
				acc[i * g->n + j] = s;
			c[i * g->n + j] = npu_act(
				npu_requant(s, g->scale, g->shift, g->zp),
				g->lo, g->hi);
		}
	}
}

/* [x0, x1) and [y0, y1) do not overlap */
static int apart(unsigned x0, unsigned x1, unsigned y0, unsigned y1)
{
	return x1 <= y0 || y1 <= x0;
}

int npu_gemm_ok(const struct npu_gemm *g, unsigned spad_bytes)
{
	unsigned ae = g->a + g->m * g->k;
	unsigned be = g->b + g->k * g->n;
	unsigned ce = g->c + g->m * g->n;

	if (g->m == 0 || g->k == 0 || g->n == 0)
		return 0;
	if (ae > spad_bytes || be > spad_bytes || ce > spad_bytes)
		return 0;
	return apart(g->c, ce, g->a, ae) && apart(g->c, ce, g->b, be);
}
