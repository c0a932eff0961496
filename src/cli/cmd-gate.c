#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmd.h"
#include "cli/gate-repair.h"
#include "gate/gate.h"

#define DEFAULT_GATEFILE "hwforge-gate.json"

enum progress_mode { PROGRESS_OFF = 0, PROGRESS_LINES, PROGRESS_TTY };

struct progress {
	enum progress_mode mode;
	const struct gate_file *g;
	size_t total;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge gate [GATEFILE] [--junit FILE] [--json] [--repair [--apply]] "
		"[--jobs N]\n"
		"\n"
		"Run every check a gate file names (lint, compile, synth, "
		"budget,\nsim:<tb>, equiv, props for each unit) in parallel "
		"and fail the build\nwhen any check fails.  GATEFILE defaults "
		"to ./" DEFAULT_GATEFILE ".\n"
		"\n"
		"Options:\n"
		"  --junit FILE    write a JUnit XML report (one testcase per "
		"unit x check)\n"
		"  --json          print the results as JSON on stdout (the "
		"table goes to\n"
		"                  stderr)\n"
		"  -j, --jobs N    checks run at once (default: HWFORGE_JOBS, "
		"the gate\n"
		"                  file's \"jobs\", else one per core; 0: one "
		"per core)\n"
		"  --progress, --no-progress\n"
		"                  force progress on stderr on or off\n"
		GATE_REPAIR_HELP
		"  -h, --help      this help\n"
		"\n"
		"With GITHUB_ACTIONS=true, failures are also printed as "
		"GitHub\nannotations (::error file=...,line=...::...).\n"
		"\n"
		"Exit codes:\n"
		"  0    every check passed\n"
		"  1    a check failed\n"
		"  2    usage error or bad gate file (the message names the "
		"key)\n"
		"  3    a check could not decide (tool missing, timeout, "
		"inconclusive)\n"
		"  130  interrupted (the partial table is printed)\n");
}

static void on_progress(const struct gate_run *run, const struct gate_check *k,
			size_t done, void *payload)
{
	struct progress *p = payload;
	const char *unit = p->g->units[k->unit].name;

	(void)run;
	if (p->mode == PROGRESS_TTY)
		fprintf(stderr, "\r\033[K[%zu/%zu] %s.%s %s", done, p->total,
			unit, k->name, gate_result_name(k->result));
	else
		fprintf(stderr, "hwforge: [%zu/%zu] %s.%s %s (%.2fs)\n", done,
			p->total, unit, k->name, gate_result_name(k->result),
			k->elapsed_ms / 1000.0);
	fflush(stderr);
}

static enum progress_mode pick_progress(const struct cfg *cfg, int forced)
{
	const char *ci = getenv("CI");
	int want = forced >= 0 ? forced : cfg->progress;

	if (want == 0 || log_level == LOG_QUIET)
		return PROGRESS_OFF;
	if (isatty(STDERR_FILENO) && !(ci && *ci) && want != 1)
		return PROGRESS_TTY;
	if (want == 1 && isatty(STDERR_FILENO))
		return PROGRESS_TTY;
	return PROGRESS_LINES;
}

