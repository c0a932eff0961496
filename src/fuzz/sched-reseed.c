#include "config.h"

#include <string.h>

#include "fuzz/camp-int.h"

/*
 * A scheduler's "reseed family f" (fuzz_arm.reseed, MABFuzz's arm
 * reset): the family's current entries stay in the corpus under a new
 * family number nobody schedules any more (their files and order are
 * unchanged, so checkpoints and resume are unaffected), the family's
 * local coverage map is cleared, and the caller adds the fresh program
 * as the family's root whether or not it added global coverage.
 */
void fuzz__reseed_family(struct camp *c, int family)
{
	size_t retired = c->nfamilies;
	bool any = false;

	if (family < 0)
		return;
	if ((size_t)family >= c->nfamilies)
		retired = c->nfamilies = (size_t)family + 1;
	for (size_t i = 0; i < c->ncorpus; i++)
		if (c->corpus[i].family == family) {
			c->corpus[i].family = (int)retired;
			any = true;
		}
	if (any)
		c->nfamilies++;
	if ((size_t)family < c->nfmaps && c->fmaps[family])
		memset(c->fmaps[family], 0, FUZZ_COV_BYTES);
}
