#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth.h"
#include "verify/formal-eqrun.h"

/*
 * Formal equivalence of the design (gate, untrusted) against the reference
 * (gold, trusted).  Both are read by one sandboxed Yosys run, each into
 * its own design (design -stash), so the same module names on both sides
 * cannot clash; the tops become hwf_gold and hwf_gate.  The class of the
 * design picks the method:
 *   combinational: bit-level miter + `sat -prove` (a counterexample comes
 *     back as a VCD), falling back to a word-level miter through
 *     yosys-smtbmc/z3 when SAT times out;
 *   sequential: a generated harness drives both from the same inputs with
 *     reset forced in cycle 0 and asserts equal outputs afterwards; BMC to
 *     the depth (refutation with a trace), then k-induction (proof), then
 *     ABC pdr on the AIGER (proof or deeper refutation); if none decides,
 *     "bounded to N cycles" is reported as inconclusive, never as a pass.
 * Verdicts come from exit statuses and files the tools write, not from
 * text the design can influence.
 */

int eq_run_yosys(struct eq_run *r, const char *script, const struct buf *s,
		 struct proc_result *res)
{
	const char *argv[] = { "yosys", "-q", "-l", NULL, "-s", script, NULL };
	struct verify_opts o = *r->o;
	struct buf log = BUF_INIT;
	int rc;

	rc = formal_write(r->dir, script, s);
	if (!rc)
		rc = buf_addf(&log, "%s.log", script);
	argv[3] = log.data;
	/* `sat -timeout` should end first; this is the backstop */
	o.timeout_s = r->timeout_s + 30;
	if (!rc)
		rc = vrun_tool(res, &o, r->dir, argv,
			       (const char *const *)r->d.ref_dirs, NULL, 0,
			       VRUN_PROC);
	buf_release(&log);
	return rc;
}

int eq_run_yosys_text(struct eq_run *r, const char *script, const char *text,
		      struct proc_result *res)
{
	struct buf s = BUF_INIT;
	int rc = buf_addstr(&s, text);

	if (!rc)
		rc = eq_run_yosys(r, script, &s, res);
	buf_release(&s);
	return rc;
}

int eq_smtbmc(struct eq_run *r, const char *const *args,
	      struct proc_result *res)
{
	const char *argv[16] = { "yosys-smtbmc", "-s", "z3" };
	struct verify_opts o = *r->o;
	size_t n = 3;

