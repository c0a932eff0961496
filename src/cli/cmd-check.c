#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "verify/verify.h"

/* hwforge check: run the check pipeline on one design, print the verdict. */

#define CHECK_MAX_LIST	64
#define CHECK_SHOW_ROWS 5

static void check_help(FILE *f)
{
	fprintf(f,
		"usage: hwforge check [options] FILE...\n\n"
		"Judge a design with real tools: screen, compile (iverilog),\n"
		"synth (yosys), sim (testbench or differential against the\n"
		"reference), equiv (formal, with --ref), props (with --props).\n\n"
		"Options:\n"
		"  --top NAME          top module of the design (default: the\n"
		"                      one module nothing else instantiates)\n"
		"  --ref FILE          reference design (repeatable)\n"
		"  --ref-top NAME      reference top (default: --top)\n"
		"  --tb FILE           testbench; passes iff it exits 0 and prints\n"
		"                      no ERROR:/FATAL: line\n"
		"  --tb-top NAME       testbench top (default: detected)\n"
		"  --props FILE        property file (repeatable): a module, or\n"
		"                      assertion statements for the top (judged\n"
		"                      one by one)\n"
		"  --depth N           bound for equivalence and properties (20)\n"
		"  --timeout S         limit per tool run, seconds (60)\n"
		"  --seed N            stimulus seed (1)\n"
		"  --cycles N          differential simulation cycles (1000)\n"
		"  --stages LIST       comma list of compile,synth,sim,equiv,props\n"
		"  --define NAME[=V]   preprocessor define (repeatable)\n"
		"  --allow-file-io     let the design use files ($fopen, $fwrite,\n"
		"                      $readmemh, $dump*, $table_model, ...),\n"
		"                      plusargs and $finish/$stop (not $system)\n"
		"  --allow-latches     latches are findings, not failures\n"
		"  --json              print the verdict object on stdout\n"
		"  --jobs N            stages run side by side after compile (2;\n"
		"                      1: one tool at a time)\n"
		"  -h, --help          this text\n\n"
		"Exit codes:\n"
		"  0    pass: every stage that ran passed\n"
		"  1    fail: the design failed a stage\n"
		"  2    usage error or bad input (missing, empty, binary or\n"
		"       oversized file, unknown module)\n"
		"  3    could not decide (tool missing, timeout, inconclusive)\n"
		"  130  interrupted\n");
}

struct check_args {
	struct verify_opts o;
	const char *refs[CHECK_MAX_LIST], *props[CHECK_MAX_LIST];
	const char *defines[CHECK_MAX_LIST + 1];
	size_t ndefines;
	bool json;
};

static int push(const char **v, size_t *n, const char *s, const char *what)
{
	if (*n >= CHECK_MAX_LIST)
		return cmd_usage_error("check", "too many %s (at most %d)",
				       what, CHECK_MAX_LIST);
	v[(*n)++] = s;
	return 0;
}

static int parse_stages(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned bit;
	} map[] = {
		{ "compile", VERIFY_STAGE_COMPILE },
		{ "synth", VERIFY_STAGE_SYNTH },
		{ "sim", VERIFY_STAGE_SIM },
		{ "equiv", VERIFY_STAGE_EQUIV },
		{ "props", VERIFY_STAGE_PROPS },
	};

	*out = VERIFY_STAGE_COMPILE;
	while (*s) {
		size_t n = strcspn(s, ","), i;

		for (i = 0; i < sizeof(map) / sizeof(*map); i++)
			if (strlen(map[i].name) == n &&
			    !strncmp(map[i].name, s, n))
				break;
		if (i == sizeof(map) / sizeof(*map))
			return cmd_usage_error("check",
					       "--stages: unknown "
					       "stage '%.*s'",
					       (int)n, s);
		*out |= map[i].bit;
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}

static int num(const char *s, const char *what, long min, long max, long *v)
{
	if (cfg_parse_long(s, what, min, max, v))
		return cmd_usage_error("check", "%s", err_last());
	return 0;
}

enum {
	OPT_TOP = 256,
	OPT_REF,
	OPT_REF_TOP,
	OPT_TB,
	OPT_TB_TOP,
	OPT_PROPS,
	OPT_DEPTH,
	OPT_TIMEOUT,
	OPT_SEED,
	OPT_CYCLES,
	OPT_STAGES,
	OPT_DEFINE,
	OPT_FILE_IO,
	OPT_LATCHES,
	OPT_JSON,
	OPT_JOBS,
};

