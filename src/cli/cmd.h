#ifndef CLI_CMD_H
#define CLI_CMD_H

#include "base/base.h"

/*
 * Exit codes, the same for every command (see `hwforge --help`).
 */
enum exit_code {
	EXIT_PASS = 0,    /* success, or the design passed */
	EXIT_NO = 1,      /* ran; the answer is no (failed, not equivalent) */
	EXIT_USAGE = 2,   /* bad usage or bad input */
	EXIT_ENV = 3,     /* could not decide: tool missing, I/O, timeout */
	EXIT_INTR = 130,  /* interrupted */
};

struct cmd {
	const char *name;
	int (*fn)(int argc, char **argv, const struct cfg *cfg);
	const char *desc;
};

/* Print "hwforge: <err_last()>" once and map an error code to an exit code. */
int cmd_fail(int rc);
/* Map a negative err code to the exit code (no printing). */
int cmd_exit_code(int rc);
/* Print "hwforge: usage: ..." for a usage mistake and return EXIT_USAGE. */
int cmd_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* --json: print j (taken; NULL when building it failed) indented on
 * stdout; 0, or the exit code ("out of memory" printed). */
struct cJSON;
int cmd_print_json(struct cJSON *j);

/*
 * --shard K/N and --shard-count N (bench, fuzz): the shard the flag
 * names, else the one of a Slurm or Kubernetes array job.
 */
struct cmd_shard {
	int k, n; /* --shard K/N */
	bool given; /* --shard given: the environment is not read */
	const char *count; /* --shard-count, for JOB_COMPLETION_INDEX */
};
/* --shard ARG, or --shard-count ARG when count: 0, or EXIT_USAGE
 * (printed). */
int cmd_shard_opt(struct cmd_shard *s, bool count, const char *arg,
		  const char *cmd);
/* After the options: *k and *n from --shard or the environment (left
 * alone when neither names a shard); 0, or EXIT_USAGE (printed). */
int cmd_shard_finish(const struct cmd_shard *s, int *k, int *n,
		     const char *cmd);

/*
 * The options of the commands that run one tool on one design (synth,
 * equiv, assert --judge): -t/--top NAME, -D/--define N[=V] (repeatable),
 * --timeout S (getopt value 'T') and --json ('j').
 */
struct cmd_tool_args {
	const char *top;
	const char **defines; /* NULL-ended; room for every argument */
	size_t ndefines;
	int timeout_s; /* 0: not given, the library's default */
	bool json;
};
/* 0, or ERR_FAIL ("out of memory"); release it either way. */
int cmd_tool_args_init(struct cmd_tool_args *t, int argc);
/* 0 taken; else ERR_USAGE with the message ("bad option" for any option
 * not one of these). */
int cmd_tool_args_opt(struct cmd_tool_args *t, int c, const char *arg);
/* Copy top, defines and the timeout if given of t, and cfg's sandbox and
 * keep_tmp, into the tool options o (verify_opts, synth_opts). */
#define CMD_TOOL_ARGS_TO_OPTS(o, t, cfg)                 \
	do {                                             \
		(o)->top = (t)->top;                     \
		(o)->defines = (t)->defines;             \
		if ((t)->timeout_s)                      \
			(o)->timeout_s = (t)->timeout_s; \
		(o)->sandbox = (cfg)->sandbox;           \
		(o)->keep_tmp = (cfg)->keep_tmp;         \
	} while (0)
void cmd_tool_args_release(struct cmd_tool_args *t);

int cmd_check(int argc, char **argv, const struct cfg *cfg);
int cmd_synth(int argc, char **argv, const struct cfg *cfg);
int cmd_equiv(int argc, char **argv, const struct cfg *cfg);
int cmd_bench(int argc, char **argv, const struct cfg *cfg);
int cmd_merge(int argc, char **argv, const struct cfg *cfg);
/* bench, merge: name unscored samples on stderr; EXIT_ENV unless allow. */
struct cJSON;
int cmd_bench_unscored(const struct cJSON *summary, bool allow);
/* bench --loop: run one task through gen's oracle-free loop; the payload
 * is the run's const struct agent_gen_opts (bench-loop.c). */
struct bench_loop_result;
int cmd_bench_loop_task(struct bench_loop_result *out, const char *task,
			const char *spec_path, const char *top,
			const char *dir, void *payload);
/* bench on an assertion suite (bench-assert.c): gen NULL scores saved
 * samples (or self-tests the suite when o has none). */
struct bench_opts;
struct agent_samples_opts;
int cmd_bench_assert(const struct bench_opts *o,
		     struct agent_samples_opts *gen, const char *cache,
		     bool allow_unscored);
/* bench --model, either suite: ask for the samples of tasks (path gets
 * the samples file: --samples or OUT/samples.jsonl) and say how many. */
struct agent_task;
int cmd_bench_samples(const struct bench_opts *o,
		      struct agent_samples_opts *g, const char *cache,
		      const struct agent_task *tasks, size_t n,
		      struct buf *path);
int cmd_gen(int argc, char **argv, const struct cfg *cfg);
int cmd_repair(int argc, char **argv, const struct cfg *cfg);
int cmd_assert(int argc, char **argv, const struct cfg *cfg);
int cmd_gate(int argc, char **argv, const struct cfg *cfg);
int cmd_fuzz(int argc, char **argv, const struct cfg *cfg);
int cmd_mine(int argc, char **argv, const struct cfg *cfg);
int cmd_version(int argc, char **argv, const struct cfg *cfg);
/* `hwforge assert --judge PROPS DESIGN...`: judging without a model
 * (cmd-assert-judge.c); cmd-assert.c calls it when --judge is given. */
int cmd_assert_judge(int argc, char **argv, const struct cfg *cfg);

#endif
