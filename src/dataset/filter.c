/*
 * --filter compile,synth,equiv: labels from the check pipeline (src/verify),
 * never drops.  The module before and the module after are written to a
 * private temporary directory and judged as untrusted code (sandboxed
 * tool runs): both compile (iverilog), both synthesize (Yosys), and
 * formal equivalence of after against before (proven = a refactor,
 * refuted = the behaviour changed, with the counterexample kept,
 * inconclusive with the reason).  Each side comes with what context.c
 * found in its commit's tree (packages, `include files, submodules); what
 * it did not find is the compile stage's reason, not guessed around.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dataset/miner.h"
#include "verify/verify.h"

static int stage_json(struct buf *b, const char *key,
		      const struct verify_stage *s)
{
	int rc = buf_addf(b, "\"%s\":{\"status\":\"%s\",\"class\":", key,
			  verify_status_name(s->status));

	rc |= s->class ? djson_str(b, s->class, strlen(s->class))
		       : buf_addstr(b, "null");
	rc |= buf_addstr(b, ",\"summary\":");
	rc |= s->summary ? djson_str(b, s->summary, strlen(s->summary))
			 : buf_addstr(b, "null");
	return rc;
}

/*
 * SYNTHESIS is defined for every tool, as Yosys defines it itself: the
 * labels are about the synthesizable design, and projects put what only
 * a simulator or a formal tool reads (lowRISC's assertion macros, UVM
 * hooks) under `ifndef SYNTHESIS.
 */
static const char *const filter_defines[] = { "SYNTHESIS", NULL };

static void vopts(struct verify_opts *v, const struct dataset_opts *o,
		  const char *top, const char *const *file)
{
	*v = (struct verify_opts)VERIFY_OPTS_INIT;
	v->defines = filter_defines;
	v->files = file;
	v->nfiles = 1;
	v->top = top;
	v->timeout_s = o->filter_timeout > 0 ? o->filter_timeout : 30;
	v->sandbox = o->sandbox;
	v->jobs = 1;
}

/* compile or synth of both sides; true when both pass. */
static int both(struct buf *b, const struct dataset_opts *o, const char *top,
		const char *const files[2], bool synth, bool *pass)
{
	static const char *const side[] = { "before", "after" };
	int rc = buf_addf(b, ",\"%s\":{", synth ? "synth" : "compile");

	*pass = true;
	for (int i = 0; i < 2 && !rc; i++) {
		struct verify_opts v;
		struct verify_stage st;

		vopts(&v, o, top, &files[i]);
		memset(&st, 0, sizeof(st));
		rc = synth ? verify_synth(&st, NULL, &v) : verify_compile(&st, &v);
		if (rc) { /* tool missing, interrupted: say so, go on */
			if (rc == ERR_INTR)
				return rc;
			rc = buf_addf(b, "%s\"%s\":{\"status\":\"error\",\"summary\":",
				      i ? "," : "", side[i]);
			rc |= djson_str(b, err_last(), strlen(err_last()));
			rc |= buf_addch(b, '}');
			*pass = false;
			continue;
		}
		if (i)
			rc |= buf_addch(b, ',');
		rc |= stage_json(b, side[i], &st);
		rc |= buf_addch(b, '}');
		*pass &= st.status == VERIFY_PASS;
		verify_stage_release(&st);
	}
	return rc | buf_addch(b, '}');
}

