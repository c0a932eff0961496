#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "cli/cmd.h"
#include "cli/llm-args.h"
#include "gate/gate.h"

static const char usage_head[] =
	"usage: hwforge repair DESIGN... --top T (--ref F... | --tb F | "
	"--props F...\n"
	"                      | --gate FILE [--unit U]) [-o DIR] [options]\n"
	"\n"
	"Fix a design that fails its checks with the smallest patch: the\n"
	"check pipeline collects the evidence (compile errors, mismatch "
	"table,\n"
	"counterexample, property trace, budget overrun), an LLM endpoint "
	"is\n"
	"asked for a unified diff, the diff is applied strictly and the\n"
	"patched design is checked again, round after round.  Passing "
	"patches\n"
	"are ranked by lines touched, then cells.  Writes DIR/fix.patch (for\n"
	"`git apply` or `patch -p1` in the directory the paths are relative\n"
	"to: the current one when the files lie under it), DIR/fixed/,\n"
	"DIR/report.json, DIR/transcript.jsonl and DIR/candidates/.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR      output directory (hwforge-repair)\n"
	"  --top NAME            the design's top module (required unless "
	"--gate)\n"
	"  --ref FILE            reference design: differential simulation "
	"and\n"
	"                        equivalence (repeatable)\n"
	"  --tb FILE             self-checking testbench (repeatable)\n"
	"  --props FILE          property file (repeatable); --props-top M,\n"
	"                        --props-depth N\n"
	"  --define NAME[=VAL]   preprocessor define (repeatable)\n"
	"  --gate FILE           take design and checks from a gate file "
	"unit\n"
	"  --unit U              the unit (default: the only one)\n";

static const char usage_tail[] =
	"  -h, --help            this text\n"
	"\n"
	LLM_ARGS_HELP_KEY "  A re-run replays the response cache.\n"
	"\n"
	"Exit codes:\n"
	"  0    fixed (or the design already passes: no patch)\n"
	"  1    not fixed within the rounds or the token budget\n"
	"  2    usage error or bad input\n"
	"  3    could not decide: tool missing, inconclusive checks, API or\n"
	"       network failure, --offline cache miss\n"
	"  130  interrupted (report.json is still written)\n";

enum {
	O_TOP = 256,
	O_REF,
	O_TB,
	O_PROPS,
	O_PROPS_TOP,
	O_PROPS_DEPTH,
	O_DEFINE,
	O_GATE,
	O_UNIT,
};

static const struct option own_opts[] = {
	{ "top", required_argument, NULL, O_TOP },
	{ "ref", required_argument, NULL, O_REF },
	{ "tb", required_argument, NULL, O_TB },
	{ "props", required_argument, NULL, O_PROPS },
	{ "props-top", required_argument, NULL, O_PROPS_TOP },
	{ "props-depth", required_argument, NULL, O_PROPS_DEPTH },
	{ "define", required_argument, NULL, O_DEFINE },
	{ "gate", required_argument, NULL, O_GATE },
	{ "unit", required_argument, NULL, O_UNIT },
	{ NULL, 0, NULL, 0 },
};

struct repair_args {
	struct llm_args l;
	struct agent_repair_opts o;
	struct arg_list files, refs, tbs, props, defines;
	const char *gate, *unit;
};

static int parse_one(void *p, int c, const char *arg, const char *name)
{
	struct repair_args *a = p;
	long v;

	(void)name;
	switch (c) {
	case 'h':
		fputs(usage_head, stdout);
		fputs(llm_args_help, stdout);
		fputs(usage_tail, stdout);
		return -1;
	case O_TOP:
		a->o.top = arg;
		return 0;
	case O_REF:
		return arg_list_add(&a->refs, arg, "--ref files", "repair");
	case O_TB:
		return arg_list_add(&a->tbs, arg, "--tb files", "repair");
	case O_PROPS:
		return arg_list_add(&a->props, arg, "--props files", "repair");
	case O_DEFINE:
		return arg_list_add(&a->defines, arg, "--define", "repair");
	case O_PROPS_TOP:
		a->o.props_top = arg;
		return 0;
	case O_PROPS_DEPTH:
		if (cfg_parse_long(arg, "--props-depth", 1, 10000, &v))
			return cmd_usage_error("repair", "%s", err_last());
		a->o.props_depth = (int)v;
		return 0;
	case O_GATE:
		a->gate = arg;
		return 0;
	case O_UNIT:
		a->unit = arg;
		return 0;
	}
	c = llm_args_parse(&a->l, c, arg, "repair");
	return c == 1 ? cmd_usage_error("repair", "unknown option") : c;
}