	for (size_t i = 0; args[i] && n < 15; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	o.timeout_s = r->timeout_s;
	return vrun_tool(res, &o, r->dir, argv, NULL, NULL, 0, VRUN_PROC);
}

/* ---- the counterexample table --------------------------------------- */

static const char *strip(const char *name, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncmp(name, prefix, n) ? NULL : name + n;
}

static int add_val(cJSON *obj, const char *key, const char *val)
{
	if (cJSON_GetObjectItemCaseSensitive(obj, key))
		return 0;
	return json_add_str(obj, key, val);
}

static cJSON *cex_row(struct eq_run *r, const struct formal_trace *t, size_t c,
		      bool *differs)
{
	cJSON *row = cJSON_CreateObject();
	cJSON *in = cJSON_CreateObject(), *g = cJSON_CreateObject();
	cJSON *h = cJSON_CreateObject();
	int rc = 0;

	*differs = false;
	for (size_t v = 0; v < t->nvars && in && g && h; v++) {
		const char *n = t->names[v], *val = t->vals[c * t->nvars + v];
		const char *k;

		if ((k = strip(n, "in_")) &&
		    !(r->clock && !strcmp(k, r->clock)))
			rc |= add_val(in, k, val);
		else if ((k = strip(n, "gold_")))
			rc |= add_val(g, k, val);
		else if ((k = strip(n, "gate_")))
			rc |= add_val(h, k, val);
	}
	for (cJSON *x = g ? g->child : NULL; x && h; x = x->next) {
		const char *y = json_get_string(h, x->string);

		if (y && cJSON_IsString(x) && strcmp(y, x->valuestring))
			*differs = true;
	}
	rc |= json_add_num(row, "cycle", (double)c);
	rc |= json_add_take(row, "inputs", in);
	rc |= json_add_take(row, "gold", g);
	rc |= json_add_take(row, "gate", h);
	if (rc || !row) {
		cJSON_Delete(row);
		return NULL;
	}
	return row;
}

int eq_cex_from_vcd(struct eq_run *r, const char *name, cJSON **rows)
{
	struct formal_trace t;
	struct buf b = BUF_INIT;
	cJSON *arr = NULL;
	bool seq_reset = r->reset && (r->gold.seq || r->gate.seq);
	size_t last = 0;
	int rc;

	*rows = NULL;
	rc = formal_read(&b, r->dir, name);
	if (!rc)
		rc = formal_trace_read(&t, b.data, b.len);
	buf_release(&b);
	if (rc)
		return err_wrap(rc, "reading the counterexample %s", name);
	arr = cJSON_CreateArray();
	for (size_t c = 0; arr && c < t.ncycles; c++) {
		bool differs;
		cJSON *row = cex_row(r, &t, c, &differs);

		if (!row || json_append_take(arr, row)) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		/* cycle 0 is the reset cycle, not compared */
		if (differs && !last && !(c == 0 && seq_reset))
			last = c + 1;
	}
	formal_trace_release(&t);
	if (!arr || rc) {
		cJSON_Delete(arr);
		return rc ? rc : err_set(ERR_FAIL, "out of memory");
	}
	/* the trace ends at the first cycle where the outputs differ */
	while (last && cJSON_GetArraySize(arr) > (int)last)
		cJSON_DeleteItemFromArray(arr, cJSON_GetArraySize(arr) - 1);
	if (!cJSON_GetArraySize(arr)) {
		cJSON_Delete(arr);
		return err_set(ERR_FAIL, "empty counterexample trace");
	}
	*rows = arr;
	return 0;
}

/* ---- reading both designs -------------------------------------------- */

static int read_side(struct buf *s, const struct eq_run *r, bool gold)
{
	const struct verify_opts *o = r->o;
	const char *top = gold && o->ref_top ? o->ref_top : o->top;
	char **names = gold ? r->d.ref_names : r->d.dut_names;
	const char *side = gold ? "gold" : "gate";
	int rc = buf_addstr(s, "read_verilog -sv");

	for (const char *const *d = o->defines; d && *d; d++)
		rc |= buf_addf(s, " -D%s", *d);
	for (size_t i = 0; names && names[i]; i++)
		rc |= buf_addf(s, " %s/%s", gold ? "ref" : "dut", names[i]);
	/*
	 * chformal -remove: an assume() in the design would constrain the
	 * proof harness (`assume(0)` makes every proof vacuous), and its
	 * asserts are not ours to check here.
	 */
	rc |= buf_addf(s,
		       "\nhierarchy -check -top %s\nproc\nflatten\n"
		       "chformal -remove\n"
		       "rename %s hwf_%s\ndesign -stash %s\n",
		       top, top, side, side);
	return rc;
}

/*
 * One Yosys run reads both designs and, with no solver, matches their
 * structure: equiv_make pairs the signals of the same name, equiv_struct
 * merges cells of the same type on the same inputs (the RTL cells too,
 * -icells) from the inputs forward; ROMs (a case table becomes one) are
 * mapped to logic first, other memories make equiv_make give up.  When every pair ends up as one
 * signal the netlists are the same (structural hashing, what equivalence
 * checkers do before SAT), and a copy of the reference is proven without
 * asking a solver; equiv.json is read for that (connections are bit
 * numbers Yosys assigns, not text the design chooses).  Any other answer
 * of this step, including an error, only means "not shown identical".
 */
static int read_designs(struct eq_run *r, struct proc_result *res)
{
	struct buf s = BUF_INIT;
	int rc;

	rc = read_side(&s, r, true);
	rc |= read_side(&s, r, false);
	rc |= buf_addstr(&s, "design -copy-from gold -as hwf_gold hwf_gold\n"
			     "design -copy-from gate -as hwf_gate hwf_gate\n"
			     "write_json ports.json\n"
			     "write_rtlil both.il\n"
			     "memory_collect\nmemory_map -rom-only\n"
			     "equiv_make hwf_gold hwf_gate hwf_equiv\n"
			     "equiv_struct -icells hwf_equiv\n"
			     "write_json equiv.json\n");
	if (!rc)
		rc = eq_run_yosys(r, "read.ys", &s, res);
	buf_release(&s);
	return rc;
}

/*
 * Whether equiv_struct merged every $equiv pair into one signal.  A
 * sequential design also needs the same initial values on both sides
 * (the from-reset proof starts the rest at zero in both).
 */
static bool same_inits(const cJSON *g, const cJSON *h)
{
	const cJSON *gn = json_get_object(g, "netnames");
	const cJSON *hn = json_get_object(h, "netnames"), *x;

	for (int pass = 0; pass < 2; pass++) {
		const cJSON *a = pass ? hn : gn, *b = pass ? gn : hn;

		for (x = a ? a->child : NULL; x; x = x->next) {
			const cJSON *ia = json_get_object(x, "attributes");
			const cJSON *y = json_get_object(b, x->string);
			const char *va = json_get_string(ia, "init"), *vb;

			if (!va)
				continue;
			vb = json_get_string(json_get_object(y, "attributes"),
					     "init");
			if (!vb || strcmp(va, vb))
				return false;
		}
	}
	return true;
}

static bool struct_identical(struct eq_run *r)
{
	struct buf b = BUF_INIT;
	cJSON *j = NULL, *p = NULL;
	const cJSON *cells, *x;
	bool same = false;
	size_t n = 0;

	if (!formal_exists(r->dir, "equiv.json") ||
	    formal_read(&b, r->dir, "equiv.json") ||
	    json_parse(&j, b.data, b.len, "Yosys write_json")) {
		buf_release(&b);
		err_clear();
		return false;
	}
	cells = json_get_object(
		json_get_object(json_get_object(j, "modules"), "hwf_equiv"),
		"cells");
	same = cells != NULL;
	for (x = cells ? cells->child : NULL; x && same; x = x->next) {
		const cJSON *c = json_get_object(x, "connections");
		const cJSON *a = json_get_array(c, "A");
		const cJSON *bb = json_get_array(c, "B");
		char *sa, *sb;

		if (!json_get_string(x, "type") ||
		    strcmp(json_get_string(x, "type"), "$equiv"))
			continue;
		n++;
		sa = a ? cJSON_PrintUnformatted(a) : NULL;
		sb = bb ? cJSON_PrintUnformatted(bb) : NULL;
		same = sa && sb && !strcmp(sa, sb);
		free(sa);
		free(sb);
	}
	buf_release(&b);
	if (same && n && (r->gold.seq || r->gate.seq)) {
		same = !formal_read(&b, r->dir, "ports.json") &&
		       !json_parse(&p, b.data, b.len, "Yosys write_json");
		if (same) {
			const cJSON *m = json_get_object(p, "modules");

			same = same_inits(json_get_object(m, "hwf_gold"),
					  json_get_object(m, "hwf_gate"));
		}
		buf_release(&b);
		cJSON_Delete(p);
		err_clear();
	}
	cJSON_Delete(j);
	return same && n;
}

static bool is_seq_type(const char *t)
{
	return strstr(t, "dff") || strstr(t, "DFF") || strstr(t, "dlatch") ||
	       strstr(t, "DLATCH") || !strncmp(t, "$mem", 4) ||
	       !strcmp(t, "$sr") || !strncmp(t, "$_SR", 4) ||
	       !strcmp(t, "$ff") || !strncmp(t, "$_FF", 4);
}

static int parse_iface(struct eq_iface *f, const cJSON *mod)
{
	const cJSON *ports = json_get_object(mod, "ports");
	const cJSON *cells = json_get_object(mod, "cells"), *x;
	size_t n = 0;

	f->p = calloc((size_t)cJSON_GetArraySize(ports) + 1, sizeof(*f->p));
	if (!f->p)
		return err_set(ERR_FAIL, "out of memory");
	for (x = (ports) ? (ports)->child : NULL; x; x = x->next) {
		const char *d = json_get_string(x, "direction");
		const cJSON *bits = json_get_array(x, "bits");

		f->p[n].name = strdup(x->string);
		if (!f->p[n].name)
			return err_set(ERR_FAIL, "out of memory");
		f->p[n].width = cJSON_GetArraySize(bits);
		f->p[n].dir = !d		     ? VERIFY_INOUT
			      : !strcmp(d, "input")  ? VERIFY_IN
			      : !strcmp(d, "output") ? VERIFY_OUT
						     : VERIFY_INOUT;
		f->n = ++n;
	}
	for (x = (cells) ? (cells)->child : NULL; x; x = x->next) {
		const char *t = json_get_string(x, "type");

		if (t && is_seq_type(t))
			f->seq = true;
	}
	return 0;
}

static void iface_release(struct eq_iface *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->p[i].name);
	free(f->p);
	memset(f, 0, sizeof(*f));
}

