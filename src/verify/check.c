#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "verify/verify-int.h"

/*
 * verify_check(): screen, compile (+ port check against the reference),
 * synth, sim, equiv, props.  The screen and compile gate everything (a
 * design that does not compile has nothing else to say); after them every
 * stage that applies runs, so one round of feedback carries the synthesis
 * findings, the mismatch table and the counterexample together.
 */

/* A stage function's negative code, other than an interrupt, is a stage. */
static int as_stage(struct verify_stage *st, const char *name, int rc)
{
	const char *cls;

	if (!rc || rc == ERR_INTR)
		return rc;
	cls = rc == ERR_TIMEOUT	   ? "timeout"
	      : rc == ERR_NOTFOUND ? "tool-missing"
				   : "tool-error";
	verify_stage_release(st);
	{
		struct buf c = BUF_INIT;
		int r2 = buf_addf(&c, "%s/%s", name, cls);

		if (!r2)
			r2 = verify_stage_set(st, name,
					      rc == ERR_TIMEOUT
						      ? VERIFY_INCONCLUSIVE
						      : VERIFY_ERROR,
					      c.data, "%s", err_last());
		buf_release(&c);
		if (r2)
			return r2;
	}
	err_clear();
	return 0;
}

static int add_stage(struct verify_verdict *v, struct verify_stage *st,
		     long start)
{
	st->elapsed_ms = mono_ms() - start; /* wall time, tools and all */
	return verify_verdict_add(v, st);
}

int verify_synth(struct verify_stage *out, struct synth_stats *stats_out,
		 const struct verify_opts *o)
{
	struct synth_opts so = SYNTH_OPTS_INIT;
	struct synth_report r = SYNTH_REPORT_INIT;
	cJSON *e;
	int rc;

	memset(out, 0, sizeof(*out));
	so.files = o->files;
	so.nfiles = o->nfiles;
	so.top = o->top;
	so.defines = o->defines;
	so.timeout_s = o->timeout_s;
	so.sandbox = o->sandbox;
	so.keep_tmp = o->keep_tmp;
	so.allow_latches = o->allow_latches;
	rc = synth_run(&r, &so);
	if (rc) {
		synth_report_release(&r);
		return rc;
	}
	if (r.ok)
		rc = verify_stage_set(out, "synth", VERIFY_PASS, NULL, "%s",
				      r.summary ? r.summary : "synthesized");
	else
		rc = verify_stage_set(out, "synth", VERIFY_FAIL,
				      r.class ? r.class : "synth/error", "%s",
				      r.summary ? r.summary
						: "synthesis failed");
	e = cJSON_CreateObject();
	if (!rc && !e)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc) {
		out->evidence = e;
		e = NULL;
		rc = json_add_take(out->evidence, "stats",
				   synth_stats_json(&r.stats));
	}
	if (!rc) {
		rc = json_add_take(out->evidence, "findings",
				   r.findings ? r.findings
					      : cJSON_CreateArray());
		r.findings = NULL;
	}
	out->elapsed_ms = r.elapsed_ms;
	if (!rc && stats_out) {
		*stats_out = r.stats;
		r.stats.cells_by_type = NULL;
	}
	cJSON_Delete(e);
	synth_report_release(&r);
	if (rc)
		verify_stage_release(out);
	return rc;
}

/* ---- meta: tools, flags, seed ----------------------------------------- */

static cJSON *strv_json(const char *const *v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a && (n ? i < n : v && v[i] != NULL); i++)
		if (json_append_take(a, cJSON_CreateString(v[i]))) {
			cJSON_Delete(a);
			return NULL;
		}
	return a;
}

