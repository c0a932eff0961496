#ifndef AGENT_REPLY_H
#define AGENT_REPLY_H

#include <stddef.h>

#include "agent/agent-int.h"

/* How a 200 reply body turned out. */
enum reply_kind {
	REPLY_OK = 0,
	REPLY_MALFORMED, /* not JSON, choices not an array, a bad chunk */
	REPLY_TRUNCATED, /* a stream that ended without [DONE] or finish */
	REPLY_ERROR_EVENT, /* {"error": ...} in the body or the stream */
	REPLY_EMPTY, /* a completion whose "choices" is empty */
};

/*
 * Parse a chat-completions reply: a JSON completion, or an SSE stream
 * (by content type or a leading "data:").  Stream deltas are joined per
 * choice index; reasoning (reasoning_content / reasoning) is kept apart;
 * a usage chunk with empty or null choices is read.  Returns 0 with
 * *kind set (only REPLY_OK fills out), or ERR_FAIL (out of memory).
 */
int reply_parse(const char *content_type, const char *body, size_t len,
		struct llm_reply *out, enum reply_kind *kind);

#endif
