#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/camp-int.h"
#include "fuzz/icarus-int.h"

/*
 * Throughput over one fixed set of generated programs, lockstep with the
 * ISS in every mode: in process (the campaign's harness), a Verilator
 * process per test (a --exe main around the same shim), or an Icarus
 * process per test (the shape of TheHuzz's loop).  CPU time counts this
 * process and its children; building the models is not counted.
 */

static int gen_all(struct rv_prog **out, const struct fuzz_bench_opts *o,
		   const struct rv_isa *isa)
{
	struct rv_prog *v = calloc(o->ntests, sizeof(*v));

	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < o->ntests; i++) {
		struct rv_gen_opts g = { .len = o->len };
		struct rv_rng r;

		rv_rng_seed(&r, fuzz__mix64(o->seed) ^ fuzz__mix64(i + 1));
		if (rv_gen(&v[i], isa, &g, &r)) {
			for (size_t k = 0; k <= i; k++)
				rv_prog_release(&v[k]);
			free(v);
			return err_set(ERR_FAIL, "out of memory");
		}
	}
	*out = v;
	return 0;
}

static int check(const struct fuzz_outcome *o, size_t i)
{
	if (o->end == FUZZ_END_DIVERGE || o->end == FUZZ_END_HANG)
		return err_set(ERR_FAIL, "bench test %zu diverged (%s at %llu)",
			       i, o->field ? o->field : "?",
			       (unsigned long long)o->index);
	return 0;
}

static int inproc(struct fuzz_bench_result *out,
		  const struct fuzz_bench_opts *o, struct rv_prog *v,
		  const char *so)
{
	struct fuzz_exec x;
	double t0;
	int rc = fuzz__exec_init(&x, o->core, so, o->coverage);

	if (rc)
		return rc;
	t0 = fuzz__cpu_seconds();
	for (size_t i = 0; !rc && i < o->ntests; i++) {
		struct fuzz_outcome oc;

		rc = fuzz__exec_run(&x, &v[i], &oc);
		if (!rc)
			rc = check(&oc, i);
		out->insns += oc.retired;
	}
	out->cpu_seconds = fuzz__cpu_seconds() - t0;
	fuzz__exec_release(&x);
	return rc;
}

static int exe_one(const struct fuzz_bench_opts *o, const char *exe,
		   const struct tmpdir *td, const struct rv_prog *p,
		   struct fuzz_outcome *oc)
{
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	struct buf img = BUF_INIT;
	char *path = tmpdir_file(td, "image.hex");
	char budget[32], stall[32], reset[32];
	const char *argv[] = { exe, path, budget, stall, reset, NULL };
	int rc;

	snprintf(budget, sizeof(budget), "%llu",
		 (unsigned long long)(fuzz__insn_budget(p) *
					      o->core->cycles_per_insn +
				      1000));
	snprintf(stall, sizeof(stall), "%u", o->core->stall_cycles);
	snprintf(reset, sizeof(reset), "%u", o->core->reset_cycles);
	rc = path ? fuzz__image_hex(&img, o->core, p) : ERR_FAIL;
	if (!rc)
		rc = buf_write_file(path, img.data, img.len);
	po.argv = argv;
	po.timeout_ms = 60000;
	po.sandbox = o->sandbox;
	po.sandbox_dir = td->path;
	if (!rc)
		rc = proc_run(&r, &po);
	if (!rc && r.exit_code)
		rc = err_set(ERR_FAIL, "model.exe failed (exit %d)",
			     r.exit_code);
	if (!rc)
		rc = fuzz__replay(o->core, p, r.out.data, "", oc);
	proc_result_release(&r);
	buf_release(&img);
	free(path);
	return rc;
}

static int verilator_proc(struct fuzz_bench_result *out,
			  const struct fuzz_bench_opts *o, struct rv_prog *v)
{
	struct fuzz_build_opts b = { .core = o->core,
				     .cache_dir = o->cache_dir,
				     .sandbox = o->sandbox,
				     .exe = true };
	struct tmpdir td = TMPDIR_INIT;
	char *exe = NULL;
	double t0;
	int rc = fuzz__build(&exe, &b);

	if (!rc)
		rc = tmpdir_create(&td, "fuzz-bench");
	t0 = fuzz__cpu_seconds();
	for (size_t i = 0; !rc && i < o->ntests; i++) {
		struct fuzz_outcome oc;

		rc = exe_one(o, exe, &td, &v[i], &oc);
		if (!rc)
			rc = check(&oc, i);
		out->insns += oc.retired;
	}
	out->cpu_seconds = fuzz__cpu_seconds() - t0;
	tmpdir_remove(&td);
	free(exe);
	return rc;
}

static int icarus_proc(struct fuzz_bench_result *out,
		       const struct fuzz_bench_opts *o, struct rv_prog *v)
{
	struct fuzz_icarus ic;
	double t0;
	int rc = fuzz__icarus_open(&ic, o->core, o->sandbox, false);

	if (rc)
		return rc;
	t0 = fuzz__cpu_seconds();
	for (size_t i = 0; !rc && i < o->ntests; i++) {
		struct fuzz_outcome oc;

		rc = fuzz__icarus_exec(&ic, &v[i], &oc);
		if (!rc)
			rc = check(&oc, i);
		out->insns += oc.retired;
	}
	out->cpu_seconds = fuzz__cpu_seconds() - t0;
	fuzz__icarus_close(&ic);
	return rc;
}

int fuzz_bench(struct fuzz_bench_result *out, const struct fuzz_bench_opts *o)
{
	struct fuzz_build_opts b = { .core = o->core,
				     .cache_dir = o->cache_dir,
				     .sandbox = o->sandbox };
	struct rv_prog *v = NULL;
	struct rv_isa isa;
	char *so = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	fuzz__isa(&isa, o->core);
	if (strcmp(o->mode, "inproc") && strcmp(o->mode, "verilator-proc") &&
	    strcmp(o->mode, "icarus-proc"))
		return err_set(ERR_USAGE, "unknown bench mode '%s' (inproc, "
					  "verilator-proc, icarus-proc)",
			       o->mode);
	rc = gen_all(&v, o, &isa);
	if (rc)
		return rc;
	if (!strcmp(o->mode, "inproc")) {
		rc = fuzz__build(&so, &b);
		if (!rc)
			rc = inproc(out, o, v, so);
	} else if (!strcmp(o->mode, "verilator-proc")) {
		rc = verilator_proc(out, o, v);
	} else {
		rc = icarus_proc(out, o, v);
	}
	out->tests = o->ntests;
	out->tests_per_cpu_s =
		out->cpu_seconds > 0 ? o->ntests / out->cpu_seconds : 0;
	for (size_t i = 0; i < o->ntests; i++)
		rv_prog_release(&v[i]);
	free(v);
	free(so);
	return rc;
}