static cJSON *flags_json(const struct verify_opts *o)
{
	cJSON *f = cJSON_CreateObject();
	int rc = f ? 0 : ERR_FAIL;

	if (rc)
		return NULL;
	rc |= json_add_take(f, "files", strv_json(o->files, o->nfiles));
	rc |= json_add_str(f, "top", o->top);
	rc |= json_add_take(f, "refs", strv_json(o->refs, o->nrefs));
	rc |= json_add_str(f, "ref_top", o->ref_top ? o->ref_top : o->top);
	rc |= json_add_str(f, "tb", o->tb);
	rc |= json_add_str(f, "tb_top", o->tb_top);
	rc |= json_add_take(f, "props", strv_json(o->props, o->nprops));
	rc |= json_add_take(f, "defines", strv_json(o->defines, 0));
	rc |= json_add_num(f, "timeout_s", o->timeout_s);
	rc |= json_add_num(f, "cycles", o->sim_cycles);
	rc |= json_add_num(f, "equiv_depth", o->equiv_depth);
	rc |= json_add_num(f, "props_depth", o->props_depth);
	rc |= json_add_num(f, "stages", o->stages);
	rc |= json_add_bool(f, "allow_file_io", o->allow_file_io);
	rc |= json_add_bool(f, "allow_latches", o->allow_latches);
	rc |= json_add_str(f, "sandbox",
			   o->sandbox == PROC_SANDBOX_NONE ? "none"
			   : !proc_sandbox_available()	   ? "limits-only"
							   : "bwrap");
	rc |= json_add_str(f, "iverilog", "-g2012 -Wall");
	if (rc) {
		cJSON_Delete(f);
		return NULL;
	}
	return f;
}

/*
 * The compiler's version comes from the program it compiled (the exact
 * tool that judged this design, and four processes fewer than iverilog
 * -V); before a compile, from the probe.
 */
static cJSON *tools_json(const struct vrun_dir *d)
{
	struct buf ver = BUF_INIT;
	char *vvp = d->dut ? tmpdir_file(&(struct tmpdir){ .path = d->dut },
					 "dut.vvp")
			   : NULL;
	cJSON *t = NULL;

	if (vvp && !verify_ivl_version(&ver, vvp)) {
		t = verify_runtime_versions();
		if (t && json_add_str(t, "iverilog", ver.data)) {
			cJSON_Delete(t);
			t = NULL;
		}
	} else {
		err_clear();
		t = verify_tool_versions();
	}
	free(vvp);
	buf_release(&ver);
	return t;
}

static int make_meta(struct verify_verdict *v, const struct verify_opts *o,
		     const struct vrun_dir *d)
{
	int rc;

	v->meta = cJSON_CreateObject();
	if (!v->meta)
		return err_set(ERR_FAIL, "out of memory");
	rc = json_add_take(v->meta, "tools", tools_json(d));
	if (!rc)
		rc = json_add_take(v->meta, "flags", flags_json(o));
	if (!rc)
		rc = json_add_num(v->meta, "seed", (double)o->seed);
	return rc;
}

/* ---- forbidden module names ------------------------------------------- */

static int push_names_of(char ***v, const char *path, const char *top)
{
	struct buf b = BUF_INIT;
	char **names = NULL;
	int rc = verify_read_input(&b, path, "testbench");

	if (!rc)
		rc = verify_module_names(&names, b.data, b.len);
	for (size_t i = 0; !rc && names[i]; i++)
		if (strcmp(names[i], top))
			rc = strv_push(v, NULL, names[i]);
	strv_free(names);
	buf_release(&b);
	return rc;
}

/*
 * The harness's name always; with a testbench, every module the testbench
 * and the references define (the design sits next to them in one
 * simulation and must not replace or impersonate them).
 */
