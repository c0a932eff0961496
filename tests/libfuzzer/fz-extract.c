/*
 * libFuzzer harness: what hwforge reads out of an LLM reply: code
 * extraction, reasoning removal, the spec model and the port reader.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "rtlgen/rtlgen.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct rtlgen_code c = RTLGEN_CODE_INIT;
	struct rtlgen_spec spec = RTLGEN_SPEC_INIT;
	struct buf b = BUF_INIT;

	if (!rtlgen_extract(&c, text, size, size & 1 ? "top_module" : NULL) &&
	    c.code) {
		size_t n = strlen(c.code);
		struct buf problems = BUF_INIT;

		assert(n <= size + 64); /* never invents text */
		if (!rtlgen_spec_parse(&spec, text, size, NULL))
			(void)rtlgen_ports_check(&problems, &spec, c.code, n);
		buf_release(&problems);
	}
	if (!rtlgen_strip_reasoning(&b, text, size))
		assert(b.len <= size);
	buf_release(&b);
	rtlgen_spec_release(&spec);
	rtlgen_code_release(&c);
	return 0;
}
