#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/assert-int.h"

/*
 * The mutation score of an assertion set (assert.h): every non-equivalent
 * mutant checked against the assertions that hold, bounded; one Yosys run
 * and one BMC run (--keep-going: every assertion that fails) per mutant.
 */

/* The mutant's file set: written to dir, named as the design's files. */
static int mutant_files(char ***paths, const struct mutant *m,
			const struct mut_opts *mo, const char *dir)
{
	int rc = verify_mutant_write(m, mo, dir);

	*paths = NULL;
	for (size_t i = 0; !rc && i < mo->nfiles; i++) {
		const char *b = strrchr(mo->files[i], '/');
		struct buf p = BUF_INIT;

		rc = buf_addf(&p, "%s/%s", dir, b ? b + 1 : mo->files[i]);
		if (!rc)
			rc = strv_push(paths, NULL, p.data);
		buf_release(&p);
	}
	return rc;
}

/*
 * One mutant: which holding statements fail on it (BMC).  a->r is a
 * scratch report (aj_prepare() may mark statements of a mutant); the kills
 * go to r.
 */
static int check_mutant(struct aj *a, struct assert_report *r,
			const struct verify_opts *mvo, bool *killed)
{
	const struct verify_opts *vo = a->o;
	bool ok, done;
	int rc;

	*killed = false;
	for (size_t i = 0; i < r->n; i++) {
		free(a->r->v[i].reason);
		a->r->v[i].reason = NULL;
		a->r->v[i].status = r->v[i].status;
		a->st[i].live = aj_holds(r->v[i].status);
		a->st[i].failed = false;
	}
	rc = aj_open(a, mvo);
	if (rc)
		return rc;
	a->o = mvo; /* the mutant's files are read from here */
	rc = aj_prepare(a, false, &ok);
	if (!rc && ok)
		rc = aj_bmc(a, &done);
	for (size_t i = 0; !rc && ok && i < r->n; i++)
		if (a->st[i].live && a->st[i].failed) {
			r->v[i].killed++;
			*killed = true;
		}
	a->o = vo;
	aj_close(a);
	return rc;
}

static int add_survivor(struct assert_report *r, const struct mutant *m)
{
	struct buf s = BUF_INIT;
	char **sv = realloc(r->survivors, (r->nsurvivors + 1) * sizeof(*sv));

	if (!sv)
		return err_set(ERR_FAIL, "out of memory");
	r->survivors = sv;
	if (buf_addf(&s, "%s %s", m->id, m->desc ? m->desc : "")) {
		buf_release(&s);
		return err_set(ERR_FAIL, "out of memory");
	}
	r->survivors[r->nsurvivors++] = buf_detach(&s, NULL);
	return 0;
}

/* r's mutation fields emptied, for a fresh score of the ms->n mutants. */
static void mutation_reset(struct assert_report *r, const struct mutant_set *ms)
{
	for (size_t i = 0; i < r->nsurvivors; i++)
		free(r->survivors[i]);
	free(r->survivors);
	r->survivors = NULL;
	r->nsurvivors = 0;
	r->mutants = ms->n;
	r->equivalent = r->stillborn = r->nonequiv = r->killed = 0;
	for (size_t i = 0; i < r->n; i++)
		r->v[i].killed = 0;
}

/*
 * Count m into r's equivalent, stillborn or non-equivalent total: true
 * for a non-equivalent mutant, the only kind an assertion can kill.
 */
static bool count_mutant(struct assert_report *r, const struct mutant *m)
{
	if (m->equiv == MUT_EQ_EQUIVALENT) {
		r->equivalent++;
		return false;
	}
	if (m->equiv == MUT_EQ_STILLBORN) {
		r->stillborn++;
		return false;
	}
	r->nonequiv++;
	return true;
}

static int mutation(struct aj *a, struct assert_report *r,
		    const struct mutant_set *ms, const struct mut_opts *mo)
{
	struct assert_report scratch = ASSERT_REPORT_INIT;
	int rc = 0;

	scratch.v = calloc(r->n + 1, sizeof(*scratch.v));
	if (!scratch.v)
		return err_set(ERR_FAIL, "out of memory");
	scratch.n = r->n;
	a->r = &scratch;
	for (size_t k = 0; !rc && k < ms->n; k++) {
		const struct mutant *m = &ms->v[k];
		struct verify_opts mvo = *a->o;
		struct tmpdir td;
		char **paths = NULL;
		bool killed = false;

		if (!count_mutant(r, m))
			continue;
		rc = tmpdir_create(&td, "mutant");
		if (rc)
			break;
		td.keep = a->o->keep_tmp;
		rc = mutant_files(&paths, m, mo, td.path);
		if (!rc) {
			mvo.files = (const char *const *)paths;
			mvo.nfiles = mo->nfiles;
			rc = check_mutant(a, r, &mvo, &killed);
		}
		if (!rc && killed)
			r->killed++;
		else if (!rc)
			rc = add_survivor(r, m);
		strv_free(paths);
		tmpdir_remove(&td);
	}
	for (size_t i = 0; i < scratch.n; i++)
		free(scratch.v[i].reason);
	free(scratch.v);
	return rc;
}

/* Rebuild the statements of a judged report (same text, same order). */
static int mutation_all(struct assert_report *r, const struct verify_opts *vo,
			const char *module, const char *stmts, size_t len,
			const char *file, const struct mutant_set *ms,
			const struct mut_opts *mo)
{
	struct assert_report tmp = ASSERT_REPORT_INIT;
	struct aj a;
	int rc;

	mutation_reset(r, ms);
	rc = aj_init(&a, &tmp, vo, module, stmts, len, file);
	if (!rc && tmp.n != r->n)
		rc = err_set(ERR_USAGE,
			     "assert: the report does not belong to this text");
	/* the statements Yosys could not read stay out */
	for (size_t i = 0; !rc && i < r->n; i++)
		if (r->v[i].status == AS_INVALID) {
			a.st[i].live = false;
			aj_blank(&a, i);
		}
	if (!rc)
		rc = mutation(&a, r, ms, mo);
	a.r = &tmp;
	aj_release(&a);
	assert_report_release(&tmp);
	return rc;
}

int verify_assert_mutation(struct assert_report *r,
			   const struct verify_opts *vo, const char *module,
			   const char *stmts, size_t len,
			   const struct mutant_set *ms,
			   const struct mut_opts *mo)
{
	return mutation_all(r, vo, module, stmts, len, NULL, ms, mo);
}

int verify_assert_mutation_file(struct assert_report *r,
				const struct verify_opts *vo, const char *file,
				const struct mutant_set *ms,
				const struct mut_opts *mo)
{
	return mutation_all(r, vo, NULL, NULL, 0, file, ms, mo);
}

int verify_assert_no_kills(struct assert_report *r, const struct mutant_set *ms)
{
	int rc = 0;

	mutation_reset(r, ms);
	for (size_t k = 0; !rc && k < ms->n; k++)
		if (count_mutant(r, &ms->v[k]))
			rc = add_survivor(r, &ms->v[k]);
	return rc;
}
