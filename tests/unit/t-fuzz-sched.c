#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzz/sched-int.h"
#include "tap.h"

/*
 * The schedulers on synthetic reward streams: a stationary best arm, a
 * best arm that switches halfway; MABFuzz's reset after 3 stale pulls;
 * save -> load round trips (the next picks are equal); determinism per
 * seed; unknown names.
 * The environment: the best arm adds 1-4 points on every pull, the others
 * on one pull in ten.
 *
 * `t-fuzz-sched --bench N` instead times N pick+reward pairs of every
 * scheduler and prints ns per pull (benches/fuzz/eval uses it).
 */

#define NFAM 10
#define NMUT RV_MUT_COUNT
#define NBUCK 4

enum which { ARM_FAMILY, ARM_MUTATOR, ARM_LEN };

/* One synthetic campaign; counts pulls of each arm in a window. */
struct env {
	enum which which;
	int best, best2;     /* the best arm, and after `switch_at` */
	uint64_t switch_at;
	uint64_t from, to;   /* count pulls in [from, to) */
	uint64_t counted, on_best;
	struct rv_rng world; /* the environment's own randomness */
};

static int arm_of(const struct env *e, const struct fuzz_arm *a)
{
	switch (e->which) {
	case ARM_FAMILY:
		return a->reseed ? -1 : a->family;
	case ARM_MUTATOR:
		return a->family >= 0 ? a->mutator : -1;
	default:
		return a->family < 0 || a->reseed ? a->len_bucket : -1;
	}
}

static void run(const struct fuzz_sched_ops *ops, void *st, struct env *e,
		uint64_t n, uint64_t seed)
{
	struct fuzz_sched_view v = { .nmutators = NMUT, .nbuckets = NBUCK };
	size_t nfam = 0;

	for (uint64_t t = 0; t < n; t++) {
		struct fuzz_arm a = { 0 };
		struct rv_rng r;
		unsigned ng = 0;
		int arm, best = t < e->switch_at ? e->best : e->best2;

		rv_rng_seed(&r, seed * 1000003u + t);
		v.nfamilies = nfam;
		v.test = t;
		ops->pick(st, &v, &r, &a);
		if (a.family < 0 && !a.reseed && nfam < NFAM)
			nfam++; /* a fresh program started a family */
		if (a.reseed && (size_t)a.family >= nfam)
			nfam = (size_t)a.family + 1;
		arm = arm_of(e, &a);
		if (arm >= 0) {
			uint32_t p = arm == best ? 100 : 10;

			if (rv_rng_below(&e->world, 100) < p)
				ng = 1 + rv_rng_below(&e->world, 4);
			if (t >= e->from && t < e->to) {
				e->counted++;
				e->on_best += arm == best;
			}
		}
		ops->reward(st, &a, ng, ng);
	}
}

static double share(const char *name, enum which w, bool switching)
{
	const struct fuzz_sched_ops *ops = fuzz_sched_find(name);
	struct env e = { .which = w, .best = 3, .best2 = 3,
			 .switch_at = ~0ull };
	uint64_t n = 20000;
	void *st = NULL;

	if (!ops || ops->init(&st))
		return -1;
	rv_rng_seed(&e.world, 42);
	if (switching) {
		e.best2 = 7;
		e.switch_at = n / 2;
		e.from = n / 2 + n / 4; /* the last quarter */
	} else {
		e.from = n / 2; /* the last half */
	}
	e.to = n;
	run(ops, st, &e, n, 1);
	ops->free(st);
	return e.counted ? (double)e.on_best / (double)e.counted : 0;
}

