#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"
#include "verify/verify.h"

static void equiv_usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge equiv GOLD GATE --top NAME [options]\n\n"
		"Formal equivalence of GATE (the design, untrusted) against\n"
		"GOLD (the reference).  Combinational designs: SAT on a\n"
		"bit-level miter, then word-level SMT (z3).  Sequential designs:\n"
		"equivalence from reset (reset held in cycle 0) by bounded model\n"
		"checking, k-induction and ABC pdr.  The answer is proven,\n"
		"refuted (with a counterexample: inputs per cycle and both\n"
		"designs' outputs) or inconclusive (with the reason); a timeout\n"
		"is never a pass.  A structurally identical design is proven\n"
		"before any solver runs; one Yosys cannot read is \"could not\n"
		"decide\", never refuted.\n\n"
		"Options:\n"
		"  -t, --top NAME      top module of GATE (and of GOLD)\n"
		"      --gold-top NAME top module of GOLD if it differs\n"
		"      --depth N       sequential bound in cycles (20)\n"
		"      --timeout S     per solver run, seconds (60)\n"
		"  -D, --define N[=V]  preprocessor define (repeatable)\n"
		"      --json          print the stage as JSON\n"
		"  -h, --help          this text\n\n"
		"Exit codes: 0 proven, 1 refuted (or the interfaces differ),\n"
		"2 usage or unreadable input, 3 inconclusive or could not\n"
		"decide (tool missing, timeout, unreadable by Yosys), 130\n"
		"interrupted.\n");
}

static void print_cell(const char *label, const struct vev_cell *c)
{
	printf(" %s", label);
	for (size_t i = 0; i < c->n; i++)
		printf(" %s=%s", c->kv[i].name ? c->kv[i].name : "?",
		       c->kv[i].value ? c->kv[i].value : "?");
}

static void print_text(const struct verify_stage *s)
{
	const struct verify_evidence *e = &s->ev;

	printf("%s: %s\n", verify_status_name(s->status), s->summary);
	for (size_t i = 0; i < e->ncex; i++) {
		printf("  cycle %ld:", e->cex[i].cycle);
		print_cell("inputs", &e->cex[i].inputs);
		printf(" |");
		print_cell("gold", &e->cex[i].expected);
		printf(" |");
		print_cell("gate", &e->cex[i].got);
		printf("\n");
	}
	if (e->vcd)
		printf("vcd: %s\n", e->vcd);
}

static int print_stage(const struct verify_stage *s, bool json)
{
	int rc;

	if (json) {
		rc = cmd_print_json(verify_stage_json(s));
		if (rc)
			return rc;
	} else {
		print_text(s);
	}
	switch (s->status) {
	case VERIFY_PASS:
		return EXIT_PASS;
	case VERIFY_FAIL:
		return EXIT_NO;
	default:
		return EXIT_ENV;
	}
}

static int parse_num(const char *arg, const char *what, long max, int *out)
{
	long v;

	if (cfg_parse_long(arg, what, 1, max, &v))
		return -1;
	*out = (int)v;
	return 0;
}

int cmd_equiv(int argc, char **argv, const struct cfg *cfg)
{
	static const struct option lo[] = {
		{ "top", required_argument, NULL, 't' },
		{ "gold-top", required_argument, NULL, 'g' },
		{ "depth", required_argument, NULL, 'd' },
		{ "timeout", required_argument, NULL, 'T' },
		{ "define", required_argument, NULL, 'D' },
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct verify_stage st;
	struct cmd_tool_args t;
	const char *gold[1], *gate[1];
	int c, rc = cmd_tool_args_init(&t, argc);

	if (rc) {
		cmd_tool_args_release(&t);
		return cmd_fail(rc);
	}
	memset(&st, 0, sizeof(st));
	while (!rc && (c = getopt_long(argc, argv, "t:D:h", lo, NULL)) != -1) {
		switch (c) {
		case 'g':
			o.ref_top = optarg;
			break;
		case 'd':
			rc = parse_num(optarg, "--depth", 10000,
				       &o.equiv_depth);
			break;
		case 'h':
			cmd_tool_args_release(&t);
			equiv_usage(stdout);
			return EXIT_PASS;
		default:
			rc = cmd_tool_args_opt(&t, c, optarg);
		}
	}
	if (!rc && argc - optind != 2)
		rc = err_set(ERR_USAGE, "need exactly two files: GOLD GATE");
	if (!rc && !t.top)
		rc = err_set(ERR_USAGE, "--top is required");
	if (rc) {
		cmd_tool_args_release(&t);
		return cmd_usage_error("equiv", "%s", err_last());
	}
	gold[0] = argv[optind];
	gate[0] = argv[optind + 1];
	o.refs = gold;
	o.nrefs = 1;
	o.files = gate;
	o.nfiles = 1;
	CMD_TOOL_ARGS_TO_OPTS(&o, &t, cfg);
	rc = verify_equiv(&st, &o);
	cmd_tool_args_release(&t);
	if (rc) {
		verify_stage_release(&st);
		return cmd_fail(rc);
	}
	rc = print_stage(&st, t.json);
	verify_stage_release(&st);
	return rc;
}
