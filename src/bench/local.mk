# bench: score samples on task suites (VerilogEval v2, RTLLM, native).
noinst_LIBRARIES += src/bench/libbench.a
src_bench_libbench_a_SOURCES = src/bench/bench.h src/bench/bench-int.h \
	src/bench/suite.c src/bench/harness.c src/bench/run.c \
	src/bench/summary.c src/bench/report.c src/bench/rtllm.c \
	src/bench/loop.c src/bench/kind-repair.c \
	src/bench/kind-assert.c src/bench/kind-assert-sum.c
HWFORGE_LIBS += src/bench/libbench.a

UNIT_TESTS += tests/unit/t-bench-core
E2E_TESTS += tests/e2e/t6000-bench-verilogeval.sh tests/e2e/t6012-bench-repair.sh \
	tests/e2e/t6001-bench-resume.sh tests/e2e/t6002-bench-malformed.sh \
	tests/e2e/t6003-bench-shard.sh tests/e2e/t6004-bench-report.sh \
	tests/e2e/t6005-bench-formats.sh tests/e2e/t6006-bench-model.sh \
	tests/e2e/t6007-bench-npu-classes.sh tests/e2e/t6008-bench-forged.sh \
	tests/e2e/t6009-bench-ppa.sh tests/e2e/t6010-bench-rtllm.sh \
	tests/e2e/t6013-bench-loop.sh tests/e2e/t6014-bench-assert.sh
EXTRA_DIST += tests/fixtures/bench
PERF_BENCHES += benches/perf/bench-vs-bare
dist_man_MANS += doc/hwforge-bench.1 doc/hwforge-merge.1
EXTRA_DIST += benches/repair benches/assert doc/suite-format.md
