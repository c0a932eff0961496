# verify: screen, compile, simulate, check orchestration, verdicts.
noinst_LIBRARIES += src/verify/libverify.a
src_verify_libverify_a_SOURCES = src/verify/verify.h \
	src/verify/verify-int.h \
	src/verify/run.c src/verify/lex.c src/verify/verdict.c \
	src/verify/validate.c src/verify/screen.c src/verify/compile.c \
	src/verify/iface.c src/verify/lint.c src/verify/stim.c src/verify/sim.c \
	src/verify/check.c src/verify/tbtext.c src/verify/adapt.c \
	src/verify/rtllm-judge.c \
	src/verify/evidence.h src/verify/evidence.c
HWFORGE_LIBS += src/verify/libverify.a

E2E_TESTS += tests/e2e/t2000-check-fixtures.sh \
	tests/e2e/t2001-check-bad-input.sh \
	tests/e2e/t2002-check-containment.sh
EXTRA_DIST += tests/fixtures/verify
PERF_BENCHES += benches/perf/check-overhead benches/perf/equiv-refs
dist_man_MANS += doc/hwforge-check.1
UNIT_TESTS += tests/unit/t-verify-screen tests/unit/t-verify-verdict \
	tests/unit/t-verify-harness

# verify (assertions): the concurrent SVA subset -> immediate assertions.
src_verify_libverify_a_SOURCES += src/verify/sva.h src/verify/sva.c
UNIT_TESTS += tests/unit/t-verify-sva
