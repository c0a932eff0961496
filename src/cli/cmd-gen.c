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
	"  --endpoint URL        OpenAI-compatible base URL (HWFORGE_ENDPOINT)\n"
	"  --model M             model name (HWFORGE_MODEL)\n"
	"  --candidates K        candidates per round (3)\n"
	"  --rounds R            rounds at most (4)\n"
	"  --max-tokens N        completion limit per reply (not sent if unset)\n"
	"  --temperature T       sampling temperature (0.8)\n"
	"  --budget-tokens B     stop once B tokens were used (unlimited)\n"
	"  --seed N              first sampling seed (1)\n"
	"  --stream              ask for streamed (SSE) replies\n"
	"  --offline             never use the network: replay the cache only\n"
	"  --cache-dir DIR       response cache (HWFORGE_CACHE_DIR, default\n"
	"                        ~/.cache/hwforge/llm)\n"
	"  --no-cache            neither read nor write the cache\n"
	"  --templates DIR       prompt templates (system.txt, initial.txt,\n"
	"                        repair.txt, rules.txt, examples.txt)\n"
	"  --concurrency N       requests in flight (4)\n"
	"  --jobs N              candidates checked in parallel (HWFORGE_JOBS)\n"
	"  --retries N           retries per request on 429/5xx/network (4)\n"
	"  --backoff-ms N        first retry delay without Retry-After (1000)\n"
	"  --timeout S           limit per tool run, seconds (60)\n"
	"  --idle-timeout S      abort a reply silent for S seconds (60)\n"
	"  --request-timeout S   abort a request after S seconds in all (600)\n"
	"  --cost-table FILE     {\"model\": {\"input\": $/1M, \"output\": $/1M}}\n"
	"  --[no-]progress       progress on stderr (default: on a TTY)\n"
	"  -h, --help            this text\n"
	"\n"
	"The API key comes from HWFORGE_API_KEY or OPENAI_API_KEY and is never\n"
	"written to any file or log.\n"
	"\n"
	"Exit codes:\n"
	"  0    final.v passed every check that was asked for\n"
	"  1    no candidate passed (final.v is the best one, if any)\n"
	"  2    usage error or bad input (spec, reference, options)\n"
	"  3    could not decide: tool missing, API or network failure,\n"
	"       --offline cache miss\n"
	"  130  interrupted\n";

enum {
	OPT_TOP = 256,
	OPT_REF,
	OPT_TB,
	OPT_ENDPOINT,
	OPT_MODEL,
	OPT_CAND,
	OPT_ROUNDS,
	OPT_MAXTOK,
	OPT_TEMP,
	OPT_BUDGET,
	OPT_SEED,
	OPT_STREAM,
	OPT_OFFLINE,
	OPT_CACHE,
	OPT_NOCACHE,
	OPT_TEMPLATES,
	OPT_CONC,
	OPT_JOBS,
	OPT_RETRIES,
	OPT_BACKOFF,
	OPT_TIMEOUT,
	OPT_IDLE,
	OPT_REQTIME,
	OPT_COST,
	OPT_PROG,
	OPT_NOPROG,
	OPT_TBATT,
};