static void concentrate(void)
{
	static const struct {
		const char *name;
		enum which w;
		bool switching;
	} c[] = {
		{ "egreedy", ARM_FAMILY, false },
		{ "exp3", ARM_FAMILY, false },
		{ "ducb", ARM_FAMILY, false },
		{ "swucb", ARM_FAMILY, false },
		{ "thompson", ARM_FAMILY, false },
		{ "ducb-2level", ARM_FAMILY, false },
		{ "mut-ucb", ARM_MUTATOR, false },
		{ "ucb1-2level", ARM_MUTATOR, false },
		{ "ducb-2level", ARM_MUTATOR, false },
		{ "len-ucb", ARM_LEN, false },
		{ "ducb-fresh", ARM_FAMILY, false },
		{ "thompson-fresh", ARM_FAMILY, false },
		{ "egreedy", ARM_FAMILY, true },
		{ "exp3", ARM_FAMILY, true },
		{ "ducb", ARM_FAMILY, true },
		{ "swucb", ARM_FAMILY, true },
		{ "thompson", ARM_FAMILY, true },
		{ "mut-ucb", ARM_MUTATOR, true },
	};
	static const char *const what[] = { "family", "mutator", "length" };

	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++) {
		double s = share(c[i].name, c[i].w, c[i].switching);
		char msg[160];

		snprintf(msg, sizeof(msg),
			 "%s: %.0f %% of the %s pulls on the best %s arm%s",
			 c[i].name, 100 * s,
			 c[i].switching ? "last quarter's" : "last half's",
			 what[c[i].w],
			 c[i].switching ? " (it switched halfway)" : "");
		ok(s > 0.6, msg);
	}
	/*
	 * UCB1 with MABFuzz's reset does not concentrate here, by design of
	 * the combination: a reset arm has n = 1 and the largest bonus, so
	 * UCB1 pulls it until it is stale again and resets it, forever, as
	 * long as a reseeded arm stays bad (in a campaign a fresh seed is
	 * often good for a while, which is what the reset bets on).
	 */
	{
		double s = share("ucb1", ARM_FAMILY, false);

		ok(s >= 0 && s < 0.1, "ucb1 with the reset cycles on reset arms "
		   "when reseeding does not help (documented)");
	}
	{
		double s = share("uniform", ARM_FAMILY, false);

		ok(s > 0.05 && s < 0.2, "uniform does not concentrate (control)");
	}
}

/* ---- MABFuzz's reset ------------------------------------------------------ */

static double saved_n(void *st, const struct fuzz_sched_ops *ops, int arm)
{
	struct buf b = BUF_INIT;
	cJSON *j = NULL;
	double v = -1;

	if (!ops->save(st, &b) && !json_parse(&j, b.data, b.len, "state")) {
		cJSON *n = json_get_array(json_get_object(j, "fam"), "n");

		v = cJSON_GetArrayItem(n, arm)->valuedouble;
	}
	cJSON_Delete(j);
	buf_release(&b);
	return v;
}

static void reset(const char *name)
{
	const struct fuzz_sched_ops *ops = fuzz_sched_find(name);
	struct fuzz_sched_view v = { .nmutators = NMUT, .nbuckets = NBUCK };
	unsigned stale[NFAM] = { 0 }, seeded = 0, resets = 0, bad = 0,
		 cleared = 0;
	void *st = NULL;

	if (!ops || ops->init(&st)) {
		ok(0, "init");
		return;
	}
	for (uint64_t t = 0; t < 400; t++) {
		struct fuzz_arm a = { 0 };
		struct rv_rng r;
		unsigned nl;

		rv_rng_seed(&r, t);
		v.nfamilies = seeded;
		ops->pick(st, &v, &r, &a);
		if (a.reseed) {
			if (seeded < NFAM) {
				bad += a.family != (int)seeded;
				seeded++;
			} else {
				/* a reset: exactly after 3 stale pulls */
				resets++;
				bad += stale[a.family] != 3;
				cleared += saved_n(st, ops, a.family) == 0;
			}
			stale[a.family] = 0;
			ops->reward(st, &a, 5, 5);
			continue;
		}
		/* arm 0's local coverage keeps growing; the others' never */
		nl = a.family == 0 ? 1 : 0;
		stale[a.family] = nl ? 0 : stale[a.family] + 1;
		bad += stale[a.family] > 3;
		ops->reward(st, &a, 0, nl);
	}
	{
		char msg[128];

		snprintf(msg, sizeof(msg),
			 "%s: the 10 families seeded in order, then %u resets, "
			 "each after exactly 3 stale pulls", name, resets);
		ok(!bad && seeded == NFAM && resets > 5, msg);
		snprintf(msg, sizeof(msg), "%s: a reset arm's statistics are "
			 "cleared", name);
		ok(cleared == resets, msg);
	}
	ops->free(st);
}

