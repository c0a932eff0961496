#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "agent/agent.h"
#include "bench/bench.h"
#include "cli/cmd.h"

/* hwforge bench: score samples on a task suite. */

#define BENCH_MAX_K 32

static void bench_help(FILE *f)
{
	fprintf(f,
		"usage: hwforge bench [options] SUITE\n\n"
		"Score saved samples on a task suite: VerilogEval v2\n"
		"(spec-to-rtl or code-complete-iccad2023), RTLLM or the native\n"
		"format.  Every reference is self-tested first; tasks whose\n"
		"reference fails are reported as broken and not scored.\n"
		"A repair suite (task.json \"kind\": \"repair\", or the\n"
		"\"buggy\" tasks of mine --to-suite) scores saved patches by\n"
		"the held-out check against the hidden fix and lines touched.\n"
		"An assertion suite (task.json \"kind\": \"assert\") rates\n"
		"assertion sets (--model asks for them on each design): the\n"
		"share proved, holding and vacuous, and the mutation score.\n\n"
		"Options:\n"
		"  --samples FILE     samples JSONL (task, sample, code|response)\n"
		"  --refs             submit each task's reference as sample 0\n"
		"                     (the default when --samples is not given)\n"
		"  --out DIR          output directory (default: bench-out)\n"
		"  --jobs N           parallel samples (default: HWFORGE_JOBS or\n"
		"                     one per core)\n"
		"  -k LIST            pass@k values, comma separated (1,5,10)\n"
		"  --timeout S        simulation limit per sample, seconds (30)\n"
		"  --resume           continue a killed run in DIR\n"
		"  --shard K/N        score only shard K of N (by task)\n"
		"  --shard-count N    N for JOB_COMPLETION_INDEX (Kubernetes)\n"
		"  --ppa, --no-ppa    Yosys statistics of passing samples (default:\n"
		"                     on for native suites only; see the manual)\n"
		"  --allow-unscored   exit 0 even if some samples could not be\n"
		"                     scored (broken or unknown task)\n"
		"  --model M          generate the samples with model M first\n"
		"                     (HWFORGE_MODEL), into --samples FILE or\n"
		"                     DIR/samples.jsonl; resumable and cached\n"
		"  --endpoint URL     OpenAI-compatible base URL (HWFORGE_ENDPOINT)\n"
		"  -n N               samples per task with --model (1)\n"
		"  --temperature T    sampling temperature (0.8)\n"
		"  --max-tokens N     reply limit per sample\n"
		"  --seed S           sample i of a task uses seed S + i (1)\n"
		"  --offline          replay cached replies only\n"
		"  --loop             with --model: run gen's oracle-free loop per\n"
		"                     task (the spec only: the suite's testbench\n"
		"                     and reference are never shown or used), then\n"
		"                     score its first attempt and its final design\n"
		"                     with the held-out harness, side by side\n"
		"  --rounds R         loop rounds at most (4)\n"
		"  --candidates K     loop candidates per round (1)\n"
		"  --progress, --no-progress\n"
		"                     progress bar (default: on a TTY without CI)\n"
		"  -h, --help         this text\n\n"
		"Writes DIR/results.jsonl (one line per sample, appended as it\n"
		"finishes), DIR/selftest.json, DIR/summary.json, DIR/report.html.\n"
		"Shards also come from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT\n"
		"or JOB_COMPLETION_INDEX with --shard-count or\n"
		"JOB_COMPLETION_COUNT; combine them with 'hwforge merge'.\n\n"
		"Exit codes:\n"
		"  0    every sample was scored (see the summary for the score)\n"
		"  2    usage error or bad input (no such suite, bad flag,\n"
		"       results of another suite in DIR)\n"
		"  3    could not decide: samples of broken or unknown tasks\n"
		"       were not scored (named on stderr; see --allow-unscored),\n"
		"       or a tool is missing, I/O\n"
		"  130  interrupted (continue with --resume)\n");
}

struct progress {
	bool bar;
	long last_ms;
};

