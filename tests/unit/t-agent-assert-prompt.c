#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/agent-int.h"
#include "base/tmpdir.h"
#include "rtlgen/rtlgen.h"
#include "tap.h"

/* The assertion request both `hwforge assert` and bench send. */

static const char *counter_v =
	"module counter(input clk, input rst, output reg [3:0] q);\n"
	"\talways @(posedge clk) if (rst) q <= 0; else q <= q + 1;\n"
	"endmodule";

static const char *content(const cJSON *msgs, int i, const char *role)
{
	const cJSON *m = cJSON_GetArrayItem(msgs, i);
	const char *r = json_get_string(m, "role");

	return r && !strcmp(r, role) ? json_get_string(m, "content") : NULL;
}

int main(void)
{
	const char *top = getenv("TOP_SRCDIR");
	struct rtlgen_templates t = RTLGEN_TEMPLATES_INIT;
	struct tmpdir td;
	struct buf dir = BUF_INIT, path = BUF_INIT, design = BUF_INIT;
	const char *files[1];
	cJSON *m;

	if (!top)
		top = "..";
	buf_addf(&dir, "%s/share/templates", top);
	ok(!agent_assert_templates(&t, dir.data),
	   "--templates DIR finds DIR/assert");
	has_str(t.dir, "templates/assert", "the assert directory was taken");
	has_str(t.system, "verification engineer", "its system prompt");

	ok(!tmpdir_create(&td, "t-assert-prompt"), "temp dir");
	buf_addf(&path, "%s/counter.v", td.path);
	ok(!buf_write_file(path.data, counter_v, strlen(counter_v)),
	   "design written");
	files[0] = path.data;
	ok(!agent_assert_design_text(&design, files, 1), "design text");
	has_str(design.data, "// file: counter.v\nmodule counter(",
		"each file under its base name");
	ok(design.len && design.data[design.len - 1] == '\n',
	   "a file without a final newline gets one");

	m = agent_assert_messages(&t, "counter", "Counts up.", design.data,
				  NULL, NULL);
	is_int(cJSON_GetArraySize(m), 2, "first round: system and user");
	has_str(content(m, 1, "user"), "q <= q + 1", "the design is shown");
	has_str(content(m, 1, "user"), "module `counter`", "the top is named");
	has_str(content(m, 1, "user"), "Counts up.", "the spec is shown");
	has_str(content(m, 1, "user"), RTLGEN_SENTINEL_BEGIN,
		"the reply format is asked for");
	ok(!strstr(content(m, 1, "user"), "{{"), "every variable rendered");
	cJSON_Delete(m);

	m = agent_assert_messages(&t, "counter", NULL, design.data,
				  "p_a: assert property (@(posedge clk) 1);",
				  "p_a fails at cycle 2");
	is_int(cJSON_GetArraySize(m), 4, "repair round: four messages");
	has_str(content(m, 2, "assistant"), "p_a: assert property",
		"the last set as the model's own reply");
	has_str(content(m, 3, "user"), "p_a fails at cycle 2",
		"the feedback in the last message");
	cJSON_Delete(m);

	ok(!agent_assert_messages(&t, "counter", NULL, NULL, NULL, NULL),
	   "no design: no prompt");
	files[0] = "/nonexistent/x.v";
	buf_reset(&design);
	ok(agent_assert_design_text(&design, files, 1) == ERR_NOTFOUND,
	   "a missing file is ERR_NOTFOUND");
	has_str(err_last(), "/nonexistent/x.v", "and the error names it");

	rtlgen_templates_release(&t);
	tmpdir_remove(&td);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&design);
	return done();
}
