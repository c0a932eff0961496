#ifndef BASE_POOL_H
#define BASE_POOL_H

#include <stddef.h>

/*
 * Run fn(i, payload) for i in [0, n) on `jobs` worker threads (0: one per
 * core).  Items are handed out in order; fn must be thread-safe and report
 * its own results through payload.  Stops handing out new items once
 * proc_interrupted is set.  Returns 0, or ERR_INTR if interrupted.
 */
typedef void (*pool_fn)(size_t i, void *payload);

int pool_run(size_t n, int jobs, pool_fn fn, void *payload);
int pool_default_jobs(void);

#endif
