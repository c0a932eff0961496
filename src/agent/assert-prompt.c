#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/agent-int.h"
#include "rtlgen/rtlgen.h"

/*
 * The assertion request, shared by `hwforge assert` (agent/assert.c) and
 * `hwforge bench --model` on an assertion suite (agent/samples.c): the
 * same templates, the same view of the design, so a model is asked the
 * same way by both and scores compare with the loop's first round.
 */

#define DESIGN_MAX (1u << 20)

int agent_assert_templates(struct rtlgen_templates *t, const char *dir)
{
	const char *const *base = agent_template_search();
	struct buf own = BUF_INIT;
	char *search[8];
	size_t n = 0;
	int rc = 0;

	/* --templates DIR: DIR/assert when it has one, else DIR itself */
	if (dir) {
		rc = buf_addf(&own, "%s/assert/system.txt", dir);
		if (!rc && !access(own.data, R_OK)) {
			own.data[own.len - strlen("/system.txt")] = '\0';
			rc = rtlgen_templates_load(t, own.data, NULL);
		} else if (!rc) {
			rc = rtlgen_templates_load(t, dir, NULL);
		}
		buf_release(&own);
		return rc;
	}
	for (size_t i = 0; base[i] && n + 1 < sizeof(search) / sizeof(*search);
	     i++) {
		search[n] = str_fmt("%s/assert", base[i]);
		if (!search[n]) {
			rc = err_set(ERR_FAIL, "out of memory");
			break;
		}
		n++;
	}
	search[n] = NULL;
	if (!rc)
		rc = rtlgen_templates_load(t, NULL, (const char *const *)search);
	for (size_t i = 0; i < n; i++)
		free(search[i]);
	return rc;
}

int agent_assert_design_text(struct buf *out, const char *const *files,
			     size_t nfiles)
{
	struct buf text = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; !rc && i < nfiles; i++) {
		const char *base = strrchr(files[i], '/');

		buf_reset(&text);
		rc = buf_read_file(&text, files[i], DESIGN_MAX);
		if (rc) {
			rc = err_wrap(rc, "design file '%s'", files[i]);
			break;
		}
		rc = buf_addf(out, "%s// file: %s\n%s%s", i ? "\n" : "",
			      base ? base + 1 : files[i], text.data,
			      text.len && text.data[text.len - 1] != '\n'
				      ? "\n"
				      : "");
	}
	buf_release(&text);
	return rc;
}

cJSON *agent_assert_messages(const struct rtlgen_templates *t,
			     const char *top, const char *spec,
			     const char *design, const char *last,
			     const char *feedback)
{
	struct rtlgen_spec s = RTLGEN_SPEC_INIT;

	/* the spec is shown as it is: the design is the interface */
	s.text = (char *)(spec ? spec : "");
	s.top = (char *)top;
	return rtlgen_prompt_assert(t, &s, design, last, feedback);
}
