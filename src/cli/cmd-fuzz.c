#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "fuzz/fuzz.h"

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge fuzz CORE.json [--tests N | --time DURATION]\n"
		"                    [--seed S] [--jobs N] [--out DIR] [--resume]\n"
		"                    [--shard K/N] [--scheduler NAME] [-D NAME[=V]]...\n"
		"       hwforge fuzz --merge OUT DIR...\n\n"
		"Differential fuzzing of a RISC-V core with an RVFI port against\n"
		"the RV32I ISS, in lockstep on every retired instruction; or,\n"
		"with a core file of \"kind\": \"npu\" (rtl/npu/core.json), of the\n"
		"NPU through its host interface against its C golden model.\n\n"
		"  --tests N          run tests 0..N-1 (default 1000)\n"
		"  --time DURATION    or run this long (30s, 5m, 1h)\n"
		"  --seed S           campaign seed (default 1; printed)\n"
		"  --jobs N           worker processes (default 1; 0: one per core)\n"
		"  --out DIR          output directory (default fuzz-out)\n"
		"  --resume           continue the campaign in DIR\n"
		"  --shard K/N        run only shard K of N of the test indices\n"
		"  --shard-count N    N for JOB_COMPLETION_INDEX (Kubernetes)\n"
		"  --scheduler NAME   test scheduler (known: %s)\n"
		"  -D NAME[=V]        add a define (selects injectable bugs)\n"
		"  --var NAME=PATH    value of ${NAME} in the core file's sources\n"
		"  --picorv32 DIR     same as --var HWFORGE_PICORV32=DIR\n"
		"  --min-len N        shortest generated program body (50;\n"
		"                     NPU: host operations, 8)\n"
		"  --max-len N        longest generated program body (1000; NPU 64)\n"
		"  --no-coverage      no coverage map (to measure its cost)\n"
		"  --no-minimize      keep findings as found\n"
		"  --no-reproduce     skip the Icarus reproduction of findings\n"
		"  --until-finding    stop at the first finding\n"
		"  --[no-]progress    force the progress line on or off\n"
		"  --merge OUT DIR... combine shard or worker outputs into OUT\n"
		"  --bench MODE       throughput of MODE (inproc, verilator-proc,\n"
		"                     icarus-proc) over --tests programs of\n"
		"                     --max-len instructions; JSON on stdout\n\n"
		"Shards also come from SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT\n"
		"or JOB_COMPLETION_INDEX with --shard-count or JOB_COMPLETION_COUNT.\n"
		"Exit: 0 no findings, 1 findings, 2 bad input, 3 could not build\n"
		"or run the core, 130 interrupted.\n",
		fuzz_sched_names());
}

enum {
	OPT_TESTS = 256,
	OPT_TIME,
	OPT_SEED,
	OPT_JOBS,
	OPT_OUT,
	OPT_RESUME,
	OPT_SHARD,
	OPT_SHARD_COUNT,
	OPT_SCHED,
	OPT_VAR,
	OPT_PICORV32,
	OPT_MIN_LEN,
	OPT_MAX_LEN,
	OPT_NO_COV,
	OPT_NO_MIN,
	OPT_NO_REPRO,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_MERGE,
	OPT_BENCH,
	OPT_UNTIL,
};

struct fuzz_args {
	struct fuzz_opts o;
	struct fuzz_define *defs;
	size_t ndefs;
	const char **vnames, **vvalues;
	size_t nvars;
	struct cmd_shard shard;
	bool merge, tests_given, len_given;
	int progress;
	const char *bench;
};

static int parse_duration(const char *s, long *ms)
{
	char *end;
	double v = strtod(s, &end), mul = 1000;

	if (end == s || v <= 0)
		return cmd_usage_error("fuzz", "--time wants a duration such as "
					       "30s, 5m or 1h");
	if (!strcmp(end, "m"))
		mul = 60000;
	else if (!strcmp(end, "h"))
		mul = 3600000;
	else if (!strcmp(end, "ms"))
		mul = 1;
	else if (*end && strcmp(end, "s"))
		return cmd_usage_error("fuzz", "--time wants a duration such as "
					       "30s, 5m or 1h");
	*ms = (long)(v * mul);
	return 0;
}

static int add_var(struct fuzz_args *a, const char *name, const char *value)
{
	const char **nn = realloc(a->vnames, (a->nvars + 1) * sizeof(*nn));

	if (!nn)
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	a->vnames = nn;
	nn = realloc(a->vvalues, (a->nvars + 1) * sizeof(*nn));
	if (!nn)
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	a->vvalues = nn;
	a->vnames[a->nvars] = name;
	a->vvalues[a->nvars++] = value;
	return 0;
}

static int add_def(struct fuzz_args *a, const char *s)
{
	struct fuzz_define *nd = realloc(a->defs, (a->ndefs + 1) * sizeof(*nd));
	int rc;

	if (!nd)
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	a->defs = nd;
	rc = fuzz_define_parse(&nd[a->ndefs], s);
	a->ndefs++;
	return rc ? cmd_fail(rc) : 0;
}

