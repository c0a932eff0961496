#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/toolver.h"
#include "synth/synth.h"
#include "synth/synth-int.h"

/*
 * One Yosys run per synth_run(): a script in a fresh directory, the
 * design's files copied in, the whole thing sandboxed.  Yosys writes each
 * result we need to its own file (tee -o), so nothing is scraped from a
 * log the design could influence except the names Yosys quotes in its
 * `check` warnings, which are escaped before they reach anyone.
 */

#define SYNTH_LOG_CAP  ((size_t)256 << 10)
#define SYNTH_FILE_MAX ((size_t)8 << 20)

static int write_script(const char *dir, const char *const *names,
			const struct synth_opts *o)
{
	struct buf s = BUF_INIT;
	char *path = NULL;
	int rc = 0;

	rc |= buf_addstr(&s, "read_verilog -sv");
	for (const char *const *d = o->defines; d && *d; d++)
		rc |= buf_addf(&s, " -D%s", *d);
	for (size_t i = 0; names[i]; i++)
		rc |= buf_addf(&s, " %s", names[i]);
	rc |= buf_addf(&s, "\nhierarchy -check -top %s\nproc\nflatten\n",
		       o->top);
	/* check -assert misses latches: count them right after proc. */
	rc |= buf_addstr(&s, "tee -q -o latches.txt select -count "
			     "t:$dlatch t:$adlatch t:$dlatchsr t:$sr\n"
			     "tee -q -o check.txt check\n");
	rc |= buf_addf(&s, "synth -top %s\n", o->top);
	/* stat -json is valid JSON only for a flat design: flattened above */
	rc |= buf_addstr(&s, "tee -q -o stat.json stat -json -tech cmos\n"
			     "tee -q -o ltp.txt ltp -noff\n");
	if (rc)
		goto done;
	path = synth_path(dir, "synth.ys");
	rc = path ? buf_write_file(path, s.data, s.len) : ERR_FAIL;
done:
	free(path);
	buf_release(&s);
	return rc;
}

static int run_yosys(struct proc_result *res, const char *dir,
		     const struct synth_opts *o)
{
	static const char *const argv[] = { "yosys",	 "-q", "-l",
					    "synth.log", "-s", "synth.ys",
					    NULL };
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_limits l = PROC_LIMITS_INIT;

	l.wall_s = o->timeout_s > 0 ? o->timeout_s : 120;
	l.cpu_s = l.wall_s + 5;
	l.file_bytes = (size_t)256 << 20; /* write_json of a big netlist */
	l.output_bytes = (size_t)1 << 20;
	proc_limits_apply(&po, &l);
	po.argv = argv;
	po.cwd = dir;
	po.sandbox = o->sandbox;
	po.sandbox_dir = dir;
	po.sandbox_proc = true; /* Yosys locates its share dir via /proc */
	return proc_run(res, &po);
}

/* The first "ERROR:" line of the log, names mapped back to the user's. */
static void add_error_finding(struct synth_report *out, const char *log,
			      const struct synth_names *nm)
{
	const char *e = strstr(log, "ERROR:");
	const char *end;
	struct buf m = BUF_INIT;

	if (!e)
		e = "ERROR: Yosys failed without a message";
	else /* "file:3: ERROR: ..." names the place before the word */
		while (e > log && e[-1] != '\n')
			e--;
	end = strchr(e, '\n');
	if (!end)
		end = e + strlen(e);
	synth_map_names(&m, e, (size_t)(end - e), nm);
	synth_add_finding(out->findings, "error", NULL, m.data);
	out->class = strdup("synth/error");
	out->summary = str_fmt("Yosys rejected the design: %.200s", m.data);
	buf_release(&m);
}

static int judge(struct synth_report *out, const struct synth_opts *o)
{
	static const struct {
		const char *kind, *class;
	} order[] = {
		{ "multi-driver", "synth/multi-driver" },
		{ "comb-loop", "synth/comb-loop" },
		{ "latch", "synth/latch" },
		{ "undriven", "synth/undriven" },
	};
	const cJSON *f;

	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++) {
		if (!strcmp(order[i].kind, "latch") && o->allow_latches)
			continue;
		if (!strcmp(order[i].kind, "undriven") && o->allow_undriven)
			continue;
		for (f = (out->findings) ? (out->findings)->child : NULL; f;
		     f = f->next) {
			const char *k = json_get_string(f, "kind");
			const char *m = json_get_string(f, "message");

			if (!k || strcmp(k, order[i].kind))
				continue;
			out->ok = false;
			out->class = strdup(order[i].class);
			out->summary = str_fmt("%s", m ? m : k);
			return out->class && out->summary ? 0 : ERR_FAIL;
		}
	}
	out->ok = true;
	out->summary = str_fmt("%ld cells, %ld flops, depth %ld, "
				  "~%.0f transistors",
				  out->stats.cells, out->stats.flops,
				  out->stats.logic_depth, out->stats.area);
	return out->summary ? 0 : ERR_FAIL;
}