static int parse_one(struct check_args *a, int c, const char *arg)
{
	struct verify_opts *o = &a->o;
	long v;
	int rc = 0;

	switch (c) {
	case OPT_TOP:
		o->top = arg;
		break;
	case OPT_REF:
		rc = push(a->refs, &o->nrefs, arg, "--ref");
		break;
	case OPT_REF_TOP:
		o->ref_top = arg;
		break;
	case OPT_TB:
		o->tb = arg;
		break;
	case OPT_TB_TOP:
		o->tb_top = arg;
		break;
	case OPT_PROPS:
		rc = push(a->props, &o->nprops, arg, "--props");
		break;
	case OPT_DEFINE:
		rc = push(a->defines, &a->ndefines, arg, "--define");
		break;
	case OPT_FILE_IO:
		o->allow_file_io = true;
		break;
	case OPT_LATCHES:
		o->allow_latches = true;
		break;
	case OPT_JSON:
		a->json = true;
		break;
	case OPT_STAGES:
		rc = parse_stages(arg, &o->stages);
		break;
	case OPT_DEPTH:
		rc = num(arg, "--depth", 1, 10000, &v);
		o->equiv_depth = o->props_depth = (int)v;
		break;
	case OPT_TIMEOUT:
		rc = num(arg, "--timeout", 1, 86400, &v);
		o->timeout_s = (int)v;
		break;
	case OPT_SEED:
		rc = num(arg, "--seed", 0, 2147483647L, &v);
		o->seed = (unsigned long)v;
		break;
	case OPT_JOBS:
		rc = num(arg, "--jobs", 1, 64, &v);
		o->jobs = (int)v;
		break;
	case OPT_CYCLES:
		rc = num(arg, "--cycles", 1, 100000, &v);
		o->sim_cycles = (int)v;
		break;
	default:
		rc = EXIT_USAGE;
	}
	return rc;
}

static int parse_args(struct check_args *a, int argc, char **argv, bool *help)
{
	static const struct option opts[] = {
		{ "top", required_argument, NULL, OPT_TOP },
		{ "ref", required_argument, NULL, OPT_REF },
		{ "ref-top", required_argument, NULL, OPT_REF_TOP },
		{ "tb", required_argument, NULL, OPT_TB },
		{ "tb-top", required_argument, NULL, OPT_TB_TOP },
		{ "props", required_argument, NULL, OPT_PROPS },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "seed", required_argument, NULL, OPT_SEED },
		{ "cycles", required_argument, NULL, OPT_CYCLES },
		{ "stages", required_argument, NULL, OPT_STAGES },
		{ "define", required_argument, NULL, OPT_DEFINE },
		{ "allow-file-io", no_argument, NULL, OPT_FILE_IO },
		{ "allow-latches", no_argument, NULL, OPT_LATCHES },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*help = false;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		int rc;

		if (c == 'h') {
			*help = true;
			return 0;
		}
		if (c == '?' || c == ':')
			return cmd_usage_error("check", "bad option");
		rc = parse_one(a, c, optarg);
		if (rc)
			return rc;
	}
	if (optind >= argc)
		return cmd_usage_error("check", "no design files given");
	a->o.files = (const char *const *)argv + optind;
	a->o.nfiles = (size_t)(argc - optind);
	a->o.refs = a->refs;
	a->o.props = a->props;
	a->defines[a->ndefines] = NULL;
	a->o.defines = a->defines;
	return 0;
}

/* ---- human output ----------------------------------------------------- */

static void put_escaped(FILE *f, const char *s)
{
	struct buf b = BUF_INIT;

	if (s && !buf_add_escaped(&b, s, strlen(s)))
		fputs(b.data, f);
	buf_release(&b);
}

static void show_pairs(const char *label, const struct vev_cell *c)
{
	printf(" %s", label);
	for (size_t i = 0; i < c->n; i++) {
		printf(" ");
		put_escaped(stdout, c->kv[i].name);
		printf("=");
		put_escaped(stdout, c->kv[i].value ? c->kv[i].value : "?");
	}
}