static void on_event(const struct bench_event *ev, void *payload)
{
	struct progress *p = payload;
	struct buf line = BUF_INIT, esc = BUF_INIT;
	long t = mono_ms();

	if (ev->message)
		buf_add_escaped(
			&esc, ev->message,
			strlen(ev->message) > 200 ? 200 : strlen(ev->message));
	if (ev->sample < 0) {
		buf_addf(&line, "%s %s: %s%s%s\n", ev->verdict, ev->task,
			 ev->class ? ev->class : "", ev->class ? ": " : "",
			 esc.data);
		if (p->bar)
			fputs("\r\033[K", stderr);
		fputs(line.data, stderr);
	} else if (p->bar) {
		if (t - p->last_ms >= 60 || ev->done == ev->total) {
			size_t w = ev->total ? 30 * ev->done / ev->total : 30;

			fprintf(stderr, "\r[%-30.*s] %zu/%zu", (int)w,
				"##############################", ev->done,
				ev->total);
			if (ev->done == ev->total)
				fputc('\n', stderr);
			p->last_ms = t;
		}
	} else if (log_level >= LOG_NORMAL) {
		fprintf(stderr, "[%zu/%zu] %s #%ld: %s%s%s\n", ev->done,
			ev->total, ev->task, ev->sample, ev->verdict,
			ev->class ? " " : "", ev->class ? ev->class : "");
	}
	fflush(stderr);
	buf_release(&line);
	buf_release(&esc);
}

static int parse_ks(const char *s, long *ks, size_t *n)
{
	*n = 0;
	while (*s) {
		char tmp[24];
		size_t len = strcspn(s, ",");

		if (*n == BENCH_MAX_K || len == 0 || len >= sizeof(tmp))
			return cmd_usage_error("bench", "-k: bad list");
		memcpy(tmp, s, len);
		tmp[len] = '\0';
		if (cfg_parse_long(tmp, "-k", 1, 100000, &ks[*n]))
			return cmd_usage_error("bench", "%s", err_last());
		(*n)++;
		s += len;
		if (*s == ',')
			s++;
	}
	return *n ? 0 : cmd_usage_error("bench", "-k: empty list");
}

enum {
	OPT_SAMPLES = 256,
	OPT_REFS,
	OPT_OUT,
	OPT_JOBS,
	OPT_TIMEOUT,
	OPT_RESUME,
	OPT_SHARD,
	OPT_SHARD_COUNT,
	OPT_NO_PPA,
	OPT_PPA,
	OPT_ALLOW_UNSCORED,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_MODEL,
	OPT_ENDPOINT,
	OPT_TEMPERATURE,
	OPT_MAX_TOKENS,
	OPT_SEED,
	OPT_OFFLINE,
	OPT_LOOP,
	OPT_ROUNDS,
	OPT_CANDIDATES,
};

struct bench_args {
	struct bench_opts o;
	long ks[BENCH_MAX_K];
	struct cmd_shard shard;
	int progress;
	int ppa; /* -1: by the suite */
	bool allow_unscored;
	bool use_model;
	struct agent_samples_opts gen;
	bool loop; /* --loop: gen's oracle-free loop per task */
	int rounds, candidates;
};

