#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "verify/verify-int.h"

/*
 * Simulation stage.  Differential mode runs the reference and the design
 * in separate sandboxed vvp processes under the same generated harness;
 * each harness prints "<nonce> <cycle> <outputs>" lines with a nonce made
 * for this run.  The harness source and program are deleted before vvp
 * starts (the program comes in on stdin), so a design cannot learn the
 * nonce, and a line without it is the design's own noise.  The two
 * traces are compared here, in C.
 */

#define SIM_MAX_ROWS  8
#define SIM_NOISE_CAP 2048
#define SIM_LOG_CAP   4096

struct trace {
	char **rows; /* per cycle: "<out> <out> ..." inside the buffer */
	size_t n; /* samples in order, from cycle 0 */
	bool end; /* the END line was seen */
	struct buf noise;
};

struct side {
	struct proc_result r;
	struct trace t;
	struct buf clog; /* compile log when the harness did not compile */
	bool compiled;
	char nonce[40];
};

static void side_release(struct side *s)
{
	proc_result_release(&s->r);
	free(s->t.rows);
	buf_release(&s->t.noise);
	buf_release(&s->clog);
}

static void add_noise(struct trace *t, const char *line, size_t len)
{
	if (t->noise.len >= SIM_NOISE_CAP)
		return;
	if (len > SIM_NOISE_CAP - t->noise.len)
		len = SIM_NOISE_CAP - t->noise.len;
	buf_add(&t->noise, line, len);
	buf_addch(&t->noise, '\n');
}

/* "END" or "<cycle> <out> <out>..." after the nonce. */
static void parse_sample(struct trace *t, char *q, size_t ncycles)
{
	unsigned long c;

	if (!strcmp(q, "END")) {
		t->end = true;
		return;
	}
	errno = 0;
	c = strtoul(q, &q, 10);
	if (errno || c != t->n || t->n >= ncycles || (*q && *q != ' '))
		return;
	t->rows[t->n++] = *q ? q + 1 : q;
}

/* Split out (modified in place) into the trace lines carrying nonce. */
static int trace_parse(struct trace *t, struct buf *out, const char *nonce,
		       size_t ncycles)
{
	size_t nl = strlen(nonce);
	char *p = out->data, *end = out->data + out->len;

	t->rows = calloc(ncycles + 1, sizeof(*t->rows));
	if (!t->rows)
		return err_set(ERR_FAIL, "out of memory");
	while (p < end) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *q;

		if (!eol)
			eol = end;
		*eol = '\0';
		/*
		 * The harness's $display ends its line, so from the nonce to
		 * the end of the line is the harness's alone; text before it on
		 * the same line (a $write without newline) is the design's
		 * noise.
		 */
		q = strstr(p, nonce);
		if (q && q > p)
			add_noise(t, p, (size_t)(q - p));
		if (q && q[nl] == ' ') {
			parse_sample(t, q + nl + 1, ncycles);
		} else if (!q && eol > p) {
			add_noise(t, p, (size_t)(eol - p));
		}
		p = eol + 1;
	}
	return 0;
}

static int read_and_unlink(struct buf *vvp, const char *dir)
{
	struct buf path = BUF_INIT;
	int rc = buf_addf(&path, "%s/h.vvp", dir);

	if (!rc)
		rc = buf_read_file(vvp, path.data, (size_t)512 << 20);
	if (!rc && unlink(path.data))
		rc = err_set_errno(ERR_FAIL, "cannot remove '%s'", path.data);
	buf_reset(&path);
	if (!buf_addf(&path, "%s/harness.v", dir))
		unlink(path.data);
	buf_release(&path);
	return rc;
}

struct side_args {
	const struct verify_opts *o;
	const struct verify_iface *f;
	const struct verify_stim *s;
	const char *dir, *module;
	const char *const *names, *const *incdirs, *const *ro;
	size_t cap;
};