static int load_ports(struct eq_run *r)
{
	struct buf b = BUF_INIT;
	cJSON *j = NULL;
	const cJSON *mods;
	int rc;

	rc = formal_read(&b, r->dir, "ports.json");
	if (!rc)
		rc = json_parse(&j, b.data, b.len, "Yosys write_json");
	buf_release(&b);
	if (rc)
		return rc;
	mods = json_get_object(j, "modules");
	if (!json_get_object(mods, "hwf_gold") ||
	    !json_get_object(mods, "hwf_gate"))
		rc = err_set(ERR_FAIL, "equiv: Yosys lost a design");
	if (!rc)
		rc = parse_iface(&r->gold, json_get_object(mods, "hwf_gold"));
	if (!rc)
		rc = parse_iface(&r->gate, json_get_object(mods, "hwf_gate"));
	cJSON_Delete(j);
	return rc;
}

/* ---- interface ------------------------------------------------------- */

static const struct eq_port *find_port(const struct eq_iface *f,
				       const char *name)
{
	for (size_t i = 0; i < f->n; i++)
		if (!strcmp(f->p[i].name, name))
			return &f->p[i];
	return NULL;
}

/* A one-line description of the first interface difference, or NULL. */
static char *iface_diff(const struct eq_run *r)
{
	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *g = &r->gold.p[i];
		const struct eq_port *h = find_port(&r->gate, g->name);

		if (!h)
			return str_fmt("port %s of the reference is "
					  "missing",
					  g->name);
		if (h->dir != g->dir)
			return str_fmt("port %s has the wrong direction",
					  g->name);
		if (h->width != g->width)
			return str_fmt("port %s is %d bits wide, the "
					  "reference's is %d",
					  g->name, h->width, g->width);
	}
	for (size_t i = 0; i < r->gate.n; i++)
		if (!find_port(&r->gold, r->gate.p[i].name))
			return str_fmt("port %s is not in the reference",
					  r->gate.p[i].name);
	return NULL;
}

