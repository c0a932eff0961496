#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/sched-int.h"

/*
 * Bandit schedulers (issue 11), and a coverage-guided baseline.
 *
 * MABFuzz (Gohil et al., arXiv 2311.14594): the arms are FAM_ARMS seed
 * families, each one fresh generated program (its root) plus the tests
 * mutated from it that added coverage; the reward of a pull is
 * 0.75 x new_global + 0.25 x new_local; epsilon-greedy (epsilon 0.2),
 * UCB1 and EXP3 (eta 0.1); an arm whose local coverage did not grow in
 * its last RESET_STALE pulls gets a fresh seed and its statistics are
 * cleared.  The engine is told "make a fresh root for family f" by
 * fuzz_arm.reseed; the first pull of every arm is such a reseed.
 *
 * Coverage rewards are unbounded counts; every bandit here learns from
 * x = r / (r + 1) in [0, 1) (fuzz__sched_norm): 0 stays 0, one new point
 * is 0.5, many approach 1.  UCB1's and EXP3's guarantees assume rewards
 * in [0, 1]; the same x feeds all of them so they compare fairly.
 *
 * Beyond it, without the reset: discounted UCB (gamma DUCB_GAMMA),
 * sliding-window UCB (the last SW_WIN pulls) and Thompson sampling with
 * a Gaussian posterior per arm over discounted statistics; the -fresh
 * forms add an arm "generate a fresh program" beside the families.  Arms over
 * mutation operators (mut-ucb) and over program length buckets
 * (len-ucb, used for fresh programs), and two-level schedulers: a family
 * bandit, then a mutator bandit shared by all families.
 *
 * Every random draw comes from the rng pick() is given; the state is a
 * function of the picks and rewards seen, so a campaign stays a function
 * of its seed.  save/load print doubles with %.17g, which round-trips.
 */

#define FAM_ARMS    10
#define MAX_ARMS    16
#define RESET_STALE 3
#define EPSILON     0.2
#define EXP3_ETA    0.1
#define DUCB_GAMMA  0.998
#define SW_WIN      500
#define FRESH_ONE_IN 10

double fuzz__sched_reward(unsigned new_global, unsigned new_local)
{
	return 0.75 * new_global + 0.25 * new_local;
}

double fuzz__sched_norm(double reward)
{
	return reward / (reward + 1.0);
}

/* ---- random numbers ------------------------------------------------------ */