/* Append the Markdown table to $GITHUB_STEP_SUMMARY when it is set. */
static int step_summary(const struct gate_file *g, const struct gate_run *r)
{
	const char *path = getenv("GITHUB_STEP_SUMMARY");
	struct buf b = BUF_INIT;
	FILE *f;
	int rc;

	if (!path || !*path)
		return 0;
	rc = gate_markdown(&b, g, r);
	f = rc ? NULL : fopen(path, "a");
	if (!rc && !f)
		rc = err_set_errno(ERR_FAIL, "cannot open '%s'", path);
	if (f && (fputs(b.data, f) == EOF || fputc('\n', f) == EOF))
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", path);
	if (f && fclose(f) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'", path);
	buf_release(&b);
	return rc;
}

static int write_reports(const struct gate_file *g, const struct gate_run *r,
			 const char *junit, bool json)
{
	FILE *table = json ? stderr : stdout;
	const char *gha = getenv("GITHUB_ACTIONS");
	int rc;

	rc = gate_write_table(table, g, r);
	if (!rc && gha && !strcmp(gha, "true")) {
		struct buf b = BUF_INIT;

		rc = gate_annotations(&b, g, r, getenv("GITHUB_WORKSPACE"));
		if (!rc)
			fputs(b.data, table);
		buf_release(&b);
	}
	if (!rc && gha && !strcmp(gha, "true"))
		rc = step_summary(g, r);
	if (!rc && junit) {
		struct buf b = BUF_INIT;

		rc = gate_junit(&b, g, r);
		if (!rc)
			rc = buf_write_file(junit, b.data, b.len);
		buf_release(&b);
	}
	if (!rc && json) {
		cJSON *j = gate_json(g, r);
		struct buf b = BUF_INIT;

		rc = j ? json_print(&b, j, true)
		       : err_set(ERR_FAIL, "out of memory");
		if (!rc)
			printf("%s\n", b.data);
		buf_release(&b);
		cJSON_Delete(j);
	}
	return rc;
}

struct gate_args {
	const char *file, *junit;
	bool json;
	long jobs; /* -1: not given */
	int progress; /* -1 auto */
	struct gate_repair_args r;
};

static int parse_args(int argc, char **argv, struct gate_args *a)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "junit", required_argument, NULL, 'J' },
		{ "json", no_argument, NULL, 'S' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "progress", no_argument, NULL, 'P' },
		{ "no-progress", no_argument, NULL, 'N' },
		GATE_REPAIR_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct option *all = llm_args_merge(opts);
	int c, rc;

	if (!all)
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	while ((c = getopt_long(argc, argv, "hj:", all, NULL)) != -1) {
		switch (c) {
		case 'h':
			usage(stdout);
			free(all);
			return 1;
		case 'J':
			a->junit = optarg;
			break;
		case 'S':
			a->json = true;
			break;
		case 'j':
			rc = cfg_parse_long(optarg, "--jobs", 0, 1024,
					    &a->jobs);
			if (rc) {
				free(all);
				return cmd_usage_error("gate", "%s",
						       err_last());
			}
			break;
		case 'P':
			a->progress = 1;
			break;
		case 'N':
			a->progress = 0;
			break;
		default:
			rc = c == '?' ? 1 : gate_repair_args_parse(&a->r, c, optarg);
			if (rc) {
				free(all);
				return rc == 1 ? cmd_usage_error(
							 "gate", "unknown option")
					       : rc;
			}
		}
	}
	free(all);
	if (a->r.apply && !a->r.on)
		return cmd_usage_error("gate", "--apply needs --repair");
	if (argc - optind > 1)
		return cmd_usage_error("gate", "one gate file at most");
	a->file = optind < argc ? argv[optind] : DEFAULT_GATEFILE;
	return 0;
}

int cmd_gate(int argc, char **argv, const struct cfg *cfg)
{
	struct gate_args a = { .jobs = -1, .progress = -1 };
	struct gate_file g;
	struct gate_run run = GATE_RUN_INIT;
	struct gate_opts o = GATE_OPTS_INIT;
	struct progress p = { PROGRESS_OFF, NULL, 0 };
	int rc, code;

	gate_repair_args_init(&a.r, cfg);
	rc = parse_args(argc, argv, &a);
	if (rc) {
		gate_repair_args_release(&a.r);
		return rc == 1 ? EXIT_PASS : rc;
	}
	rc = gate_file_load(&g, a.file);
	if (rc) {
		gate_repair_args_release(&a.r);
		cmd_fail(rc);
		return rc == ERR_USAGE || rc == ERR_NOTFOUND
			       ? EXIT_USAGE
			       : cmd_exit_code(rc);
	}
	o.jobs = a.jobs >= 0 ? (int)a.jobs : cfg->jobs ? cfg->jobs : g.jobs;
	o.sandbox = cfg->sandbox;
	o.keep_tmp = cfg->keep_tmp;
	p.mode = pick_progress(cfg, a.progress);
	p.g = &g;
	if (p.mode != PROGRESS_OFF) {
		struct gate_run plan = GATE_RUN_INIT;

		if (!gate_plan(&plan, &g))
			p.total = plan.nchecks;
		gate_run_release(&plan);
		o.progress = on_progress;
		o.payload = &p;
	}
	rc = gate_run(&run, &g, &o);
	if (p.mode == PROGRESS_TTY)
		fputs("\r\033[K", stderr);
	if (rc && rc != ERR_INTR) {
		gate_repair_args_release(&a.r);
		gate_run_release(&run);
		gate_file_release(&g);
		return cmd_fail(rc);
	}
	code = rc == ERR_INTR ? EXIT_INTR : gate_exit_code(&run);
	rc = write_reports(&g, &run, a.junit, a.json);
	if (rc)
		code = cmd_fail(rc);
	if (code == EXIT_INTR)
		fprintf(stderr, "hwforge: interrupted; the table shows the "
				"checks that finished\n");
	if (a.r.on && !rc)
		code = gate_repair_cli(&a.r, &g, &run, &o, cfg, code);
	gate_repair_args_release(&a.r);
	gate_run_release(&run);
	gate_file_release(&g);
	return code;
}
