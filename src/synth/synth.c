#include "config.h"

#include <stdlib.h>

#include "synth/synth.h"

/* NEEDSWORK: first compiling version; the Yosys flow replaces it. */
int synth_run(struct synth_report *out, const struct synth_opts *o)
{
	(void)o;
	*out = (struct synth_report)SYNTH_REPORT_INIT;
	return err_set(ERR_FAIL, "synthesis is not implemented yet");
}

void synth_report_release(struct synth_report *r)
{
	if (!r)
		return;
	free(r->class);
	free(r->summary);
	cJSON_Delete(r->findings);
	cJSON_Delete(r->stats.cells_by_type);
	free(r->log);
	free(r->yosys_version);
	*r = (struct synth_report)SYNTH_REPORT_INIT;
}

cJSON *synth_stats_json(const struct synth_stats *s)
{
	(void)s;
	return cJSON_CreateObject();
}

const char *synth_yosys_version(void)
{
	return "unknown";
}
