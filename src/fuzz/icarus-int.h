#ifndef FUZZ_ICARUS_INT_H
#define FUZZ_ICARUS_INT_H

/* Private to src/fuzz: the Icarus reproduction harness. */

#include "fuzz/fuzz-int.h"

struct fuzz_icarus {
	const struct fuzz_core *core;
	enum proc_sandbox sandbox;
	struct tmpdir td;
	char nonce[33];
	char **ro;
	size_t nro;
};

/* Compile wrapper + testbench + core once into a private directory. */
int fuzz__icarus_open(struct fuzz_icarus *ic, const struct fuzz_core *c,
		      enum proc_sandbox sandbox, bool keep_tmp);
void fuzz__icarus_close(struct fuzz_icarus *ic);
/* One program: vvp in the sandbox, then the stream against the ISS. */
int fuzz__icarus_exec(struct fuzz_icarus *ic, const struct rv_prog *p,
		      struct fuzz_outcome *out);

int fuzz__image_hex(struct buf *b, const struct fuzz_core *c,
		    const struct rv_prog *p);
int fuzz__replay(const struct fuzz_core *c, const struct rv_prog *p,
		 const char *text, const char *prefix,
		 struct fuzz_outcome *out);

#endif
