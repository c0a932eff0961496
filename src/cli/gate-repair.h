#ifndef CLI_GATE_REPAIR_H
#define CLI_GATE_REPAIR_H

#include "cli/llm-args.h"
#include "gate/gate.h"

enum {
	GATE_REPAIR_OPT = 900,
	GATE_REPAIR_APPLY,
	GATE_REPAIR_DIR,
};
#define GATE_REPAIR_OPTIONS                                         \
	{ "repair", no_argument, NULL, GATE_REPAIR_OPT },           \
		{ "apply", no_argument, NULL, GATE_REPAIR_APPLY },  \
		{ "repair-dir", required_argument, NULL, GATE_REPAIR_DIR }

#define GATE_REPAIR_HELP                                                      \
	"  --repair        propose a patch for each failing unit (the repair\n" \
	"                  loop of hwforge-repair(1), the unit's checks as its\n" \
	"                  evidence; the LLM options of hwforge repair apply)\n" \
	"  --repair-dir D  where the patches go (hwforge-gate-repair):\n"      \
	"                  D/<unit>.patch, D/<unit>/, D/repair.json\n"        \
	"  --apply         write the fixes into the tree and run the gate\n"    \
	"                  again (without it the tree is never changed)\n"

struct gate_repair_args {
	bool on, apply;
	const char *dir;
	struct llm_args l;
};

void gate_repair_args_init(struct gate_repair_args *r, const struct cfg *cfg);
/* 0 handled, 1 not ours, else the exit code. */
int gate_repair_args_parse(struct gate_repair_args *r, int c, const char *arg);
/* After the gate ran with exit code `code`: the exit code to return. */
int gate_repair_cli(struct gate_repair_args *r, const struct gate_file *g,
		    struct gate_run *run, const struct gate_opts *go,
		    const struct cfg *cfg, int code);
void gate_repair_args_release(struct gate_repair_args *r);

#endif