static const struct option long_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "ref", required_argument, NULL, OPT_REF },
	{ "tb", required_argument, NULL, OPT_TB },
	{ "tb-attempts", required_argument, NULL, OPT_TBATT },
	{ "endpoint", required_argument, NULL, OPT_ENDPOINT },
	{ "model", required_argument, NULL, OPT_MODEL },
	{ "candidates", required_argument, NULL, OPT_CAND },
	{ "rounds", required_argument, NULL, OPT_ROUNDS },
	{ "max-tokens", required_argument, NULL, OPT_MAXTOK },
	{ "temperature", required_argument, NULL, OPT_TEMP },
	{ "budget-tokens", required_argument, NULL, OPT_BUDGET },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "stream", no_argument, NULL, OPT_STREAM },
	{ "offline", no_argument, NULL, OPT_OFFLINE },
	{ "cache-dir", required_argument, NULL, OPT_CACHE },
	{ "no-cache", no_argument, NULL, OPT_NOCACHE },
	{ "templates", required_argument, NULL, OPT_TEMPLATES },
	{ "concurrency", required_argument, NULL, OPT_CONC },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "retries", required_argument, NULL, OPT_RETRIES },
	{ "backoff-ms", required_argument, NULL, OPT_BACKOFF },
	{ "timeout", required_argument, NULL, OPT_TIMEOUT },
	{ "idle-timeout", required_argument, NULL, OPT_IDLE },
	{ "request-timeout", required_argument, NULL, OPT_REQTIME },
	{ "cost-table", required_argument, NULL, OPT_COST },
	{ "progress", no_argument, NULL, OPT_PROG },
	{ "no-progress", no_argument, NULL, OPT_NOPROG },
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
	struct agent_gen_opts o;
	const char *refs[MAX_REFS];
	bool no_cache;
	int progress;
	char *default_cache;
};

static const struct num_opt {
	int id;
	const char *name;
	long min, max;
} num_opts[] = {
	{ OPT_CAND, "--candidates", 1, 32 },
	{ OPT_ROUNDS, "--rounds", 1, 100 },
	{ OPT_MAXTOK, "--max-tokens", 1, 10000000 },
	{ OPT_BUDGET, "--budget-tokens", 1, 1L << 40 },
	{ OPT_SEED, "--seed", 0, 1L << 31 },
	{ OPT_CONC, "--concurrency", 1, 64 },
	{ OPT_JOBS, "--jobs", 0, 1024 },
	{ OPT_RETRIES, "--retries", 0, 100 },
	{ OPT_BACKOFF, "--backoff-ms", 1, 600000 },
	{ OPT_TIMEOUT, "--timeout", 1, 86400 },
	{ OPT_TBATT, "--tb-attempts", 0, 20 },
	{ OPT_IDLE, "--idle-timeout", 1, 86400 },
	{ OPT_REQTIME, "--request-timeout", 1, 86400 },
};

static void set_number(struct agent_gen_opts *o, int id, long v)
{
	switch (id) {
	case OPT_CAND:
		o->candidates = (int)v;
		break;
	case OPT_TBATT:
		o->tb_attempts = v ? (int)v : -1;
		break;
	case OPT_ROUNDS:
		o->rounds = (int)v;
		break;
	case OPT_MAXTOK:
		o->llm.max_tokens = (int)v;
		break;
	case OPT_BUDGET:
		o->budget_tokens = v;
		break;
	case OPT_SEED:
		o->seed = (unsigned long)v;
		break;
	case OPT_CONC:
		o->llm.concurrency = (int)v;
		break;
	case OPT_JOBS:
		o->jobs = (int)v;
		break;
	case OPT_RETRIES:
		o->llm.max_retries = (int)v;
		break;
	case OPT_BACKOFF:
		o->llm.backoff_ms = (int)v;
		break;
	case OPT_TIMEOUT:
		o->tool_timeout_s = (int)v;
		break;
	case OPT_IDLE:
		o->llm.idle_timeout_s = (int)v;
		break;
	case OPT_REQTIME:
		o->llm.request_timeout_s = (int)v;
		break;
	}
}

/* A numeric option; 0, or the exit code to return. */
static int parse_number(struct gen_args *a, int c, const char *arg)
{
	for (size_t i = 0; i < sizeof(num_opts) / sizeof(*num_opts); i++) {
		long v;

		if (num_opts[i].id != c)
			continue;
		if (cfg_parse_long(arg, num_opts[i].name, num_opts[i].min,
				   num_opts[i].max, &v))
			return cmd_usage_error("gen", "%s", err_last());
		set_number(&a->o, c, v);
		return 0;
	}
	return cmd_usage_error("gen", "unknown option");
}

