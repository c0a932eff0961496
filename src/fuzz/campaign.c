#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fuzz/camp-int.h"

/*
 * The campaign loop.  Test i's randomness is a function of (seed, i) and
 * the corpus state, so with one worker a campaign is a function of its
 * seed and test count.  State is checkpointed every CKPT_TESTS tests into
 * state.json (tmp + rename); corpus files and findings written after the
 * last checkpoint are removed on --resume, so kill -9 loses and doubles
 * nothing.
 */

/* A checkpoint at most once a second, at a multiple of 256 tests. */
#define CKPT_TESTS   256
#define CKPT_SECONDS 1.0
#define NBUCKETS   4

uint64_t fuzz__mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

double fuzz__now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

double fuzz__cpu_seconds(void)
{
	struct rusage a, b;

	getrusage(RUSAGE_SELF, &a);
	getrusage(RUSAGE_CHILDREN, &b);
	return a.ru_utime.tv_sec + a.ru_stime.tv_sec + b.ru_utime.tv_sec +
	       b.ru_stime.tv_sec +
	       (a.ru_utime.tv_usec + a.ru_stime.tv_usec + b.ru_utime.tv_usec +
		b.ru_stime.tv_usec) /
		       1e6;
}

static char *path_in(const char *dir, const char *name)
{
	return str_fmt("%s/%s", dir, name);
}

/* ---- corpus -------------------------------------------------------------- */

int fuzz__corpus_add(struct camp *c, struct rv_prog *p, int family,
		     int worker, bool write)
{
	struct centry *ne;

	if (c->ncorpus == c->acorpus) {
		size_t na = c->acorpus ? 2 * c->acorpus : 64;

		ne = realloc(c->corpus, na * sizeof(*ne));
		if (!ne)
			return err_set(ERR_FAIL, "out of memory");
		c->corpus = ne;
		c->acorpus = na;
	}
	if (family < 0)
		family = (int)c->nfamilies++;
	if (write) {
		char name[64], *path;
		int rc;

		snprintf(name, sizeof(name), "corpus/%06zu.hex", c->nown);
		path = path_in(c->dir, name);
		rc = path ? fuzz__prog_write(path, p)
			  : err_set(ERR_FAIL, "out of memory");
		free(path);
		if (rc)
			return rc;
	}
	ne = &c->corpus[c->ncorpus++];
	ne->prog = *p;
	ne->family = family;
	ne->worker = worker;
	c->nown += worker < 0;
	memset(p, 0, sizeof(*p));
	return 0;
}

/* The k-th (by rng) entry of a family. */
static const struct centry *family_pick(struct camp *c, int family,
					struct rv_rng *r)
{
	size_t n = 0, k;

	for (size_t i = 0; i < c->ncorpus; i++)
		n += c->corpus[i].family == family;
	if (!n)
		return NULL;
	k = rv_rng_below(r, (uint32_t)n);
	for (size_t i = 0; i < c->ncorpus; i++)
		if (c->corpus[i].family == family && !k--)
			return &c->corpus[i];
	return NULL;
}

/* ---- one test ------------------------------------------------------------ */

static const size_t bucket_len[NBUCKETS + 1] = { 0, 1, 2, 3, 4 };

static size_t pick_len(const struct camp *c, int bucket, struct rv_rng *r)
{
	size_t lo = c->o->min_len, hi = c->o->max_len, span;

	if (hi < lo)
		hi = lo;
	span = (hi - lo) / NBUCKETS;
	lo += span * bucket_len[bucket];
	return lo + (span ? rv_rng_below(r, (uint32_t)span) : 0);
}

int fuzz__make_test(struct camp *c, uint64_t i, struct rv_prog *out,
		    struct fuzz_arm *arm)
{
	bool npu = c->core->target == FUZZ_TARGET_NPU;
	struct fuzz_sched_view v = { .nfamilies = c->nfamilies,
				     .nmutators = npu ? NPU_MUT_COUNT
						      : RV_MUT_COUNT,
				     .nbuckets = NBUCKETS,
				     .test = i };
	const struct centry *e = NULL;
	struct rv_rng r;
	unsigned n;

