#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cache.h"
#include "cli/cmd.h"
#include "verify/assert.h"
#include "base/strv.h"

/*
 * `hwforge assert --judge PROPS DESIGN... --top T`: judge an assertion
 * set without a model (verify/assert.h), optionally scored by mutation.
 * PROPS is either statements for a module (no module header, what
 * `hwforge assert` writes) or a property file that is a wrapper module
 * (rtl/npu/props/\*_props.v).
 */

static void judge_usage(FILE *f)
{
	fprintf(f,
		"usage: hwforge assert --judge PROPS DESIGN... --top NAME "
		"[options]\n\n"
		"Judge every assertion of PROPS on the design, one by one:\n"
		"proved (k-induction), bounded (no violation within the depth,\n"
		"said as such), fails (with a counterexample table), vacuous\n"
		"(the antecedent of |-> or |=> is never true within the depth),\n"
		"invalid (does not parse, outside the SVA subset, unbounded\n"
		"##[m:$], a signal the module does not have) or unknown\n"
		"(timeout).  PROPS holds either assertion statements for a\n"
		"module (no module header) or a module of its own that\n"
		"instantiates the design (its top: --props-top or its one\n"
		"module).  With --mutants, mutants of the design that are not\n"
		"proven equivalent are checked against the assertions that\n"
		"hold (bounded): the mutation score and the survivors.\n\n"
		"Options:\n"
		"      --judge PROPS     the assertions to judge\n"
		"  -t, --top NAME        top module of the design\n"
		"      --module NAME     module the statements belong to (top)\n"
		"      --props-top NAME  top of a property module file\n"
		"      --depth N         BMC and induction depth (20)\n"
		"      --timeout S       per tool run, seconds (60)\n"
		"      --mutants N|all   score by mutation: a sample of N, or all\n"
		"      --ops LIST        mutation operators (all)\n"
		"      --seed N          sample seed (1)\n"
		"  -D, --define N[=V]    preprocessor define (repeatable)\n"
		"  -o, --out DIR         write DIR/report.json\n"
		"  -h, --help            this text\n\n"
		"Exit codes: 0 every assertion holds (proved or bounded), 1 some\n"
		"fail, are vacuous or invalid, 2 usage or unreadable input, 3\n"
		"some could not be decided (timeout, tool missing).\n");
}

struct judge_args {
	struct cmd_tool_args t; /* --top, --define, --timeout */
	const char *props, *module, *props_top, *out, *ops;
	const char **files;
	size_t nfiles;
	int depth;
	long mutants; /* -1: none, 0: all */
	unsigned long seed;
};

static void print_item(const struct assert_item *it, bool mutation)
{
	printf("line %d %s: ", it->line, it->label ? it->label : "-");
	if (it->status == AS_PROVED && it->reason)
		printf("proved (%s)", it->reason);
	else if (it->status == AS_PROVED)
		printf("proved (k-induction, depth %d)", it->depth);
	else if (it->status == AS_FAILS || it->status == AS_VACUOUS)
		printf("%s", it->reason ? it->reason
					: assert_status_name(it->status));
	else
		printf("%s%s%s", assert_status_name(it->status),
		       it->reason ? ": " : "", it->reason ? it->reason : "");
	if (mutation &&
	    (it->status == AS_PROVED || it->status == AS_BOUNDED))
		printf(" killed %zu", it->killed);
	printf("\n");
	for (const char *p = it->trace; p && *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		printf("    %.*s\n", (int)n, p);
		p = e ? e + 1 : p + n;
	}
}

static int write_report(const char *dir, const struct assert_report *r)
{
	cJSON *j = assert_report_json(r);
	struct buf b = BUF_INIT, p = BUF_INIT;
	int rc = j ? 0 : err_set(ERR_FAIL, "out of memory");

	if (!rc)
		rc = mkdir_p(dir);
	if (!rc)
		rc = json_print(&b, j, true);
	if (!rc)
		rc = buf_addf(&p, "%s/report.json", dir);
	if (!rc)
		rc = buf_addch(&b, '\n');
	if (!rc)
		rc = buf_write_file(p.data, b.data, b.len);
	cJSON_Delete(j);
	buf_release(&b);
	buf_release(&p);
	return rc;
}

static int mutate(struct assert_report *r, const struct judge_args *a,
		  const struct verify_opts *o, bool file_mode,
		  const struct buf *stmts)
{
	struct mutant_set ms = MUTANT_SET_INIT;
	struct mut_opts mo = { .files = a->files, .nfiles = a->nfiles };
	int rc = 0;

	mo.module = a->t.top;
	mo.max = a->mutants > 0 ? (size_t)a->mutants : 0;
	mo.seed = a->seed;
	if (a->ops)
		rc = mut_ops_parse(&mo.ops, a->ops);
	if (!rc)
		rc = verify_mutants(&ms, &mo);
	if (!rc)
		rc = verify_mutants_equiv(&ms, &mo, o, a->t.top);
	if (!rc && file_mode)
		rc = verify_assert_mutation_file(r, o, a->props, &ms, &mo);
	else if (!rc)
		rc = verify_assert_mutation(r, o,
					    a->module ? a->module : a->t.top,
					    stmts->data, stmts->len, &ms, &mo);
	mutant_set_release(&ms);
	return rc;
}