/* Diagnostics: "file:line: message 'token'" and the source line. */
static int show_diags(const struct vev_diag *d, size_t n, int shown)
{
	for (size_t i = 0; i < n && shown < CHECK_SHOW_ROWS; i++, shown++) {
		printf("    ");
		put_escaped(stdout, d[i].file);
		printf(":%ld: ", d[i].line);
		put_escaped(stdout, d[i].message);
		if (d[i].token) {
			printf(" '");
			put_escaped(stdout, d[i].token);
			printf("'");
		}
		printf("\n");
		if (d[i].source && *d[i].source) {
			printf("      | ");
			put_escaped(stdout, d[i].source);
			printf("\n");
		}
	}
	return shown;
}

/* The stage's typed evidence; false when it had nothing to show. */
static bool show_evidence(const struct verify_evidence *e)
{
	int n = show_diags(e->diags, e->ndiags, 0);

	n = show_diags(e->violations, e->nviolations, n);
	for (size_t i = 0; i < e->nports; i++) {
		printf("    ");
		put_escaped(stdout, e->ports[i]);
		printf("\n");
	}
	for (size_t i = 0; i < e->ntable && n < CHECK_SHOW_ROWS; i++, n++) {
		printf("    cycle %ld:", e->table[i].cycle);
		show_pairs("in", &e->table[i].inputs);
		show_pairs("| expected", &e->table[i].expected);
		show_pairs("| got", &e->table[i].got);
		printf("\n");
	}
	for (size_t i = 0; i < e->nfindings && n < CHECK_SHOW_ROWS; i++, n++) {
		printf("    ");
		put_escaped(stdout, e->findings[i].kind);
		printf(": ");
		put_escaped(stdout, e->findings[i].message);
		printf("\n");
	}
	return e->ndiags || e->nviolations || e->nports || e->ntable ||
	       e->nfindings;
}

/* The first lines of an evidence text (a log, the design's output). */
static void show_text(const struct verify_evidence *e)
{
	const struct {
		const char *label, *text;
	} texts[] = {
		{ "log", e->log },
		{ "output", e->output },
		{ "stderr", e->tool_stderr },
		{ "reference_log", e->ref_log },
	};

	for (size_t k = 0; k < sizeof(texts) / sizeof(*texts); k++) {
		const char *t = texts[k].text;
		int lines = 0;

		while (t && *t && lines < 3) {
			size_t n = strcspn(t, "\n");

			printf("    %s| %.*s\n", texts[k].label,
			       (int)(n > 120 ? 120 : n), t);
			lines++;
			t += n;
			if (*t)
				t++;
		}
		if (lines)
			return;
	}
}

static void show_human(const struct verify_verdict *v)
{
	const char *top =
		json_get_string(json_get_object(v->meta, "flags"), "top");

	printf("check ");
	put_escaped(stdout, top ? top : "?");
	printf(": ");
	put_escaped(stdout, verify_status_name(v->status));
	if (v->failed >= 0 && v->stages[v->failed].class) {
		printf(" (");
		put_escaped(stdout, v->stages[v->failed].class);
		printf(")");
	}
	printf("\n");
	for (size_t i = 0; i < v->nstages; i++) {
		const struct verify_stage *s = &v->stages[i];

		printf("  %-8s %-12s %6.2fs  ", s->name,
		       verify_status_name(s->status), s->elapsed_ms / 1000.0);
		put_escaped(stdout, s->summary);
		printf("\n");
		if (s->status != VERIFY_PASS && s->status != VERIFY_SKIPPED &&
		    !show_evidence(&s->ev))
			show_text(&s->ev);
	}
}

int cmd_check(int argc, char **argv, const struct cfg *cfg)
{
	struct check_args a = { .o = VERIFY_OPTS_INIT };
	struct verify_verdict v;
	bool help;
	int rc;

	rc = parse_args(&a, argc, argv, &help);
	if (rc)
		return rc;
	if (help) {
		check_help(stdout);
		return EXIT_PASS;
	}
	a.o.keep_tmp = cfg->keep_tmp;
	a.o.sandbox = cfg->sandbox;
	rc = verify_check(&v, &a.o);
	if (rc)
		return cmd_fail(rc);
	if (a.json)
		rc = cmd_print_json(verify_verdict_json(&v));
	else
		show_human(&v);
	if (rc) {
		verify_verdict_release(&v);
		return rc;
	}
	switch (v.status) {
	case VERIFY_PASS:
	case VERIFY_SKIPPED:
		rc = EXIT_PASS;
		break;
	case VERIFY_FAIL:
		rc = EXIT_NO;
		break;
	default:
		rc = EXIT_ENV;
	}
	verify_verdict_release(&v);
	return rc;
}
