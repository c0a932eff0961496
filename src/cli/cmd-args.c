#include "config.h"

#include <stdbool.h>

#include "cli/cmd.h"

/* Option groups that several commands read the same way (cmd.h). */

int cmd_shard_opt(struct cmd_shard *s, bool count, const char *arg,
		  const char *cmd)
{
	if (count) {
		s->count = arg;
		return 0;
	}
	s->given = true;
	if (cfg_parse_shard(arg, &s->k, &s->n))
		return cmd_usage_error(cmd, "%s", err_last());
	return 0;
}

int cmd_shard_finish(const struct cmd_shard *s, int *k, int *n, const char *cmd)
{
	if (s->given) {
		*k = s->k;
		*n = s->n;
		return 0;
	}
	if (cfg_shard_from_env(k, n, s->count))
		return cmd_usage_error(cmd, "%s", err_last());
	return 0;
}