/* Write the harness, compile it with the sources, run it from stdin. */
static int run_side(struct side *sd, const struct side_args *a)
{
	static const char *const vvp_argv[] = { "vvp", "/dev/stdin", NULL };
	struct buf h = BUF_INIT, path = BUF_INIT, vvp = BUF_INIT;
	char **files = NULL, **argv = NULL;
	int rc;

	memcpy(sd->nonce, "hwf", 3);
	rc = random_hex(sd->nonce + 3, 32);
	sd->nonce[35] = '\0';
	if (!rc)
		rc = verify_harness(&h, a->f, a->s, a->module, sd->nonce);
	if (!rc)
		rc = buf_addf(&path, "%s/harness.v", a->dir);
	if (!rc)
		rc = buf_write_file(path.data, h.data, h.len);
	if (!rc)
		rc = strv_push(&files, NULL, "harness.v");
	for (size_t i = 0; !rc && a->names[i]; i++)
		rc = strv_push(&files, NULL, a->names[i]);
	if (!rc)
		rc = verify_iverilog_argv(
			&argv, a->o, "h.vvp", "hwforge_harness",
			(const char *const *)files, a->incdirs, false);
	if (!rc)
		rc = vrun_tool(&sd->r, a->o, a->dir, (const char *const *)argv,
			       a->ro, NULL, 0, 0);
	if (!rc && (sd->r.exit_code || sd->r.timed_out)) {
		buf_add(&sd->clog, sd->r.err.data, sd->r.err.len);
		buf_add(&sd->clog, sd->r.out.data, sd->r.out.len);
		unlink(path.data);
		goto out;
	}
	if (!rc)
		rc = read_and_unlink(&vvp, a->dir);
	sd->compiled = !rc;
	if (!rc)
		rc = vrun_tool_cap(&sd->r, a->o, a->dir, vvp_argv, a->ro,
				   vvp.data, vvp.len, VRUN_FLOOD | VRUN_PROC,
				   a->cap);
	if (!rc)
		rc = trace_parse(&sd->t, &sd->r.out, sd->nonce, a->s->ncycles);
out:
	buf_release(&h);
	buf_release(&path);
	buf_release(&vvp);
	strv_free(files);
	strv_free(argv);
	return rc;
}

/*
 * The reference and the design run side by side (two threads): they share
 * nothing but the stimulus.  The error slot is per thread, so the
 * reference's error is carried back as text.
 */
struct side_job {
	struct side *sd;
	const struct side_args *a;
	int rc;
	char *err;
};

static void *side_thread(void *arg)
{
	struct side_job *j = arg;

	j->rc = run_side(j->sd, j->a);
	if (j->rc)
		j->err = strdup(err_last());
	return NULL;
}

static int run_both(struct side *ref, const struct side_args *ra,
		    struct side *dut, const struct side_args *da)
{
	struct side_job j = { .sd = ref, .a = ra };
	pthread_t t;
	bool threaded =
		ra->o->jobs != 1 && !pthread_create(&t, NULL, side_thread, &j);
	int rc;

	if (!threaded)
		side_thread(&j);
	rc = run_side(dut, da);
	if (threaded)
		pthread_join(t, NULL);
	if (!rc && j.rc)
		rc = err_set(j.rc, "%s",
			     j.err ? j.err : "reference run failed");
	free(j.err);
	return rc;
}

/* ---- comparing the traces --------------------------------------------- */

/* "8'h3f" when every bit is known, else "8'b01x1...". */
static cJSON *value_json(const char *bits, size_t w)
{
	struct buf b = BUF_INIT;
	bool known = strspn(bits, "01") >= w;
	cJSON *j;

	if (known) {
		size_t nd = (w + 3) / 4;

		buf_addf(&b, "%zu'h", w);
		for (size_t d = 0; d < nd; d++) {
			unsigned v = 0;

			for (size_t k = 0; k < 4; k++) {
				size_t i = d * 4 + k, lead = nd * 4 - w;

				if (i < lead)
					continue;
				v |= (unsigned)(bits[i - lead] == '1')
				     << (3 - k);
			}
			buf_addch(&b, "0123456789abcdef"[v]);
		}
	} else {
		buf_addf(&b, "%zu'b", w);
		buf_add_escaped(&b, bits, w);
	}
	j = cJSON_CreateString(b.data);
	buf_release(&b);
	return j;
}