/* ---- save / load, determinism --------------------------------------------- */

struct trace {
	int v[3 * 300];
};

static void picks(const struct fuzz_sched_ops *ops, void *st, uint64_t from,
		  uint64_t n, struct trace *tr)
{
	struct fuzz_sched_view v = { .nfamilies = NFAM, .nmutators = NMUT,
				     .nbuckets = NBUCK };

	for (uint64_t t = from; t < from + n; t++) {
		struct fuzz_arm a = { 0 };
		struct rv_rng r;
		unsigned ng;

		rv_rng_seed(&r, 77 * t + 5);
		ops->pick(st, &v, &r, &a);
		ng = (unsigned)((t * 2654435761u) >> 7) % 7 == 0
			     ? (unsigned)(t % 5)
			     : 0;
		if (a.family == 2)
			ng += 1;
		ops->reward(st, &a, ng, ng);
		if (tr && t - from < 300) {
			tr->v[3 * (t - from)] = a.family * (a.reseed ? -1 : 1);
			tr->v[3 * (t - from) + 1] = a.mutator;
			tr->v[3 * (t - from) + 2] = a.len_bucket;
		}
	}
}

static void roundtrip(const struct fuzz_sched_ops *ops)
{
	struct trace a, b;
	struct buf s1 = BUF_INIT, s2 = BUF_INIT, s3 = BUF_INIT;
	void *x = NULL, *y = NULL;
	char msg[128];
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	rc = ops->init(&x) || ops->init(&y);
	if (!rc) {
		picks(ops, x, 0, 700, NULL);
		rc = ops->save(x, &s1) || ops->load(y, s1.data) ||
		     ops->save(y, &s2);
	}
	snprintf(msg, sizeof(msg), "%s: save -> load -> save is the same text",
		 ops->name);
	ok(!rc && s1.len == s2.len && !memcmp(s1.data, s2.data, s1.len), msg);
	if (!rc) {
		picks(ops, x, 700, 300, &a);
		picks(ops, y, 700, 300, &b);
	}
	snprintf(msg, sizeof(msg), "%s: the next 300 picks after a load are "
		 "equal", ops->name);
	ok(!rc && !memcmp(&a, &b, sizeof(a)), msg);
	if (x)
		ops->free(x);
	if (y)
		ops->free(y);
	x = y = NULL;
	/* determinism: two fresh states, same seeds, same picks */
	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	rc = ops->init(&x) || ops->init(&y);
	if (!rc) {
		picks(ops, x, 0, 300, &a);
		picks(ops, y, 0, 300, &b);
	}
	snprintf(msg, sizeof(msg), "%s: a function of its seed", ops->name);
	ok(!rc && !memcmp(&a, &b, sizeof(a)), msg);
	if (x)
		ops->free(x);
	if (y)
		ops->free(y);
	/* a bad state is refused, not half-loaded */
	rc = ops->init(&x);
	if (!rc) {
		rc = ops->load(x, "{\"picks\":");
		ops->free(x);
	}
	snprintf(msg, sizeof(msg), "%s: malformed state is an error",
		 ops->name);
	ok(rc == ERR_USAGE, msg);
	buf_release(&s1);
	buf_release(&s2);
	buf_release(&s3);
}

