#ifndef SYNTH_SYNTH_INT_H
#define SYNTH_SYNTH_INT_H

/*
 * Helpers shared by the synth stage and the formal stages (equiv, props
 * in src/verify): copying untrusted inputs into a run directory, mapping
 * the copied names back in tool messages, and name validation for text
 * that goes into a Yosys script.  Not part of the public synth.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "synth/synth.h"

struct synth_names {
	char **copied; /* NULL-ended base names inside the run dir */
	const char *const *user; /* the caller's paths, borrowed */
	size_t n;
};

/*
 * Copy files into dir as "<prefix><i>_<sanitized basename>".  A missing,
 * unreadable, binary or oversized (> 8 MiB) file is ERR_USAGE naming it.
 */
int synth_copy_inputs(struct synth_names *nm, const char *dir,
		      const char *const *files, size_t n, const char *prefix);
void synth_names_release(struct synth_names *nm);
/* Append text with copied names replaced by the user's, escaped. */
int synth_map_names(struct buf *out, const char *s, size_t len,
		    const struct synth_names *nm);

/* A plain Verilog identifier ([A-Za-z_][A-Za-z0-9_$]*). */
bool synth_is_ident(const char *s);
/* NAME or NAME=VALUE with a value free of blanks, quotes and ';'. */
bool synth_is_define(const char *s);
/* dir/name, malloc'd (NULL on OOM). */
char *synth_path(const char *dir, const char *name);
/* Append {"kind","signal"?,"message"} to arr (escaped). */
int synth_add_finding(cJSON *arr, const char *kind, const char *signal,
		      const char *message);

/* Read latches.txt, check.txt, stat.json and ltp.txt from dir. */
int synth_parse_results(struct synth_report *out, const char *dir,
			const char *log, const struct synth_names *nm);

#endif
