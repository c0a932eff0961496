# agent subsystem: the LLM client, cache, transcripts, the gen loop and
# bench sample generation.
EXTRA_DIST += tests/servers/llm-server.py tests/servers/lib-server.sh