static bool name_in(const char *n, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(n, *list))
			return true;
	return false;
}

static void find_clock_reset(struct eq_run *r)
{
	static const char *const clocks[] = { "clk",	 "clock", "clk_i",
					      "i_clk",	 "aclk",  "CLK",
					      "clock_i", NULL };
	static const char *const high[] = { "rst",   "reset", "areset",	 "arst",
					    "rst_i", "i_rst", "reset_i", "srst",
					    "RST",   NULL };
	static const char *const low[] = { "rst_n",    "rstn",	 "reset_n",
					   "resetn",   "arst_n", "aresetn",
					   "areset_n", "nrst",	 "nreset",
					   "rst_ni",   NULL };

	for (size_t i = 0; i < r->gold.n; i++) {
		const struct eq_port *p = &r->gold.p[i];

		if (p->dir != VERIFY_IN || p->width != 1)
			continue;
		if (!r->clock && name_in(p->name, clocks))
			r->clock = p->name;
		else if (!r->reset && name_in(p->name, high))
			r->reset = p->name;
		else if (!r->reset && name_in(p->name, low)) {
			r->reset = p->name;
			r->reset_low = true;
		}
	}
}

/* ---- the verdict ------------------------------------------------------ */

static void describe_cex(struct buf *b, const cJSON *rows)
{
	const cJSON *last =
		cJSON_GetArrayItem(rows, cJSON_GetArraySize(rows) - 1);
	const cJSON *g = json_get_object(last, "gold");
	const cJSON *h = json_get_object(last, "gate"), *x;
	const cJSON *in = json_get_object(last, "inputs");

	for (x = g ? g->child : NULL; x; x = x->next) {
		const char *v = json_get_string(h, x->string);

		if (v && cJSON_IsString(x) && strcmp(v, x->valuestring)) {
			buf_addf(b, "; %s is %s, the reference gives %s",
				 x->string, v, x->valuestring);
			break;
		}
	}
	buf_addf(b, " at cycle %d with", cJSON_GetArraySize(rows) - 1);
	for (x = in ? in->child : NULL; x; x = x->next)
		if (cJSON_IsString(x))
			buf_addf(b, " %s=%s", x->string, x->valuestring);
}