static int equiv(struct buf *b, const struct dataset_opts *o, const char *top,
		 const char *const files[2])
{
	struct verify_opts v;
	struct verify_stage st;
	const cJSON *cex;
	const char *res, *why;
	struct buf c = BUF_INIT;
	int rc;

	vopts(&v, o, top, &files[1]);
	v.refs = &files[0];
	v.nrefs = 1;
	memset(&st, 0, sizeof(st));
	rc = verify_equiv(&st, &v);
	if (rc)
		return rc == ERR_INTR ? rc
				      : buf_addstr(b, ",\"equiv\":{\"result\":"
						   "\"inconclusive\",\"reason\":"
						   "\"could not run\"}");
	res = json_get_string(st.evidence, "result");
	why = json_get_string(st.evidence, "reason");
	cex = json_get_array(st.evidence, "counterexample");
	rc = buf_addstr(b, ",\"equiv\":{\"result\":");
	res = res ? res : st.status == VERIFY_PASS ? "proven"
			  : st.status == VERIFY_FAIL ? "refuted" : "inconclusive";
	rc |= djson_str(b, res, strlen(res));
	rc |= buf_addstr(b, ",\"reason\":");
	why = why ? why : st.summary;
	rc |= why ? djson_str(b, why, strlen(why)) : buf_addstr(b, "null");
	rc |= buf_addstr(b, ",\"counterexample\":");
	if (cex && !json_print(&c, cex, false))
		rc |= buf_add(b, c.data, c.len);
	else
		rc |= buf_addstr(b, "null");
	buf_release(&c);
	verify_stage_release(&st);
	return rc | buf_addch(b, '}');
}

/* Write variant v's two sides as files[0..1]. */
static int write_sides(char *const files[2], const struct dataset_variant *v)
{
	int rc = buf_write_file(files[0], v->before, v->blen);

	return rc ? rc : buf_write_file(files[1], v->after, v->alen);
}

static bool same_variant(const struct dataset_variant *a,
			 const struct dataset_variant *b)
{
	return a->blen == b->blen && a->alen == b->alen &&
	       !memcmp(a->before, b->before, a->blen) &&
	       !memcmp(a->after, b->after, a->alen);
}

int dataset_filter_json(struct buf *b, const struct dataset_opts *o,
			const char *top, const struct dataset_variant *v,
			size_t nv)
{
	struct tmpdir t = TMPDIR_INIT;
	char *files[2] = { NULL, NULL };
	struct buf first = BUF_INIT, cur = BUF_INIT;
	size_t chosen = 0;
	bool ok = false;
	int rc;

	if (!o->filters)
		return 0;
	if (!top || !nv)
		return buf_addstr(b, ",\"filters\":{\"skipped\":\"not a module\"}");
	rc = tmpdir_create(&t, "mine");
	if (!rc) {
		files[0] = tmpdir_file(&t, "before.sv");
		files[1] = tmpdir_file(&t, "after.sv");
		if (!files[0] || !files[1])
			rc = err_set(ERR_FAIL, "out of memory");
	}
	/* the richest variant both sides compile in; the first one's
	 * diagnostics when none does */
	for (size_t i = 0; !rc && !ok && i < nv; i++) {
		if (i && same_variant(&v[i], &v[i - 1]))
			continue;
		buf_reset(&cur);
		rc = write_sides(files, &v[i]);
		if (!rc)
			rc = both(i ? &cur : &first, o, top,
				  (const char *const *)files, false, &ok);
		if (ok)
			chosen = i;
	}
	if (!rc && chosen)
		rc = write_sides(files, &v[chosen]);
	if (!rc)
		rc = buf_addstr(b, ",\"filters\":{\"module\":");
	if (!rc)
		rc = djson_str(b, top, strlen(top));
	if (!rc)
		rc = buf_addf(b, ",\"context\":\"%s\"", v[chosen].name);
	if (!rc)
		rc = chosen ? buf_add(b, cur.data, cur.len)
			    : buf_add(b, first.data, first.len);
	if (!rc && ok && (o->filters & DATASET_FILTER_SYNTH))
		rc = both(b, o, top, (const char *const *)files, true, &ok);
	if (!rc && ok && (o->filters & DATASET_FILTER_EQUIV))
		rc = equiv(b, o, top, (const char *const *)files);
	else if (!rc && (o->filters & DATASET_FILTER_EQUIV))
		rc = buf_addstr(b, ",\"equiv\":{\"result\":\"inconclusive\","
			       "\"reason\":\"an earlier filter failed\"}");
	if (!rc)
		rc = buf_addch(b, '}');
	buf_release(&first);
	buf_release(&cur);
	free(files[0]);
	free(files[1]);
	tmpdir_remove(&t);
	return rc;
}
