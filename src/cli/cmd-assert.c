#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "cli/cmd.h"
#include "cli/llm-args.h"

/*
 * `hwforge assert DESIGN... --top T`: assertions from an LLM endpoint,
 * judged one by one by the formal stages, fed back until they hold, and
 * scored by the mutants they kill (agent/assert.c).  With --judge PROPS,
 * no model: the set is judged as it is (cmd-assert-judge.c).
 */

static const char usage_text[] =
	"usage: hwforge assert DESIGN... --top T [--spec FILE] [-o DIR] "
	"[options]\n"
	"       hwforge assert --judge PROPS DESIGN... --top T [options]\n"
	"\n"
	"Ask an LLM endpoint for SystemVerilog assertions on module T, judge\n"
	"every assertion separately (proved by k-induction, bounded: no\n"
	"violation within the depth, fails with a counterexample, vacuous:\n"
	"its antecedent is never true, invalid: outside the subset or a\n"
	"signal T does not have), send the ones that do not hold back with\n"
	"their trace or reason, and ask again until the set holds or the\n"
	"rounds or the token budget end.  The assertions that hold go to\n"
	"DIR/props.sva, which 'hwforge check --props' and gate files read;\n"
	"they are scored by the mutants of T they kill (mutants proven\n"
	"equivalent are discarded).  Also DIR/report.json (each assertion's\n"
	"verdict, the mutation score, the surviving mutants), DIR/mutants/,\n"
	"DIR/mutants.json, DIR/rounds/N.sva and DIR/transcript.jsonl.\n"
	"With --judge PROPS no model is asked: see 'hwforge assert --judge\n"
	"x --help'.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR      output directory (hwforge-assert)\n"
	"  --top NAME            the module the assertions are for (required)\n"
	"  --spec FILE           the design's specification, shown to the "
	"model\n"
	"  --depth N             BMC and induction depth (20)\n"
	"  --mutants N|all|none  score by a sample of N mutants (50), all, or\n"
	"                        not at all\n"
	"  --ops LIST            mutation operators: operator,const,bit-index,\n"
	"                        invert-cond,stuck-at,drop-assign (all)\n"
	"  --define NAME[=VAL]   preprocessor define (repeatable)\n"
	LLM_ARGS_HELP_ENDPOINT
	"  --rounds R            requests at most, one set each (4)\n"
	"  --budget-tokens B     stop once B tokens were used (unlimited)\n"
	"  --max-tokens N        completion limit per reply (not sent if unset)\n"
	"  --temperature T       sampling temperature (0.8)\n"
	"  --seed N              first sampling seed, and the mutant sample's\n"
	"                        (1)\n"
	LLM_ARGS_HELP_CACHE
	"  --templates DIR       prompt templates (DIR/assert/system.txt,\n"
	"                        initial.txt, repair.txt, rules.txt)\n"
	LLM_ARGS_HELP_RETRY
	"  --cost-table FILE     $ per 1M tokens per model, for report.json\n"
	"  --[no-]progress       a line per round on stderr\n"
	"  -h, --help            this text\n"
	"\n"
	LLM_ARGS_HELP_KEY "  A re-run replays the response cache.\n"
	"\n"
	"Exit codes:\n"
	"  0    a set was accepted: every assertion holds, none vacuous\n"
	"  1    no such set within the rounds or the token budget (props.sva\n"
	"       still holds the assertions that hold)\n"
	"  2    usage error or bad input\n"
	"  3    could not decide: tool missing, only inconclusive assertions\n"
	"       left, API or network failure, --offline cache miss\n"
	"  130  interrupted (report.json is still written)\n";

enum { O_TOP = 256, O_SPEC, O_DEPTH, O_MUTANTS, O_OPS, O_DEFINE };

static const struct option own_opts[] = {
	{ "top", required_argument, NULL, O_TOP },
	{ "spec", required_argument, NULL, O_SPEC },
	{ "depth", required_argument, NULL, O_DEPTH },
	{ "mutants", required_argument, NULL, O_MUTANTS },
	{ "ops", required_argument, NULL, O_OPS },
	{ "define", required_argument, NULL, O_DEFINE },
	{ NULL, 0, NULL, 0 },
};

struct assert_args {
	struct llm_args l;
	struct agent_assert_opts o;
	struct arg_list files, defines;
};

