#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/toolver.h"
#include "cli/cmd.h"

static const char *const tools[] = { "iverilog", "yosys", "verilator",
				      "bwrap", "z3" };

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
		const char *v = tool_version(tools[i]);

		if (proc_interrupted)
			return cmd_fail(ERR_INTR);
		printf("%-9s %s\n", tools[i], v ? v : "not found");
	}
	printf("sandbox   %s\n", proc_sandbox_available() ?
				       "bwrap (read-only root, no network)" :
				       "limits only (bwrap not usable)");
	return EXIT_PASS;
}
