#ifndef CLI_LLM_ARGS_H
#define CLI_LLM_ARGS_H

#include <getopt.h>
#include <stdbool.h>

#include "agent/agent.h"

/*
 * The LLM and loop options of the commands that run an LLM loop (gen,
 * repair, assert, gate --repair): one table, one parser, one help text.
 * Option ids start at LLM_ARGS_FIRST so commands keep their own below.
 */
#define LLM_ARGS_FIRST 1000

struct llm_args {
	struct agent_llm_opts llm;
	const char *templates;
	int candidates, rounds, jobs, timeout_s;
	long budget_tokens;
	unsigned long seed;
	bool no_cache;
	int progress; /* -1 auto */
	char *default_cache; /* owned */
	const char *out_dir; /* -o DIR of llm_args_getopt(); NULL: not given */
};

extern const struct option llm_args_options[]; /* { NULL } ended */
extern const char llm_args_help[];

/*
 * Lines of llm_args_help that gen and assert print word for word (the
 * rest of their help words those options their own way), and the key's
 * line of every loop command: one text each, so the commands cannot
 * drift apart.
 */
#define LLM_ARGS_HELP_ENDPOINT                                                    \
	"  --endpoint URL        OpenAI-compatible base URL (HWFORGE_ENDPOINT)\n" \
	"  --model M             model name (HWFORGE_MODEL)\n"
#define LLM_ARGS_HELP_CACHE                                                      \
	"  --stream              ask for streamed (SSE) replies\n"               \
	"  --offline             never use the network: replay the cache only\n" \
	"  --cache-dir DIR       response cache (HWFORGE_CACHE_DIR, default\n"   \
	"                        ~/.cache/hwforge/llm)\n"                        \
	"  --no-cache            neither read nor write the cache\n"
#define LLM_ARGS_HELP_RETRY                                                      \
	"  --retries N           retries per request on 429/5xx/network (4)\n"   \
	"  --backoff-ms N        first retry delay without Retry-After (1000)\n" \
	"  --timeout S           limit per tool run, seconds (60)\n"             \
	"  --idle-timeout S      abort a reply silent for S seconds (60)\n"      \
	"  --request-timeout S   abort a request after S seconds in all (600)\n"
/* What the help says of the key (no newline at the end). */
#define LLM_ARGS_HELP_KEY                                                         \
	"The API key comes from HWFORGE_API_KEY or OPENAI_API_KEY and is never\n" \
	"written to any file or log."

/* Defaults from the config (flags > env > file were merged there). */
void llm_args_init(struct llm_args *a, const struct cfg *cfg);
/* 0 handled, 1 not one of ours, else the exit code (usage printed). */
int llm_args_parse(struct llm_args *a, int c, const char *arg,
		   const char *cmd);
/* The cache directory to use (after --no-cache / --cache-dir). */
void llm_args_finish(struct llm_args *a);
/*
 * llm_args_finish(a), then copy the loop settings of a (-o DIR when it
 * was given) and of cfg into o, a pointer to any of the agent's loop
 * options (gen, repair, assert name these fields alike): a macro, since
 * those are distinct types.  candidates and jobs are not here: assert
 * has neither.
 */
#define LLM_ARGS_TO_LOOP(o, a, cfg)                      \
	do {                                             \
		llm_args_finish(a);                      \
		(o)->llm = (a)->llm;                     \
		(o)->templates_dir = (a)->templates;     \
		(o)->rounds = (a)->rounds;               \
		(o)->budget_tokens = (a)->budget_tokens; \
		(o)->seed = (a)->seed;                   \
		(o)->tool_timeout_s = (a)->timeout_s;    \
		(o)->sandbox = (cfg)->sandbox;           \
		(o)->keep_tmp = (cfg)->keep_tmp;         \
		if ((a)->out_dir)                        \
			(o)->out_dir = (a)->out_dir;     \
	} while (0)
/* LLM_ARGS_TO_LOOP() for the loops that ask for several candidates and
 * check them in parallel (gen, repair, gate --repair). */
#define LLM_ARGS_TO_CANDIDATE_LOOP(o, a, cfg)      \
	do {                                       \
		LLM_ARGS_TO_LOOP(o, a, cfg);       \
		(o)->candidates = (a)->candidates; \
		(o)->jobs = (a)->jobs;             \
	} while (0)
/* --[no-]progress, else the config, else whether stderr is a terminal:
 * whether a loop command prints its line per round. */
bool llm_args_progress(const struct llm_args *a, const struct cfg *cfg);
void llm_args_release(struct llm_args *a);
/* getopt_long's table: own (NULL ended) + ours; caller frees. */
struct option *llm_args_merge(const struct option *own);
/*
 * llm_args_init(), then getopt_long() on argv: -o/--output DIR (into
 * a->out_dir) and -h/--help, which every loop command has, own, then
 * ours.  one(p, c, optarg, name) takes each option but -o and an unknown
 * one, name being the long name of ours (else NULL), until it returns
 * nonzero.
 * 0, what one returned (-1: help printed, exit 0), or an exit code.
 */
int llm_args_getopt(struct llm_args *a, const struct cfg *cfg, int argc,
		    char **argv, const struct option *own,
		    int (*one)(void *p, int c, const char *arg,
			       const char *name),
		    void *p);

/* A bounded list of arguments (files, defines) for the loop commands. */
#define ARG_LIST_MAX 64
struct arg_list {
	const char *v[ARG_LIST_MAX + 1]; /* NULL-ended */
	size_t n;
};
/* 0, or EXIT_USAGE ("hwforge CMD: too many WHAT" printed). */
int arg_list_add(struct arg_list *l, const char *s, const char *what,
		 const char *cmd);
/* The DESIGN operands after llm_args_getopt() (argv[optind] on) as
 * "design files"; 0, or EXIT_USAGE (printed). */
int arg_list_add_designs(struct arg_list *l, int argc, char **argv,
			 const char *cmd);

#endif
