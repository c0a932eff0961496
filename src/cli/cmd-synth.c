#include "config.h"

#include "cli/cmd.h"

/* NEEDSWORK: placeholder until the synth command lands; not shipped as done. */
int cmd_synth(int argc, char **argv, const struct cfg *cfg)
{
	(void)argc;
	(void)argv;
	(void)cfg;
	err_set(ERR_FAIL, "'synth' is not implemented yet");
	return cmd_fail(ERR_FAIL);
}
