#include "config.h"

#include "fuzz/rv-int.h"

/*
 * xoshiro256** (Blackman and Vigna), seeded through splitmix64 so that
 * any 64-bit seed, 0 included, gives a well-mixed non-zero state.
 */

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

void rv_rng_seed(struct rv_rng *r, uint64_t seed)
{
	uint64_t x = seed;

	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t v, int k)
{
	return (v << k) | (v >> (64 - k));
}

uint64_t rv_rng_next(struct rv_rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/*
 * Lemire's multiply-and-shift with rejection: the 64-bit product of a
 * 32-bit draw and n has its high half uniform in [0, n) once the draws
 * whose low half falls below 2^32 mod n are thrown away.
 */
uint32_t rv_rng_below(struct rv_rng *r, uint32_t n)
{
	uint64_t m;
	uint32_t lo;

	m = (uint64_t)(uint32_t)(rv_rng_next(r) >> 32) * n;
	lo = (uint32_t)m;
	if (lo < n) {
		uint32_t thresh = (uint32_t)-n % n;

		while (lo < thresh) {
			m = (uint64_t)(uint32_t)(rv_rng_next(r) >> 32) * n;
			lo = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}
