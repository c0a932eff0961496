/*
 * libFuzzer harness: assertion statements as a model writes them, read
 * three ways: extracted from a reply (rtlgen_extract_props), translated
 * from the concurrent subset into immediate form (verify_sva_translate)
 * and inserted into a module (verify_sva_insert).  Every statement the
 * translator lists is either translated or has a one-line error.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "rtlgen/rtlgen.h"
#include "verify/sva.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char design[] =
	"module cnt(input clk, input rst, input en, output reg [3:0] q);\n"
	"  always @(posedge clk) if (rst) q <= 0; else if (en) q <= q + 1;\n"
	"endmodule\n";

static void check(const struct sva_result *res)
{
	size_t nerr = 0;

	assert(res->nerr <= res->n);
	for (size_t i = 0; i < res->n; i++) {
		const char *e = res->items[i].error;

		if (e) {
			nerr++;
			assert(!strchr(e, '\n'));
		}
		assert(res->items[i].line >= 1);
	}
	assert(nerr == res->nerr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct rtlgen_code c = RTLGEN_CODE_INIT;
	struct sva_result res = { 0 };
	struct buf out = BUF_INIT;
	int first = 0;

	if (!rtlgen_extract_props(&c, text, size) && c.code)
		assert(strlen(c.code) <= size + 64);
	rtlgen_code_release(&c);
	if (!verify_sva_translate(&out, text, size, &res))
		check(&res);
	sva_result_release(&res);
	buf_release(&out);
	memset(&res, 0, sizeof(res));
	if (!verify_sva_insert(&out, design, sizeof(design) - 1, "cnt", text,
			       size, &res, &first)) {
		check(&res);
		assert(first >= 1);
	}
	sva_result_release(&res);
	buf_release(&out);
	return 0;
}
