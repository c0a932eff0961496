#ifndef BASE_HASH_H
#define BASE_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), incremental.  Used for cache keys and suite ids. */
struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t fill;
};

void sha256_init(struct sha256 *s);
void sha256_update(struct sha256 *s, const void *data, size_t len);
void sha256_final(struct sha256 *s, unsigned char out[32]);
/* Lower-case hex digest of one buffer into out[65]. */
void sha256_hex(const void *data, size_t len, char out[65]);
void sha256_final_hex(struct sha256 *s, char out[65]);
/*
 * Tests only: true forces the portable compression even where the CPU
 * has the x86 SHA extensions (used when it has them), false undoes it.
 */
void sha256_portable(bool on);
/* 32 random hex chars from the kernel (for per-run nonces). */
int random_hex(char *out, size_t nhex);

#endif
