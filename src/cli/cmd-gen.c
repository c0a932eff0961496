#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "agent/agent.h"
#include "cli/cmd.h"
#include "cli/llm-args.h"

#define MAX_REFS 16

static const char usage_text[] =
	"usage: hwforge gen SPEC -o DIR [options]\n"
	"\n"
	"Ask an LLM endpoint for Verilog that implements SPEC, check every\n"
	"candidate with real tools, feed the failures back, and keep the\n"
	"best candidate.  Writes DIR/final.v, DIR/report.json,\n"
	"DIR/transcript.jsonl and DIR/candidates/.\n"
	"\n"
	"Options:\n"
	"  -o, --output DIR      output directory (required)\n"
	"  --top NAME            module to generate (default: from the spec)\n"
	"  --ref FILE            reference design for differential simulation\n"
	"                        and equivalence (repeatable)\n"
	"  --tb FILE             self-checking testbench\n"
	"  --tb-attempts N       without --ref/--tb: requests for the model's\n"
	"                        own testbench, each checked against stuck\n"
	"                        designs first (3; 0: cross-check only)\n"
	LLM_ARGS_HELP_ENDPOINT
	"  --candidates K        candidates per round (3)\n"
	"  --rounds R            rounds at most (4)\n"
	"  --max-tokens N        completion limit per reply (not sent if unset)\n"
	"  --temperature T       sampling temperature (0.8)\n"
	"  --budget-tokens B     stop once B tokens were used (unlimited)\n"
	"  --seed N              first sampling seed (1)\n"
	LLM_ARGS_HELP_CACHE
	"  --templates DIR       prompt templates (system.txt, initial.txt,\n"
	"                        repair.txt, rules.txt, examples.txt)\n"
	"  --concurrency N       requests in flight (4)\n"
	"  --jobs N              candidates checked in parallel (HWFORGE_JOBS)\n"
	LLM_ARGS_HELP_RETRY
	"  --cost-table FILE     {\"model\": {\"input\": $/1M, \"output\": $/1M}}\n"
	"  --[no-]progress       progress on stderr (default: on a TTY)\n"
	"  -h, --help            this text\n"
	"\n"
	LLM_ARGS_HELP_KEY "\n"
	"\n"
	"Exit codes:\n"
	"  0    final.v passed every check that was asked for\n"
	"  1    no candidate passed (final.v is the best one, if any)\n"
	"  2    usage error or bad input (spec, reference, options)\n"
	"  3    could not decide: tool missing, API or network failure,\n"
	"       --offline cache miss\n"
	"  130  interrupted\n";

enum { OPT_TOP = 256, OPT_REF, OPT_TB, OPT_TBATT };

static const struct option own_opts[] = {
	{ "top", required_argument, NULL, OPT_TOP },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "tb", required_argument, NULL, OPT_TB },
	{ "tb-attempts", required_argument, NULL, OPT_TBATT },
	{ NULL, 0, NULL, 0 },
};

struct prog {
	bool tty;
	bool drawn;
	long long last_ms; /* last redraw: at most one per 60 ms */
};

/* Progress on stderr: one redrawn line on a TTY, plain lines otherwise. */
static void on_progress(const struct agent_progress *p, void *payload)
{
	struct prog *pg = payload;
	struct buf b = BUF_INIT;
	bool done = !strcmp(p->phase, "done");

	if (!pg->tty && !done)
		return;
	if (pg->tty && !done && mono_ms() - pg->last_ms < 60)
		return;
	pg->last_ms = mono_ms();
	buf_addf(&b, "round %d/%d %s:", p->round, p->rounds, p->phase);
	for (int i = 0; i < p->k; i++)
		buf_addf(&b, " %s", p->states[i]);
	buf_addf(&b, "; %ld tokens", p->tokens);
	if (pg->tty) {
		fprintf(stderr, "\r\033[K%s", b.data);
		pg->drawn = true;
		if (done) {
			fputc('\n', stderr);
			pg->drawn = false;
		}
	} else {
		fprintf(stderr, "hwforge: %s\n", b.data);
	}
	fflush(stderr);
	buf_release(&b);
}

/* 0: none, 1: a plain line per round (CI, pipes), 2: a redrawn line. */
static int want_progress(const struct cfg *cfg, int flag)
{
	const char *ci = getenv("CI");
	bool tty = isatty(STDERR_FILENO) && !(ci && *ci) &&
		   tcgetpgrp(STDERR_FILENO) == getpgrp();

	if (flag < 0)
		flag = cfg->progress;
	if (flag == 0 || log_level == LOG_QUIET)
		return 0;
	return tty ? 2 : 1;
}

struct gen_args {
	struct llm_args l;
	struct agent_gen_opts o;
	const char *refs[MAX_REFS];
};

/* One option; 0, or the exit code to return (-1: help printed). */
static int parse_one(void *p, int c, const char *arg, const char *name)
{
	struct gen_args *a = p;
	struct agent_gen_opts *o = &a->o;
	long v;

	(void)name;
	switch (c) {
	case 'h':
		fputs(usage_text, stdout);
		return -1;
	case OPT_TOP:
		o->top = arg;
		return 0;
	case OPT_REF:
		if (o->nrefs == MAX_REFS)
			return cmd_usage_error("gen", "too many --ref files");
		a->refs[o->nrefs++] = arg;
		return 0;
	case OPT_TB:
		o->tb = arg;
		return 0;
	case OPT_TBATT:
		if (cfg_parse_long(arg, "--tb-attempts", 0, 20, &v))
			return cmd_usage_error("gen", "%s", err_last());
		o->tb_attempts = v ? (int)v : -1;
		return 0;
	}
	c = llm_args_parse(&a->l, c, arg, "gen");
	return c == 1 ? cmd_usage_error("gen", "unknown option") : c;
}

static int report(const struct agent_gen_result *r, const char *dir)
{
	if (r->final_path)
		printf("%s %s\n", r->passed ? "pass" : "fail", r->final_path);
	else
		printf("fail (no code)\n");
	if (!r->passed)
		fprintf(stderr,
			"hwforge: no candidate passed in %d round%s "
			"(best: %s); see %s/report.json\n",
			r->rounds, r->rounds == 1 ? "" : "s",
			r->class ? r->class : "none", dir);
	return r->passed ? EXIT_PASS : EXIT_NO;
}

int cmd_gen(int argc, char **argv, const struct cfg *cfg)
{
	struct gen_args a = { .o = AGENT_GEN_OPTS_INIT };
	struct agent_gen_result res;
	struct prog pg = { false, false, 0 };
	int c, rc;

	rc = llm_args_getopt(&a.l, cfg, argc, argv, own_opts, parse_one, &a);
	if (!rc && (optind != argc - 1 || !a.l.out_dir))
		rc = cmd_usage_error("gen", "need one SPEC and -o DIR");
	if (rc) {
		llm_args_release(&a.l);
		return rc < 0 ? EXIT_PASS : rc;
	}
	LLM_ARGS_TO_CANDIDATE_LOOP(&a.o, &a.l, cfg);
	a.o.spec_path = argv[optind];
	a.o.refs = a.refs;
	c = want_progress(cfg, a.l.progress);
	pg.tty = c == 2;
	if (c) {
		a.o.on_progress = on_progress;
		a.o.progress_payload = &pg;
	}
	rc = agent_gen(&res, &a.o);
	if (pg.drawn)
		fputc('\n', stderr);
	llm_args_release(&a.l);
	if (rc) {
		agent_gen_result_release(&res);
		return cmd_fail(rc);
	}
	rc = report(&res, a.o.out_dir);
	agent_gen_result_release(&res);
	return rc;
}
