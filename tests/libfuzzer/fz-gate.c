/*
 * libFuzzer harness: the gate file parser.  Any input must give a parsed
 * file or a one-line error, never a crash.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "gate/gate.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct gate_file g;
	int rc;

	memset(&g, 0, sizeof(g));
	rc = gate_file_parse(&g, (const char *)data, size, "/nonexistent/gate.json");
	if (rc)
		assert(!strchr(err_last(), '\n')); /* one line */
	gate_file_release(&g);
	return 0;
}
