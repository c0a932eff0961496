# agent subsystem: the LLM client, cache, transcripts, the gen loop and
# bench sample generation.
noinst_LIBRARIES += src/agent/libagent.a
src_agent_libagent_a_SOURCES = src/agent/agent.h src/agent/agent-int.h \
	src/agent/llm.c src/agent/reply.c src/agent/reply.h \
	src/agent/samples.c src/agent/loop.c src/agent/gen.c \
	src/agent/oracle.c \
	src/agent/patch.c src/agent/patch.h src/agent/repair.c \
	src/agent/assert-prompt.c src/agent/assert.c
# the source tree's templates are the fallback for uninstalled builds
src_agent_libagent_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHWFORGE_SRCDIR='"$(abs_top_srcdir)"'
HWFORGE_LIBS += src/agent/libagent.a

EXTRA_DIST += tests/servers/llm-server.py tests/servers/lib-server.sh \
	tests/fixtures/agent tests/fixtures/repair \
	tests/fixtures/assert-loop

E2E_TESTS += tests/e2e/t5000-gen-repair.sh tests/e2e/t5001-gen-reject-n.sh \
	tests/e2e/t5002-gen-faults.sh tests/e2e/t5003-gen-resume.sh \
	tests/e2e/t5004-gen-usage.sh tests/e2e/t5005-gen-interrupt.sh \
	tests/e2e/t5006-gen-classes.sh tests/e2e/t5010-llm-llamacpp.sh \
	tests/e2e/t5011-llm-vllm.sh tests/e2e/t5012-llm-ollama.sh \
	tests/e2e/t5013-llm-openai.sh tests/e2e/t5014-gen-fault-matrix.sh \
	tests/e2e/t5015-gen-kill9.sh tests/e2e/t5040-gen-oracle-free.sh \
	tests/e2e/t5030-repair-loop.sh tests/e2e/t5020-assert-loop.sh
dist_man_MANS += doc/hwforge-gen.1 doc/hwforge-repair.1 doc/hwforge-assert.1
PERF_BENCHES += benches/perf/loop-overhead
UNIT_TESTS += tests/unit/t-agent-samples tests/unit/t-agent-reply \
	tests/unit/t-agent-patch tests/unit/t-agent-assert-prompt
