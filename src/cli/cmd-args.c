#include "config.h"

#include <stdbool.h>
#include <stdlib.h>

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

int cmd_tool_args_init(struct cmd_tool_args *t, int argc)
{
	*t = (struct cmd_tool_args){ 0 };
	t->defines = calloc((size_t)argc + 1, sizeof(*t->defines));
	return t->defines ? 0 : err_set(ERR_FAIL, "out of memory");
}

int cmd_tool_args_opt(struct cmd_tool_args *t, int c, const char *arg)
{
	long v;
	int rc;

	switch (c) {
	case 't':
		t->top = arg;
		return 0;
	case 'D':
		t->defines[t->ndefines++] = arg;
		return 0;
	case 'T':
		rc = cfg_parse_long(arg, "--timeout", 1, 86400, &v);
		if (!rc)
			t->timeout_s = (int)v;
		return rc;
	case 'j':
		t->json = true;
		return 0;
	}
	return err_set(ERR_USAGE, "bad option");
}

void cmd_tool_args_release(struct cmd_tool_args *t)
{
	free(t->defines);
	t->defines = NULL;
}