static double unit(struct rv_rng *r)
{
	return (double)(rv_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static double gauss(struct rv_rng *r)
{
	double u = 1.0 - unit(r), v = unit(r);

	return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* ---- one bandit over k arms ---------------------------------------------- */

enum algo {
	A_NONE = 0, /* no bandit: uniform */
	A_EGREEDY,
	A_UCB1,
	A_EXP3,
	A_DUCB,
	A_SWUCB,
	A_THOMPSON,
};

struct bandit {
	enum algo a;
	int k;
	bool reset;               /* MABFuzz's arm reset */
	double n[MAX_ARMS];       /* pulls (discounted for ducb/thompson) */
	double s[MAX_ARMS];       /* sum of x (likewise) */
	double lw[MAX_ARMS];      /* exp3: log weights */
	unsigned stale[MAX_ARMS]; /* pulls since local coverage last grew */
	bool pending[MAX_ARMS];   /* reset: wants a fresh seed */
	int win_arm[SW_WIN];      /* swucb: the last pulls, a ring */
	double win_x[SW_WIN];
	unsigned win_n, win_pos;
	uint64_t pulls, resets;
};

static void bandit_init(struct bandit *b, enum algo a, int k, bool reset)
{
	memset(b, 0, sizeof(*b));
	b->a = a;
	b->k = k;
	b->reset = reset;
}

static void exp3_probs(const struct bandit *b, double *p)
{
	double mx = b->lw[0], sum = 0;

	for (int i = 1; i < b->k; i++)
		if (b->lw[i] > mx)
			mx = b->lw[i];
	for (int i = 0; i < b->k; i++) {
		p[i] = exp(b->lw[i] - mx);
		sum += p[i];
	}
	for (int i = 0; i < b->k; i++)
		p[i] = (1.0 - EXP3_ETA) * p[i] / sum + EXP3_ETA / b->k;
}

static int argmax(const double *v, int k)
{
	int best = 0;

	for (int i = 1; i < k; i++)
		if (v[i] > v[best])
			best = i;
	return best;
}

static int bandit_pick(const struct bandit *b, struct rv_rng *r)
{
	double v[MAX_ARMS], tot = 0;

	if (b->a == A_NONE)
		return (int)rv_rng_below(r, (uint32_t)b->k);
	if (b->a == A_EXP3) {
		double u = unit(r), acc = 0;

		exp3_probs(b, v);
		for (int i = 0; i < b->k; i++) {
			acc += v[i];
			if (u < acc)
				return i;
		}
		return b->k - 1;
	}
	if (b->a == A_THOMPSON) {
		/* prior: one pseudo-pull of 0.5; sd 0.5 / sqrt(n + 1) */
		for (int i = 0; i < b->k; i++)
			v[i] = (b->s[i] + 0.5) / (b->n[i] + 1.0) +
			       gauss(r) * 0.5 / sqrt(b->n[i] + 1.0);
		return argmax(v, b->k);
	}
	/* the count-based ones pull every arm once first */
	for (int i = 0; i < b->k; i++) {
		if (b->n[i] <= 0)
			return i;
		tot += b->n[i];
	}
	if (b->a == A_EGREEDY) {
		if (unit(r) < EPSILON)
			return (int)rv_rng_below(r, (uint32_t)b->k);
		for (int i = 0; i < b->k; i++)
			v[i] = b->s[i] / b->n[i];
		return argmax(v, b->k);
	}
	/* UCB1, and its discounted and windowed forms over their counts */
	for (int i = 0; i < b->k; i++)
		v[i] = b->s[i] / b->n[i] + sqrt(2.0 * log(tot) / b->n[i]);
	return argmax(v, b->k);
}

static void bandit_clear(struct bandit *b, int i)
{
	if (b->a == A_EXP3)
		b->lw[i] = 0; /* its initial weight (the others' only grew) */
	b->n[i] = 0;
	b->s[i] = 0;
	b->stale[i] = 0;
	if (b->a == A_SWUCB)
		for (unsigned w = 0; w < b->win_n; w++)
			if (b->win_arm[w] == i)
				b->win_arm[w] = -1;
}

/* x in [0, 1]; grew: the arm's local coverage grew (for the reset). */
static void bandit_reward(struct bandit *b, int i, double x, bool grew)
{
	if (i < 0 || i >= b->k)
		return;
	b->pulls++;
	switch (b->a) {
	case A_NONE:
		return;
	case A_EXP3: {
		double p[MAX_ARMS];

		exp3_probs(b, p);
		b->lw[i] += EXP3_ETA * (x / p[i]) / b->k;
		break;
	}
	case A_DUCB:
	case A_THOMPSON:
		for (int j = 0; j < b->k; j++) {
			b->n[j] *= DUCB_GAMMA;
			b->s[j] *= DUCB_GAMMA;
		}
		break;
	case A_SWUCB:
		if (b->win_n == SW_WIN) {
			int o = b->win_arm[b->win_pos];

			if (o >= 0) {
				b->n[o] -= 1;
				b->s[o] -= b->win_x[b->win_pos];
				if (b->n[o] < 0.5) { /* exactly empty again */
					b->n[o] = 0;
					b->s[o] = 0;
				}
			}
		} else {
			b->win_n++;
		}
		b->win_arm[b->win_pos] = i;
		b->win_x[b->win_pos] = x;
		b->win_pos = (b->win_pos + 1) % SW_WIN;
		break;
	default:
		break;
	}
	b->n[i] += 1;
	b->s[i] += x;
	if (!b->reset)
		return;
	b->stale[i] = grew ? 0 : b->stale[i] + 1;
	if (b->stale[i] >= RESET_STALE) {
		bandit_clear(b, i);
		b->pending[i] = true;
		b->resets++;
	}
}

static int pending_arm(const struct bandit *b)
{
	for (int i = 0; i < b->k; i++)
		if (b->pending[i])
			return i;
	return -1;
}

/* ---- save / load ----------------------------------------------------------- */

static int add_dbls(struct buf *o, const char *key, const double *v, int n)
{
	int rc = buf_addf(o, "\"%s\":[", key);

	for (int i = 0; i < n; i++)
		rc |= buf_addf(o, "%s%.17g", i ? "," : "", v[i]);
	return rc | buf_addch(o, ']');
}

static int bandit_save(const struct bandit *b, struct buf *o)
{
	double t[SW_WIN];
	int rc = buf_addf(o, "{\"pulls\":%llu,\"resets\":%llu,",
			  (unsigned long long)b->pulls,
			  (unsigned long long)b->resets);

	rc |= add_dbls(o, "n", b->n, b->k);
	rc |= buf_addch(o, ',');
	rc |= add_dbls(o, "s", b->s, b->k);
	rc |= buf_addch(o, ',');
	rc |= add_dbls(o, "lw", b->lw, b->k);
	for (int i = 0; i < b->k; i++)
		t[i] = b->stale[i] + (b->pending[i] ? 1000.0 : 0.0);
	rc |= buf_addch(o, ',');
	rc |= add_dbls(o, "stale", t, b->k);
	for (unsigned w = 0; w < b->win_n; w++)
		t[w] = b->win_arm[w];
	rc |= buf_addf(o, ",\"win_pos\":%u,", b->win_pos);
	rc |= add_dbls(o, "win_arm", t, (int)b->win_n);
	rc |= buf_addch(o, ',');
	rc |= add_dbls(o, "win_x", b->win_x, (int)b->win_n);
	return rc | buf_addch(o, '}');
}

static int get_dbls(const cJSON *j, const char *key, double *v, int max)
{
	const cJSON *a = json_get_array(j, key), *e;
	int n = 0;

	if (!a)
		return err_set(ERR_USAGE, "scheduler state: no '%s'", key);
	cJSON_ArrayForEach(e, a)
	{
		if (n >= max || !cJSON_IsNumber(e))
			return err_set(ERR_USAGE, "scheduler state: bad '%s'",
				       key);
		v[n++] = e->valuedouble;
	}
	return n;
}

static int bandit_load(struct bandit *b, const cJSON *j)
{
	double t[SW_WIN];
	int n;

	if (!cJSON_IsObject(j))
		return err_set(ERR_USAGE, "scheduler state: not an object");
	b->pulls = (uint64_t)json_get_number(j, "pulls", 0);
	b->resets = (uint64_t)json_get_number(j, "resets", 0);
	if (get_dbls(j, "n", b->n, b->k) != b->k ||
	    get_dbls(j, "s", b->s, b->k) != b->k ||
	    get_dbls(j, "lw", b->lw, b->k) != b->k ||
	    get_dbls(j, "stale", t, b->k) != b->k)
		return err_set(ERR_USAGE, "scheduler state: wrong arm count");
	for (int i = 0; i < b->k; i++) {
		b->pending[i] = t[i] >= 1000.0;
		b->stale[i] = (unsigned)(t[i] - (b->pending[i] ? 1000.0 : 0.0));
	}
	n = get_dbls(j, "win_arm", t, SW_WIN);
	if (n < 0 || get_dbls(j, "win_x", b->win_x, SW_WIN) != n)
		return err_set(ERR_USAGE, "scheduler state: bad window");
	b->win_n = (unsigned)n;
	for (int w = 0; w < n; w++)
		b->win_arm[w] = (int)t[w];
	b->win_pos = (unsigned)json_get_number(j, "win_pos", 0) % SW_WIN;
	return 0;
}

/* ---- composite schedulers -------------------------------------------------- */

struct sched_cfg {
	enum algo fam; /* A_NONE: families uniform, one test in ten fresh */
	bool reset;
	enum algo mut;
	enum algo len;
	bool fresh;    /* one more family arm: a fresh program */
};

struct sched {
	const struct sched_cfg *cfg;
	struct bandit fam, mut, len;
	uint64_t picks;
};

static int sched_new(void **state, const struct sched_cfg *cfg)
{
	struct sched *s = calloc(1, sizeof(*s));

	if (!s)
		return err_set(ERR_FAIL, "out of memory");
	s->cfg = cfg;
	bandit_init(&s->fam, cfg->fam, FAM_ARMS + cfg->fresh, cfg->reset);
	for (int i = 0; i < FAM_ARMS; i++)
		s->fam.pending[i] = true; /* every family starts with a seed */
	bandit_init(&s->mut, cfg->mut, RV_MUT_COUNT, false);
	bandit_init(&s->len, cfg->len, 1, false);
	*state = s;
	return 0;
}

static void sched_pick(void *state, const struct fuzz_sched_view *v,
		       struct rv_rng *r, struct fuzz_arm *out)
{
	struct sched *s = state;
	int f;

	s->picks++;
	if ((size_t)s->len.k != v->nbuckets && v->nbuckets <= MAX_ARMS)
		bandit_init(&s->len, s->cfg->len, (int)v->nbuckets, false);
	if ((size_t)s->mut.k != v->nmutators && v->nmutators <= MAX_ARMS)
		bandit_init(&s->mut, s->cfg->mut, (int)v->nmutators, false);
	out->reseed = false;
	out->mutator = -1;
	if (s->cfg->fam != A_NONE) {
		f = pending_arm(&s->fam);
		if (f >= 0) {
			out->family = f;
			out->reseed = true;
			out->len_bucket = bandit_pick(&s->len, r);
			return;
		}
		out->family = bandit_pick(&s->fam, r);
		if (out->family >= FAM_ARMS) { /* the fresh arm */
			out->family = -1;
			out->len_bucket = bandit_pick(&s->len, r);
			return;
		}
	} else if (!v->nfamilies || rv_rng_below(r, FRESH_ONE_IN) == 0) {
		out->family = -1;
		out->len_bucket = bandit_pick(&s->len, r);
		return;
	} else {
		out->family = (int)rv_rng_below(r, (uint32_t)v->nfamilies);
	}
	out->mutator = bandit_pick(&s->mut, r);
	out->len_bucket = (int)rv_rng_below(r, (uint32_t)v->nbuckets);
}

static void sched_reward(void *state, const struct fuzz_arm *arm,
			 unsigned ng, unsigned nl)
{
	struct sched *s = state;
	double x = fuzz__sched_norm(fuzz__sched_reward(ng, nl));

	if (arm->reseed) {
		if (arm->family >= 0 && arm->family < s->fam.k) {
			s->fam.pending[arm->family] = false;
			s->fam.stale[arm->family] = 0;
		}
		bandit_reward(&s->len, arm->len_bucket, x, false);
		return;
	}
	if (arm->family < 0) {
		if (s->cfg->fam == A_NONE || s->cfg->fresh)
			bandit_reward(&s->len, arm->len_bucket, x, false);
		if (s->cfg->fresh)
			bandit_reward(&s->fam, FAM_ARMS, x, false);
		return;
	}
	if (s->cfg->fam != A_NONE)
		bandit_reward(&s->fam, arm->family, x, nl > 0);
	if (arm->mutator >= 0)
		bandit_reward(&s->mut, arm->mutator, x, false);
}

static int sched_save(void *state, struct buf *b)
{
	const struct sched *s = state;
	int rc = buf_addf(b, "{\"picks\":%llu,\"fam\":",
			  (unsigned long long)s->picks);

	rc |= bandit_save(&s->fam, b);
	rc |= buf_addstr(b, ",\"mut\":");
	rc |= bandit_save(&s->mut, b);
	rc |= buf_addf(b, ",\"len_k\":%d,\"len\":", s->len.k);
	rc |= bandit_save(&s->len, b);
	return rc | buf_addch(b, '}');
}

static int sched_load(void *state, const char *json)
{
	struct sched *s = state;
	cJSON *j = NULL;
	int rc = json_parse(&j, json, strlen(json), "scheduler state"), k;

	if (rc)
		return rc;
	s->picks = (uint64_t)json_get_number(j, "picks", 0);
	k = (int)json_get_number(j, "len_k", 1);
	if (k < 1 || k > MAX_ARMS)
		rc = err_set(ERR_USAGE, "scheduler state: bad len_k");
	if (!rc) {
		bandit_init(&s->len, s->cfg->len, k, false);
		rc = bandit_load(&s->fam, json_get_object(j, "fam"));
	}
	if (!rc)
		rc = bandit_load(&s->mut, json_get_object(j, "mut"));
	if (!rc)
		rc = bandit_load(&s->len, json_get_object(j, "len"));
	cJSON_Delete(j);
	return rc;
}

static void sched_free(void *state)
{
	free(state);
}

#define SCHED(id, str, ...)                                             \
	static const struct sched_cfg cfg_##id = { __VA_ARGS__ };              \
	static int init_##id(void **st)                                  \
	{                                                                \
		return sched_new(st, &cfg_##id);                         \
	}                                                                \
	static const struct fuzz_sched_ops ops_##id = {                  \
		.name = str, .init = init_##id, .pick = sched_pick,      \
		.reward = sched_reward, .save = sched_save,              \
		.load = sched_load, .free = sched_free,                  \
	}

/* MABFuzz's three, with its reset */
SCHED(egreedy, "egreedy", .fam = A_EGREEDY, .reset = true);
SCHED(ucb1, "ucb1", .fam = A_UCB1, .reset = true);
SCHED(exp3, "exp3", .fam = A_EXP3, .reset = true);
/* non-stationary bandits instead of the reset */
SCHED(ducb, "ducb", .fam = A_DUCB);
SCHED(swucb, "swucb", .fam = A_SWUCB);
SCHED(thompson, "thompson", .fam = A_THOMPSON);
/* other arms: mutation operators, program length */
SCHED(mutucb, "mut-ucb", .mut = A_DUCB);
SCHED(lenucb, "len-ucb", .len = A_DUCB);
/* two levels: family, then mutator */
SCHED(ucb2, "ucb1-2level", .fam = A_UCB1, .reset = true, .mut = A_UCB1);
SCHED(ducb2, "ducb-2level", .fam = A_DUCB, .mut = A_DUCB, .len = A_DUCB);
/* the families plus an arm "generate a fresh program" (whose length is a
 * bandit too): the bandit learns when generating beats mutating */
SCHED(ducbf, "ducb-fresh", .fam = A_DUCB, .mut = A_DUCB, .len = A_DUCB,
      .fresh = true);
SCHED(thomf, "thompson-fresh", .fam = A_THOMPSON, .mut = A_THOMPSON,
      .len = A_THOMPSON, .fresh = true);

/* ---- coverage: AFL-style, no bandit ---------------------------------------- */

/*
 * Keep the inputs that added coverage (the engine's corpus) and mutate
 * one chosen uniformly among them; one test in twenty is a fresh
 * program.  The scheduler counts the entries per family from the
 * rewards: a test with new_global > 0 joins its family, a fresh one
 * that added coverage (or an import) starts a new family of one.
 */

#define COV_FRESH_ONE_IN 20

struct covs {
	uint32_t *cnt;
	size_t n, a;
	uint64_t total, picks;
};

static int cov_init(void **state)
{
	*state = calloc(1, sizeof(struct covs));
	return *state ? 0 : err_set(ERR_FAIL, "out of memory");
}

static int cov_grow(struct covs *c, size_t n)
{
	if (n > c->a) {
		size_t na = n + 64;
		uint32_t *nc = realloc(c->cnt, na * sizeof(*nc));

		if (!nc)
			return -1;
		c->cnt = nc;
		c->a = na;
	}
	while (c->n < n) {
		c->cnt[c->n++] = 1;
		c->total++;
	}
	return 0;
}

static void cov_pick(void *state, const struct fuzz_sched_view *v,
		     struct rv_rng *r, struct fuzz_arm *out)
{
	struct covs *c = state;
	uint64_t k;

	c->picks++;
	out->reseed = false;
	out->len_bucket = (int)rv_rng_below(r, (uint32_t)v->nbuckets);
	if (cov_grow(c, v->nfamilies) || !c->n || !c->total ||
	    rv_rng_below(r, COV_FRESH_ONE_IN) == 0) {
		out->family = -1;
		out->mutator = -1;
		return;
	}
	k = rv_rng_next(r) % c->total;
	out->family = 0;
	for (size_t f = 0; f < c->n; f++) {
		if (k < c->cnt[f]) {
			out->family = (int)f;
			break;
		}
		k -= c->cnt[f];
	}
	out->mutator = (int)rv_rng_below(r, (uint32_t)v->nmutators);
}

static void cov_reward(void *state, const struct fuzz_arm *arm,
		       unsigned ng, unsigned nl)
{
	struct covs *c = state;

	(void)nl;
	if (ng && arm->family >= 0 && (size_t)arm->family < c->n) {
		c->cnt[arm->family]++;
		c->total++;
	}
}

static int cov_save(void *state, struct buf *b)
{
	const struct covs *c = state;
	int rc = buf_addf(b, "{\"picks\":%llu,\"cnt\":[",
			  (unsigned long long)c->picks);

	for (size_t i = 0; i < c->n; i++)
		rc |= buf_addf(b, "%s%u", i ? "," : "", c->cnt[i]);
	return rc | buf_addstr(b, "]}");
}

static int cov_load(void *state, const char *json)
{
	struct covs *c = state;
	const cJSON *e;
	cJSON *j = NULL;
	int rc = json_parse(&j, json, strlen(json), "scheduler state");

	if (rc)
		return rc;
	c->picks = (uint64_t)json_get_number(j, "picks", 0);
	c->n = 0;
	c->total = 0;
	cJSON_ArrayForEach(e, json_get_array(j, "cnt"))
	{
		if (cov_grow(c, c->n + 1)) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		c->total += (uint64_t)e->valuedouble - c->cnt[c->n - 1];
		c->cnt[c->n - 1] = (uint32_t)e->valuedouble;
	}
	cJSON_Delete(j);
	return rc;
}

static void cov_free(void *state)
{
	struct covs *c = state;

	if (c)
		free(c->cnt);
	free(c);
}

static const struct fuzz_sched_ops ops_coverage = {
	.name = "coverage", .init = cov_init, .pick = cov_pick,
	.reward = cov_reward, .save = cov_save, .load = cov_load,
	.free = cov_free,
};

const struct fuzz_sched_ops *const fuzz__sched_more[] = {
	&ops_coverage, &ops_egreedy, &ops_ucb1, &ops_exp3, &ops_ducb,
	&ops_swucb, &ops_thompson, &ops_mutucb, &ops_lenucb, &ops_ucb2,
	&ops_ducb2, &ops_ducbf, &ops_thomf,
};
const size_t fuzz__sched_nmore =
	sizeof(fuzz__sched_more) / sizeof(*fuzz__sched_more);
