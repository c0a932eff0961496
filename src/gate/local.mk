# gate subsystem: `hwforge gate`, the CI gate over a gate file.
noinst_LIBRARIES += src/gate/libgate.a
src_gate_libgate_a_SOURCES = \
	src/gate/gate.h src/gate/gate-int.h \
	src/gate/file.c \
	src/gate/run.c \
	src/gate/check.c \
	src/gate/lint.c \
	src/gate/report.c \
	src/gate/repair.c
HWFORGE_LIBS += src/gate/libgate.a

UNIT_TESTS += tests/unit/t-gate-file tests/unit/t-gate-report
E2E_TESTS += tests/e2e/t5500-gate-file.sh tests/e2e/t5510-gate-checks.sh \
	tests/e2e/t5520-gate-formal.sh tests/e2e/t5530-gate-npu-mutants.sh \
	tests/e2e/t5535-gate-npu.sh tests/e2e/t5540-gate-interrupt.sh \
	tests/e2e/t5560-gate-repair.sh
EXTRA_DIST += tests/fixtures/gate
dist_man_MANS += doc/hwforge-gate.1
PERF_BENCHES += benches/perf/gate-npu
EXTRA_DIST += examples/ci/github-actions.yml
