#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "dataset/dataset.h"

static void mine_usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge mine REPO... --out DIR [options]\n"
		"       hwforge mine REPO... --list-commits\n\n"
		"Mine the git history of each repository (work tree or bare)\n"
		"for hardware bug fixes: commits classified by message (whole\n"
		"words, issue references, reverts, conventional 'fix:') before\n"
		"any tree is read, HDL changes (.v .sv .svh .vh) found by a tree\n"
		"compare that skips equal subtrees, and one record per changed\n"
		"module (before, after, hunks, message, role, licence, score and\n"
		"reasons) in DIR/<name>/records.jsonl.  Re-running mines only\n"
		"the new commits.  Skipped objects (missing, corrupt, binary,\n"
		"too big) go to DIR/<name>/skipped.jsonl with the reason.\n"
		"DIR/clusters.jsonl holds exact and near-duplicate clusters,\n"
		"DIR/manifest.json the heads, rules, counts and file hashes.\n\n"
		"Options:\n"
		"  -o, --out DIR        output directory\n"
		"      --branch REV     mine REV instead of HEAD\n"
		"      --since REV      leave out REV and its history\n"
		"      --merges         include merge commits (vs first parent)\n"
		"  -j, --jobs N         repositories mined side by side\n"
		"      --min-score X    write records scoring at least X (2)\n"
		"      --max-blob N     skip blobs larger than N bytes (1048576)\n"
		"      --resume         continue an interrupted run\n"
		"      --contamination DIR  flag modules sharing >= half of their\n"
		"                       8-token n-grams with a file of the suite\n"
		"                       in DIR (VerilogEval, RTLLM; repeatable)\n"
		"      --filter LIST    label each record through the check\n"
		"                       pipeline: compile, synth, equiv (both\n"
		"                       sides compile / synthesize; equivalence of\n"
		"                       after against before: proven, refuted with\n"
		"                       the counterexample, inconclusive); each\n"
		"                       side with the packages, includes and\n"
		"                       submodules of its commit's tree; slow\n"
		"      --timeout S      per tool run with --filter (30)\n"
		"      --to-suite DIR   write the pairs that compile, synthesize\n"
		"                       and provably differ as native bench tasks\n"
		"                       (patch mode: buggy module and evidence in\n"
		"                       the spec, the fix as the reference)\n"
		"      --list-commits   print the HDL-touching commits, one id a\n"
		"                       line (no output directory)\n"
		"  -h, --help           this text\n\n"
		"Exit codes: 0 done, 2 usage or a path that is not a repository\n"
		"(the others are still mined), 3 I/O failure, 130 interrupted.\n");
}

static int parse_opts(int argc, char **argv, const struct cfg *cfg,
		      struct dataset_opts *o, const char ***dirs)
{
	static const struct option lo[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "branch", required_argument, NULL, 'b' },
		{ "since", required_argument, NULL, 's' },
		{ "merges", no_argument, NULL, 'm' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "min-score", required_argument, NULL, 'S' },
		{ "max-blob", required_argument, NULL, 'B' },
		{ "resume", no_argument, NULL, 'r' },
		{ "list-commits", no_argument, NULL, 'l' },
		{ "filter", required_argument, NULL, 'f' },
		{ "contamination", required_argument, NULL, 'C' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "to-suite", required_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	long v;
	double d;
	int c;

	o->jobs = cfg->jobs > 0 ? cfg->jobs : pool_default_jobs();
	o->sandbox = cfg->sandbox;
	while ((c = getopt_long(argc, argv, "ho:j:", lo, NULL)) != -1) {
		switch (c) {
		case 'o': o->out_dir = optarg; break;
		case 'b': o->branch = optarg; break;
		case 's': o->since = optarg; break;
		case 'm': o->merges = true; break;
		case 'r': o->resume = true; break;
		case 'l': o->list_commits = true; break;
		case 'j':
			if (cfg_parse_long(optarg, "--jobs", 1, 256, &v))
				return cmd_usage_error("mine", "%s", err_last());
			o->jobs = (int)v;
			break;
		case 'S':
			if (cfg_parse_double(optarg, "--min-score", -100, 100, &d))
				return cmd_usage_error("mine", "%s", err_last());
			o->min_score = d;
			break;
		case 'B':
			if (cfg_parse_long(optarg, "--max-blob", 1, 1L << 30, &v))
				return cmd_usage_error("mine", "%s", err_last());
			o->max_blob = (size_t)v;
			break;
		case 'C': {
			const char **nv = realloc(*dirs, (o->ncontam + 1) * sizeof(*nv));

			if (!nv)
				return cmd_usage_error("mine", "out of memory");
			*dirs = nv;
			nv[o->ncontam++] = optarg;
			o->contam = nv;
			break;
		}
		case 'f':
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ",");

				if (n == 7 && !strncmp(p, "compile", n))
					o->filters |= DATASET_FILTER_COMPILE;
				else if (n == 5 && !strncmp(p, "synth", n))
					o->filters |= DATASET_FILTER_SYNTH;
				else if (n == 5 && !strncmp(p, "equiv", n))
					o->filters |= DATASET_FILTER_EQUIV;
				else
					return cmd_usage_error("mine", "--filter: '%.*s' is "
							       "not compile, synth or equiv",
							       (int)n, p);
				p += n + (p[n] == ',');
			}
			break;
		case 'U': o->to_suite = optarg; break;
		case 'T':
			if (cfg_parse_long(optarg, "--timeout", 1, 86400, &v))
				return cmd_usage_error("mine", "%s", err_last());
			o->filter_timeout = (int)v;
			break;
		case 'h':
			mine_usage(stdout);
			return -1;
		default:
			mine_usage(stderr);
			return EXIT_USAGE;
		}
	}
	return 0;
}

int cmd_mine(int argc, char **argv, const struct cfg *cfg)
{
	struct dataset_opts o = DATASET_OPTS_INIT;
	const char *kill_after = getenv("HWFORGE_TEST_KILL_AFTER");
	const char **contam = NULL;
	int rc = parse_opts(argc, argv, cfg, &o, &contam);

	if (rc) {
		free(contam);
		return rc < 0 ? EXIT_PASS : rc;
	}
	if (o.to_suite && o.filters != (DATASET_FILTER_COMPILE |
					 DATASET_FILTER_SYNTH | DATASET_FILTER_EQUIV)) {
		free(contam);
		return cmd_usage_error("mine", "--to-suite needs "
				       "--filter compile,synth,equiv");
	}
	if (optind >= argc || (!o.out_dir && !o.list_commits)) {
		free(contam);
		return cmd_usage_error("mine", optind >= argc
				       ? "no repository given"
				       : "--out DIR is required");
	}
	if (kill_after && *kill_after)
		o.kill_after = strtol(kill_after, NULL, 10);
	o.repos = (const char *const *)argv + optind;
	o.nrepos = (size_t)(argc - optind);
	o.list = stdout;
	rc = dataset_mine(&o);
	free(contam);
	if (rc)
		return cmd_fail(rc);
	return EXIT_PASS;
}
