#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/camp-int.h"
#include "fuzz/icarus-int.h"

/*
 * A finding: the first test whose divergence has a new signature (the
 * field that differs and the mnemonic of the instruction the ISS retired
 * there) gets a directory findings/NNNN-<field>-<mnemonic>/ with the
 * program, its disassembly, the minimized program and finding.json, and
 * one line in findings.jsonl.  Later hits of a known signature are only
 * counted.  Nothing here depends on time, so findings are a function of
 * the campaign's seed.
 */

static void mnemonic(char *out, size_t size, uint32_t insn)
{
	char d[96];
	size_t n;

	rv_disasm(d, sizeof(d), insn, 0);
	n = strcspn(d, " \t");
	snprintf(out, size, "%.*s", (int)n, d);
}

static int signature(char **out, const struct fuzz_core *c,
		     const struct fuzz_outcome *o)
{
	if (o->end != FUZZ_END_HANG && c->target == FUZZ_TARGET_NPU) {
		*out = str_fmt("%s:%s", o->field,
			       fuzz__npu_op_name(o->gold.insn));
	} else if (o->end == FUZZ_END_HANG) {
		*out = strdup("hang");
	} else {
		char m[32];

		mnemonic(m, sizeof(m), o->gold.insn);
		*out = str_fmt("%s:%s", o->field, m);
	}
	return *out ? 0 : err_set(ERR_FAIL, "out of memory");
}

int fuzz__commit_json(cJSON **out, const struct rv_commit *r)
{
	cJSON *j = cJSON_CreateObject();
	char d[96];
	int rc = 0;

#define HEX(k, v)                                                        \
	do {                                                             \
		char h_[16];                                             \
		snprintf(h_, sizeof(h_), "0x%08x", (unsigned)(v));       \
		rc |= json_add_str(j, k, h_);                            \
	} while (0)
	if (!j)
		return err_set(ERR_FAIL, "out of memory");
	rv_disasm(d, sizeof(d), r->insn, r->pc_rdata);
	rc |= json_add_str(j, "disasm", d);
	HEX("pc_rdata", r->pc_rdata);
	HEX("insn", r->insn);
	rc |= json_add_bool(j, "trap", r->trap);
	HEX("pc_wdata", r->pc_wdata);
	rc |= json_add_num(j, "rs1_addr", r->rs1_addr);
	HEX("rs1_rdata", r->rs1_rdata);
	rc |= json_add_num(j, "rs2_addr", r->rs2_addr);
	HEX("rs2_rdata", r->rs2_rdata);
	rc |= json_add_num(j, "rd_addr", r->rd_addr);
	HEX("rd_wdata", r->rd_wdata);
	HEX("mem_addr", r->mem_addr);
	rc |= json_add_num(j, "mem_rmask", r->mem_rmask);
	rc |= json_add_num(j, "mem_wmask", r->mem_wmask);
	HEX("mem_rdata", r->mem_rdata);
	HEX("mem_wdata", r->mem_wdata);
#undef HEX
	if (rc) {
		cJSON_Delete(j);
		return err_set(ERR_FAIL, "out of memory");
	}
	*out = j;
	return 0;
}

static const char *end_name(enum fuzz_end e)
{
	switch (e) {
	case FUZZ_END_MARKER:
		return "end";
	case FUZZ_END_DIVERGE:
		return "diverge";
	case FUZZ_END_HANG:
		return "hang";
	case FUZZ_END_INSNS:
		return "insn-budget";
	case FUZZ_END_CYCLES:
		return "cycle-budget";
	case FUZZ_END_UNSPEC:
		return "unspecified";
	}
	return "?";
}

static size_t live_len(const struct rv_prog *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n; i++)
		n += p->insn[i] != 0x00000013u;
	return n;
}

static int outcome_json(cJSON *j, const char *pfx,
			const struct fuzz_core *c, const struct fuzz_outcome *o)
{
	cJSON *g = NULL, *d = NULL;
	char k[64];
	int rc;

	snprintf(k, sizeof(k), "%send", pfx);
	rc = json_add_str(j, k, end_name(o->end));
	snprintf(k, sizeof(k), "%sfield", pfx);
	if (o->field)
		rc |= json_add_str(j, k, o->field);
	snprintf(k, sizeof(k), "%sindex", pfx);
	rc |= json_add_num(j, k, (double)o->index);
	if (o->end == FUZZ_END_DIVERGE && c->target == FUZZ_TARGET_NPU) {
		/* the op that saw it, the scratchpad byte or register, and
		 * the golden model's value beside the NPU's */
		snprintf(k, sizeof(k), "%sop", pfx);
		rc |= json_add_str(j, k, fuzz__npu_op_name(o->gold.insn));
		snprintf(k, sizeof(k), "%saddress", pfx);
		rc |= json_add_num(j, k, o->gold.mem_addr);
		snprintf(k, sizeof(k), "%sexpected", pfx);
		rc |= json_add_num(j, k, o->gold.rd_wdata);
		snprintf(k, sizeof(k), "%sgot", pfx);
		rc |= json_add_num(j, k, o->dut.rd_wdata);
	} else if (o->end == FUZZ_END_DIVERGE) {
		rc |= fuzz__commit_json(&g, &o->gold);
		rc |= fuzz__commit_json(&d, &o->dut);
		snprintf(k, sizeof(k), "%sgold", pfx);
		rc |= json_add_take(j, k, g);
		snprintf(k, sizeof(k), "%sdut", pfx);
		rc |= json_add_take(j, k, d);
	}
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static int write_prog(const char *dir, const char *stem,
		      const struct fuzz_core *c, const struct rv_prog *p)
{
	char *hex = str_fmt("%s/%s.hex", dir, stem);
	char *dis = str_fmt("%s/%s.S", dir, stem);
	int rc = hex && dis ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc)
		rc = fuzz__prog_write(hex, p);
	if (!rc && c->target == FUZZ_TARGET_NPU)
		rc = fuzz__npu_listing(dis, p);
	else if (!rc)
		rc = fuzz__disasm_write(dis, p, c->reset_pc);
	free(hex);
	free(dis);
	return rc;
}

