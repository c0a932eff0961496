#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli/cmd.h"

static const char *const tools[][3] = {
	{ "iverilog", "-V", NULL },
	{ "yosys", "-V", NULL },
	{ "verilator", "--version", NULL },
	{ "bwrap", "--version", NULL },
	{ "z3", "--version", NULL },
};

static void first_line(struct buf *b)
{
	char *nl = strchr(b->data, '\n');

	if (nl)
		buf_setlen(b, (size_t)(nl - b->data));
	buf_rtrim(b);
}

int cmd_version(int argc, char **argv, const struct cfg *cfg)
{
	(void)cfg;
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: hwforge version\n\nPrints the hwforge version and "
		       "the version of every external tool it uses.\n");
		return EXIT_PASS;
	}
	printf("hwforge %s\n", PACKAGE_VERSION);
	for (size_t i = 0; i < sizeof(tools) / sizeof(*tools); i++) {
		const char *argv2[] = { tools[i][0], tools[i][1], NULL };
		struct proc_opts o = PROC_OPTS_INIT;
		struct proc_result r = PROC_RESULT_INIT;
		int rc;

		o.argv = argv2;
		o.timeout_ms = 10000;
		rc = proc_run(&r, &o);
		if (rc == ERR_INTR) {
			proc_result_release(&r);
			return cmd_fail(rc);
		}
		if (rc) {
			printf("%-9s not found\n", tools[i][0]);
		} else {
			struct buf *b = r.out.len ? &r.out : &r.err;

			first_line(b);
			printf("%-9s %s\n", tools[i][0], b->data);
		}
		proc_result_release(&r);
	}
	printf("sandbox   %s\n", proc_sandbox_available() ?
				       "bwrap (read-only root, no network)" :
				       "limits only (bwrap not usable)");
	return EXIT_PASS;
}
