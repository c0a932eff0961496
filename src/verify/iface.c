#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "verify/verify-int.h"

/*
 * Ports as Yosys elaborates them: "read_verilog -sv; hierarchy -top T;
 * proc; flatten; write_json".  Yosys runs sandboxed (the files may be
 * untrusted) with /proc mounted, which it needs to find its own share dir.
 */

static const char *const clock_names[] = {
	"clk", "clock", "clk_i", "i_clk", "clk_in", "aclk", "sys_clk", NULL,
};
static const char *const reset_high[] = {
	"rst",	   "reset", "areset", "rst_i",	    "i_rst",
	"reset_i", "srst",  "arst",   "sync_reset", NULL,
};
static const char *const reset_low[] = {
	"rst_n",   "resetn", "reset_n", "areset_n", "arst_n", "rstn",
	"aresetn", "rst_ni", "i_rst_n", "nreset",   "nrst",   NULL,
};

static bool name_in(const char *name, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcasecmp(name, list[i]))
			return true;
	return false;
}

static bool seq_cell(const char *type)
{
	return strstr(type, "dff") || strstr(type, "mem") ||
	       !strcmp(type, "$ff") || !strcmp(type, "$_FF_") ||
	       strstr(type, "$sr") || strstr(type, "dlatch");
}

static int fill_ports(struct verify_iface *f, const cJSON *ports)
{
	const cJSON *p;
	size_t n = (size_t)cJSON_GetArraySize(ports), i = 0;

	f->ports = calloc(n ? n : 1, sizeof(*f->ports));
	if (!f->ports)
		return err_set(ERR_FAIL, "out of memory");
	cJSON_ArrayForEach(p, ports)
	{
		const char *dir = json_get_string(p, "direction");
		const cJSON *bits = json_get_array(p, "bits");
		struct verify_port *vp = &f->ports[i];

		vp->name = strdup(p->string ? p->string : "?");
		if (!vp->name)
			return err_set(ERR_FAIL, "out of memory");
		f->nports = ++i;
		vp->dir = !dir			   ? VERIFY_IN
			  : !strcmp(dir, "output") ? VERIFY_OUT
			  : !strcmp(dir, "inout")  ? VERIFY_INOUT
						   : VERIFY_IN;
		vp->width = bits ? cJSON_GetArraySize(bits) : 1;
		vp->is_signed = json_get_number(p, "signed", 0) != 0;
	}
	return 0;
}

static void find_clock_reset(struct verify_iface *f)
{
	for (size_t i = 0; i < f->nports; i++) {
		const struct verify_port *p = &f->ports[i];

		if (p->dir != VERIFY_IN || p->width != 1)
			continue;
		if (!f->clock && name_in(p->name, clock_names)) {
			f->clock = p->name;
		} else if (!f->reset && name_in(p->name, reset_low)) {
			f->reset = p->name;
			f->reset_active_low = true;
		} else if (!f->reset && name_in(p->name, reset_high)) {
			f->reset = p->name;
		}
	}
}

static int parse_iface(struct verify_iface *f, const cJSON *j, const char *top)
{
	const cJSON *mods = json_get_object(j, "modules"), *m, *cells, *c;
	int rc;

	m = mods ? json_get_object(mods, top) : NULL;
	if (!m)
		return err_set(ERR_FAIL, "yosys output lacks module '%s'", top);
	f->top = strdup(top);
	if (!f->top)
		return err_set(ERR_FAIL, "out of memory");
	rc = fill_ports(f, json_get_object(m, "ports"));
	if (rc)
		return rc;
	cells = json_get_object(m, "cells");
	cJSON_ArrayForEach(c, cells)
	{
		const char *type = json_get_string(c, "type");

		if (type && seq_cell(type))
			f->sequential = true;
	}
	find_clock_reset(f);
	return 0;
}

static int yosys_script(struct buf *s, const struct verify_opts *o,
			const char *const *names, const char *top,
			const char *json)
{
	int rc = buf_addstr(s, "read_verilog -sv");

	for (size_t i = 0; !rc && o->defines && o->defines[i]; i++)
		rc = buf_addf(s, " -D%s", o->defines[i]);
	for (size_t i = 0; !rc && names[i]; i++)
		rc = buf_addf(s, " %s", names[i]);
	if (!rc)
		rc = buf_addf(s,
			      "; hierarchy -check -top %s; proc; flatten; "
			      "write_json %s",
			      top, json);
	return rc;
}

int verify_iface_in(struct verify_iface *out, const struct verify_opts *o,
		    const char *dir, const char *const *names, const char *top,
		    const char *tag, struct buf *log)
{
	struct proc_result r = PROC_RESULT_INIT;
	struct buf script = BUF_INIT, json = BUF_INIT, path = BUF_INIT;
	const char *argv[] = { "yosys", "-q", "-p", NULL, NULL };
	cJSON *j = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!vlex_is_ident(top))
		return err_set(ERR_USAGE, "'%s' is not a plain module name",
			       top);
	rc = buf_addf(&json, "iface-%s.json", tag);
	if (!rc)
		rc = buf_addf(&path, "%s/%s", dir, json.data);
	if (!rc)
		rc = yosys_script(&script, o, names, top, json.data);
	argv[3] = script.data;
	if (!rc)
		rc = vrun_tool(&r, o, dir, argv, NULL, NULL, 0, VRUN_PROC);
	if (!rc && (r.timed_out || r.exit_code)) {
		if (log)
			buf_add(log, r.err.data, r.err.len);
		rc = r.timed_out ? err_set(ERR_TIMEOUT,
					   "yosys timed out "
					   "reading the ports of %s",
					   top)
				 : err_set(ERR_FAIL,
					   "yosys could not read the "
					   "ports of %s",
					   top);
	}
	if (!rc)
		rc = json_parse_file(&j, path.data, (size_t)64 << 20);
	if (!rc)
		rc = parse_iface(out, j, top);
	if (rc)
		verify_iface_release(out);
	cJSON_Delete(j);
	buf_release(&script);
	buf_release(&json);
	buf_release(&path);
	proc_result_release(&r);
	return rc;
}

