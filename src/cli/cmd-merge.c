#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench/bench.h"
#include "cli/cmd.h"

/* hwforge merge: combine shard outputs of 'hwforge bench' into one. */

static void merge_help(FILE *f)
{
	fprintf(f,
		"usage: hwforge merge [--out DIR] [--allow-unscored] SHARD-DIR...\n\n"
		"Combine the output directories of 'hwforge bench --shard K/N'\n"
		"(all N of them, same suite) into one results.jsonl,\n"
		"selftest.json, summary.json and report.html.  The summary is\n"
		"the one an unsharded run gives (apart from \"timing\").\n\n"
		"Options:\n"
		"  --out DIR         output directory (default: bench-merged)\n"
		"  --allow-unscored  exit 0 even if some samples could not be\n"
		"                    scored (broken or unknown task)\n"
		"  -h, --help        this text\n\n"
		"Exit codes:\n"
		"  0    merged, every sample scored\n"
		"  2    usage error or bad input (not a bench output, another\n"
		"       suite, a shard missing or given twice)\n"
		"  3    samples of broken or unknown tasks were not scored\n"
		"       (named on stderr), or the output could not be written\n");
}

int cmd_merge(int argc, char **argv, const struct cfg *cfg)
{
	static const struct option opts[] = {
		{ "out", required_argument, NULL, 'o' },
		{ "allow-unscored", no_argument, NULL, 'U' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *out = "bench-merged";
	struct buf text = BUF_INIT;
	cJSON *summary = NULL;
	bool allow = false;
	int c, rc;

	(void)cfg;
	while ((c = getopt_long(argc, argv, "ho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
			merge_help(stdout);
			return EXIT_PASS;
		case 'o':
			out = optarg;
			break;
		case 'U':
			allow = true;
			break;
		default:
			return cmd_usage_error("merge", "unknown option");
		}
	}
	if (optind >= argc)
		return cmd_usage_error("merge", "give the shard directories");
	rc = bench_merge(&summary, (const char *const *)argv + optind,
			 (size_t)(argc - optind), out);
	if (rc)
		return cmd_fail(rc);
	rc = bench_summary_text(&text, summary);
	if (!rc) {
		fputs(text.data, stdout);
		printf("results: %s/summary.json, %s/report.html\n", out, out);
	}
	buf_release(&text);
	rc = rc ? cmd_fail(rc) : cmd_bench_unscored(summary, allow);
	cJSON_Delete(summary);
	return rc;
}