static int parse_one(void *p, int c, const char *arg, const char *name)
{
	struct assert_args *a = p;
	long v;

	switch (c) {
	case 'h':
		fputs(usage_text, stdout);
		return -1;
	case O_TOP:
		a->o.top = arg;
		return 0;
	case O_SPEC:
		a->o.spec_path = arg;
		return 0;
	case O_DEPTH:
		if (cfg_parse_long(arg, "--depth", 1, 200, &v))
			return cmd_usage_error("assert", "%s", err_last());
		a->o.depth = (int)v;
		return 0;
	case O_MUTANTS:
		if (!strcmp(arg, "all"))
			a->o.mutants = 0;
		else if (!strcmp(arg, "none"))
			a->o.mutants = -1;
		else if (cfg_parse_long(arg, "--mutants", 1, 100000, &v))
			return cmd_usage_error("assert", "%s", err_last());
		else
			a->o.mutants = v;
		return 0;
	case O_OPS:
		a->o.ops = arg;
		return 0;
	case O_DEFINE:
		return arg_list_add(&a->defines, arg, "--define", "assert");
	}
	/* one set a round: the assertions are judged one by one already */
	if (name && (!strcmp(name, "candidates") || !strcmp(name, "jobs") ||
		     !strcmp(name, "concurrency")))
		return cmd_usage_error("assert",
				       "--%s: hwforge assert asks "
				       "for one set a round",
				       name);
	c = llm_args_parse(&a->l, c, arg, "assert");
	return c == 1 ? cmd_usage_error("assert", "unknown option") : c;
}

static void on_progress(const struct agent_progress *p, void *payload)
{
	size_t held = 0;

	(void)payload;
	for (int i = 0; i < p->k; i++)
		held += !strcmp(p->states[i], "proved") ||
			!strcmp(p->states[i], "bounded");
	fprintf(stderr,
		"hwforge: round %d/%d: %zu of %d assertions hold;"
		" %ld tokens\n",
		p->round, p->rounds, held, p->k, p->tokens);
}

static int report(const struct agent_assert_result *r, const char *dir)
{
	if (r->final_round) {
		printf("%s/props.sva: %zu assertions hold (%zu proved, %zu "
		       "bounded), round %d of %d\n",
		       dir, r->holding, r->proved, r->bounded, r->final_round,
		       r->rounds);
		if (r->fails || r->vacuous || r->invalid || r->unknown)
			printf("left out: %zu fail, %zu vacuous, %zu invalid, "
			       "%zu unknown\n",
			       r->fails, r->vacuous, r->invalid, r->unknown);
	}
	if (r->scored)
		printf("mutation score: %zu/%zu killed (%zu equivalent, %zu "
		       "stillborn discarded); survivors in %s/report.json\n",
		       r->killed, r->nonequiv, r->equivalent, r->stillborn,
		       dir);
	if (r->accepted)
		return EXIT_PASS;
	fprintf(stderr, "hwforge: %s in %d round%s (%s); see %s/report.json\n",
		r->undecided ? "could not decide" : "no set that holds",
		r->rounds, r->rounds == 1 ? "" : "s", r->stopped, dir);
	return r->undecided ? EXIT_ENV : EXIT_NO;
}

static bool has_judge(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			return false;
		if (!strcmp(argv[i], "--judge") ||
		    !strncmp(argv[i], "--judge=", 8))
			return true;
	}
	return false;
}

int cmd_assert(int argc, char **argv, const struct cfg *cfg)
{
	static const struct agent_assert_opts init = AGENT_ASSERT_OPTS_INIT;
	struct assert_args a = { .o = init };
	struct agent_assert_result res;
	int c, rc;

	if (has_judge(argc, argv))
		return cmd_assert_judge(argc, argv, cfg);
	rc = llm_args_getopt(&a.l, cfg, argc, argv, own_opts, parse_one, &a);
	if (!rc)
		rc = arg_list_add_designs(&a.files, argc, argv, "assert");
	if (!rc && !a.files.n)
		rc = cmd_usage_error("assert", "need DESIGN files");
	if (!rc && !a.o.top)
		rc = cmd_usage_error("assert", "--top NAME is required");
	if (rc) {
		llm_args_release(&a.l);
		return rc < 0 ? EXIT_PASS : rc;
	}
	LLM_ARGS_TO_LOOP(&a.o, &a.l, cfg);
	a.o.llm.concurrency = 1;
	if (!a.o.out_dir)
		a.o.out_dir = "hwforge-assert";
	if (llm_args_progress(&a.l, cfg))
		a.o.on_progress = on_progress;
	a.o.files = a.files.v;
	a.o.nfiles = a.files.n;
	a.o.defines = a.defines.n ? a.defines.v : NULL;
	rc = agent_assert(&res, &a.o);
	if (rc == ERR_INTR) {
		fprintf(stderr,
			"hwforge: interrupted; %s/report.json has the "
			"rounds so far\n",
			a.o.out_dir);
		c = EXIT_INTR;
	} else if (rc) {
		c = cmd_fail(rc);
	} else {
		c = report(&res, a.o.out_dir);
	}
	llm_args_release(&a.l);
	return c;
}