/* Next space-separated field of a row; advances *p. */
static size_t field(const char **p, const char **start)
{
	size_t n;

	while (**p == ' ')
		(*p)++;
	*start = *p;
	n = strcspn(*p, " ");
	*p += n;
	return n;
}

/* Whether got matches want; an x in the reference is a don't-care. */
static bool bits_match(const char *want, size_t wn, const char *got, size_t gn)
{
	if (wn != gn)
		return false;
	for (size_t i = 0; i < wn; i++)
		if (want[i] != 'x' && want[i] != 'X' && want[i] != got[i])
			return false;
	return true;
}

struct cmp {
	const struct verify_iface *f;
	const struct verify_stim *s;
	cJSON *table;
	size_t compared, mismatches;
	long first;
};

static int table_row(struct cmp *c, size_t cyc, const char *ref,
		     const char *dut)
{
	cJSON *row = cJSON_CreateObject(), *in = cJSON_CreateObject(),
	      *exp = cJSON_CreateObject(), *got = cJSON_CreateObject();
	const char *pr = ref, *pd = dut;
	int rc = 0;

	if (!row || !in || !exp || !got) {
		cJSON_Delete(row);
		cJSON_Delete(in);
		cJSON_Delete(exp);
		cJSON_Delete(got);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc |= json_append_take(c->table, row);
	rc |= json_add_num(row, "cycle", (double)cyc);
	rc |= json_add_take(row, "inputs", in);
	rc |= json_add_take(row, "expected", exp);
	rc |= json_add_take(row, "got", got);
	for (size_t k = 0; k < c->s->nin && !rc; k++) {
		struct buf v = BUF_INIT;

		rc = buf_addf(&v, "%d'h%s", c->s->in[k]->width,
			      c->s->val[cyc * c->s->nin + k]);
		if (!rc)
			rc = json_add_str(in, c->s->in[k]->name, v.data);
		buf_release(&v);
	}
	for (size_t i = 0; i < c->f->nports && !rc; i++) {
		const struct verify_port *p = &c->f->ports[i];
		const char *a, *b;
		size_t an, bn;

		if (p->dir == VERIFY_IN)
			continue;
		an = field(&pr, &a);
		bn = field(&pd, &b);
		if (bits_match(a, an, b, bn))
			continue;
		rc |= json_add_take(exp, p->name, value_json(a, an));
		rc |= json_add_take(got, p->name, value_json(b, bn));
	}
	return rc ? ERR_FAIL : 0;
}

static bool row_matches(const struct verify_iface *f, const char *ref,
			const char *dut)
{
	const char *pr = ref, *pd = dut, *a, *b;

	for (size_t i = 0; i < f->nports; i++) {
		size_t an, bn;

		if (f->ports[i].dir == VERIFY_IN)
			continue;
		an = field(&pr, &a);
		bn = field(&pd, &b);
		if (!bits_match(a, an, b, bn))
			return false;
	}
	return true;
}

static int compare(struct cmp *c, const struct trace *ref,
		   const struct trace *dut)
{
	size_t n = ref->n < dut->n ? ref->n : dut->n;
	int rc = 0;

	c->first = -1;
	for (size_t i = 0; i < n && !rc; i++) {
		c->compared++;
		if (row_matches(c->f, ref->rows[i], dut->rows[i]))
			continue;
		if (c->first < 0)
			c->first = (long)i;
		if (++c->mismatches <= SIM_MAX_ROWS)
			rc = table_row(c, i, ref->rows[i], dut->rows[i]);
	}
	return rc;
}

/* ---- the stage -------------------------------------------------------- */

static int sim_evidence(struct verify_stage *out, const struct cmp *c,
			const struct side *ref, const struct side *dut,
			const struct verify_opts *o)
{
	cJSON *e = cJSON_CreateObject();
	int rc = 0;

	if (!e)
		return err_set(ERR_FAIL, "out of memory");
	out->evidence = e;
	rc |= json_add_str(e, "mode", "differential");
	rc |= json_add_num(e, "cycles", o->sim_cycles);
	rc |= json_add_num(e, "seed", (double)o->seed);
	rc |= json_add_num(e, "compared", (double)c->compared);
	rc |= json_add_num(e, "mismatches", (double)c->mismatches);
	rc |= json_add_num(e, "reference_samples", (double)ref->t.n);
	rc |= json_add_num(e, "design_samples", (double)dut->t.n);
	rc |= json_add_bool(e, "design_finished", dut->t.end);
	rc |= json_add_num(e, "design_exit", dut->r.exit_code);
	rc |= json_add_take(e, "table", cJSON_Duplicate(c->table, 1));
	rc |= json_add_take(e, "output",
			    verify_json_excerpt(dut->t.noise.data,
						dut->t.noise.len,
						SIM_NOISE_CAP));
	if (!dut->compiled && dut->clog.len)
		rc |= json_add_take(e, "log",
				    verify_json_excerpt(dut->clog.data,
							dut->clog.len,
							SIM_LOG_CAP));
	return rc ? ERR_FAIL : 0;
}

static int reference_error(struct verify_stage *out, const struct side *ref,
			   const struct verify_opts *o)
{
	const char *why = !ref->compiled ? "does not compile with the harness"
			  : ref->r.timed_out ? "timed out"
			  : ref->r.flooded   ? "flooded its output"
					     : "did not finish the stimulus";
	int rc = verify_stage_set(out, "sim", VERIFY_ERROR, "sim/reference",
				  "the reference %s", why);

	if (!rc && ref->clog.len)
		rc = json_add_take(out->evidence, "reference_log",
				   verify_json_excerpt(ref->clog.data,
						       ref->clog.len,
						       SIM_LOG_CAP));
	(void)o;
	return rc;
}

static int sim_verdict(struct verify_stage *out, const struct cmp *c,
		       const struct side *ref, const struct side *dut,
		       const struct verify_opts *o)
{
	size_t n = (size_t)o->sim_cycles;

	if (!ref->compiled || ref->t.n != n || !ref->t.end)
		return reference_error(out, ref, o);
	if (!dut->compiled)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/compile",
					"the design does not compile with the "
					"harness (ports?)");
	if (dut->r.flooded)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/flood",
					"the design printed more than the "
					"output cap; killed");
	if (dut->r.timed_out)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/timeout",
					"the simulation did not finish in %d s "
					"(after %zu of %zu cycles)",
					o->timeout_s, dut->t.n, n);
	if (c->mismatches)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/mismatch",
					"%zu of %zu cycles differ from the "
					"reference, first at cycle %ld",
					c->mismatches, c->compared, c->first);
	if (dut->t.n != n || !dut->t.end)
		return verify_stage_set(out, "sim", VERIFY_FAIL,
					"sim/incomplete",
					"the simulation stopped after %zu of "
					"%zu cycles (exit %d)",
					dut->t.n, n, dut->r.exit_code);
	return verify_stage_set(out, "sim", VERIFY_PASS, NULL,
				"%zu cycles match the reference", n);
}

