#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/proc.h"
#include "base/toolver.h"

static const char *version_flag(const char *tool)
{
	static const char *const dash_v[] = { "iverilog", "vvp", "yosys",
					      NULL };

	for (size_t i = 0; dash_v[i]; i++)
		if (!strcmp(tool, dash_v[i]))
			return "-V";
	return "--version";
}

int tool_version_probe(struct buf *out, const char *tool)
{
	const char *argv[] = { tool, version_flag(tool), NULL };
	struct proc_result r = PROC_RESULT_INIT;
	struct proc_opts po = PROC_OPTS_INIT;
	const struct buf *b;
	int rc;

	po.argv = argv;
	po.timeout_ms = 10000;
	po.max_output = 65536;
	rc = proc_run(&r, &po);
	if (!rc && (r.timed_out || (!r.out.len && !r.err.len)))
		rc = err_set(ERR_FAIL, "%s %s printed nothing", tool, argv[1]);
	if (!rc) {
		b = r.out.len ? &r.out : &r.err;
		rc = buf_add(out, b->data, strcspn(b->data, "\n"));
	}
	if (!rc)
		buf_rtrim(out);
	proc_result_release(&r);
	return rc;
}

#define TOOLS_MAX 16

static struct {
	char *tool;
	char *version; /* NULL: missing */
} seen[TOOLS_MAX];
static size_t nseen;
static pthread_mutex_t seen_lock = PTHREAD_MUTEX_INITIALIZER;

const char *tool_version(const char *tool)
{
	const char *v = NULL;
	struct buf b = BUF_INIT;
	struct err_saved saved;
	size_t i;

	pthread_mutex_lock(&seen_lock);
	for (i = 0; i < nseen && strcmp(seen[i].tool, tool); i++)
		;
	if (i < nseen) {
		v = seen[i].version;
	} else {
		err_save(&saved);
		if (!tool_version_probe(&b, tool))
			v = buf_detach(&b, NULL);
		else /* a missing tool is a NULL version, not this
		      * thread's error: keep why the run may be stopping */
			err_restore(&saved);
		if (nseen < TOOLS_MAX && (seen[nseen].tool = strdup(tool)))
			seen[nseen++].version = (char *)v;
	}
	pthread_mutex_unlock(&seen_lock);
	buf_release(&b);
	return v;
}