static int fill_stage(struct verify_stage *out, struct eq_run *r,
		      struct eq_result *res)
{
	cJSON *ev = cJSON_CreateObject();
	struct buf sum = BUF_INIT, vcd = BUF_INIT;
	enum verify_status st;
	const char *cls = NULL;
	int rc = 0;

	if (!strcmp(res->result, "proven")) {
		st = VERIFY_PASS;
		buf_addf(&sum, "equivalent to the reference (%s)", res->method);
	} else if (!strcmp(res->result, "refuted")) {
		st = VERIFY_FAIL;
		cls = "equiv/refuted";
		buf_addf(&sum, "not equivalent to the reference (%s)",
			 res->method);
		if (res->cex)
			describe_cex(&sum, res->cex);
	} else {
		st = VERIFY_INCONCLUSIVE;
		cls = "equiv/inconclusive";
		buf_addstr(&sum, res->reason ? res->reason
					     : "the solvers did not decide");
	}
	if (res->have_vcd && r->o->keep_tmp)
		buf_addf(&vcd, "%s/cex.vcd", r->dir);
	rc |= json_add_str(ev, "method", res->method);
	rc |= json_add_str(ev, "result", res->result);
	rc |= json_add_take(ev, "reason",
			    res->reason ? cJSON_CreateString(res->reason)
					: cJSON_CreateNull());
	rc |= json_add_num(ev, "depth", res->depth);
	rc |= json_add_take(ev, "counterexample",
			    res->cex ? res->cex : cJSON_CreateArray());
	res->cex = NULL;
	rc |= json_add_take(ev, "vcd",
			    vcd.len ? cJSON_CreateString(vcd.data)
				    : cJSON_CreateNull());
	if (!rc)
		rc = verify_stage_set(out, "equiv", st, cls, "%s", sum.data);
	if (!rc) {
		cJSON_Delete(out->evidence);
		out->evidence = ev;
		ev = NULL;
	}
	cJSON_Delete(ev);
	buf_release(&sum);
	buf_release(&vcd);
	return rc;
}

/* ---- the run ------------------------------------------------------------ */

static int read_failed(struct verify_stage *out, struct eq_run *r)
{
	struct buf log = BUF_INIT, a = BUF_INIT, b = BUF_INIT;
	const char *e, *end;
	int rc;

	formal_read(&log, r->dir, "read.ys.log");
	e = strstr(log.data, "ERROR: Module `");
	if (e && strstr(e, "' not found!")) {
		buf_release(&log);
		return err_set(ERR_USAGE,
			       "equiv: top module '%s' (or '%s') "
			       "is not in the inputs",
			       r->o->top,
			       r->o->ref_top ? r->o->ref_top : r->o->top);
	}
	e = strstr(log.data, "ERROR:");
	if (!e)
		e = "ERROR: Yosys could not read the designs";
	while (e > log.data && e[-1] != '\n')
		e--;
	end = strchr(e, '\n');
	if (!end)
		end = e + strlen(e);
	formal_map(&a, e, (size_t)(end - e), "dut", r->d.dut_names, r->o->files,
		   r->o->nfiles);
	formal_map(&b, a.data, a.len, "ref", r->d.ref_names, r->o->refs,
		   r->o->nrefs);
	/*
	 * Not a refutation: nothing was compared.  Yosys rejects some
	 * designs other tools accept (0.23: a latch inferred in
	 * always_comb), so the answer is "could not decide", with the reason.
	 */
	rc = verify_stage_set(out, "equiv", VERIFY_INCONCLUSIVE,
			      "equiv/unreadable",
			      "could not decide: Yosys could not read the "
			      "designs: %.300s",
			      b.data);
	buf_release(&log);
	buf_release(&a);
	buf_release(&b);
	return rc;
}