/* One option; 0, or the exit code to return. */
static int parse_one(struct gen_args *a, int c, const char *arg)
{
	struct agent_gen_opts *o = &a->o;
	double d;

	switch (c) {
	case 'o':
		o->out_dir = arg;
		return 0;
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
	case OPT_ENDPOINT:
		o->llm.endpoint = arg;
		return 0;
	case OPT_MODEL:
		o->llm.model = arg;
		return 0;
	case OPT_STREAM:
		o->llm.stream = true;
		return 0;
	case OPT_OFFLINE:
		o->llm.offline = true;
		return 0;
	case OPT_CACHE:
		o->llm.cache_dir = arg;
		return 0;
	case OPT_NOCACHE:
		a->no_cache = true;
		return 0;
	case OPT_TEMPLATES:
		o->templates_dir = arg;
		return 0;
	case OPT_COST:
		o->llm.cost_table = arg;
		return 0;
	case OPT_PROG:
		a->progress = 1;
		return 0;
	case OPT_NOPROG:
		a->progress = 0;
		return 0;
	case OPT_TEMP:
		if (cfg_parse_double(arg, "--temperature", 0, 2, &d))
			return cmd_usage_error("gen", "%s", err_last());
		o->llm.temperature = d;
		return 0;
	}
	return parse_number(a, c, arg);
}

static void defaults(struct gen_args *a, const struct cfg *cfg)
{
	struct agent_gen_opts *o = &a->o;
	struct buf b = BUF_INIT;
	char *base;

	o->llm.endpoint = cfg->endpoint;
	o->llm.model = cfg->model;
	o->llm.api_key = cfg->api_key;
	o->llm.cache_dir = cfg->cache_dir;
	o->llm.temperature = 0.8;
	o->jobs = cfg->jobs;
	o->sandbox = cfg->sandbox;
	o->keep_tmp = cfg->keep_tmp;
	/* HWFORGE_CACHE_DIR is the LLM cache itself (as it always was for
	 * gen); the default is the "llm" folder of the shared cache dir */
	base = cfg->cache_dir ? NULL : cfg_cache_dir(cfg);
	if (base && !buf_addf(&b, "%s/llm", base))
		a->default_cache = buf_detach(&b, NULL);
	buf_release(&b);
	free(base);
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
	struct gen_args a = { .o = AGENT_GEN_OPTS_INIT, .progress = -1 };
	struct agent_gen_result res;
	struct prog pg = { false, false, 0 };
	int c, rc;

	defaults(&a, cfg);
	while ((c = getopt_long(argc, argv, "ho:", long_opts, NULL)) != -1) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			free(a.default_cache);
			return EXIT_PASS;
		}
		rc = c == '?' ? EXIT_USAGE : parse_one(&a, c, optarg);
		if (rc) {
			free(a.default_cache);
			return rc;
		}
	}
	if (optind != argc - 1 || !a.o.out_dir) {
		free(a.default_cache);
		return cmd_usage_error("gen", "need one SPEC and -o DIR");
	}
	a.o.spec_path = argv[optind];
	a.o.refs = a.refs;
	if (!a.o.llm.cache_dir)
		a.o.llm.cache_dir = a.default_cache;
	if (a.no_cache)
		a.o.llm.cache_dir = NULL;
	c = want_progress(cfg, a.progress);
	pg.tty = c == 2;
	if (c) {
		a.o.on_progress = on_progress;
		a.o.progress_payload = &pg;
	}
	rc = agent_gen(&res, &a.o);
	if (pg.drawn)
		fputc('\n', stderr);
	free(a.default_cache);
	if (rc) {
		agent_gen_result_release(&res);
		return cmd_fail(rc);
	}
	rc = report(&res, a.o.out_dir);
	agent_gen_result_release(&res);
	return rc;
}
