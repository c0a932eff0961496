/*
 * libFuzzer harness: the processor fuzzer's core files (`hwforge fuzz
 * CORE.json`, kinds rvfi and npu), read from a path as the CLI does, with
 * one ${VAR} defined.  Bad input must be ERR_USAGE with one line.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/err.h"
#include "fuzz/fuzz.h"
#include "fz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "root" };
	static const char *const values[] = { "/nonexistent/root" };
	const struct fuzz_vars vars = { names, values, 1 };
	struct fuzz_core *core = NULL;
	int rc;

	fz_write("core.json", data, size);
	rc = fuzz_core_load(&core, fz_path("core.json"), &vars, NULL, 0);
	if (rc) {
		assert(rc == ERR_USAGE || rc == ERR_NOTFOUND || rc == ERR_FAIL);
		assert(!strchr(err_last(), '\n'));
	}
	fuzz_core_free(core);
	err_clear();
	return 0;
}