/* Yosys could not read the reference's ports: could not decide. */
static int reference_unreadable(struct verify_stage *out,
				const struct buf *ylog)
{
	struct buf why = BUF_INIT;
	int rc = buf_addstr(&why, err_last());

	err_clear();
	out->evidence = cJSON_CreateObject();
	if (!rc && !out->evidence)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = json_add_take(out->evidence, "reference_log",
				   verify_json_excerpt(ylog->data, ylog->len,
						       SIM_LOG_CAP));
	if (!rc)
		rc = verify_stage_set(out, "sim", VERIFY_ERROR, "sim/reference",
				      "the reference: %s", why.data);
	buf_release(&why);
	return rc;
}

/* Output bytes a well-behaved run prints, to size the flood cap. */
static size_t expected_output(const struct verify_iface *f, size_t n)
{
	size_t per = 64;

	for (size_t i = 0; i < f->nports; i++)
		if (f->ports[i].dir != VERIFY_IN)
			per += (size_t)f->ports[i].width + 1;
	return per > (SIZE_MAX / 4) / (n + 1) ? SIZE_MAX / 4 : per * (n + 1);
}

static int sim_diff(struct verify_stage *out, const struct verify_opts *o,
		    const struct vrun_dir *d)
{
	struct verify_iface f = { 0 };
	struct verify_stim s = { 0 };
	struct side ref = { .r = PROC_RESULT_INIT },
		    dut = { .r = PROC_RESULT_INIT };
	struct cmp c = { 0 };
	struct side_args a = { .o = o }, b;
	struct buf ylog = BUF_INIT;
	const char *ref_top = o->ref_top ? o->ref_top : o->top;
	int rc;

	buf_init(&ref.clog);
	buf_init(&dut.clog);
	buf_init(&ref.t.noise);
	buf_init(&dut.t.noise);
	c.table = cJSON_CreateArray();
	rc = c.table ? 0 : err_set(ERR_FAIL, "out of memory");
	if (!rc && d->have_ref_iface)
		f = d->ref_iface; /* borrowed: not released here */
	else if (!rc)
		rc = verify_iface_in(&f, o, d->ref,
				     (const char *const *)d->ref_names, ref_top,
				     "ref", &ylog);
	if (rc && rc != ERR_INTR) {
		rc = reference_unreadable(out, &ylog);
		goto done;
	}
	if (!rc)
		rc = verify_stim_make(&s, &f, (size_t)o->sim_cycles, o->seed);
	a.f = &f;
	a.s = &s;
	a.cap = VRUN_SIM_OUTPUT + 2 * expected_output(&f, s.ncycles);
	a.dir = d->ref;
	a.module = ref_top;
	a.names = (const char *const *)d->ref_names;
	a.incdirs = a.ro = (const char *const *)d->ref_dirs;
	b = a;
	b.dir = d->dut;
	b.module = o->top;
	b.names = (const char *const *)d->dut_names;
	b.incdirs = b.ro = NULL;
	if (!rc)
		rc = run_both(&ref, &a, &dut, &b);
	c.f = &f;
	c.s = &s;
	if (!rc)
		rc = compare(&c, &ref.t, &dut.t);
	if (!rc)
		rc = sim_evidence(out, &c, &ref, &dut, o);
	if (!rc)
		rc = sim_verdict(out, &c, &ref, &dut, o);
done:
	out->elapsed_ms = ref.r.elapsed_ms + dut.r.elapsed_ms;
	cJSON_Delete(c.table);
	side_release(&ref);
	side_release(&dut);
	verify_stim_release(&s);
	if (!d->have_ref_iface)
		verify_iface_release(&f);
	buf_release(&ylog);
	return rc;
}

