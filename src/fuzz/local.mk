# fuzz subsystem, the engine: core files, the Verilated in-process harness,
# lockstep against the ISS, the campaign (corpus, coverage, findings,
# minimization, Icarus reproduction, checkpoints, shards) and its report.
# The instruction-level half (ISS, programs, mutators) is src/fuzz/rv.mk.
noinst_LIBRARIES += src/fuzz/libfuzz.a
src_fuzz_libfuzz_a_SOURCES = src/fuzz/fuzz.h src/fuzz/fuzz-int.h src/fuzz/camp-int.h \
	src/fuzz/icarus-int.h \
	src/fuzz/core.c src/fuzz/wrapper.c src/fuzz/build.c \
	src/fuzz/exec.c src/fuzz/icarus.c src/fuzz/sched.c \
	src/fuzz/progio.c src/fuzz/campaign.c src/fuzz/findings.c \
	src/fuzz/state.c src/fuzz/report.c src/fuzz/bench.c \
	src/fuzz/npu.c tests/npu/npu-golden.c tests/npu/npu-golden.h
# the source tree's shim is the fallback for uninstalled builds
src_fuzz_libfuzz_a_CPPFLAGS = $(AM_CPPFLAGS) \
	-DHWFORGE_SRCDIR='"$(abs_top_srcdir)"'
HWFORGE_LIBS += src/fuzz/libfuzz.a

fuzzdir = $(pkgdatadir)/fuzz
dist_fuzz_DATA = share/fuzz/shim.cpp share/fuzz/main.cpp share/fuzz/npu-shim.cpp

dist_man_MANS += doc/hwforge-fuzz.1
EXTRA_DIST += rtl/cpu/core.json cores/picorv32.json tests/fixtures/fuzz \
	rtl/npu/core.json

E2E_TESTS += tests/e2e/t9100-fuzz-clean.sh tests/e2e/t9101-fuzz-bug.sh \
	tests/e2e/t9102-fuzz-resume.sh tests/e2e/t9103-fuzz-bad-input.sh \
	tests/e2e/t9104-fuzz-shard.sh tests/e2e/t9120-fuzz-npu.sh
EXTRA_DIST += tests/e2e/fuzz-lib.sh
UNIT_TESTS += tests/unit/t-fuzz-core
PERF_BENCHES += benches/perf/fuzz-throughput
EXTRA_DIST += benches/fuzz/cpu-bugs

# The e2e tests share one Verilated-model cache in the build tree.
clean-local: clean-fuzz-cache
clean-fuzz-cache:
	-rm -rf tests/fuzz-cache
.PHONY: clean-fuzz-cache