	rv_rng_seed(&r, fuzz__mix64(c->o->seed) ^ fuzz__mix64(i + 1));
	memset(arm, 0, sizeof(*arm));
	c->sched->pick(c->sched_state, &v, &r, arm);
	arm->reseed = arm->reseed && arm->family >= 0;
	if (arm->family >= 0 && !arm->reseed)
		e = family_pick(c, arm->family, &r);
	if (!e) {
		struct rv_gen_opts g = { .len = pick_len(c, arm->len_bucket,
							 &r) };

		if (!arm->reseed)
			arm->family = -1;
		if (npu)
			return fuzz__npu_gen(out, g.len, &r)
				       ? err_set(ERR_FAIL, "out of memory")
				       : 0;
		if (rv_gen(out, &c->x.isa, &g, &r))
			return err_set(ERR_FAIL, "out of memory");
		return 0;
	}
	if (rv_prog_copy(out, &e->prog))
		return err_set(ERR_FAIL, "out of memory");
	n = 1 + rv_rng_below(&r, 4);
	for (unsigned k = 0; k < n; k++) {
		int m = arm->mutator >= 0 && k == 0
				? arm->mutator
				: (int)rv_rng_below(&r, (uint32_t)v.nmutators);

		if (npu ? fuzz__npu_mutate(out, (enum npu_mut)m, &r)
			: rv_mutate(out, (enum rv_mut)m, &c->x.isa, &r))
			return err_set(ERR_FAIL, "out of memory");
	}
	/* clones grow programs: cut them back to the longest generated
	 * length, and always clear of the data half of the RAM (the marker
	 * stays last) */
	while ((out->n > c->core->ram_size / 8 ||
		out->n > out->prologue + c->o->max_len + 1) &&
	       out->n > out->prologue + 1) {
		out->insn[out->n - 2] = out->insn[out->n - 1];
		out->n--;
	}
	return 0;
}

static unsigned cov_merge(uint8_t *global, const uint8_t *t, bool apply)
{
	unsigned n = 0;

	for (size_t k = 0; k < FUZZ_COV_BYTES; k++) {
		uint8_t nw = t[k] & (uint8_t)~global[k];

		if (nw) {
			n += (unsigned)__builtin_popcount(nw);
			if (apply)
				global[k] |= nw;
		}
	}
	return n;
}

uint8_t *fuzz__family_map(struct camp *c, int family)
{
	if ((size_t)family >= c->nfmaps) {
		size_t nn = (size_t)family + 16;
		uint8_t **nm = realloc(c->fmaps, nn * sizeof(*nm));

		if (!nm)
			return NULL;
		for (size_t k = c->nfmaps; k < nn; k++)
			nm[k] = NULL;
		c->fmaps = nm;
		c->nfmaps = nn;
	}
	if (!c->fmaps[family])
		c->fmaps[family] = calloc(1, FUZZ_COV_BYTES);
	return c->fmaps[family];
}

static int one_test(struct camp *c, uint64_t i)
{
	struct rv_prog p = { 0 };
	struct fuzz_outcome o;
	struct fuzz_arm arm;
	unsigned ng = 0, nl = 0;
	int rc, parent;

	rc = fuzz__make_test(c, i, &p, &arm);
	if (!rc)
		rc = fuzz__exec_run(&c->x, &p, &o);
	if (rc)
		goto done;
	if (!c->st.tests && !o.retired) {
		rc = err_set(ERR_FAIL,
			     "core '%s' retired no instruction in %llu cycles "
			     "(check reset polarity, clock and memory kind)",
			     c->core->name, (unsigned long long)o.cycles);
		goto done;
	}
	c->st.tests++;
	c->st.insns += o.retired;
	c->st.cycles += o.cycles;
	c->st.hangs += o.end == FUZZ_END_HANG;
	c->st.budget_ends += o.end == FUZZ_END_CYCLES || o.end == FUZZ_END_INSNS;
	c->st.unspec += o.end == FUZZ_END_UNSPEC;
	if (o.end == FUZZ_END_CYCLES && !c->said_budget) {
		log_info("fuzz: test %llu ended at the cycle budget (%llu "
			 "cycles, %llu retired); said once",
			 (unsigned long long)i, (unsigned long long)o.cycles,
			 (unsigned long long)o.retired);
		c->said_budget = true;
	}
	parent = arm.family;
	if (c->o->coverage) {
		uint8_t *fm;

		ng = cov_merge(c->cov, c->x.cov, true);
		if (arm.reseed)
			fuzz__reseed_family(c, parent);
		if (ng || arm.reseed) {
			rc = fuzz__corpus_add(c, &p, parent, -1, true);
			if (rc)
				goto done;
			if (parent < 0)
				parent = c->corpus[c->ncorpus - 1].family;
		}
		if (parent >= 0) {
			fm = fuzz__family_map(c, parent);
			if (fm)
				nl = cov_merge(fm, c->x.cov, true);
		}
	} else if (arm.family < 0 && c->ncorpus < 16) {
		rc = fuzz__corpus_add(c, &p, -1, -1, true);
		if (rc)
			goto done;
	}
	c->sched->reward(c->sched_state, &arm, ng, nl);
	if (o.end == FUZZ_END_DIVERGE || o.end == FUZZ_END_HANG) {
		const struct rv_prog *fp = p.insn ? &p
						  : &c->corpus[c->ncorpus - 1].prog;

		rc = fuzz__finding(c, i, fp, &o);
	}
done:
	rv_prog_release(&p);
	return rc;
}