static int run(const struct judge_args *a, const struct cfg *cfg)
{
	struct verify_opts o = VERIFY_OPTS_INIT;
	struct assert_report r = ASSERT_REPORT_INIT;
	struct buf stmts = BUF_INIT;
	bool file_mode, bad = false, unknown = false;
	int rc;

	o.files = a->files;
	o.nfiles = a->nfiles;
	o.props_top = a->props_top;
	if (a->depth)
		o.props_depth = a->depth;
	CMD_TOOL_ARGS_TO_OPTS(&o, &a->t, cfg);
	rc = verify_validate(&o);
	if (!rc)
		rc = verify_props_read(&stmts, a->props, &file_mode);
	if (rc) {
		buf_release(&stmts);
		return cmd_fail(rc);
	}
	if (file_mode) {
		rc = verify_assertions_file(&r, &o, a->props);
	} else {
		rc = verify_assertions(&r, &o, a->module ? a->module : a->t.top,
				       stmts.data, stmts.len);
	}
	if (!rc && a->mutants >= 0)
		rc = mutate(&r, a, &o, file_mode, &stmts);
	buf_release(&stmts);
	if (rc) {
		assert_report_release(&r);
		return cmd_fail(rc);
	}
	for (size_t i = 0; i < r.n; i++) {
		print_item(&r.v[i], a->mutants >= 0);
		bad |= r.v[i].status == AS_FAILS ||
		       r.v[i].status == AS_VACUOUS ||
		       r.v[i].status == AS_INVALID;
		unknown |= r.v[i].status == AS_UNKNOWN;
	}
	if (!r.n)
		printf("no assertions in %s\n", a->props);
	if (a->mutants >= 0) {
		printf("mutation score: %zu/%zu killed (%zu equivalent, %zu "
		       "stillborn discarded)\n",
		       r.killed, r.nonequiv, r.equivalent, r.stillborn);
		for (size_t i = 0; i < r.nsurvivors; i++)
			printf("survivor %s\n", r.survivors[i]);
	}
	if (a->out && (rc = write_report(a->out, &r))) {
		assert_report_release(&r);
		return cmd_fail(rc);
	}
	assert_report_release(&r);
	return bad ? EXIT_NO : unknown ? EXIT_ENV : EXIT_PASS;
}

static int parse_int(const char *arg, const char *what, long max, int *out)
{
	long v;
	int rc = cfg_parse_long(arg, what, 1, max, &v);

	if (!rc)
		*out = (int)v;
	return rc;
}

int cmd_assert_judge(int argc, char **argv, const struct cfg *cfg)
{
	enum { O_JUDGE = 256, O_MODULE, O_PTOP, O_DEPTH, O_MUT, O_OPS, O_SEED };
	static const struct option lo[] = {
		{ "judge", required_argument, NULL, O_JUDGE },
		{ "top", required_argument, NULL, 't' },
		{ "module", required_argument, NULL, O_MODULE },
		{ "props-top", required_argument, NULL, O_PTOP },
		{ "depth", required_argument, NULL, O_DEPTH },
		{ "timeout", required_argument, NULL, 'T' },
		{ "mutants", required_argument, NULL, O_MUT },
		{ "ops", required_argument, NULL, O_OPS },
		{ "seed", required_argument, NULL, O_SEED },
		{ "define", required_argument, NULL, 'D' },
		{ "out", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct judge_args a = { .mutants = -1, .seed = 1 };
	int c, rc = 0;
	long v;

	rc = cmd_tool_args_init(&a.t, argc);
	a.files = calloc((size_t)argc + 1, sizeof(*a.files));
	if (rc || !a.files) {
		cmd_tool_args_release(&a.t);
		free(a.files);
		return cmd_fail(err_set(ERR_FAIL, "out of memory"));
	}
	optind = 0;
	while (!rc && (c = getopt_long(argc, argv, "t:D:o:h", lo, NULL)) != -1) {
		switch (c) {
		case O_JUDGE:
			a.props = optarg;
			break;
		case O_MODULE:
			a.module = optarg;
			break;
		case O_PTOP:
			a.props_top = optarg;
			break;
		case O_DEPTH:
			rc = parse_int(optarg, "--depth", 200, &a.depth);
			break;
		case O_MUT:
			if (!strcmp(optarg, "all"))
				a.mutants = 0;
			else if (!(rc = cfg_parse_long(optarg, "--mutants", 1,
						       100000, &v)))
				a.mutants = v;
			break;
		case O_OPS:
			a.ops = optarg;
			break;
		case O_SEED:
			rc = cfg_parse_long(optarg, "--seed", 0, 1L << 30, &v);
			a.seed = (unsigned long)v;
			break;
		case 'o':
			a.out = optarg;
			break;
		case 'h':
			judge_usage(stdout);
			cmd_tool_args_release(&a.t);
			free(a.files);
			return EXIT_PASS;
		default:
			rc = cmd_tool_args_opt(&a.t, c, optarg);
		}
	}
	if (rc)
		rc = cmd_usage_error("assert", "%s", err_last());
	else if (!a.props)
		rc = cmd_usage_error("assert", "--judge PROPS is required");
	else if (!a.t.top)
		rc = cmd_usage_error("assert", "--top NAME is required");
	else if (optind >= argc)
		rc = cmd_usage_error("assert", "no design files");
	if (!rc) {
		for (int i = optind; i < argc; i++)
			a.files[a.nfiles++] = argv[i];
		rc = run(&a, cfg);
	}
	cmd_tool_args_release(&a.t);
	free(a.files);
	return rc;
}