static int num(const char *s, const char *what, long lo, long hi, long *v)
{
	return cfg_parse_long(s, what, lo, hi, v) ? cmd_fail(ERR_USAGE) : 0;
}

static int parse_opt(struct fuzz_args *a, int c, const char *arg)
{
	long v;
	int rc = 0;

	switch (c) {
	case OPT_TESTS:
		rc = num(arg, "--tests", 1, 1000000000L, &v);
		a->o.tests = (uint64_t)v;
		a->tests_given = true;
		break;
	case OPT_TIME:
		rc = parse_duration(arg, &a->o.time_ms);
		break;
	case OPT_SEED: {
		char *end;

		a->o.seed = strtoull(arg, &end, 0);
		if (end == arg || *end)
			rc = cmd_usage_error("fuzz", "--seed wants a number");
		break;
	}
	case OPT_JOBS:
		rc = num(arg, "--jobs", 0, 256, &v);
		a->o.jobs = v ? (int)v : (int)sysconf(_SC_NPROCESSORS_ONLN);
		break;
	case OPT_OUT:
		a->o.out_dir = arg;
		break;
	case OPT_RESUME:
		a->o.resume = true;
		break;
	case OPT_SHARD:
	case OPT_SHARD_COUNT:
		rc = cmd_shard_opt(&a->shard, c == OPT_SHARD_COUNT, arg,
				   "fuzz");
		break;
	case OPT_SCHED:
		a->o.scheduler = arg;
		break;
	case 'D':
		rc = add_def(a, arg);
		break;
	case OPT_VAR: {
		char *eq = strchr(arg, '=');

		if (!eq || eq == arg)
			return cmd_usage_error("fuzz", "--var wants NAME=PATH");
		*eq = 0;
		rc = add_var(a, arg, eq + 1);
		break;
	}
	case OPT_PICORV32:
		rc = add_var(a, "HWFORGE_PICORV32", arg);
		break;
	case OPT_MIN_LEN:
		rc = num(arg, "--min-len", 1, 100000, &v);
		a->o.min_len = (size_t)v;
		a->len_given = true;
		break;
	case OPT_MAX_LEN:
		rc = num(arg, "--max-len", 1, 100000, &v);
		a->o.max_len = (size_t)v;
		a->len_given = true;
		break;
	case OPT_NO_COV:
		a->o.coverage = false;
		break;
	case OPT_NO_MIN:
		a->o.minimize = false;
		break;
	case OPT_NO_REPRO:
		a->o.reproduce = false;
		break;
	case OPT_PROGRESS:
		a->progress = 1;
		break;
	case OPT_NO_PROGRESS:
		a->progress = 0;
		break;
	case OPT_MERGE:
		a->merge = true;
		break;
	case OPT_BENCH:
		a->bench = arg;
		break;
	case OPT_UNTIL:
		a->o.until_finding = true;
		break;
	default:
		usage(stderr);
		return EXIT_USAGE;
	}
	return rc;
}

static int parse_args(struct fuzz_args *a, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "tests", required_argument, NULL, OPT_TESTS },
		{ "time", required_argument, NULL, OPT_TIME },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "out", required_argument, NULL, OPT_OUT },
		{ "resume", no_argument, NULL, OPT_RESUME },
		{ "shard", required_argument, NULL, OPT_SHARD },
		{ "shard-count", required_argument, NULL, OPT_SHARD_COUNT },
		{ "scheduler", required_argument, NULL, OPT_SCHED },
		{ "define", required_argument, NULL, 'D' },
		{ "var", required_argument, NULL, OPT_VAR },
		{ "picorv32", required_argument, NULL, OPT_PICORV32 },
		{ "min-len", required_argument, NULL, OPT_MIN_LEN },
		{ "max-len", required_argument, NULL, OPT_MAX_LEN },
		{ "no-coverage", no_argument, NULL, OPT_NO_COV },
		{ "no-minimize", no_argument, NULL, OPT_NO_MIN },
		{ "no-reproduce", no_argument, NULL, OPT_NO_REPRO },
		{ "progress", no_argument, NULL, OPT_PROGRESS },
		{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
		{ "merge", no_argument, NULL, OPT_MERGE },
		{ "bench", required_argument, NULL, OPT_BENCH },
		{ "until-finding", no_argument, NULL, OPT_UNTIL },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "hD:", opts, NULL)) != -1) {
		int rc;

		if (c == 'h') {
			usage(stdout);
			return -1;
		}
		rc = parse_opt(a, c, optarg);
		if (rc)
			return rc;
	}
	return 0;
}

static void on_progress(const struct fuzz_progress *p, void *payload)
{
	bool tty = *(bool *)payload;

	fprintf(stderr,
		"%sfuzz: %llu tests, %.0f tests/s, %llu coverage points, "
		"%llu findings%s",
		tty ? "\r" : "", (unsigned long long)p->tests, p->rate,
		(unsigned long long)p->coverage,
		(unsigned long long)p->findings,
		tty && !p->final ? "   " : "\n");
}

