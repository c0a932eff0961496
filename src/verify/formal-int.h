#ifndef VERIFY_FORMAL_INT_H
#define VERIFY_FORMAL_INT_H

/*
 * Private helpers of the formal stages (equiv.c, props.c): reading the
 * VCD traces Yosys `sat` and yosys-smtbmc write, and running the solver
 * tools.  Not part of verify.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "base/clock.h"
#include "verify/verify-int.h"

/*
 * The signals of the top scope of a VCD, sampled once per solver step
 * (time < 0 or a multiple of 10: smtbmc steps, the one `sat` frame).
 * vals[c * nvars + v] is "<width>'h<hex>" (or "'b" with x/z bits).
 */
struct formal_trace {
	size_t nvars, ncycles;
	char **names; /* leading '\' of escaped names removed */
	int *widths;
	char **vals;
};

int formal_trace_read(struct formal_trace *t, const char *text, size_t len);
void formal_trace_release(struct formal_trace *t);
/* Index of a variable by name, or -1. */
long formal_trace_find(const struct formal_trace *t, const char *name);

/* Read a file written in the run dir (capped at 64 MiB). */
int formal_read(struct buf *b, const char *dir, const char *name);
int formal_write(const char *dir, const char *name, const struct buf *b);
bool formal_exists(const char *dir, const char *name);
/*
 * Append s with "<sub>/<copied[i]>" replaced by user[i] (escaped): tool
 * messages name our copies, people want their own paths.
 */
int formal_map(struct buf *out, const char *s, size_t len, const char *sub,
	       char **copied, const char *const *user, size_t n);


#endif
