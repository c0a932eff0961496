#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "gate/gate-int.h"

/*
 * `hwforge gate --repair`: the repair loop (agent_repair) on every unit
 * with a failing check, its evidence the unit's own checks (sources, top,
 * defines, testbenches, reference, properties, budget, depths).  Patches
 * go to the repair directory; the tree changes only with apply.
 */

static bool unit_failed(const struct gate_run *r, size_t unit)
{
	for (size_t i = 0; i < r->nchecks; i++)
		if (r->checks[i].unit == unit &&
		    r->checks[i].result == GATE_FAIL)
			return true;
	return false;
}

int gate_unit_repair_opts(struct agent_repair_opts *ro,
			    struct agent_budget *b, const char **tbs,
			    const char **tb_tops, const struct gate_unit *u)
{
	ro->files = (const char *const *)u->sources;
	ro->nfiles = u->nsources;
	ro->top = u->top;
	ro->defines = (const char *const *)u->defines;
	ro->refs = (const char *const *)u->refs;
	ro->nrefs = u->nrefs;
	ro->ref_top = u->ref_top;
	for (size_t i = 0; i < u->ntbs; i++) {
		tbs[i] = u->tbs[i].file;
		tb_tops[i] = u->tbs[i].top;
	}
	ro->tbs = tbs;
	ro->tb_tops = tb_tops;
	ro->ntbs = u->ntbs;
	if (u->has_props) {
		ro->props = (const char *const *)u->props;
		ro->nprops = u->nprops;
		ro->props_top = u->props_top;
		ro->props_depth = u->props_depth;
	}
	ro->equiv_depth = u->equiv_depth;
	ro->allow_latches = u->allow_latches;
	if (u->timeout_s > 0)
		ro->tool_timeout_s = u->timeout_s;
	ro->budget = NULL;
	if (u->has_budget) {
		b->max_cells = u->budget.max_cells;
		b->max_flops = u->budget.max_flops;
		b->max_depth = u->budget.max_depth;
		b->max_area = u->budget.max_area;
		ro->budget = b;
	}
	return 0;
}

/* Write the fixed texts over the unit's sources. */
static int apply_fix(const struct gate_unit *u,
		     const struct agent_repair_result *r)
{
	for (size_t i = 0; i < u->nsources; i++) {
		int rc = buf_write_file(u->sources[i], r->fixed[i],
					strlen(r->fixed[i]));

		if (rc)
			return rc;
	}
	return 0;
}

static cJSON *unit_json(const struct gate_unit *u,
			const struct agent_repair_result *r, const char *patch,
			bool applied)
{
	cJSON *j = cJSON_CreateObject();
	const char *v = r->already     ? "already-passing"
			: r->passed    ? "fixed"
			: r->undecided ? "undecided"
				       : "not-fixed";

	if (json_add_str(j, "unit", u->name) || json_add_str(j, "verdict", v) ||
	    json_add_str(j, "class", r->class) ||
	    json_add_str(j, "patch", patch) ||
	    json_add_str(j, "patch_root", r->patch_root) ||
	    json_add_num(j, "lines_touched",
			 r->passed && !r->already ? (double)r->touched : -1) ||
	    json_add_num(j, "rounds", r->rounds) ||
	    json_add_num(j, "tokens", (double)(r->llm.prompt_tokens +
					       r->llm.completion_tokens)) ||
	    json_add_bool(j, "applied", applied)) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int copy_patch(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, from, 64u << 20);

	if (!rc)
		rc = buf_write_file(to, b.data, b.len);
	buf_release(&b);
	return rc;
}

int gate_repair(struct gate_repair_summary *out, const struct gate_file *g,
		const struct gate_run *run, const struct gate_repair_opts *o)
{
	cJSON *units = cJSON_CreateArray();
	struct buf p = BUF_INIT, q = BUF_INIT;
	int rc = units ? 0 : err_set(ERR_FAIL, "out of memory");

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; !rc && i < g->nunits; i++) {
		const struct gate_unit *u = &g->units[i];
		struct agent_repair_opts ro = *o->loop;
		struct agent_repair_result res;
		struct agent_budget b;
		const char **tbs = calloc(u->ntbs + 1, sizeof(*tbs));
		const char **tops = calloc(u->ntbs + 1, sizeof(*tops));
		const char *patch = NULL;
		bool applied = false;

		if (!tbs || !tops) {
			free(tbs);
			free(tops);
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		if (!unit_failed(run, i)) {
			free(tbs);
			free(tops);
			continue;
		}
		gate_unit_repair_opts(&ro, &b, tbs, tops, u);
		buf_reset(&p);
		rc = buf_addf(&p, "%s/%s", o->dir, u->name);
		ro.out_dir = p.data;
		if (!rc)
			rc = agent_repair(&res, &ro);
		free(tbs);
		free(tops);
		if (rc && rc != ERR_INTR) {
			rc = err_wrap(rc, "unit %s", u->name);
			agent_repair_result_release(&res);
			break;
		}
		out->tried++;
		if (!rc && res.passed && !res.already) {
			out->fixed++;
			buf_reset(&q);
			buf_addf(&q, "%s/%s.patch", o->dir, u->name);
			rc = buf_addstr(&p, "/fix.patch");
			if (!rc)
				rc = copy_patch(p.data, q.data);
			patch = q.data;
			if (!rc && o->apply) {
				rc = apply_fix(u, &res);
				applied = !rc;
				out->applied += applied;
			}
		} else if (!rc && res.undecided) {
			out->undecided++;
		}
		if (o->on_unit)
			o->on_unit(u, &res, patch, applied, o->payload);
		if (json_append_take(units, unit_json(u, &res, patch, applied)))
			rc = rc ? rc : err_set(ERR_FAIL, "out of memory");
		agent_repair_result_release(&res);
	}
	if (!rc || rc == ERR_INTR) {
		cJSON *j = cJSON_CreateObject();
		struct buf t = BUF_INIT;
		int wrc;

		buf_reset(&p);
		wrc = j ? 0 : ERR_FAIL;
		if (!wrc)
			wrc = json_add_str(j, "gate", g->path);
		if (!wrc)
			wrc = json_add_bool(j, "apply", o->apply);
		if (!wrc) {
			wrc = json_add_take(j, "units", units);
			units = NULL;
		}
		if (!wrc)
			wrc = json_print(&t, j, true);
		if (!wrc)
			wrc = buf_addch(&t, '\n');
		if (!wrc)
			wrc = buf_addf(&p, "%s/repair.json", o->dir);
		if (!wrc)
			wrc = buf_write_file(p.data, t.data, t.len);
		buf_release(&t);
		cJSON_Delete(j);
		if (!rc)
			rc = wrc;
	}
	cJSON_Delete(units);
	buf_release(&p);
	buf_release(&q);
	return rc;
}
