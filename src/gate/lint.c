#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gate/gate-int.h"

/*
 * The lint check: verify_lint() runs the linter (iverilog -Wall at lint
 * "normal", verilator --lint-only at "strict") through the shared runner;
 * the gate renders its findings as the check's detail.
 */

static void render_findings(struct gate_check *k, const cJSON *findings)
{
	struct buf b = BUF_INIT;
	const cJSON *f;

	cJSON_ArrayForEach(f, findings)
	{
		const char *file = json_get_string(f, "file");
		const char *code = json_get_string(f, "code");
		const char *msg = json_get_string(f, "message");
		long line = (long)json_get_number(f, "line", 0);

		if (file && !k->file) {
			k->file = strdup(file);
			k->line = line;
		}
		buf_add_escaped(&b, file ? file : "-", file ? strlen(file) : 1);
		buf_addf(&b, ":%ld: %s", line, json_get_string(f, "severity"));
		if (code)
			buf_addf(&b, " [%s]", code);
		buf_addstr(&b, ": ");
		if (msg)
			buf_add_escaped(&b, msg, strlen(msg));
		buf_addch(&b, '\n');
	}
	if (b.len)
		k->detail = buf_detach(&b, NULL);
	buf_release(&b);
}

void gate__lint(struct gate_check *k, const struct gate_unit *u,
		const struct gate_opts *o)
{
	struct verify_opts vo = VERIFY_OPTS_INIT;
	struct verify_stage st;
	int rc;

	vo.files = (const char *const *)u->sources;
	vo.nfiles = u->nsources;
	vo.top = u->top;
	vo.defines = (const char *const *)u->defines;
	vo.timeout_s = u->timeout_s;
	vo.sandbox = o->sandbox;
	vo.keep_tmp = o->keep_tmp;
	rc = verify_lint(&st, &vo, u->lint == GATE_LINT_STRICT);
	if (rc) {
		k->result = GATE_ERROR;
		k->message = gate__oneline(
			rc == ERR_INTR ? "interrupted" : err_last(), 400);
	} else {
		const char *raw = json_get_string(st.evidence, "stderr");

		k->result = st.status == VERIFY_PASS   ? GATE_PASS
			    : st.status == VERIFY_FAIL ? GATE_FAIL
						       : GATE_ERROR;
		if (st.class)
			k->class = strdup(st.class);
		if (st.summary && *st.summary)
			k->message = strdup(st.summary);
		render_findings(k, json_get_array(st.evidence, "findings"));
		if (!k->detail && k->result != GATE_PASS && raw && *raw)
			k->detail = strdup(raw);
		cJSON_DeleteItemFromObjectCaseSensitive(st.evidence, "stderr");
		k->evidence = st.evidence;
		st.evidence = NULL;
		verify_stage_release(&st);
	}
	if (!k->file)
		k->file = strdup(u->sources[0]);
}