/* ---- with the user's testbench ------------------------------------------ */

static bool has_error_line(const struct buf *b)
{
	const char *p = b->data;

	while (p && *p) {
		if (!strncmp(p, "ERROR:", 6) || !strncmp(p, "FATAL:", 6))
			return true;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return false;
}

static int tb_evidence(struct verify_stage *out, const struct proc_result *r,
		       const char *tb_top, bool compiled)
{
	cJSON *e = cJSON_CreateObject();
	int rc = 0;

	if (!e)
		return err_set(ERR_FAIL, "out of memory");
	out->evidence = e;
	rc |= json_add_str(e, "mode", "testbench");
	rc |= json_add_str(e, "tb_top", tb_top);
	rc |= json_add_bool(e, "compiled", compiled);
	rc |= json_add_num(e, "exit", r->exit_code);
	rc |= json_add_take(
		e, "output",
		verify_json_excerpt(r->out.data, r->out.len, SIM_LOG_CAP));
	rc |= json_add_take(
		e, "stderr",
		verify_json_excerpt(r->err.data, r->err.len, SIM_LOG_CAP));
	return rc ? ERR_FAIL : 0;
}

static int tb_verdict(struct verify_stage *out, const struct proc_result *r,
		      const struct verify_opts *o)
{
	if (r->flooded)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/flood",
					"the testbench run printed more than "
					"the output cap; killed");
	if (r->timed_out)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/timeout",
					"the testbench did not finish in %d s",
					o->timeout_s);
	if (has_error_line(&r->out) || has_error_line(&r->err))
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/assert",
					"the testbench reported an error");
	if (r->exit_code)
		return verify_stage_set(out, "sim", VERIFY_FAIL, "sim/tb-fail",
					"the testbench exited with status %d",
					r->exit_code);
	return verify_stage_set(out, "sim", VERIFY_PASS, NULL,
				"the testbench passed");
}