static void on_progress(const struct agent_progress *p, void *payload)
{
	(void)payload;
	if (strcmp(p->phase, "done"))
		return;
	fprintf(stderr, "hwforge: round %d/%d:", p->round, p->rounds);
	for (int i = 0; i < p->k; i++)
		fprintf(stderr, " %s", p->states[i]);
	fprintf(stderr, "; %ld tokens\n", p->tokens);
}

/* The design and its checks from a gate file's unit. */
static int from_gate(struct repair_args *a, struct gate_file *g,
		     struct agent_budget *b, const char **tbs,
		     const char **tops)
{
	const struct gate_unit *u = NULL;
	struct agent_repair_opts *o = &a->o;
	const char *out_dir = o->out_dir;
	int rc = gate_file_load(g, a->gate);

	if (rc)
		return rc == ERR_NOTFOUND ? ERR_USAGE : rc;
	for (size_t i = 0; i < g->nunits; i++)
		if (a->unit ? !strcmp(g->units[i].name, a->unit)
			    : g->nunits == 1)
			u = &g->units[i];
	if (!u && a->unit)
		return err_set(ERR_USAGE, "%s: no unit named '%s'", a->gate,
			       a->unit);
	if (!u)
		return err_set(ERR_USAGE, "%s: %zu units: name one with --unit",
			       a->gate, g->nunits);
	if (u->ntbs > ARG_LIST_MAX)
		return err_set(ERR_USAGE, "too many testbenches");
	gate_unit_repair_opts(o, b, tbs, tops, u);
	o->out_dir = out_dir;
	if (a->files.n) { /* DESIGN... replace the unit's sources */
		o->files = a->files.v;
		o->nfiles = a->files.n;
	}
	return 0;
}

static int report(const struct agent_repair_result *r, const char *dir)
{
	if (r->already) {
		printf("already passing: nothing to fix\n");
		return EXIT_PASS;
	}
	if (r->passed) {
		printf("fixed %s/fix.patch (%zu lines touched, round %d)\n", dir,
		       r->touched, r->rounds);
		return EXIT_PASS;
	}
	fprintf(stderr,
		"hwforge: %s in %d round%s (best: %s); see %s/report.json\n",
		r->undecided ? "could not decide" : "not fixed", r->rounds,
		r->rounds == 1 ? "" : "s", r->class ? r->class : "none", dir);
	return r->undecided ? EXIT_ENV : EXIT_NO;
}

int cmd_repair(int argc, char **argv, const struct cfg *cfg)
{
	static const struct agent_repair_opts init = AGENT_REPAIR_OPTS_INIT;
	struct repair_args a = { .o = init };
	struct agent_repair_result res;
	struct gate_file g = { 0 };
	struct agent_budget b;
	const char *tbs[ARG_LIST_MAX + 1] = { 0 };
	const char *tops[ARG_LIST_MAX + 1] = { 0 };
	int c, rc;

	rc = llm_args_getopt(&a.l, cfg, argc, argv, own_opts, parse_one, &a);
	if (!rc)
		rc = arg_list_add_designs(&a.files, argc, argv, "repair");
	if (!rc && !a.gate && !a.files.n)
		rc = cmd_usage_error("repair", "need DESIGN files (or --gate)");
	if (!rc && a.gate && (a.refs.n || a.tbs.n || a.props.n))
		rc = cmd_usage_error("repair", "--gate takes the checks from "
					       "the unit: no --ref/--tb/--props");
	if (rc) {
		llm_args_release(&a.l);
		return rc < 0 ? EXIT_PASS : rc;
	}
	LLM_ARGS_TO_CANDIDATE_LOOP(&a.o, &a.l, cfg);
	if (!a.o.out_dir)
		a.o.out_dir = "hwforge-repair";
	if (llm_args_progress(&a.l, cfg))
		a.o.on_progress = on_progress;
	a.o.files = a.files.v;
	a.o.nfiles = a.files.n;
	a.o.refs = a.refs.v;
	a.o.nrefs = a.refs.n;
	a.o.tbs = a.tbs.v;
	a.o.ntbs = a.tbs.n;
	a.o.props = a.props.v;
	a.o.nprops = a.props.n;
	a.o.defines = a.defines.n ? a.defines.v : NULL;
	if (a.gate) {
		rc = from_gate(&a, &g, &b, tbs, tops);
		if (rc) {
			gate_file_release(&g);
			llm_args_release(&a.l);
			return cmd_fail(rc);
		}
	}
	rc = agent_repair(&res, &a.o);
	if (rc)
		c = cmd_fail(rc);
	else
		c = report(&res, a.o.out_dir);
	agent_repair_result_release(&res);
	if (a.gate)
		gate_file_release(&g);
	llm_args_release(&a.l);
	return c;
}
