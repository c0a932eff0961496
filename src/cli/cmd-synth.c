#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "synth/synth.h"

static void synth_usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge synth FILE... --top NAME [options]\n\n"
		"Synthesize the design with Yosys (sandboxed) and print its\n"
		"statistics: cells by type, flops, latches, logic depth and a\n"
		"transistor estimate.  Inferred latches, multiple drivers,\n"
		"undriven signals and combinational loops fail.\n\n"
		"Options:\n"
		"  -t, --top NAME        top module (required)\n"
		"  -D, --define N[=V]    preprocessor define (repeatable)\n"
		"      --timeout S       Yosys time limit in seconds (120)\n"
		"      --allow-latches   report latches without failing\n"
		"      --allow-undriven  report undriven signals without failing\n"
		"      --json            print the report as JSON\n"
		"  -h, --help            this text\n\n"
		"Exit codes: 0 clean, 1 a blocking finding or Yosys rejected\n"
		"the design, 2 usage or unreadable input, 3 could not decide\n"
		"(yosys missing, timeout), 130 interrupted.\n");
}

static cJSON *report_json(const struct synth_report *r)
{
	cJSON *j = cJSON_CreateObject();
	int rc = 0;

	if (!j)
		return NULL;
	rc |= json_add_bool(j, "ok", r->ok);
	rc |= json_add_take(j, "class",
			    r->class ? cJSON_CreateString(r->class)
				     : cJSON_CreateNull());
	rc |= json_add_str(j, "summary", r->summary ? r->summary : "");
	rc |= json_add_take(j, "stats", synth_stats_json(&r->stats));
	rc |= json_add_take(j, "findings", cJSON_Duplicate(r->findings, 1));
	rc |= json_add_str(j, "yosys",
			   r->yosys_version ? r->yosys_version
					    : synth_yosys_version());
	rc |= json_add_num(j, "time_ms", (double)r->elapsed_ms);
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static void print_text(const struct synth_report *r)
{
	const struct synth_stats *s = &r->stats;
	const cJSON *c;

	printf("%s: %s\n", r->ok ? "ok" : r->class, r->summary);
	for (c = (r->findings) ? (r->findings)->child : NULL; c; c = c->next)
		printf("  %s: %s\n", json_get_string(c, "kind"),
		       json_get_string(c, "message"));
	if (!r->ok && r->class && !strcmp(r->class, "synth/error"))
		return;
	printf("cells %ld\nflops %ld\nlatches %ld\nwires %ld\n"
	       "wire_bits %ld\nlogic_depth %ld\ntransistors %.0f\n",
	       s->cells, s->flops, s->latches, s->wires, s->wire_bits,
	       s->logic_depth, s->area);
	for (c = (s->cells_by_type) ? (s->cells_by_type)->child : NULL; c;
	     c = c->next)
		printf("  %-16s %ld\n", c->string, (long)c->valuedouble);
}

static int print_report(const struct synth_report *r, bool json)
{
	int rc;

	if (!json) {
		print_text(r);
		return r->ok ? EXIT_PASS : EXIT_NO;
	}
	rc = cmd_print_json(report_json(r));
	if (rc)
		return rc;
	return r->ok ? EXIT_PASS : EXIT_NO;
}

int cmd_synth(int argc, char **argv, const struct cfg *cfg)
{
	static const struct option lo[] = {
		{ "top", required_argument, NULL, 't' },
		{ "define", required_argument, NULL, 'D' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "allow-latches", no_argument, NULL, 'L' },
		{ "allow-undriven", no_argument, NULL, 'U' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct synth_opts o = SYNTH_OPTS_INIT;
	struct synth_report r = SYNTH_REPORT_INIT;
	struct cmd_tool_args t;
	int c, rc = cmd_tool_args_init(&t, argc);

	if (rc) {
		cmd_tool_args_release(&t);
		return cmd_fail(rc);
	}
	while (!rc && (c = getopt_long(argc, argv, "t:D:h", lo, NULL)) != -1) {
		switch (c) {
		case 'L':
			o.allow_latches = true;
			break;
		case 'U':
			o.allow_undriven = true;
			break;
		case 'h':
			cmd_tool_args_release(&t);
			synth_usage(stdout);
			return EXIT_PASS;
		default:
			rc = cmd_tool_args_opt(&t, c, optarg);
		}
	}
	if (!rc && optind >= argc)
		rc = err_set(ERR_USAGE, "no design files");
	if (!rc && !t.top)
		rc = err_set(ERR_USAGE, "--top is required");
	if (rc) {
		cmd_tool_args_release(&t);
		return cmd_usage_error("synth", "%s", err_last());
	}
	o.files = (const char *const *)argv + optind;
	o.nfiles = (size_t)(argc - optind);
	CMD_TOOL_ARGS_TO_OPTS(&o, &t, cfg);
	rc = synth_run(&r, &o);
	cmd_tool_args_release(&t);
	if (rc) {
		synth_report_release(&r);
		return cmd_fail(rc);
	}
	rc = print_report(&r, t.json);
	synth_report_release(&r);
	return rc;
}