static int forbidden_names(char ***out, const struct verify_opts *o)
{
	bool with_refs = o->tb && o->ref_top && strcmp(o->ref_top, o->top);
	char **v = NULL;
	int rc = strv_push(&v, NULL, "hwforge_harness");

	if (!rc && o->tb)
		rc = push_names_of(&v, o->tb, o->top);
	for (size_t i = 0; !rc && with_refs && i < o->nrefs; i++)
		rc = push_names_of(&v, o->refs[i], o->top);
	if (rc) {
		strv_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

/* ---- stages ----------------------------------------------------------- */

/*
 * After a clean compile: the design's ports must be the reference's.  The
 * reference's ports are kept in d for the sim stage.
 */
static int check_ports(struct verify_stage *st, const struct verify_opts *o,
		       struct vrun_dir *d)
{
	struct verify_iface dut = { 0 };
	const char *ref_top = o->ref_top ? o->ref_top : o->top;
	cJSON *diffs = cJSON_CreateArray();
	int rc;

	if (!diffs)
		return err_set(ERR_FAIL, "out of memory");
	/*
	 * When Yosys cannot read one side there is nothing to compare here:
	 * sim reports the reference's problem as "could not decide", synth
	 * the design's.  Only an interrupt stops the check.
	 */
	rc = verify_iface_in(&d->ref_iface, o, d->ref,
			     (const char *const *)d->ref_names, ref_top, "ref",
			     NULL);
	d->have_ref_iface = !rc;
	if (!rc) {
		char *vvp = tmpdir_file(&(struct tmpdir){ .path = d->dut },
					"dut.vvp");

		rc = vvp ? verify_iface_vvp(&dut, vvp, o->top)
			 : err_set(ERR_FAIL, "out of memory");
		free(vvp);
	}
	if (rc && rc != ERR_INTR) {
		err_clear();
		rc = 0;
		goto out;
	}
	if (!rc)
		rc = verify_iface_compare(diffs, &d->ref_iface, &dut);
	if (!rc && cJSON_GetArraySize(diffs)) {
		rc = verify_stage_set(
			st, "compile", VERIFY_FAIL, "compile/port-mismatch",
			"ports differ from the reference: %s",
			cJSON_GetArrayItem(diffs, 0)->valuestring);
		if (!rc)
			rc = json_add_take(st->evidence, "ports", diffs);
		diffs = NULL;
	}
out:
	cJSON_Delete(diffs);
	verify_iface_release(&dut);
	return rc;
}

struct run {
	struct verify_verdict *v;
	const struct verify_opts *o;
	struct vrun_dir d;
};

/* Screen and compile; *go is false when nothing else can run. */
static int front(struct run *r, bool *go)
{
	struct verify_stage st = { 0 };
	char **forbidden = NULL;
	long t = mono_ms();
	int rc;

	*go = false;
	rc = forbidden_names(&forbidden, r->o);
	if (!rc)
		rc = verify_screen(&st, r->o, (const char *const *)forbidden);
	strv_free(forbidden);
	if (!rc)
		rc = add_stage(r->v, &st, t);
	if (rc || r->v->status != VERIFY_PASS)
		return rc;
	t = mono_ms();
	rc = vrun_dir_open(&r->d, r->o);
	if (!rc)
		rc = as_stage(
			&st, "compile",
			verify_compile_in(&st, r->o, r->d.dut,
					  (const char *const *)r->d.dut_names));
	if (!rc && st.status == VERIFY_PASS && r->o->nrefs &&
	    verify_want(r->o, VERIFY_STAGE_SIM | VERIFY_STAGE_EQUIV))
		rc = check_ports(&st, r->o, &r->d);
	if (!rc)
		rc = add_stage(r->v, &st, t);
	verify_stage_release(&st);
	if (!rc)
		*go = r->v->status == VERIFY_PASS;
	return rc;
}

typedef int (*stage_fn)(struct verify_stage *, const struct run *);

static int do_synth(struct verify_stage *st, const struct run *r)
{
	return verify_synth(st, NULL, r->o);
}

static int do_sim(struct verify_stage *st, const struct run *r)
{
	return verify_simulate_in(st, r->o, &r->d);
}

static int do_equiv(struct verify_stage *st, const struct run *r)
{
	return verify_equiv(st, r->o);
}

static int do_props(struct verify_stage *st, const struct run *r)
{
	return verify_props(st, r->o);
}

/*
 * The stages after compile do not depend on each other: they run side by
 * side (o->jobs, default 2), each in its own directory, and are added to
 * the verdict in their fixed order.  Errors are carried back as text: the
 * error slot is per thread.
 */
struct job {
	const struct run *r;
	const char *name;
	stage_fn fn;
	struct verify_stage st;
	int rc;
	char *err;
	long ms;
};

static void job_run(size_t i, void *payload)
{
	struct job *j = (struct job *)payload + i;
	long t = mono_ms();

	j->rc = as_stage(&j->st, j->name, j->fn(&j->st, j->r));
	if (!j->rc && !j->st.name[0])
		j->rc = verify_stage_set(&j->st, j->name, VERIFY_ERROR,
					 "internal/no-result",
					 "the stage returned no result");
	if (j->rc)
		j->err = strdup(err_last());
	j->ms = mono_ms() - t;
}

static int back(struct run *r)
{
	const struct verify_opts *o = r->o;
	struct job jobs[4];
	size_t n = 0;
	int rc;

	memset(jobs, 0, sizeof(jobs));
	if (verify_want(o, VERIFY_STAGE_SYNTH))
		jobs[n++] =
			(struct job){ .r = r, .name = "synth", .fn = do_synth };
	if (verify_want(o, VERIFY_STAGE_SIM) && (o->tb || o->nrefs))
		jobs[n++] = (struct job){ .r = r, .name = "sim", .fn = do_sim };
	if (verify_want(o, VERIFY_STAGE_EQUIV) && o->nrefs)
		jobs[n++] =
			(struct job){ .r = r, .name = "equiv", .fn = do_equiv };
	if (verify_want(o, VERIFY_STAGE_PROPS) &&
	    (o->nprops || (o->stages & VERIFY_STAGE_PROPS)))
		jobs[n++] =
			(struct job){ .r = r, .name = "props", .fn = do_props };
	rc = pool_run(n, o->jobs > 0 ? o->jobs : 2, job_run, jobs);
	for (size_t i = 0; i < n; i++) {
		if (!rc && jobs[i].rc)
			rc = err_set(jobs[i].rc, "%s",
				     jobs[i].err ? jobs[i].err : "error");
		jobs[i].st.elapsed_ms = jobs[i].ms;
		if (!rc)
			rc = verify_verdict_add(r->v, &jobs[i].st);
		verify_stage_release(&jobs[i].st);
		free(jobs[i].err);
	}
	return rc;
}

/*
 * What both entry points do to the caller's options first: the top
 * module found in the design when none is given (*top owns the name),
 * then every option checked.
 */
static int opts_ready(struct verify_opts *o, char **top)
{
	if (!o->top) {
		int rc = verify_detect_top(top, o->files, o->nfiles);

		if (rc)
			return rc;
		o->top = *top;
	}
	return verify_validate(o);
}

/* Tool versions are probed while the first stages run. */
static void *probe_versions(void *arg)
{
	cJSON_Delete(verify_runtime_versions());
	return arg;
}

static int check_files(struct verify_verdict *out, const struct verify_opts *in)
{
	struct verify_opts o = *in;
	struct run r = { .v = out, .o = &o };
	char *top = NULL;
	bool go = false, probing;
	pthread_t probe;
	int rc = 0;

	verify_verdict_init(out);
	probing = o.jobs != 1 &&
		  !pthread_create(&probe, NULL, probe_versions, NULL);
	rc = opts_ready(&o, &top);
	if (!rc)
		rc = front(&r, &go);
	if (!rc && go)
		rc = back(&r);
	if (probing)
		pthread_join(probe, NULL);
	if (!rc)
		rc = make_meta(out, &o, &r.d);
	if (r.d.td.path && o.keep_tmp)
		log_info("check: keeping %s", r.d.td.path);
	vrun_dir_close(&r.d);
	free(top);
	if (rc)
		verify_verdict_release(out);
	return rc;
}

/* ---- jobs: the sources as text ------------------------------------------ */

/*
 * The job's sources written out for the tools, one directory per source
 * so that each keeps its base name; paths[i] holds names[i]'s text.  After
 * the run every path in the verdict is put back as the display name.
 */
struct mat {
	struct tmpdir td;
	char **paths, **names; /* NULL-ended, parallel */
	size_t n;
};

static int mat_add(struct mat *m, const struct verify_source *src,
		   const char **out)
{
	struct buf dir = BUF_INIT, path = BUF_INIT;
	const char *base;
	int rc = 0;

	if (!src->text)
		return err_set(ERR_USAGE, "job: source '%s' has no text",
			       src->name ? src->name : "?");
	for (size_t i = 0; i < m->n; i++)
		if (src->name && !strcmp(m->names[i], src->name)) {
			*out = m->paths[i]; /* one file read twice */
			return 0;
		}
	base = src->name ? strrchr(src->name, '/') : NULL;
	base = base ? base + 1 : src->name;
	rc = buf_addf(&dir, "%s/%zu", m->td.path, m->n);
	if (!rc && mkdir(dir.data, 0700))
		rc = err_set_errno(ERR_FAIL, "mkdir %s", dir.data);
	if (!rc)
		rc = buf_addf(&path, "%s/", dir.data);
	for (const char *c = base && *base ? base : "source.v"; !rc && *c;
	     c++) {
		bool safe = (*c >= 'a' && *c <= 'z') ||
			    (*c >= 'A' && *c <= 'Z') ||
			    (*c >= '0' && *c <= '9') || *c == '.' ||
			    *c == '_' || *c == '-';

		rc = buf_addch(&path, safe ? *c : '_');
	}
	if (!rc)
		rc = buf_write_file(path.data, src->text, strlen(src->text));
	if (!rc)
		rc = strv_push(&m->paths, NULL, path.data);
	if (!rc)
		rc = strv_push(&m->names, NULL,
				    src->name ? src->name : path.data);
	if (!rc)
		*out = m->paths[m->n++];
	buf_release(&dir);
	buf_release(&path);
	return rc;
}

/* s with every materialized path replaced by its display name, or NULL. */
static char *mat_unmap(const struct mat *m, const char *s)
{
	struct buf b = BUF_INIT;
	bool changed = false;

	if (!s)
		return NULL;
	while (*s) {
		size_t i, n = 0;

		for (i = 0; i < m->n; i++) {
			n = strlen(m->paths[i]);
			if (!strncmp(s, m->paths[i], n))
				break;
		}
		if (i < m->n) {
			if (buf_addstr(&b, m->names[i]))
				goto oom;
			s += n;
			changed = true;
		} else if (buf_addch(&b, *s++)) {
			goto oom;
		}
	}
	if (changed)
		return buf_detach(&b, NULL);
oom:
	buf_release(&b);
	return NULL;
}

static int mat_unmap_json(const struct mat *m, cJSON *j)
{
	cJSON *c;

	if (cJSON_IsString(j) && j->valuestring) {
		char *r = mat_unmap(m, j->valuestring);

		if (r && !cJSON_SetValuestring(j, r)) {
			free(r);
			return err_set(ERR_FAIL, "out of memory");
		}
		free(r);
	}
	cJSON_ArrayForEach(c, j)
	if (mat_unmap_json(m, c))
		return ERR_FAIL;
	return 0;
}

static int mat_unmap_verdict(const struct mat *m, struct verify_verdict *v)
{
	int rc = mat_unmap_json(m, v->meta);

	for (size_t i = 0; !rc && i < v->nstages; i++) {
		struct verify_stage *st = &v->stages[i];
		char *r = mat_unmap(m, st->summary);

		if (r) {
			free(st->summary);
			st->summary = r;
		}
		rc = mat_unmap_json(m, st->evidence);
		if (!rc)
			rc = verify_evidence_from_json(&st->ev, st->evidence);
	}
	return rc;
}

static int mat_all(struct mat *m, const char ***out,
		   const struct verify_source *srcs, size_t n)
{
	int rc = 0;

	*out = calloc(n + 1, sizeof(**out));
	if (!*out)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n && !rc; i++)
		rc = mat_add(m, &srcs[i], &(*out)[i]);
	return rc;
}

int vcheck_run(struct verify_verdict *out, const struct verify_job *job)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct mat m = { .td = TMPDIR_INIT };
	const char **files = NULL, **refs = NULL, **props = NULL;
	int rc;

	verify_verdict_init(out);
	rc = tmpdir_create(&m.td, "job");
	m.td.keep = job->keep_tmp;
	if (!rc)
		rc = mat_all(&m, &files, job->srcs, job->nsrcs);
	if (!rc)
		rc = mat_all(&m, &refs, job->refs, job->nrefs);
	if (!rc)
		rc = mat_all(&m, &props, job->props, job->nprops);
	if (!rc && job->harness == VERIFY_HARNESS_TB)
		rc = mat_add(&m, &job->tb, &o.tb);
	o.files = files;
	o.nfiles = job->nsrcs;
	o.top = job->top;
	o.refs = refs;
	o.nrefs = job->nrefs;
	o.ref_top = job->ref_top;
	o.tb_top = job->tb_top;
	o.props = props;
	o.nprops = job->nprops;
	o.props_top = job->props_top;
	if (job->props_depth > 0)
		o.props_depth = job->props_depth;
	o.defines = job->defines;
	o.incdirs = job->incdirs;
	if (job->limits.wall_s > 0)
		o.timeout_s = job->limits.wall_s;
	if (job->seed)
		o.seed = job->seed;
	if (job->sim_cycles > 0)
		o.sim_cycles = job->sim_cycles;
	if (job->equiv_depth > 0)
		o.equiv_depth = job->equiv_depth;
	o.stages = job->stages;
	o.allow_file_io = job->allow_file_io;
	o.allow_latches = job->allow_latches;
	o.keep_tmp = job->keep_tmp;
	o.sandbox = job->sandbox;
	o.jobs = job->jobs;
	if (!rc)
		rc = check_files(out, &o);
	if (!rc)
		rc = mat_unmap_verdict(&m, out);
	else if (rc != ERR_INTR) {
		char *r = mat_unmap(&m, err_last());

		if (r)
			err_set(rc, "%s", r);
		free(r);
	}
	if (rc)
		verify_verdict_release(out);
	if (m.td.path && job->keep_tmp)
		log_info("check: keeping %s", m.td.path);
	tmpdir_remove(&m.td);
	strv_free(m.paths);
	strv_free(m.names);
	free(files);
	free(refs);
	free(props);
	return rc;
}

