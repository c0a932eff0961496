/*
 * libFuzzer harness: the chat-completions reply parser (a JSON body or an
 * SSE stream), as an endpoint could send it.  The first byte picks the
 * content type, so both paths see every input.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "agent/reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const types[] = { "application/json",
					     "text/event-stream",
					     "text/plain", NULL };
	struct llm_reply r = { 0 };
	enum reply_kind kind = REPLY_MALFORMED;
	const char *ct = types[size ? data[0] % 4 : 0];

	if (size) {
		data++;
		size--;
	}
	if (!reply_parse(ct, (const char *)data, size, &r, &kind) &&
	    kind == REPLY_OK)
		assert(r.n > 0 && r.choices);
	llm_reply_release(&r);
	return 0;
}
