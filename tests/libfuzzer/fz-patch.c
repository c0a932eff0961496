/*
 * libFuzzer harness: a model's repair answer (a unified diff or whole
 * modules) against a design file.  The input is the file's text, a NUL,
 * then the reply (no NUL: the first half is the file).  Invariant: when
 * the answer applies, the diff patch_diff() writes from the old text to
 * the new one parses and applies to the same new text.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent/patch.h"
#include "base/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t cut = nul ? (size_t)(nul - data) : size / 2;
	char *file = strndup((const char *)data, cut);
	char *reply = strndup((const char *)data + cut + (nul ? 1 : 0),
			      size - cut - (nul ? 1 : 0));
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err err;
	struct buf warn = BUF_INIT, diff = BUF_INIT;
	struct patch p = PATCH_INIT;

	if (!file || !reply || patch_files_set(&in, "rtl/a.v", file))
		abort();
	(void)patch_text_has_diff(reply);
	if (!patch_parse(&p, reply, &err))
		assert(err.cls == PATCH_OK || err.msg[0]);
	patch_release(&p);
	if (!patch_from_reply(reply, &in, &out, size & 1 ? PATCH_IGNORE_TRAILING_WS : 0,
			      &err, &warn)) {
		size_t touched = 0;

		if (!patch_diff(&diff, &in, &out, &touched) && touched) {
			struct patch q = PATCH_INIT;
			struct patch_files again = PATCH_FILES_INIT;

			assert(!patch_parse(&q, diff.data, &err));
			assert(!patch_apply(&q, &in, &again, 0, &err));
			for (size_t i = 0; i < out.n; i++) {
				const char *a = out.v[i].text;
				const char *b =
					patch_files_get(&again, out.v[i].path);

				assert((!a && !b) || (a && b && !strcmp(a, b)));
			}
			patch_files_release(&again);
			patch_release(&q);
		}
	}
	patch_files_release(&in);
	patch_files_release(&out);
	buf_release(&warn);
	buf_release(&diff);
	free(file);
	free(reply);
	return 0;
}