int verify_iface_read(struct verify_iface *out, const char *const *files,
		      size_t nfiles, const char *top,
		      const struct verify_opts *o)
{
	struct tmpdir td = TMPDIR_INIT;
	char **names = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = tmpdir_create(&td, "iface");
	if (rc)
		return rc;
	td.keep = o->keep_tmp;
	rc = vrun_copy_inputs(&names, td.path, files, nfiles, "d");
	if (!rc)
		rc = verify_iface_in(out, o, td.path,
				     (const char *const *)names, top, "dut",
				     NULL);
	strv_free(names);
	tmpdir_remove(&td);
	return rc;
}

static const char *dir_name(enum verify_dir d)
{
	return d == VERIFY_OUT	   ? "output"
	       : d == VERIFY_INOUT ? "inout"
				   : "input";
}

/* Append one difference as a JSON string. */
static int diff(cJSON *arr, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int diff(cJSON *arr, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int rc;

	va_start(ap, fmt);
	s = str_vfmt(fmt, ap);
	va_end(ap);
	rc = s ? json_append_take(arr, cJSON_CreateString(s))
	       : err_set(ERR_FAIL, "out of memory");
	free(s);
	return rc;
}

int verify_iface_compare(cJSON *diffs, const struct verify_iface *ref,
			 const struct verify_iface *dut)
{
	int rc = 0;

	for (size_t i = 0; i < ref->nports && !rc; i++) {
		const struct verify_port *rp = &ref->ports[i], *dp = NULL;

		for (size_t k = 0; k < dut->nports; k++)
			if (!strcmp(dut->ports[k].name, rp->name))
				dp = &dut->ports[k];
		if (!dp)
			rc = diff(diffs,
				  "port '%s' is missing (reference: "
				  "%s, %d bits)",
				  rp->name, dir_name(rp->dir), rp->width);
		else if (dp->dir != rp->dir)
			rc = diff(diffs,
				  "port '%s' is an %s, the reference's "
				  "an %s",
				  rp->name, dir_name(dp->dir),
				  dir_name(rp->dir));
		else if (dp->width != rp->width)
			rc = diff(diffs,
				  "port '%s' is %d bits wide, the "
				  "reference's %d",
				  rp->name, dp->width, rp->width);
	}
	for (size_t k = 0; k < dut->nports && !rc; k++) {
		bool found = false;

		for (size_t i = 0; i < ref->nports; i++)
			if (!strcmp(dut->ports[k].name, ref->ports[i].name))
				found = true;
		if (!found)
			rc = diff(diffs,
				  "port '%s' (%s, %d bits) is not in "
				  "the reference",
				  dut->ports[k].name,
				  dir_name(dut->ports[k].dir),
				  dut->ports[k].width);
	}
	return rc;
}

/* Parse one `.port_info N /DIR W "name";` line into p. */
static int vvp_port(struct verify_iface *f, const char *line)
{
	char dir[16], name[256];
	int idx, w;
	struct verify_port *np;

	if (sscanf(line, ".port_info %d /%15s %d \"%255[^\"]\"", &idx, dir, &w,
		   name) != 4)
		return 0;
	np = realloc(f->ports, (f->nports + 1) * sizeof(*np));
	if (!np)
		return err_set(ERR_FAIL, "out of memory");
	f->ports = np;
	np = &f->ports[f->nports];
	memset(np, 0, sizeof(*np));
	np->name = strdup(name);
	if (!np->name)
		return err_set(ERR_FAIL, "out of memory");
	f->nports++;
	np->width = w;
	np->dir = !strcmp(dir, "OUTPUT")  ? VERIFY_OUT
		  : !strcmp(dir, "INOUT") ? VERIFY_INOUT
					  : VERIFY_IN;
	return 0;
}

int verify_iface_vvp(struct verify_iface *out, const char *path,
		     const char *top)
{
	struct buf b = BUF_INIT, want = BUF_INIT;
	const char *p;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = buf_read_file(&b, path, (size_t)256 << 20);
	if (!rc)
		rc = buf_addf(&want, ".scope module, \"%s\" \"%s\" ", top, top);
	p = rc ? NULL : b.data;
	/* The root scope of top: its line has no ", S_<parent>" at the end. */
	while (p && (p = strstr(p, want.data))) {
		const char *eol = strchr(p, '\n');
		const char *par = strstr(p, ", S_");

		if (!par || (eol && par > eol))
			break;
		p += want.len;
	}
	if (!rc && !p)
		rc = err_set(ERR_FAIL, "no scope '%s' in the compiled design",
			     top);
	if (!rc)
		out->top = strdup(top);
	if (!rc && !out->top)
		rc = err_set(ERR_FAIL, "out of memory");
	for (p = p ? strchr(p, '\n') : NULL; !rc && p && p[1];) {
		p++;
		const char *q = p + strspn(p, " \t");

		if (!strncmp(q, ".port_info ", 11))
			rc = vvp_port(out, q);
		else if (*q != '.' || q == p)
			break; /* past the scope's own directives */
		p = strchr(p, '\n');
	}
	if (rc)
		verify_iface_release(out);
	buf_release(&b);
	buf_release(&want);
	return rc;
}