/* ---- the loop ------------------------------------------------------------ */

static void report_progress(struct camp *c, bool final)
{
	struct fuzz_progress pr;
	double now = fuzz__now();

	if (!c->o->on_progress)
		return;
	if (!final && now - c->last_progress < c->o->progress_every)
		return;
	c->last_progress = now;
	pr.tests = c->st.tests;
	pr.findings = c->nsigs;
	pr.coverage = fuzz__cov_count(c->cov);
	pr.seconds = c->st.seconds + (now - c->t0);
	pr.rate = pr.seconds > 0 ? (c->st.tests - c->tests_at_start) /
					   (now - c->t0 + 1e-9)
				 : 0;
	pr.final = final;
	c->o->on_progress(&pr, c->o->progress_payload);
}

static bool want_more(struct camp *c, uint64_t i)
{
	if (proc_interrupted)
		return false;
	if (c->o->until_finding && c->nsigs)
		return false;
	if (c->o->tests)
		return i < c->o->tests;
	return (fuzz__now() - c->t0) * 1000 < (double)c->o->time_ms;
}

int fuzz__loop(struct camp *c)
{
	uint64_t i = c->next;
	int rc = 0;

	while (!rc && want_more(c, i)) {
		if ((i % c->stride) != c->offset) {
			i += (c->offset + c->stride - i % c->stride) % c->stride;
			continue;
		}
		rc = one_test(c, i);
		i += c->stride;
		c->next = i;
		if (!rc && c->st.tests % CKPT_TESTS == 0)
			rc = fuzz__history_point(c);
		if (!rc && c->st.tests % CKPT_TESTS == 0 &&
		    fuzz__now() - c->last_ckpt >= CKPT_SECONDS) {
			c->last_ckpt = fuzz__now();
			rc = fuzz__checkpoint(c);
			if (!rc && c->o->jobs > 1)
				rc = fuzz__import(c);
		}
		report_progress(c, false);
	}
	if (!rc)
		rc = fuzz__checkpoint(c);
	report_progress(c, true);
	if (!rc && proc_interrupted)
		rc = err_set(ERR_INTR, "interrupted");
	return rc;
}

void fuzz__camp_release(struct camp *c)
{
	for (size_t i = 0; i < c->ncorpus; i++)
		rv_prog_release(&c->corpus[i].prog);
	free(c->corpus);
	for (size_t i = 0; i < c->nfmaps; i++)
		free(c->fmaps[i]);
	free(c->fmaps);
	for (size_t i = 0; i < c->nsigs; i++)
		free(c->sigs[i].sig);
	free(c->sigs);
	free(c->cov);
	if (c->sched && c->sched_state)
		c->sched->free(c->sched_state);
	fuzz__exec_release(&c->x);
	free(c->dir);
	free(c->so_path);
	free(c->imports);
	buf_release(&c->history);
	memset(c, 0, sizeof(*c));
}

unsigned fuzz__cov_count(const uint8_t *m)
{
	unsigned n = 0;

	for (size_t k = 0; k < FUZZ_COV_BYTES; k++)
		n += (unsigned)__builtin_popcount(m[k]);
	return n;
}

int fuzz__camp_open(struct camp *c, const struct fuzz_opts *o,
		    const char *dir, const char *so_path, uint64_t stride,
		    uint64_t offset)
{
	char *sub;
	int rc;

	memset(c, 0, sizeof(*c));
	c->o = o;
	c->core = o->core;
	c->stride = stride;
	c->offset = offset;
	c->next = offset;
	c->worker = (int)(offset % (uint64_t)(o->jobs > 0 ? o->jobs : 1));
	c->nimports = o->jobs > 1 ? (size_t)o->jobs : 0;
	c->imports = calloc(c->nimports + 1, sizeof(*c->imports));
	c->dir = strdup(dir);
	c->so_path = strdup(so_path);
	c->cov = calloc(1, FUZZ_COV_BYTES);
	c->sched = fuzz_sched_find(o->scheduler);
	if (!c->dir || !c->so_path || !c->cov || !c->imports)
		return err_set(ERR_FAIL, "out of memory");
	if (!c->sched)
		return err_set(ERR_USAGE, "unknown scheduler '%s' (known: %s)",
			       o->scheduler, fuzz_sched_names());
	rc = c->sched->init(&c->sched_state);
	sub = path_in(dir, "corpus");
	if (!rc)
		rc = sub ? fuzz__mkdirs(sub) : ERR_FAIL;
	free(sub);
	sub = path_in(dir, "findings");
	if (!rc)
		rc = sub ? fuzz__mkdirs(sub) : ERR_FAIL;
	free(sub);
	if (!rc)
		rc = fuzz__exec_init(&c->x, o->core, so_path, o->coverage);
	if (!rc && o->resume)
		rc = fuzz__restore(c);
	c->t0 = fuzz__now();
	c->cpu0 = fuzz__cpu_seconds();
	c->tests_at_start = c->st.tests;
	return rc;
}