static int append_line(struct camp *c, const struct buf *line)
{
	char *path = str_fmt("%s/findings.jsonl", c->dir);
	int fd, rc = 0;

	if (!path)
		return err_set(ERR_FAIL, "out of memory");
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
	if (fd < 0 || write(fd, line->data, line->len) != (ssize_t)line->len)
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", path);
	if (fd >= 0 && close(fd) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot close '%s'", path);
	if (!rc)
		c->findings_bytes += line->len;
	free(path);
	return rc;
}

/* Minimize, reproduce in Icarus, and fill j with what they found. */
static int analyse(struct camp *c, const struct rv_prog *p,
		   const struct fuzz_outcome *o, cJSON *j, const char *dir)
{
	struct rv_prog min = { 0 };
	struct fuzz_outcome mo = *o, io;
	size_t runs = 0;
	int rc = 0;

	if (c->o->minimize) {
		rc = fuzz__minimize(&c->x, p, o, &min, &runs);
		if (!rc)
			rc = fuzz__exec_run(&c->x, &min, &mo);
	} else {
		rc = rv_prog_copy(&min, p) ? err_set(ERR_FAIL, "out of memory")
					   : 0;
	}
	if (!rc)
		rc = write_prog(dir, "minimized", c->core, &min);
	if (!rc) {
		rc |= json_add_num(j, "minimized_length", (double)live_len(&min));
		rc |= json_add_num(j, "minimize_runs", (double)runs);
		rc |= outcome_json(j, "minimized_", c->core, &mo);
	}
	/* NPU findings have no Icarus testbench yet: Verilator only */
	if (!rc && c->o->reproduce && c->core->target != FUZZ_TARGET_NPU) {
		int irc = fuzz__icarus_run(c->core, &min, c->o->sandbox,
					   c->o->keep_tmp, &io);

		if (irc == ERR_INTR)
			rc = irc;
		else if (irc)
			rc = json_add_str(j, "icarus_error", err_last());
		else {
			bool same = io.end == mo.end && io.index == mo.index &&
				    (io.end == FUZZ_END_HANG ||
				     (io.field && mo.field &&
				      !strcmp(io.field, mo.field)));

			rc = json_add_bool(j, "reproduced", same);
			rc |= outcome_json(j, "icarus_", c->core, &io);
		}
	}
	rv_prog_release(&min);
	return rc;
}

int fuzz__finding(struct camp *c, uint64_t test, const struct rv_prog *p,
		  const struct fuzz_outcome *o)
{
	struct buf line = BUF_INIT;
	char *sig = NULL, *dir = NULL, stem[96], m[32];
	struct fsig *ns;
	cJSON *j = NULL;
	int rc;

	rc = signature(&sig, c->core, o);
	if (rc)
		return rc;
	for (size_t i = 0; i < c->nsigs; i++)
		if (!strcmp(c->sigs[i].sig, sig)) {
			c->sigs[i].hits++;
			free(sig);
			return 0;
		}
	ns = realloc(c->sigs, (c->nsigs + 1) * sizeof(*ns));
	if (!ns) {
		free(sig);
		return err_set(ERR_FAIL, "out of memory");
	}
	c->sigs = ns;
	if (c->core->target == FUZZ_TARGET_NPU)
		snprintf(m, sizeof(m), "%s", fuzz__npu_op_name(o->gold.insn));
	else
		mnemonic(m, sizeof(m), o->gold.insn);
	snprintf(stem, sizeof(stem), "findings/%04zu-%s%s%s", c->nsigs,
		 o->end == FUZZ_END_HANG ? "hang" : o->field,
		 o->end == FUZZ_END_HANG ? "" : "-",
		 o->end == FUZZ_END_HANG ? "" : m);
	dir = str_fmt("%s/%s", c->dir, stem);
	j = cJSON_CreateObject();
	if (!dir || !j) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	log_info("fuzz: finding %zu in test %llu: %s", c->nsigs,
		 (unsigned long long)test, sig);
	rc = fuzz__mkdirs(dir);
	rc |= json_add_num(j, "id", (double)c->nsigs);
	rc |= json_add_num(j, "test", (double)test);
	rc |= json_add_str(j, "signature", sig);
	rc |= json_add_str(j, "core", c->core->name);
	rc |= json_add_num(j, "length", (double)p->n);
	rc |= json_add_str(j, "dir", stem);
	if (!rc)
		rc = outcome_json(j, "", c->core, o);
	if (!rc)
		rc = write_prog(dir, "program", c->core, p);
	if (!rc)
		rc = analyse(c, p, o, j, dir);
	if (!rc) {
		char *fj = str_fmt("%s/finding.json", dir);
		struct buf pretty = BUF_INIT;

		rc = fj ? json_print(&pretty, j, true) : ERR_FAIL;
		if (!rc)
			rc = fuzz__write_atomic(fj, pretty.data, pretty.len, false);
		free(fj);
		buf_release(&pretty);
	}
	if (!rc)
		rc = json_print(&line, j, false);
	if (!rc)
		rc = buf_addch(&line, '\n');
	if (!rc)
		rc = append_line(c, &line);
	if (!rc) {
		c->sigs[c->nsigs].sig = sig;
		c->sigs[c->nsigs].hits = 1;
		c->nsigs++;
		sig = NULL;
	}
done:
	free(sig);
	free(dir);
	cJSON_Delete(j);
	buf_release(&line);
	return rc;
}