static int parse(int argc, char **argv, struct bench_args *a,
		 const struct cfg *cfg)
{
	static const struct option opts[] = {
		{ "samples", required_argument, NULL, OPT_SAMPLES },
		{ "refs", no_argument, NULL, OPT_REFS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "shard-count", required_argument, NULL, OPT_SHARD_COUNT },
		{ "no-ppa", no_argument, NULL, OPT_NO_PPA },
		{ "ppa", no_argument, NULL, OPT_PPA },
		{ "allow-unscored", no_argument, NULL, OPT_ALLOW_UNSCORED },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "model", required_argument, NULL, OPT_MODEL },
		{ "endpoint", required_argument, NULL, OPT_ENDPOINT },
		{ "temperature", required_argument, NULL, OPT_TEMPERATURE },
		{ "max-tokens", required_argument, NULL, OPT_MAX_TOKENS },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "offline", no_argument, NULL, OPT_OFFLINE },
		{ "loop", no_argument, NULL, OPT_LOOP },
		{ "rounds", required_argument, NULL, OPT_ROUNDS },
		{ "candidates", required_argument, NULL, OPT_CANDIDATES },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	double d;
	long v;
	int c, rc = 0;

	a->o.jobs = cfg->jobs;
	a->o.sandbox = cfg->sandbox;
	a->o.keep_tmp = cfg->keep_tmp;
	a->progress = cfg->progress;
	a->gen.llm.endpoint = cfg->endpoint;
	a->gen.llm.api_key = cfg->api_key;
	a->gen.llm.temperature = 0.8;
	while (!rc &&
	       (c = getopt_long(argc, argv, "hk:n:", opts, NULL)) != -1) {
		switch (c) {
		case OPT_MODEL:
			a->gen.llm.model = optarg;
			a->use_model = true;
			break;
		case OPT_ENDPOINT:
			a->gen.llm.endpoint = optarg;
			break;
		case 'n':
			if (cfg_parse_long(optarg, "-n", 1, 100000, &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->gen.n = (int)v;
			break;
		case OPT_TEMPERATURE:
			if (cfg_parse_double(optarg, "--temperature", 0, 2, &d))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->gen.llm.temperature = d;
			break;
		case OPT_MAX_TOKENS:
			if (cfg_parse_long(optarg, "--max-tokens", 1, 1000000,
					   &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->gen.llm.max_tokens = (int)v;
			break;
		case OPT_SEED:
			if (cfg_parse_long(optarg, "--seed", 0, 2147483647L,
					   &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->gen.seed = (unsigned long)v;
			break;
		case OPT_OFFLINE:
			a->gen.llm.offline = true;
			break;
		case OPT_LOOP:
			a->loop = true;
			break;
		case OPT_ROUNDS:
		case OPT_CANDIDATES:
			if (cfg_parse_long(optarg,
					   c == OPT_ROUNDS ? "--rounds"
							   : "--candidates",
					   1, c == OPT_ROUNDS ? 100 : 32, &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			*(c == OPT_ROUNDS ? &a->rounds : &a->candidates) =
				(int)v;
			break;
		case 'h':
			bench_help(stdout);
			return 1;
		case 'k':
			rc = parse_ks(optarg, a->ks, &a->o.nks);
			a->o.ks = a->ks;
			break;
		case OPT_SAMPLES:
			a->o.samples = optarg;
			break;
		case OPT_REFS:
			a->o.refs_as_samples = true;
			break;
		case OPT_OUT:
			a->o.out_dir = optarg;
			break;
		case OPT_JOBS:
			if (cfg_parse_long(optarg, "--jobs", 0, 1024, &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->o.jobs = (int)v;
			break;
		case OPT_TIMEOUT:
			if (cfg_parse_long(optarg, "--timeout", 1, 86400, &v))
				return cmd_usage_error("bench", "%s",
						       err_last());
			a->o.timeout_s = (int)v;
			break;
		case OPT_RESUME:
			a->o.resume = true;
			break;
		case OPT_SHARD:
		case OPT_SHARD_COUNT:
			rc = cmd_shard_opt(&a->shard, c == OPT_SHARD_COUNT,
					   optarg, "bench");
			break;
		case OPT_NO_PPA:
			a->ppa = 0;
			break;
		case OPT_PPA:
			a->ppa = 1;
			break;
		case OPT_ALLOW_UNSCORED:
			a->allow_unscored = true;
			break;
		case OPT_PROGRESS:
			a->progress = 1;
			break;
		case OPT_NO_PROGRESS:
			a->progress = 0;
			break;
		default:
			return cmd_usage_error("bench", "unknown option");
		}
	}
	if (rc)
		return rc;
	if (optind + 1 != argc)
		return cmd_usage_error("bench", "give exactly one SUITE");
	if (a->o.samples && a->o.refs_as_samples)
		return cmd_usage_error(
			"bench", "--samples and --refs exclude each other");
	if (a->use_model && a->o.refs_as_samples)
		return cmd_usage_error("bench",
				       "--model and --refs exclude each other");
	if (a->use_model && !a->gen.llm.endpoint)
		return cmd_usage_error("bench", "--model needs --endpoint "
						"(or HWFORGE_ENDPOINT)");
	if (a->loop && (!a->use_model || a->o.samples))
		return cmd_usage_error("bench", "--loop needs --model and "
						"no --samples");
	a->o.suite = argv[optind];
	if (!a->o.samples && !a->use_model)
		a->o.refs_as_samples = true;
	if (!a->o.out_dir)
		a->o.out_dir = "bench-out";
	return cmd_shard_finish(&a->shard, &a->o.shard_k, &a->o.shard_n,
				"bench");
}

int cmd_bench_samples(const struct bench_opts *o,
		      struct agent_samples_opts *g, const char *cache,
		      const struct agent_task *tasks, size_t n,
		      struct buf *path)
{
	struct agent_samples_stats st;
	struct buf llm_cache = BUF_INIT;
	int rc = o->samples ? buf_addstr(path, o->samples)
			    : buf_addf(path, "%s/samples.jsonl", o->out_dir);

	if (!rc && cache)
		rc = buf_addf(&llm_cache, "%s/llm", cache);
	if (g->n <= 0)
		g->n = 1;
	g->samples_path = path->data;
	g->llm.cache_dir = llm_cache.len ? llm_cache.data : NULL;
	g->progress = log_level >= LOG_NORMAL;
	if (!rc)
		rc = bench_mkdir_p(o->out_dir);
	if (!rc)
		rc = agent_samples(&st, g, tasks, n);
	if (!rc)
		fprintf(stderr,
			"hwforge: %zu samples generated, %zu already there, "
			"%zu failed (%ld cached replies)\n",
			st.written, st.existing, st.failed, st.llm.cache_hits);
	g->llm.cache_dir = NULL;	/* it pointed into llm_cache */
	buf_release(&llm_cache);
	return rc;
}

/*
 * --model: ask the endpoint for samples of this shard's tasks (the spec
 * and top only), appended to the samples file, then score that file.
 */
static int generate(struct bench_args *a, const char *cache,
		    struct buf *samples_path)
{
	struct bench_suite s;
	struct agent_task *tasks = NULL;
	size_t n = 0;
	int rc;

	rc = bench_suite_load(&s, a->o.suite);
	if (rc)
		return rc;
	tasks = calloc(s.ntasks ? s.ntasks : 1, sizeof(*tasks));
	if (!tasks)
		rc = err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; !rc && i < s.ntasks; i++) {
		const struct bench_task *t = &s.tasks[i];

		if (t->load_error || !t->spec || !t->top ||
		    (a->o.shard_n > 0 &&
		     (int)(i % (size_t)a->o.shard_n) != a->o.shard_k - 1))
			continue;
		tasks[n].id = t->id;
		tasks[n].spec = t->spec;
		tasks[n].top = t->top;
		n++;
	}
	if (!rc)
		rc = cmd_bench_samples(&a->o, &a->gen, cache, tasks, n,
				       samples_path);
	free(tasks);
	bench_suite_release(&s);
	return rc;
}

/* --loop: gen's oracle-free loop per task, scored held out (loop.c). */
static int run_loop(struct bench_args *a, const char *cache, cJSON **summary)
{
	struct agent_gen_opts g = AGENT_GEN_OPTS_INIT;
	struct bench_loop_opts lo = { .run = cmd_bench_loop_task,
				      .payload = &g };
	struct buf llm_cache = BUF_INIT;
	int rc = 0;

	g.llm = a->gen.llm;
	if (cache)
		rc = buf_addf(&llm_cache, "%s/llm", cache);
	g.llm.cache_dir = llm_cache.len ? llm_cache.data : NULL;
	g.seed = a->gen.seed;
	g.rounds = a->rounds > 0 ? a->rounds : 4;
	g.candidates = a->candidates > 0 ? a->candidates : 1;
	g.jobs = a->o.jobs;
	g.sandbox = a->o.sandbox;
	g.keep_tmp = a->o.keep_tmp;
	lo.rounds = g.rounds;
	lo.candidates = g.candidates;
	if (!rc)
		rc = bench_mkdir_p(a->o.out_dir);
	if (!rc)
		rc = bench_loop(summary, &a->o, &lo);
	buf_release(&llm_cache);
	return rc;
}

int cmd_bench(int argc, char **argv, const struct cfg *cfg)
{
	struct bench_args a = { .o = BENCH_OPTS_INIT, .ppa = -1 };
	struct progress p = { 0 };
	struct buf text = BUF_INIT, gen_path = BUF_INIT;
	cJSON *summary = NULL;
	char *cache = NULL;
	int rc;

	a.gen = (struct agent_samples_opts)AGENT_SAMPLES_OPTS_INIT;
	a.gen.n = 0;
	rc = parse(argc, argv, &a, cfg);
	if (rc)
		return rc == 1 ? EXIT_PASS : rc;
	a.o.ppa = a.ppa;
	cache = cfg_cache_dir(cfg);
	a.o.cache_dir = cache;
	if (bench_assert_suite(a.o.suite)) {
		/* an assertion suite: assertion sets, judged and mutated */
		rc = a.loop ? cmd_usage_error("bench", "--loop does not apply "
						       "to an assertion suite")
			    : cmd_bench_assert(&a.o,
					       a.use_model ? &a.gen : NULL,
					       cache, a.allow_unscored);
		free(cache);
		return rc;
	}
	if (a.loop) {
		rc = run_loop(&a, cache, &summary);
		free(cache);
		if (rc)
			return cmd_fail(rc);
		goto report;
	}
	if (a.use_model) {
		rc = generate(&a, cache, &gen_path);
		if (rc) {
			free(cache);
			buf_release(&gen_path);
			return cmd_fail(rc);
		}
		a.o.samples = gen_path.data;
	}
	p.bar = a.progress == 1 ||
		(a.progress < 0 && isatty(STDERR_FILENO) && !getenv("CI") &&
		 tcgetpgrp(STDERR_FILENO) == getpgrp());
	a.o.on_event = on_event;
	a.o.payload = &p;
	if (!a.use_model && !a.o.refs_as_samples &&
	    bench_repair_suite(a.o.suite)) {
		/* a repair suite: patches scored by the held-out check */
		free(cache);
		buf_release(&gen_path);
		rc = bench_repair_score(&summary, &a.o);
		if (rc)
			return cmd_fail(rc);
		printf("repair suite: %g tasks, %g samples, %g applied, %g "
		       "pass the held-out check (pass@1 %.3f), %.2f lines "
		       "touched per passing patch\nresults: %s/summary.json\n",
		       json_get_number(summary, "tasks", 0),
		       json_get_number(summary, "samples", 0),
		       json_get_number(summary, "applied", 0),
		       json_get_number(summary, "held_out_pass", 0),
		       json_get_number(summary, "pass_at_1", 0),
		       json_get_number(summary, "lines_touched_mean", -1),
		       a.o.out_dir);
		cJSON_Delete(summary);
		return EXIT_PASS;
	}
	rc = bench_run(&summary, &a.o);
	free(cache);
	buf_release(&gen_path);
	if (rc)
		return cmd_fail(rc);
report:
	rc = bench_summary_text(&text, summary);
	if (!rc) {
		fputs(text.data, stdout);
		printf("results: %s/summary.json, %s/report.html\n",
		       a.o.out_dir, a.o.out_dir);
	}
	buf_release(&text);
	if (!rc)
		rc = cmd_bench_unscored(summary, a.allow_unscored);
	else
		rc = cmd_fail(rc);
	cJSON_Delete(summary);
	return rc;
}

int cmd_bench_unscored(const cJSON *summary, bool allow)
{
	struct buf lines = BUF_INIT;
	long n = bench_unscored_samples(summary);
	const char *p;

	if (!n)
		return EXIT_PASS;
	if (bench_unscored_text(&lines, summary)) {
		buf_release(&lines);
		return cmd_fail(ERR_FAIL);
	}
	for (p = lines.data; *p;) {
		size_t len = strcspn(p, "\n");

		fprintf(stderr, "hwforge: %.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
	buf_release(&lines);
	if (allow)
		return EXIT_PASS;
	fprintf(stderr,
		"hwforge: %ld sample%s not scored: the score covers only the "
		"rest (exit 3; --allow-unscored accepts that)\n",
		n, n == 1 ? "" : "s");
	return EXIT_ENV;
}