static const char *const all[] = {
	"uniform", "coverage", "egreedy", "ucb1", "exp3", "ducb", "swucb",
	"thompson", "mut-ucb", "len-ucb", "ucb1-2level", "ducb-2level",
	"ducb-fresh", "thompson-fresh",
};
#define NALL (sizeof(all) / sizeof(*all))

static void names(void)
{
	bool found = true, listed = true;

	for (size_t i = 0; i < NALL; i++) {
		found &= fuzz_sched_find(all[i]) != NULL &&
			 !strcmp(fuzz_sched_find(all[i])->name, all[i]);
		listed &= strstr(fuzz_sched_names(), all[i]) != NULL;
	}
	ok(found, "every scheduler is found by its name");
	ok(listed, "fuzz_sched_names() lists every scheduler");
	ok(!fuzz_sched_find("nope") && !fuzz_sched_find(""),
	   "an unknown name is NULL");
}

static void coverage_sched(void)
{
	const struct fuzz_sched_ops *ops = fuzz_sched_find("coverage");
	struct fuzz_sched_view v = { .nfamilies = 2, .nmutators = NMUT,
				     .nbuckets = NBUCK };
	unsigned on[2] = { 0 };
	void *st = NULL;

	if (!ops || ops->init(&st)) {
		ok(0, "coverage init");
		return;
	}
	/* family 0 grows to 9 entries, family 1 stays at 1 */
	for (int k = 0; k < 8; k++) {
		struct fuzz_arm a = { .family = 0, .mutator = 0 };

		if (!k) {
			struct rv_rng r;

			rv_rng_seed(&r, 1);
			ops->pick(st, &v, &r, &a); /* learns of 2 families */
			a.family = 0;
		}
		ops->reward(st, &a, 1, 1);
	}
	for (uint64_t t = 0; t < 20000; t++) {
		struct fuzz_arm a = { 0 };
		struct rv_rng r;

		rv_rng_seed(&r, t + 10);
		ops->pick(st, &v, &r, &a);
		if (a.family >= 0)
			on[a.family]++;
		ops->reward(st, &a, 0, 0);
	}
	ok(on[0] > 7 * on[1] && on[0] < 11 * on[1],
	   "coverage: picks are uniform over corpus entries (9:1)");
	ops->free(st);
}

static int bench(long n)
{
	for (size_t i = 0; i < NALL; i++) {
		const struct fuzz_sched_ops *ops = fuzz_sched_find(all[i]);
		struct fuzz_sched_view v = { .nfamilies = NFAM,
					     .nmutators = NMUT,
					     .nbuckets = NBUCK };
		struct timespec a, b;
		void *st = NULL;
		struct rv_rng r;
		double ns;

		if (ops->init(&st))
			return 1;
		rv_rng_seed(&r, 1);
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &a);
		for (long t = 0; t < n; t++) {
			struct fuzz_arm arm;
			unsigned ng = (unsigned)(rv_rng_next(&r) & 3) == 0;

			memset(&arm, 0, sizeof(arm));
			v.test = (uint64_t)t;
			ops->pick(st, &v, &r, &arm);
			ops->reward(st, &arm, ng, ng);
		}
		clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &b);
		ns = ((double)(b.tv_sec - a.tv_sec) * 1e9 +
		      (double)(b.tv_nsec - a.tv_nsec)) /
		     (double)n;
		printf("%s %.1f\n", all[i], ns);
		ops->free(st);
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--bench"))
		{
		long n = strtol(argv[2], NULL, 10);

		return bench(n > 0 ? n : 1000000);
	}
	names();
	concentrate();
	reset("egreedy");
	reset("ucb1");
	reset("exp3");
	reset("ucb1-2level");
	for (size_t i = 0; i < NALL; i++)
		roundtrip(fuzz_sched_find(all[i]));
	coverage_sched();
	return done();
}
