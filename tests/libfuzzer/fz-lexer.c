/*
 * libFuzzer harness: the Verilog lexer.  Every token must lie inside the
 * input, make progress, and the lexer must reach EOF.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "base/vlex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *src = (const char *)data;
	struct vlex l;
	struct vtok t;
	const char *last = src;
	size_t n = 0;

	vlex_init(&l, src, size);
	for (;;) {
		vlex_next(&l, &t);
		if (t.kind == VTOK_EOF)
			break;
		assert(t.s >= src && t.s + t.len <= src + size);
		assert(t.len > 0);
		assert(t.s >= last); /* tokens come in order */
		last = t.s + t.len;
		assert(++n <= size); /* at least one byte a token */
	}
	return 0;
}
