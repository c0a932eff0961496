# fuzz, the schedulers beyond `uniform` (issue 11): MABFuzz's bandits over
# seed families with its arm reset, discounted / sliding-window UCB,
# Thompson sampling, arms over mutators and program lengths, two-level
# schedulers and a coverage-guided baseline; their evaluation bench.
src_fuzz_libfuzz_a_SOURCES += src/fuzz/sched-int.h src/fuzz/sched-bandit.c \
	src/fuzz/sched-reseed.c
UNIT_TESTS += tests/unit/t-fuzz-sched
E2E_TESTS += tests/e2e/t9110-fuzz-sched.sh
EXTRA_DIST += benches/fuzz/eval
