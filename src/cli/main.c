#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli/cmd.h"

static const struct cmd commands[] = {
	{ "check", cmd_check, "Check one design: compile, synthesize, simulate, prove" },
	{ "synth", cmd_synth, "Synthesize with Yosys and print statistics" },
	{ "equiv", cmd_equiv, "Formal equivalence of two designs" },
	{ "gen", cmd_gen, "Spec to verified RTL with an LLM in the loop" },
	{ "bench", cmd_bench, "Score a model or saved samples on a task suite" },
	{ "merge", cmd_merge, "Merge sharded bench results into one summary" },
	{ "repair", cmd_repair, "Fix a failing design with the smallest patch" },
	{ "assert", cmd_assert, "Assertions from an LLM, proved and scored by mutants" },
	{ "gate", cmd_gate, "CI gate: run every check a gate file names" },
	{ "fuzz", cmd_fuzz, "Differential processor fuzzing against the RV32I ISS" },
	{ "mine", cmd_mine, "Mine git history for module-level bug-fix records" },
	{ "version", cmd_version, "Print version and tool versions" },
};

static const struct cmd assert_judge = { "assert-judge", cmd_assert_judge,
					 NULL };

static void usage(FILE *f)
{
	fprintf(f, "usage: hwforge [-v | -q] [--keep-tmp] <command> [<args>]\n\n"
		   "Commands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].desc);
	fprintf(f, "\n'hwforge <command> --help' describes one command.\n\n"
		   "Exit codes:\n"
		   "  0    success; the design passed\n"
		   "  1    ran, and the answer is no (failed, not equivalent)\n"
		   "  2    usage error or bad input\n"
		   "  3    could not decide (tool missing, timeout, I/O, network)\n"
		   "  130  interrupted\n\n"
		   "Environment: HWFORGE_JOBS, HWFORGE_KEEP_TMP, HWFORGE_SANDBOX\n"
		   "(auto|require|none), HWFORGE_ENDPOINT, HWFORGE_MODEL,\n"
		   "HWFORGE_API_KEY (or OPENAI_API_KEY), HWFORGE_CACHE_DIR,\n"
		   "HWFORGE_CONFIG, NO_COLOR, CI.\n");
}

int cmd_exit_code(int rc)
{
	switch (rc) {
	case 0:
		return EXIT_PASS;
	case ERR_USAGE:
		return EXIT_USAGE;
	case ERR_INTR:
		return EXIT_INTR;
	default:
		return EXIT_ENV;
	}
}

int cmd_fail(int rc)
{
	struct buf b = BUF_INIT;
	const char *m = err_last();

	buf_add_escaped(&b, m, strlen(m));
	fprintf(stderr, "hwforge: %s\n", b.data);
	buf_release(&b);
	return cmd_exit_code(rc);
}

int cmd_print_json(cJSON *j)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!j || json_print(&b, j, true))
		rc = cmd_fail(err_set(ERR_FAIL, "out of memory"));
	else
		printf("%s\n", b.data);
	buf_release(&b);
	cJSON_Delete(j);
	return rc;
}

int cmd_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "hwforge %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'hwforge %s --help')\n", cmd);
	return EXIT_USAGE;
}

static void on_signal(int sig)
{
	(void)sig;
	proc_interrupted = 1;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal; /* no SA_RESTART: poll() sees EINTR */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int finish_stdout(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "hwforge: cannot write standard output: %s\n",
			strerror(errno));
		return code ? code : EXIT_ENV;
	}
	return code;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "keep-tmp", no_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	const struct cmd *cmd = NULL;
	struct cfg cfg;
	int c, rc, keep = 0;

	while ((c = getopt_long(argc, argv, "+hvqV", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			return finish_stdout(EXIT_PASS);
		case 'V':
			printf("hwforge %s\n", PACKAGE_VERSION);
			return finish_stdout(EXIT_PASS);
		case 'v':
			log_level++;
			break;
		case 'q':
			log_level = LOG_QUIET;
			break;
		case 'k':
			keep = 1;
			break;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(commands[i].name, argv[optind]))
			cmd = &commands[i];
	/* the old name of `hwforge assert --judge`, kept for scripts */
	if (!cmd && !strcmp(argv[optind], "assert-judge"))
		cmd = &assert_judge;
	if (!cmd) {
		fprintf(stderr, "hwforge: '%s' is not a command; see 'hwforge --help'\n",
			argv[optind]);
		return EXIT_USAGE;
	}
	rc = cfg_load(&cfg);
	if (rc)
		return cmd_fail(rc);
	if (keep)
		cfg.keep_tmp = true;
	install_signals();
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		fprintf(stderr, "hwforge: cannot initialize libcurl\n");
		return EXIT_ENV;
	}
	argv += optind;
	argc -= optind;
	optind = 0; /* reset getopt for the command (glibc: 0 reinitializes) */
	rc = cmd->fn(argc, argv, &cfg);
	if (proc_interrupted && rc != EXIT_INTR) {
		fprintf(stderr, "hwforge: interrupted\n");
		rc = EXIT_INTR;
	}
	curl_global_cleanup();
	cfg_release(&cfg);
	return finish_stdout(rc);
}
