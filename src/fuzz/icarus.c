#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"
#include "fuzz/icarus-int.h"

/*
 * Independent reproduction: the same wrapper under a trusted Icarus
 * testbench, compiled once per use and run through the sandboxed runner
 * (only the run directory writable); the printed RVFI stream (lines
 * carrying a nonce the design cannot know) is replayed against the ISS
 * in C.  The verdict never comes from anything the design prints.
 */

#define SIM_TIMEOUT_MS (120 * 1000)

int fuzz__source_dirs(char ***v, size_t *n, const struct fuzz_core *c)
{
	int rc = 0;

	for (size_t i = 0; !rc && i < c->nsources; i++) {
		const char *s = c->sources[i], *sl = strrchr(s, '/');
		char *d = strndup(s, sl && sl != s ? (size_t)(sl - s) : 1);
		bool dup = false;

		if (!d)
			return err_set(ERR_FAIL, "out of memory");
		for (size_t k = 0; k < *n; k++)
			dup |= !strcmp((*v)[k], d);
		if (!dup)
			rc = strv_push(v, n, d);
		free(d);
	}
	return rc;
}

static int run_in(const struct fuzz_icarus *ic, const char *const *argv,
		  struct proc_result *r, size_t cap)
{
	struct proc_opts po = PROC_OPTS_INIT;

	po.argv = argv;
	po.cwd = ic->td.path;
	po.timeout_ms = SIM_TIMEOUT_MS;
	po.cpu_seconds = SIM_TIMEOUT_MS / 1000 + 1;
	po.mem_bytes = (size_t)4 << 30;
	po.file_bytes = (size_t)64 << 20;
	po.max_output = cap;
	po.kill_on_flood = true;
	po.sandbox = ic->sandbox;
	po.sandbox_dir = ic->td.path;
	po.sandbox_ro = (const char *const *)ic->ro;
	return proc_run(r, &po);
}

static int write_in(const struct fuzz_icarus *ic, const char *name,
		    const struct buf *b)
{
	return buf_write_in(ic->td.path, name, b->data, b->len);
}

static int compile_tb(struct fuzz_icarus *ic)
{
	const struct fuzz_core *c = ic->core;
	struct proc_result r = PROC_RESULT_INIT;
	size_t n = 0, cap = 16 + c->ndefines + c->nsources;
	char **argv = calloc(cap, sizeof(*argv));
	int rc = 0;

	if (!argv)
		return err_set(ERR_FAIL, "out of memory");
	argv[n++] = strdup("iverilog");
	argv[n++] = strdup("-g2012");
	argv[n++] = strdup("-s");
	argv[n++] = strdup("hf_fuzz_tb");
	argv[n++] = strdup("-o");
	argv[n++] = strdup("sim.vvp");
	for (size_t i = 0; i < c->ndefines; i++)
		argv[n++] = c->defines[i].value
				    ? str_fmt("-D%s=%s", c->defines[i].name,
					      c->defines[i].value)
				    : str_fmt("-D%s", c->defines[i].name);
	argv[n++] = strdup("tb.v");
	argv[n++] = strdup("wrapper.v");
	for (size_t i = 0; i < c->nsources; i++)
		argv[n++] = strdup(c->sources[i]);
	for (size_t i = 0; i < n; i++)
		if (!argv[i])
			rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = run_in(ic, (const char *const *)argv, &r, 1u << 20);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run 'iverilog': not found");
	else if (!rc && r.exit_code) {
		struct buf b = BUF_INIT;
		const char *e = r.err.data, *nl = strchr(e, '\n');

		buf_add_escaped(&b, e, nl ? (size_t)(nl - e) : strlen(e));
		rc = err_set(ERR_FAIL, "iverilog cannot compile core '%s': %s",
			     c->name, b.data);
		buf_release(&b);
	}
	proc_result_release(&r);
	for (size_t i = 0; i < n; i++)
		free(argv[i]);
	free(argv);
	return rc;
}

int fuzz__icarus_open(struct fuzz_icarus *ic, const struct fuzz_core *c,
		      enum proc_sandbox sandbox, bool keep_tmp)
{
	struct buf w = BUF_INIT, tb = BUF_INIT;
	int rc;

	memset(ic, 0, sizeof(*ic));
	ic->core = c;
	ic->sandbox = sandbox;
	rc = random_hex(ic->nonce, 32);
	if (!rc)
		rc = tmpdir_create(&ic->td, "fuzz-icarus");
	ic->td.keep = keep_tmp;
	if (!rc)
		rc = fuzz__source_dirs(&ic->ro, &ic->nro, c);
	if (!rc)
		rc = fuzz_wrapper_verilog(&w, c);
	if (!rc)
		rc = fuzz__icarus_tb(&tb, c, ic->nonce);
	if (!rc)
		rc = write_in(ic, "wrapper.v", &w);
	if (!rc)
		rc = write_in(ic, "tb.v", &tb);
	if (!rc)
		rc = compile_tb(ic);
	buf_release(&w);
	buf_release(&tb);
	if (rc)
		fuzz__icarus_close(ic);
	return rc;
}

void fuzz__icarus_close(struct fuzz_icarus *ic)
{
	tmpdir_remove(&ic->td);
	for (size_t i = 0; i < ic->nro; i++)
		free(ic->ro[i]);
	free(ic->ro);
	ic->ro = NULL;
	ic->nro = 0;
}

