#ifndef FUZZ_SCHED_INT_H
#define FUZZ_SCHED_INT_H

/* Private to src/fuzz: the schedulers beyond `uniform` (sched-bandit.c). */

#include "fuzz/fuzz-int.h"

#define FUZZ_SCHED_MORE_NAMES                                            \
	"coverage, egreedy, ucb1, exp3, ducb, swucb, thompson, mut-ucb, "  \
	"len-ucb, ucb1-2level, ducb-2level, ducb-fresh, thompson-fresh"

extern const struct fuzz_sched_ops *const fuzz__sched_more[];
extern const size_t fuzz__sched_nmore;

/* The reward MABFuzz defines, and the [0,1] value our bandits learn from. */
double fuzz__sched_reward(unsigned new_global, unsigned new_local);
double fuzz__sched_norm(double reward);

#endif