static int collect(struct synth_report *out, const struct proc_result *res,
		   const char *dir, const struct synth_opts *o,
		   const struct synth_names *nm)
{
	struct buf log = BUF_INIT;
	char *p = synth_path(dir, "synth.log");
	int rc;

	rc = p ? buf_read_file(&log, p, 0) : ERR_FAIL;
	free(p);
	if (rc && rc != ERR_NOTFOUND)
		goto done;
	if (rc == ERR_NOTFOUND)
		buf_addstr(&log, res->err.data);
	rc = 0;
	{
		struct buf cap = BUF_INIT;
		size_t n = log.len < SYNTH_LOG_CAP ? log.len : SYNTH_LOG_CAP;

		synth_map_names(&cap, log.data, n, nm);
		out->log = buf_detach(&cap, NULL);
	}
	if (res->exit_code != 0) {
		if (!strstr(log.data, "ERROR:") && res->signal) {
			rc = err_set(ERR_FAIL, "yosys died with signal %d",
				     res->signal);
			goto done;
		}
		add_error_finding(out, log.data, nm);
		out->ok = false;
		goto done;
	}
	rc = synth_parse_results(out, dir, log.data, nm);
	if (!rc)
		rc = judge(out, o);
done:
	buf_release(&log);
	return rc;
}

static int check_opts(const struct synth_opts *o)
{
	if (!o->files || !o->nfiles)
		return err_set(ERR_USAGE, "synth: no design files");
	if (!o->top || !vlex_is_ident(o->top))
		return err_set(ERR_USAGE, "synth: bad top module name '%s'",
			       o->top ? o->top : "");
	for (const char *const *d = o->defines; d && *d; d++)
		if (!vlex_is_define(*d))
			return err_set(ERR_USAGE, "synth: bad define '%s'", *d);
	return 0;
}

static int synth_in(struct synth_report *out, const char *dir,
		    const struct synth_opts *o)
{
	struct synth_names nm = { 0 };
	struct proc_result res = PROC_RESULT_INIT;
	int rc;

	rc = synth_copy_inputs(&nm, dir, o->files, o->nfiles, "d");
	if (!rc)
		rc = write_script(dir, (const char *const *)nm.copied, o);
	if (!rc)
		rc = run_yosys(&res, dir, o);
	if (!rc && res.timed_out)
		rc = err_set(ERR_TIMEOUT, "yosys timed out after %d s",
			     o->timeout_s > 0 ? o->timeout_s : 120);
	if (!rc) {
		out->elapsed_ms = res.elapsed_ms;
		rc = collect(out, &res, dir, o, &nm);
	}
	proc_result_release(&res);
	synth_names_release(&nm);
	return rc;
}

int synth_run(struct synth_report *out, const struct synth_opts *o)
{
	struct tmpdir tmp = TMPDIR_INIT;
	int rc;

	*out = (struct synth_report)SYNTH_REPORT_INIT;
	rc = check_opts(o);
	if (rc)
		return rc;
	out->findings = cJSON_CreateArray();
	if (!out->findings)
		return err_set(ERR_FAIL, "out of memory");
	rc = tmpdir_create(&tmp, "synth");
	if (rc)
		return rc;
	tmp.keep = o->keep_tmp;
	if (tmp.keep)
		log_info("synth: keeping %s", tmp.path);
	rc = synth_in(out, tmp.path, o);
	tmpdir_remove(&tmp);
	return rc;
}

void synth_report_release(struct synth_report *r)
{
	if (!r)
		return;
	free(r->class);
	free(r->summary);
	cJSON_Delete(r->findings);
	cJSON_Delete(r->stats.cells_by_type);
	free(r->log);
	free(r->yosys_version);
	*r = (struct synth_report)SYNTH_REPORT_INIT;
}

cJSON *synth_stats_json(const struct synth_stats *s)
{
	cJSON *j = cJSON_CreateObject();
	int rc = 0;

	if (!j)
		return NULL;
	rc |= json_add_num(j, "cells", (double)s->cells);
	rc |= json_add_num(j, "flops", (double)s->flops);
	rc |= json_add_num(j, "latches", (double)s->latches);
	rc |= json_add_num(j, "wires", (double)s->wires);
	rc |= json_add_num(j, "wire_bits", (double)s->wire_bits);
	rc |= json_add_num(j, "memories", (double)s->memories);
	rc |= json_add_num(j, "memory_bits", (double)s->memory_bits);
	rc |= json_add_num(j, "logic_depth", (double)s->logic_depth);
	rc |= json_add_num(j, "transistors", s->area);
	rc |= json_add_take(j, "cells_by_type",
			    s->cells_by_type
				    ? cJSON_Duplicate(s->cells_by_type, 1)
				    : cJSON_CreateObject());
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

const char *synth_yosys_version(void)
{
	const char *v = tool_version("yosys");

	return v ? v : "yosys (unknown version)";
}
