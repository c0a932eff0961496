#ifndef HWFORGE_NPU_GOLDEN_H
#define HWFORGE_NPU_GOLDEN_H

/*
 * Bit-exact C golden model of the NPU in rtl/npu/.  Every function is
 * pure; the RTL must agree with it on every input.  See rtl/npu/README.md
 * for the arithmetic (round half up, saturation after the zero point).
 */

#include <stdint.h>

/* The array size the shipped RTL and its testbenches use. */
#define NPU_N 4
/* Scratchpad bytes of npu_top (AW = 7). */
#define NPU_SPAD 128

/* Deterministic generator (splitmix64): the same seed, the same vectors. */
struct npu_rng {
	uint64_t s;
};

uint64_t npu_rng_next(struct npu_rng *r);
/* Uniform in [lo, hi], lo <= hi. */
int32_t npu_rng_range(struct npu_rng *r, int32_t lo, int32_t hi);

/* One PE step: acc + a * b, wrapping modulo 2^32 like the RTL. */
int32_t npu_mac(int32_t acc, int8_t a, int8_t b);

/*
 * Requantize: q = sat8(((acc * scale + r) >> shift) + zp), r = 2^(shift-1)
 * for shift > 0 else 0, >> an arithmetic (floor) shift; shift is 0..31.
 */
int8_t npu_requant(int32_t acc, uint16_t scale, unsigned shift, int8_t zp);

/* Clamp to [lo, hi]; hi wins when lo > hi. */
int8_t npu_act(int8_t x, int8_t lo, int8_t hi);

struct npu_gemm {
	unsigned m, k, n; /* C[m x n] = A[m x k] * B[k x n] */
	unsigned a, b, c; /* scratchpad byte addresses */
	uint16_t scale;
	unsigned shift;
	int8_t zp, lo, hi;
};

/*
 * C = act(requant(A * B)) on the int8 row-major matrices a (m*k) and b
 * (k*n); acc (m*n) receives the int32 sums when not NULL.
 */
void npu_gemm_run(const struct npu_gemm *g, const int8_t *a, const int8_t *b,
		  int8_t *c, int32_t *acc);

/* 1 when the controller accepts the configuration, else 0. */
int npu_gemm_ok(const struct npu_gemm *g, unsigned spad_bytes);

#endif