/*
 * The testbench and the references (a testbench may instantiate the
 * reference, as VerilogEval's do) by absolute path, and their directories
 * for -I and the sandbox's read-only binds.
 */
static int trusted_files(char ***files, char ***ro, const struct verify_opts *o)
{
	const char **all = calloc(o->nrefs + 1, sizeof(*all));
	int rc = all ? 0 : err_set(ERR_FAIL, "out of memory");
	/* A reference named like the design cannot be in the same run. */
	size_t n = o->ref_top && strcmp(o->ref_top, o->top) ? o->nrefs : 0;

	for (size_t i = 0; !rc && i <= n; i++) {
		char *abs;

		all[i] = i ? o->refs[i - 1] : o->tb;
		abs = vrun_abspath(all[i]);
		rc = abs ? strv_push(files, NULL, abs)
			 : err_set(ERR_FAIL, "out of memory");
		free(abs);
	}
	if (!rc)
		rc = vrun_ro_dirs(ro, all, n + 1);
	for (const char *const *i = o->incdirs; !rc && i && *i; i++)
		rc = strv_push(ro, NULL, *i);
	free(all);
	return rc;
}

static int sim_tb(struct verify_stage *out, const struct verify_opts *o,
		  const struct vrun_dir *d)
{
	static const char *const vvp_argv[] = { "vvp", "tb.vvp", NULL };
	const char *tbv[] = { o->tb };
	struct proc_result r = PROC_RESULT_INIT;
	char **files = NULL, **argv = NULL, **ro = NULL, *tb_top = NULL;
	int rc = 0;

	if (o->tb_top)
		tb_top = strdup(o->tb_top);
	else
		rc = verify_detect_top(&tb_top, tbv, 1);
	if (!rc && !tb_top)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = trusted_files(&files, &ro, o);
	for (size_t i = 0; !rc && d->dut_names[i]; i++)
		rc = strv_push(&files, NULL, d->dut_names[i]);
	if (!rc)
		rc = verify_iverilog_argv(&argv, o, "tb.vvp", tb_top,
					  (const char *const *)files,
					  (const char *const *)ro, false);
	if (!rc)
		rc = vrun_tool(&r, o, d->dut, (const char *const *)argv,
			       (const char *const *)ro, NULL, 0, 0);
	if (!rc && (r.exit_code || r.timed_out)) {
		rc = tb_evidence(out, &r, tb_top, false);
		if (!rc)
			rc = verify_stage_set(out, "sim", VERIFY_FAIL,
					      "sim/compile",
					      "the design does "
					      "not compile with the testbench");
		goto out;
	}
	if (!rc)
		rc = vrun_tool(&r, o, d->dut, vvp_argv, (const char *const *)ro,
			       NULL, 0, VRUN_FLOOD);
	if (!rc)
		rc = tb_evidence(out, &r, tb_top, true);
	if (!rc)
		rc = tb_verdict(out, &r, o);
out:
	out->elapsed_ms = r.elapsed_ms;
	proc_result_release(&r);
	strv_free(files);
	strv_free(argv);
	strv_free(ro);
	free(tb_top);
	return rc;
}

int verify_simulate_in(struct verify_stage *out, const struct verify_opts *o,
		       const struct vrun_dir *d)
{
	int rc;

	memset(out, 0, sizeof(*out));
	if (o->tb)
		rc = sim_tb(out, o, d);
	else if (o->nrefs)
		rc = sim_diff(out, o, d);
	else
		rc = verify_stage_set(out, "sim", VERIFY_SKIPPED, NULL,
				      "no testbench and no reference");
	if (rc)
		verify_stage_release(out);
	return rc;
}

int verify_simulate(struct verify_stage *out, const struct verify_opts *o)
{
	struct vrun_dir d;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = vrun_dir_open(&d, o);
	if (!rc)
		rc = verify_simulate_in(out, o, &d);
	vrun_dir_close(&d);
	return rc;
}