static int decide(struct verify_stage *out, struct eq_run *r)
{
	struct eq_result res = { .result = "inconclusive", .method = "none" };
	char *diff = iface_diff(r);
	int rc;

	if (diff) {
		res.result = "refuted";
		res.method = "interface";
		res.reason = diff;
		rc = fill_stage(out, r, &res);
		if (!rc) {
			free(out->class);
			out->class = strdup("equiv/interface");
			free(out->summary);
			out->summary = str_fmt("interface differs from the "
						  "reference: %s",
						  diff);
		}
		free(diff);
		return rc;
	}
	find_clock_reset(r);
	if (struct_identical(r)) {
		res.result = "proven";
		res.method = "structural match (yosys equiv_struct)";
		rc = 0;
	} else if (r->gold.seq || r->gate.seq) {
		rc = eq_seq(r, &res);
	} else {
		rc = eq_comb(r, &res);
	}
	if (!rc)
		rc = fill_stage(out, r, &res);
	free(res.reason);
	cJSON_Delete(res.cex);
	return rc;
}

static int check_args(const struct verify_opts *o)
{
	const char *gt = o->ref_top ? o->ref_top : o->top;

	if (!o->nfiles || !o->nrefs)
		return err_set(ERR_USAGE, "equiv: needs a design and a "
					  "reference");
	if (!o->top || !vlex_is_ident(o->top) || !vlex_is_ident(gt))
		return err_set(ERR_USAGE, "equiv: bad top module name '%s'",
			       o->top ? o->top : "");
	for (const char *const *d = o->defines; d && *d; d++)
		if (!vlex_is_define(*d))
			return err_set(ERR_USAGE, "equiv: bad define '%s'", *d);
	return 0;
}

int verify_equiv(struct verify_stage *out, const struct verify_opts *o)
{
	struct eq_run r = { .o = o };
	struct proc_result res = PROC_RESULT_INIT;
	long t0 = mono_ms();
	int rc;

	rc = check_args(o);
	if (rc)
		return rc;
	r.timeout_s = o->timeout_s > 0 ? o->timeout_s : 60;
	r.depth = o->equiv_depth > 0 ? o->equiv_depth : 20;
	rc = vrun_dir_open(&r.d, o);
	if (rc == ERR_NOTFOUND)
		rc = err_wrap(ERR_USAGE, "equiv");
	if (rc)
		return rc;
	r.dir = r.d.td.path;
	if (o->keep_tmp)
		log_info("equiv: keeping %s", r.dir);
	rc = read_designs(&r, &res);
	if (!rc && !formal_exists(r.dir, "ports.json")) {
		if (res.timed_out)
			rc = verify_stage_set(out, "equiv", VERIFY_INCONCLUSIVE,
					      "equiv/inconclusive",
					      "Yosys did not read the designs "
					      "in %d s",
					      r.timeout_s + 30);
		else
			rc = read_failed(out, &r);
	} else if (!rc) {
		rc = load_ports(&r);
		if (!rc)
			rc = decide(out, &r);
	}
	if (!rc) /* the typed view, for callers of the single stage */
		rc = verify_evidence_from_json(&out->ev, out->evidence);
	proc_result_release(&res);
	iface_release(&r.gold);
	iface_release(&r.gate);
	vrun_dir_close(&r.d);
	out->elapsed_ms = mono_ms() - t0;
	return rc;
}