/* ---- the files wrapper ---------------------------------------------------- */

static int read_all(struct verify_source **out, struct buf **texts,
		    const char *const *paths, size_t n, const char *what)
{
	int rc = 0;

	*out = calloc(n + 1, sizeof(**out));
	*texts = calloc(n + 1, sizeof(**texts));
	if (!*out || !*texts)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		rc = verify_read_input(&(*texts)[i], paths[i], what);
		(*out)[i].name = paths[i];
		(*out)[i].text = (*texts)[i].data;
	}
	return rc;
}

static void texts_free(struct buf *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		buf_release(&t[i]);
	free(t);
}

int verify_check(struct verify_verdict *out, const struct verify_opts *in)
{
	struct verify_opts o = *in;
	struct verify_job job = VERIFY_JOB_INIT;
	struct verify_source *srcs = NULL, *refs = NULL, *props = NULL;
	struct buf *st = NULL, *rt = NULL, *pt = NULL, tbt = BUF_INIT;
	const char **trusted = NULL;
	char **inc = NULL, *top = NULL;
	size_t nt = 0;
	int rc = 0;

	verify_verdict_init(out);
	rc = opts_ready(&o, &top);
	if (!rc)
		rc = read_all(&srcs, &st, o.files, o.nfiles, "design");
	if (!rc)
		rc = read_all(&refs, &rt, o.refs, o.nrefs, "reference");
	if (!rc)
		rc = read_all(&props, &pt, o.props, o.nprops, "properties");
	if (!rc && o.tb)
		rc = verify_read_input(&tbt, o.tb, "testbench");
	/* `include in a trusted file still finds its neighbours */
	trusted = calloc(o.nrefs + o.nprops + 2, sizeof(*trusted));
	if (!rc && !trusted)
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < o.nrefs; i++)
		trusted[nt++] = o.refs[i];
	for (size_t i = 0; !rc && i < o.nprops; i++)
		trusted[nt++] = o.props[i];
	if (!rc && o.tb)
		trusted[nt++] = o.tb;
	if (!rc)
		rc = vrun_ro_dirs(&inc, trusted, nt);
	for (const char *const *d = in->incdirs; !rc && d && *d; d++)
		rc = strv_push(&inc, NULL, *d);
	job.harness = o.tb ? VERIFY_HARNESS_TB : VERIFY_HARNESS_DIFF;
	job.srcs = srcs;
	job.nsrcs = o.nfiles;
	job.top = o.top;
	job.refs = refs;
	job.nrefs = o.nrefs;
	job.ref_top = o.ref_top;
	job.tb.name = o.tb;
	job.tb.text = tbt.data;
	job.tb_top = o.tb_top;
	job.props = props;
	job.nprops = o.nprops;
	job.props_top = o.props_top;
	job.props_depth = o.props_depth;
	job.incdirs = (const char *const *)inc;
	job.defines = o.defines;
	job.stages = o.stages;
	job.seed = o.seed;
	job.sim_cycles = o.sim_cycles;
	job.equiv_depth = o.equiv_depth;
	job.allow_file_io = o.allow_file_io;
	job.allow_latches = o.allow_latches;
	job.limits.wall_s = o.timeout_s;
	job.sandbox = o.sandbox;
	job.keep_tmp = o.keep_tmp;
	job.jobs = o.jobs;
	if (!rc)
		rc = verify_run(out, &job);
	texts_free(st, o.nfiles);
	texts_free(rt, o.nrefs);
	texts_free(pt, o.nprops);
	buf_release(&tbt);
	free(srcs);
	free(refs);
	free(props);
	free(trusted);
	strv_free(inc);
	free(top);
	return rc;
}
