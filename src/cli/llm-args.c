#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/llm-args.h"

enum {
	O_ENDPOINT = LLM_ARGS_FIRST,
	O_MODEL,
	O_CAND,
	O_ROUNDS,
	O_MAXTOK,
	O_TEMP,
	O_BUDGET,
	O_SEED,
	O_STREAM,
	O_OFFLINE,
	O_CACHE,
	O_NOCACHE,
	O_TEMPLATES,
	O_CONC,
	O_JOBS,
	O_RETRIES,
	O_BACKOFF,
	O_TIMEOUT,
	O_IDLE,
	O_REQTIME,
	O_PROG,
	O_NOPROG,
	O_COST,
};

const struct option llm_args_options[] = {
	{ "endpoint", required_argument, NULL, O_ENDPOINT },
	{ "model", required_argument, NULL, O_MODEL },
	{ "candidates", required_argument, NULL, O_CAND },
	{ "rounds", required_argument, NULL, O_ROUNDS },
	{ "max-tokens", required_argument, NULL, O_MAXTOK },
	{ "temperature", required_argument, NULL, O_TEMP },
	{ "budget-tokens", required_argument, NULL, O_BUDGET },
	{ "seed", required_argument, NULL, O_SEED },
	{ "stream", no_argument, NULL, O_STREAM },
	{ "offline", no_argument, NULL, O_OFFLINE },
	{ "cache-dir", required_argument, NULL, O_CACHE },
	{ "no-cache", no_argument, NULL, O_NOCACHE },
	{ "templates", required_argument, NULL, O_TEMPLATES },
	{ "concurrency", required_argument, NULL, O_CONC },
	{ "jobs", required_argument, NULL, O_JOBS },
	{ "retries", required_argument, NULL, O_RETRIES },
	{ "backoff-ms", required_argument, NULL, O_BACKOFF },
	{ "timeout", required_argument, NULL, O_TIMEOUT },
	{ "idle-timeout", required_argument, NULL, O_IDLE },
	{ "request-timeout", required_argument, NULL, O_REQTIME },
	{ "progress", no_argument, NULL, O_PROG },
	{ "no-progress", no_argument, NULL, O_NOPROG },
	{ "cost-table", required_argument, NULL, O_COST },
	{ NULL, 0, NULL, 0 },
};

const char llm_args_help[] =
	LLM_ARGS_HELP_ENDPOINT
	"  --candidates K        patches asked for per round (3)\n"
	"  --rounds R            rounds at most (4)\n"
	"  --budget-tokens B     stop once B tokens were used (unlimited)\n"
	"  --max-tokens N        completion limit per reply (not sent if unset)\n"
	"  --temperature T       sampling temperature (0.8)\n"
	"  --seed N              first sampling seed (1)\n"
	LLM_ARGS_HELP_CACHE
	"  --templates DIR       prompt templates (repair-system.txt,\n"
	"                        repair-initial.txt, repair-retry.txt)\n"
	"  --concurrency N       requests in flight (4)\n"
	"  --jobs N              patches checked in parallel (HWFORGE_JOBS)\n"
	LLM_ARGS_HELP_RETRY
	"  --cost-table FILE     $ per 1M tokens per model, for report.json\n"
	"  --[no-]progress       progress on stderr\n";

void llm_args_init(struct llm_args *a, const struct cfg *cfg)
{
	static const struct agent_llm_opts init = AGENT_LLM_OPTS_INIT;
	struct buf b = BUF_INIT;
	char *base;

	memset(a, 0, sizeof(*a));
	a->llm = init;
	a->llm.endpoint = cfg->endpoint;
	a->llm.model = cfg->model;
	a->llm.api_key = cfg->api_key;
	a->llm.cache_dir = cfg->cache_dir;
	a->llm.temperature = 0.8;
	a->candidates = 3;
	a->rounds = 4;
	a->seed = 1;
	a->timeout_s = 60;
	a->jobs = cfg->jobs;
	a->progress = -1;
	/* as gen: HWFORGE_CACHE_DIR is the LLM cache itself, the default
	 * is the "llm" folder of the shared cache dir */
	base = cfg->cache_dir ? NULL : cfg_cache_dir(cfg);
	if (base && !buf_addf(&b, "%s/llm", base))
		a->default_cache = buf_detach(&b, NULL);
	buf_release(&b);
	free(base);
}

static const struct {
	int id;
	const char *name;
	long min, max;
} nums[] = {
	{ O_CAND, "--candidates", 1, 32 },
	{ O_ROUNDS, "--rounds", 1, 100 },
	{ O_MAXTOK, "--max-tokens", 1, 10000000 },
	{ O_BUDGET, "--budget-tokens", 1, 1L << 40 },
	{ O_SEED, "--seed", 0, 1L << 31 },
	{ O_CONC, "--concurrency", 1, 64 },
	{ O_JOBS, "--jobs", 0, 1024 },
	{ O_RETRIES, "--retries", 0, 100 },
	{ O_BACKOFF, "--backoff-ms", 1, 600000 },
	{ O_TIMEOUT, "--timeout", 1, 86400 },
	{ O_IDLE, "--idle-timeout", 1, 86400 },
	{ O_REQTIME, "--request-timeout", 1, 86400 },
};

