#ifndef SYNTH_SYNTH_INT_H
#define SYNTH_SYNTH_INT_H

/*
 * Private to src/synth: paths, findings and the parser of Yosys's result
 * files.  What src/verify uses (copying inputs, mapping names back) is in
 * synth.h; identifier and define checks are base/vlex.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "synth/synth.h"

/* dir/name, malloc'd (NULL on OOM). */
char *synth_path(const char *dir, const char *name);
/* Append {"kind","signal"?,"message"} to arr (escaped). */
int synth_add_finding(cJSON *arr, const char *kind, const char *signal,
		      const char *message);

/* Read latches.txt, check.txt, stat.json and ltp.txt from dir. */
int synth_parse_results(struct synth_report *out, const char *dir,
			const char *log, const struct synth_names *nm);

#endif
