/*
 * libFuzzer harness: the static screen over untrusted Verilog.  Any input
 * gives a stage (pass or fail with a class), never a crash; a failing
 * screen always names its class.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "fz-util.h"
#include "verify/verify.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const forbidden[] = { "tb", "RefModule", NULL };
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st = { 0 };
	const char *files[1];

	fz_write("in.v", data, size);
	files[0] = fz_path("in.v");
	o.files = files;
	o.nfiles = 1;
	o.top = "top_module";
	o.sandbox = PROC_SANDBOX_NONE;
	if (!verify_screen(&st, &o, forbidden) && st.status == VERIFY_FAIL)
		assert(st.class && *st.class);
	verify_stage_release(&st);
	return 0;
}