/* ---- workers ------------------------------------------------------------- */

static int build_model(char **so, const struct fuzz_opts *o)
{
	struct fuzz_build_opts b = { .core = o->core,
				     .cache_dir = o->cache_dir,
				     .sandbox = o->sandbox,
				     .keep_tmp = o->keep_tmp };

	return fuzz__build(so, &b);
}

static int run_one(struct fuzz_result *out, const struct fuzz_opts *o,
		   const char *dir, const char *so, uint64_t stride,
		   uint64_t offset)
{
	struct camp c;
	int rc;

	rc = fuzz__camp_open(&c, o, dir, so, stride, offset);
	if (!rc)
		rc = fuzz__loop(&c);
	if (out) {
		out->tests = c.st.tests;
		out->findings = c.nsigs;
		out->coverage = c.cov ? fuzz__cov_count(c.cov) : 0;
		out->hangs = c.st.hangs;
		out->budget_ends = c.st.budget_ends;
		out->unspecified_ends = c.st.unspec;
		out->insns = c.st.insns;
		out->seconds = c.st.seconds;
	}
	if (!rc || rc == ERR_INTR) {
		int rc2 = fuzz__write_summary(&c);

		if (!rc)
			rc = rc2;
		else if (rc == ERR_INTR)
			err_set(ERR_INTR, "interrupted; resume with --resume");
	}
	fuzz__camp_release(&c);
	return rc;
}

static int run_workers(struct fuzz_result *out, const struct fuzz_opts *o,
		       const char *so, uint64_t stride, uint64_t base)
{
	int n = o->jobs, rc = 0, failed = 0;
	pid_t *pids = calloc((size_t)n, sizeof(*pids));
	char **dirs = calloc((size_t)n, sizeof(*dirs));

	if (!pids || !dirs) {
		free(pids);
		free(dirs);
		return err_set(ERR_FAIL, "out of memory");
	}
	for (int w = 0; w < n && !rc; w++) {
		dirs[w] = str_fmt("%s/worker-%d", o->out_dir, w);
		if (!dirs[w]) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		fflush(NULL);
		pids[w] = fork();
		if (pids[w] < 0) {
			rc = err_set_errno(ERR_FAIL, "cannot fork");
			break;
		}
		if (!pids[w]) {
			struct fuzz_opts wo = *o;
			int wrc;

			wo.on_progress = w == 0 ? o->on_progress : NULL;
			wrc = run_one(NULL, &wo, dirs[w], so, stride,
				      base + (uint64_t)w);
			if (wrc && wrc != ERR_INTR)
				log_warn("fuzz: worker %d: %s", w, err_last());
			_exit(wrc == ERR_INTR ? 130 : wrc ? 3 : 0);
		}
	}
	for (int w = 0; w < n; w++) {
		int st;

		if (pids[w] <= 0)
			continue;
		while (waitpid(pids[w], &st, 0) < 0 && errno == EINTR)
			;
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failed = WIFEXITED(st) && WEXITSTATUS(st) == 130 ? 130 : 3;
	}
	if (!rc && failed != 3)
		rc = fuzz_merge(out, o->out_dir, (const char *const *)dirs,
				(size_t)n);
	if (!rc && failed == 130)
		rc = err_set(ERR_INTR, "interrupted");
	else if (!rc && failed)
		rc = err_set(ERR_FAIL, "a fuzz worker failed");
	for (int w = 0; w < n; w++)
		free(dirs[w]);
	free(dirs);
	free(pids);
	return rc;
}

int fuzz_run(struct fuzz_result *out, const struct fuzz_opts *o)
{
	uint64_t stride, base;
	char *so = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!fuzz_sched_find(o->scheduler))
		return err_set(ERR_USAGE, "unknown scheduler '%s' (known: %s)",
			       o->scheduler, fuzz_sched_names());
	rc = fuzz__mkdirs(o->out_dir);
	if (!rc)
		rc = build_model(&so, o);
	if (rc)
		return rc;
	stride = (uint64_t)o->shard_n * (uint64_t)o->jobs;
	base = (uint64_t)(o->shard_k - 1) * (uint64_t)o->jobs;
	if (o->jobs <= 1)
		rc = run_one(out, o, o->out_dir, so, stride, base);
	else
		rc = run_workers(out, o, so, stride, base);
	free(so);
	return rc;
}
