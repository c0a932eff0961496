hwforge_SOURCES = \
	src/cli/main.c src/cli/cmd.h src/cli/cmd-args.c \
	src/cli/cmd-check.c src/cli/cmd-synth.c src/cli/cmd-equiv.c \
	src/cli/cmd-gen.c \
	src/cli/cmd-bench.c src/cli/bench-loop.c src/cli/cmd-merge.c \
	src/cli/cmd-gate.c src/cli/cmd-fuzz.c \
	src/cli/cmd-version.c src/cli/cmd-mine.c \
	src/cli/cmd-repair.c src/cli/llm-args.c src/cli/llm-args.h \
	src/cli/cmd-gate-repair.c src/cli/gate-repair.h \
	src/cli/cmd-assert-judge.c src/cli/cmd-assert.c \
	src/cli/bench-assert.c
hwforge_LDADD = $(HWFORGE_LIBS) $(CURL_LIBS) $(CJSON_LIBS) $(GIT2_LIBS)
hwforge_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)

E2E_TESTS += tests/e2e/t0001-cli-basics.sh
dist_man_MANS += doc/hwforge.1