static void set_num(struct llm_args *a, int id, long v)
{
	switch (id) {
	case O_CAND:
		a->candidates = (int)v;
		break;
	case O_ROUNDS:
		a->rounds = (int)v;
		break;
	case O_MAXTOK:
		a->llm.max_tokens = (int)v;
		break;
	case O_BUDGET:
		a->budget_tokens = v;
		break;
	case O_SEED:
		a->seed = (unsigned long)v;
		break;
	case O_CONC:
		a->llm.concurrency = (int)v;
		break;
	case O_JOBS:
		a->jobs = (int)v;
		break;
	case O_RETRIES:
		a->llm.max_retries = (int)v;
		break;
	case O_BACKOFF:
		a->llm.backoff_ms = (int)v;
		break;
	case O_TIMEOUT:
		a->timeout_s = (int)v;
		break;
	case O_IDLE:
		a->llm.idle_timeout_s = (int)v;
		break;
	case O_REQTIME:
		a->llm.request_timeout_s = (int)v;
		break;
	}
}

int llm_args_parse(struct llm_args *a, int c, const char *arg,
		   const char *cmd)
{
	double d;

	switch (c) {
	case O_ENDPOINT:
		a->llm.endpoint = arg;
		return 0;
	case O_MODEL:
		a->llm.model = arg;
		return 0;
	case O_STREAM:
		a->llm.stream = true;
		return 0;
	case O_OFFLINE:
		a->llm.offline = true;
		return 0;
	case O_CACHE:
		a->llm.cache_dir = arg;
		return 0;
	case O_NOCACHE:
		a->no_cache = true;
		return 0;
	case O_TEMPLATES:
		a->templates = arg;
		return 0;
	case O_COST:
		a->llm.cost_table = arg;
		return 0;
	case O_PROG:
		a->progress = 1;
		return 0;
	case O_NOPROG:
		a->progress = 0;
		return 0;
	case O_TEMP:
		if (cfg_parse_double(arg, "--temperature", 0, 2, &d))
			return cmd_usage_error(cmd, "%s", err_last());
		a->llm.temperature = d;
		return 0;
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(*nums); i++) {
		long v;

		if (nums[i].id != c)
			continue;
		if (cfg_parse_long(arg, nums[i].name, nums[i].min,
				   nums[i].max, &v))
			return cmd_usage_error(cmd, "%s", err_last());
		set_num(a, c, v);
		return 0;
	}
	return 1;
}

void llm_args_finish(struct llm_args *a)
{
	if (!a->llm.cache_dir)
		a->llm.cache_dir = a->default_cache;
	if (a->no_cache)
		a->llm.cache_dir = NULL;
}

bool llm_args_progress(const struct llm_args *a, const struct cfg *cfg)
{
	if (a->progress >= 0)
		return a->progress;
	return cfg->progress != 0 && isatty(STDERR_FILENO);
}

void llm_args_release(struct llm_args *a)
{
	free(a->default_cache);
	a->default_cache = NULL;
}

/* The options of every llm_args_getopt() command, as its "ho:" says. */
static const struct option loop_opts[] = {
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* The tables of parts (each { NULL } ended) as one; caller frees. */
static struct option *concat(const struct option *const *parts, size_t nparts)
{
	size_t n = 0, at = 0;
	struct option *v;

	for (size_t i = 0; i < nparts; i++)
		for (size_t j = 0; parts[i][j].name; j++)
			n++;
	v = calloc(n + 1, sizeof(*v)); /* the last one stays { NULL } */
	if (!v)
		return NULL;
	for (size_t i = 0; i < nparts; i++)
		for (size_t j = 0; parts[i][j].name; j++)
			v[at++] = parts[i][j];
	return v;
}

struct option *llm_args_merge(const struct option *own)
{
	const struct option *parts[] = { own, llm_args_options };

	return concat(parts, 2);
}

int llm_args_getopt(struct llm_args *a, const struct cfg *cfg, int argc,
		    char **argv, const struct option *own,
		    int (*one)(void *p, int c, const char *arg,
			       const char *name),
		    void *p)
{
	const struct option *parts[] = { loop_opts, own, llm_args_options };
	struct option *opts = concat(parts, 3);
	int c, li = 0, rc = 0;

	if (!opts)
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	llm_args_init(a, cfg);
	while (!rc && (c = getopt_long(argc, argv, "ho:", opts, &li)) != -1) {
		if (c == 'o')
			a->out_dir = optarg;
		else if (c == '?')
			rc = EXIT_USAGE;
		else
			rc = one(p, c, optarg,
				 c >= LLM_ARGS_FIRST ? opts[li].name : NULL);
	}
	free(opts);
	return rc;
}

int arg_list_add(struct arg_list *l, const char *s, const char *what,
		 const char *cmd)
{
	if (l->n == ARG_LIST_MAX)
		return cmd_usage_error(cmd, "too many %s", what);
	l->v[l->n++] = s;
	return 0;
}

int arg_list_add_designs(struct arg_list *l, int argc, char **argv,
			 const char *cmd)
{
	int rc = 0;

	for (int i = optind; !rc && i < argc; i++)
		rc = arg_list_add(l, argv[i], "design files", cmd);
	return rc;
}