/* The image as $readmemh text: "@<word index>" then one word a line. */
int fuzz__image_hex(struct buf *b, const struct fuzz_core *c,
		    const struct rv_prog *p)
{
	uint32_t first = (c->reset_pc & (c->ram_size - 1)) / 4;
	int rc = buf_addf(b, "@%x\n", first);

	for (size_t i = 0; i < p->n; i++)
		rc |= buf_addf(b, "%08x\n", p->insn[i]);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/*
 * Replay a printed RVFI stream (lines "<prefix>R ..." and one
 * "<prefix>END cycles why") against the ISS; why: 0 budget, 1 trap,
 * 2 stall.
 */
int fuzz__replay(const struct fuzz_core *c, const struct rv_prog *p,
		 const char *text, const char *prefix,
		 struct fuzz_outcome *out)
{
	struct rv_isa isa;
	struct rv_iss iss;
	size_t pl = strlen(prefix);
	bool ended = false, stopped = false;
	const char *l = text;

	memset(out, 0, sizeof(*out));
	fuzz__isa(&isa, c);
	if (rv_iss_init(&iss, &isa))
		return err_set(ERR_FAIL, "out of memory");
	rv_iss_reset(&iss, p->insn, p->n);
	out->end = FUZZ_END_CYCLES;
	for (; *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : l + strlen(l)) {
		struct hfz_rvfi r;
		struct rv_commit d;
		unsigned long v[16];
		const char *s = l + pl;
		char *e;
		enum fuzz_end end;

		if (strncmp(l, prefix, pl))
			continue;
		if (!strncmp(s, "END ", 4)) {
			unsigned long long cyc = strtoull(s + 4, &e, 10);
			long why = strtol(e, NULL, 10);

			out->cycles = cyc;
			ended = true;
			if (!stopped && why == 2) {
				out->end = iss.halted ? FUZZ_END_MARKER
						      : FUZZ_END_HANG;
				out->field = "hang";
				out->index = out->retired;
			}
			break;
		}
		if (stopped || strncmp(s, "R ", 2))
			continue;
		s += 2;
		for (int k = 0; k < 16; k++) {
			v[k] = strtoul(s, &e, 16);
			s = e;
		}
		memset(&r, 0, sizeof(r));
		r.insn = (uint32_t)v[0];
		r.trap = (uint32_t)v[1];
		r.halt = (uint32_t)v[2];
		r.rs1_addr = (uint32_t)v[3];
		r.rs2_addr = (uint32_t)v[4];
		r.rs1_rdata = (uint32_t)v[5];
		r.rs2_rdata = (uint32_t)v[6];
		r.rd_addr = (uint32_t)v[7];
		r.rd_wdata = (uint32_t)v[8];
		r.pc_rdata = (uint32_t)v[9];
		r.pc_wdata = (uint32_t)v[10];
		r.mem_addr = (uint32_t)v[11];
		r.mem_rmask = (uint32_t)v[12];
		r.mem_wmask = (uint32_t)v[13];
		r.mem_rdata = (uint32_t)v[14];
		r.mem_wdata = (uint32_t)v[15];
		fuzz__rvfi_to_commit(&d, &r);
		out->index = out->retired++;
		end = fuzz__compare(c, &iss, &d, out);
		if ((int)end >= 0) {
			out->end = end;
			stopped = true;
		} else if (out->retired >= fuzz__insn_budget(p)) {
			out->end = FUZZ_END_INSNS;
			stopped = true;
		}
	}
	rv_iss_release(&iss);
	if (!ended && !stopped)
		return err_set(ERR_FAIL, "the simulation printed no end line");
	return 0;
}

int fuzz__icarus_exec(struct fuzz_icarus *ic, const struct rv_prog *p,
		      struct fuzz_outcome *out)
{
	const struct fuzz_core *c = ic->core;
	struct proc_result r = PROC_RESULT_INIT;
	struct buf img = BUF_INIT;
	char budget[48], stall[48], prefix[40];
	int rc;

	snprintf(budget, sizeof(budget), "+budget=%llu",
		 (unsigned long long)(fuzz__insn_budget(p) *
					      c->cycles_per_insn +
				      1000));
	snprintf(stall, sizeof(stall), "+stall=%u", c->stall_cycles);
	snprintf(prefix, sizeof(prefix), "%s ", ic->nonce);
	rc = fuzz__image_hex(&img, c, p);
	if (!rc)
		rc = write_in(ic, "image.hex", &img);
	if (!rc) {
		const char *argv[] = { "vvp", "-n", "sim.vvp", budget, stall,
				       NULL };

		rc = run_in(ic, argv, &r, 64u << 20);
	}
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run 'vvp': not found");
	else if (!rc && (r.exit_code || r.timed_out))
		rc = err_set(ERR_FAIL, "vvp failed (exit %d%s)", r.exit_code,
			     r.timed_out ? ", timed out" : "");
	if (!rc)
		rc = fuzz__replay(c, p, r.out.data, prefix, out);
	proc_result_release(&r);
	buf_release(&img);
	return rc;
}

int fuzz__icarus_run(const struct fuzz_core *c, const struct rv_prog *p,
		     enum proc_sandbox sandbox, bool keep_tmp,
		     struct fuzz_outcome *out)
{
	struct fuzz_icarus ic;
	int rc = fuzz__icarus_open(&ic, c, sandbox, keep_tmp);

	if (rc)
		return rc;
	rc = fuzz__icarus_exec(&ic, p, out);
	fuzz__icarus_close(&ic);
	return rc;
}
