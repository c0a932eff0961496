#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/sched-int.h"

/*
 * Schedulers pick what each test is made of (struct fuzz_arm).  `uniform`
 * is the baseline of the next issue's bandits: one test in ten is a fresh
 * program, the others mutate a corpus entry of a family chosen uniformly
 * with a mutator chosen uniformly; program length buckets are uniform.
 */

struct uniform {
	uint64_t picks;
};

static int uniform_init(void **state)
{
	*state = calloc(1, sizeof(struct uniform));
	return *state ? 0 : err_set(ERR_FAIL, "out of memory");
}

static void uniform_pick(void *state, const struct fuzz_sched_view *v,
			 struct rv_rng *rng, struct fuzz_arm *out)
{
	struct uniform *u = state;

	u->picks++;
	out->len_bucket = (int)rv_rng_below(rng, (uint32_t)v->nbuckets);
	if (!v->nfamilies || rv_rng_below(rng, 10) == 0) {
		out->family = -1;
		out->mutator = -1;
		return;
	}
	out->family = (int)rv_rng_below(rng, (uint32_t)v->nfamilies);
	out->mutator = (int)rv_rng_below(rng, (uint32_t)v->nmutators);
}

static void uniform_reward(void *state, const struct fuzz_arm *arm,
			   unsigned new_global, unsigned new_local)
{
	(void)state;
	(void)arm;
	(void)new_global;
	(void)new_local;
}

static int uniform_save(void *state, struct buf *b)
{
	const struct uniform *u = state;

	return buf_addf(b, "{\"picks\":%llu}", (unsigned long long)u->picks);
}

static int uniform_load(void *state, const char *json)
{
	struct uniform *u = state;
	cJSON *j = NULL;
	int rc = json_parse(&j, json, strlen(json), "scheduler state");

	if (rc)
		return rc;
	u->picks = (uint64_t)json_get_number(j, "picks", 0);
	cJSON_Delete(j);
	return 0;
}

static void uniform_free(void *state)
{
	free(state);
}

const struct fuzz_sched_ops fuzz_sched_uniform = {
	.name = "uniform",
	.init = uniform_init,
	.pick = uniform_pick,
	.reward = uniform_reward,
	.save = uniform_save,
	.load = uniform_load,
	.free = uniform_free,
};

static const struct fuzz_sched_ops *const scheds[] = {
	&fuzz_sched_uniform,
};

const struct fuzz_sched_ops *fuzz_sched_find(const char *name)
{
	for (size_t i = 0; i < sizeof(scheds) / sizeof(*scheds); i++)
		if (!strcmp(scheds[i]->name, name))
			return scheds[i];
	for (size_t i = 0; i < fuzz__sched_nmore; i++)
		if (!strcmp(fuzz__sched_more[i]->name, name))
			return fuzz__sched_more[i];
	return NULL;
}

const char *fuzz_sched_names(void)
{
	return "uniform, " FUZZ_SCHED_MORE_NAMES;
}
