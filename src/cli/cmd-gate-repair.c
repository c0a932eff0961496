#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "cli/cmd.h"
#include "cli/gate-repair.h"
#include "gate/gate.h"

/* `hwforge gate --repair [--apply]`: the CLI side of gate_repair(). */

void gate_repair_args_init(struct gate_repair_args *r, const struct cfg *cfg)
{
	memset(r, 0, sizeof(*r));
	llm_args_init(&r->l, cfg);
	r->dir = "hwforge-gate-repair";
}

int gate_repair_args_parse(struct gate_repair_args *r, int c, const char *arg)
{
	switch (c) {
	case GATE_REPAIR_OPT:
		r->on = true;
		return 0;
	case GATE_REPAIR_APPLY:
		r->apply = true;
		return 0;
	case GATE_REPAIR_DIR:
		r->dir = arg;
		return 0;
	}
	return llm_args_parse(&r->l, c, arg, "gate");
}

static void on_unit(const struct gate_unit *u,
		    const struct agent_repair_result *r, const char *patch,
		    bool applied, void *payload)
{
	(void)payload;
	if (r->already)
		printf("repair %s: passes the repair checks (lint is not "
		       "repaired)\n",
		       u->name);
	else if (r->passed)
		printf("repair %s: fixed, %zu lines touched: %s%s\n", u->name,
		       r->touched, patch, applied ? " (applied)" : "");
	else
		printf("repair %s: %s (best: %s)\n", u->name,
		       r->undecided ? "could not decide" : "not fixed",
		       r->class ? r->class : "none");
	fflush(stdout);
}

int gate_repair_cli(struct gate_repair_args *r, const struct gate_file *g,
		    struct gate_run *run, const struct gate_opts *go,
		    const struct cfg *cfg, int code)
{
	static const struct agent_repair_opts init = AGENT_REPAIR_OPTS_INIT;
	struct agent_repair_opts loop = init;
	struct gate_repair_opts o = { .loop = &loop };
	struct gate_repair_summary s;
	int rc;

	if (code == EXIT_PASS || code == EXIT_INTR)
		return code;
	LLM_ARGS_TO_CANDIDATE_LOOP(&loop, &r->l, cfg);
	o.dir = r->dir;
	o.apply = r->apply;
	o.on_unit = on_unit;
	rc = gate_repair(&s, g, run, &o);
	if (rc)
		return cmd_fail(rc);
	printf("repair: %zu unit%s tried, %zu fixed, %zu applied; patches "
	       "in %s/\n",
	       s.tried, s.tried == 1 ? "" : "s", s.fixed, s.applied, r->dir);
	if (!r->apply || !s.applied)
		return code;
	/* the tree changed: the gate again, on the fixed sources */
	gate_run_release(run);
	memset(run, 0, sizeof(*run));
	rc = gate_run(run, g, go);
	if (rc)
		return rc == ERR_INTR ? EXIT_INTR : cmd_fail(rc);
	rc = gate_write_table(stdout, g, run);
	return rc ? cmd_fail(rc) : gate_exit_code(run);
}

void gate_repair_args_release(struct gate_repair_args *r)
{
	llm_args_release(&r->l);
}