static int do_merge(int argc, char **argv)
{
	struct fuzz_result r;
	int rc;

	if (argc < 2)
		return cmd_usage_error("fuzz", "--merge wants OUT DIR...");
	rc = fuzz_merge(&r, argv[0], (const char *const *)argv + 1,
			(size_t)(argc - 1));
	if (rc)
		return cmd_fail(rc);
	printf("%s: %llu tests, %llu coverage points, %llu findings\n",
	       argv[0], (unsigned long long)r.tests,
	       (unsigned long long)r.coverage,
	       (unsigned long long)r.findings);
	return r.findings ? EXIT_NO : EXIT_PASS;
}

static int run(struct fuzz_args *a, const char *core_path,
	       const struct cfg *cfg)
{
	struct fuzz_vars vars = { .names = a->vnames,
				  .values = a->vvalues,
				  .n = a->nvars };
	struct fuzz_core *core = NULL;
	struct fuzz_result r;
	char *cache = cfg_cache_dir(cfg);
	bool tty = isatty(STDERR_FILENO) && !getenv("CI");
	int rc;

	if (!cache) /* no HOME: the model still needs a place */
		cache = strdup("/tmp/hwforge-cache");
	if (a->progress >= 0)
		tty = a->progress == 1;
	rc = fuzz_core_load(&core, core_path, &vars, a->defs, a->ndefs);
	if (rc) {
		free(cache);
		return cmd_fail(rc);
	}
	a->o.core = core;
	if (core->target == FUZZ_TARGET_NPU && !a->len_given) {
		/* an NPU program counts host operations, not instructions */
		a->o.min_len = 8;
		a->o.max_len = 64;
	}
	if (core->target == FUZZ_TARGET_NPU && a->bench) {
		fuzz_core_free(core);
		free(cache);
		return cmd_usage_error("fuzz", "--bench is for CPU cores only");
	}
	a->o.cache_dir = cache;
	a->o.sandbox = cfg->sandbox;
	a->o.keep_tmp = cfg->keep_tmp;
	a->o.on_progress = on_progress;
	a->o.progress_payload = &tty;
	a->o.progress_every = tty ? 0.1 : 5.0;
	if (a->bench) {
		struct fuzz_bench_opts b = { .core = core,
					     .cache_dir = cache,
					     .sandbox = cfg->sandbox,
					     .ntests = (size_t)a->o.tests,
					     .len = a->o.max_len,
					     .seed = a->o.seed,
					     .coverage = a->o.coverage,
					     .mode = a->bench };
		struct fuzz_bench_result br;

		rc = fuzz_bench(&br, &b);
		if (!rc)
			printf("{\"mode\":\"%s\",\"core\":\"%s\",\"tests\":%zu,"
			       "\"insns\":%llu,\"cpu_seconds\":%.3f,"
			       "\"tests_per_cpu_second\":%.1f}\n",
			       a->bench, core->name, br.tests,
			       (unsigned long long)br.insns, br.cpu_seconds,
			       br.tests_per_cpu_s);
	} else {
		log_info("fuzz: core '%s', seed %llu, scheduler %s, out %s",
			 core->name, (unsigned long long)a->o.seed,
			 a->o.scheduler, a->o.out_dir);
		rc = fuzz_run(&r, &a->o);
		if (!rc || rc == ERR_INTR)
			printf("%s: %llu tests, %llu coverage points, %llu "
			       "findings\n",
			       a->o.out_dir, (unsigned long long)r.tests,
			       (unsigned long long)r.coverage,
			       (unsigned long long)r.findings);
	}
	fuzz_core_free(core);
	free(cache);
	if (rc)
		return cmd_fail(rc);
	return !a->bench && r.findings ? EXIT_NO : EXIT_PASS;
}

int cmd_fuzz(int argc, char **argv, const struct cfg *cfg)
{
	struct fuzz_args a = { .o = FUZZ_OPTS_INIT, .progress = -1 };
	int rc;

	a.o.out_dir = "fuzz-out";
	a.o.jobs = 1;
	rc = parse_args(&a, argc, argv);
	if (rc)
		goto done;
	if (a.merge) {
		rc = do_merge(argc - optind, argv + optind);
		goto done;
	}
	if (optind + 1 != argc) {
		rc = cmd_usage_error("fuzz", "give one core file");
		goto done;
	}
	if (a.o.time_ms && !a.tests_given)
		a.o.tests = 0;
	else if (a.o.time_ms)
		rc = cmd_usage_error("fuzz", "give --tests or --time, not both");
	if (!rc && !fuzz_sched_find(a.o.scheduler))
		rc = cmd_usage_error("fuzz", "unknown scheduler '%s' (known: %s)",
				     a.o.scheduler, fuzz_sched_names());
	if (!rc)
		rc = cmd_shard_finish(&a.shard, &a.o.shard_k, &a.o.shard_n,
				      "fuzz");
	if (!rc)
		rc = run(&a, argv[optind], cfg);
done:
	for (size_t i = 0; i < a.ndefs; i++)
		fuzz_define_release(&a.defs[i]);
	free(a.defs);
	free(a.vnames);
	free(a.vvalues);
	return rc < 0 ? EXIT_PASS : rc;
}
