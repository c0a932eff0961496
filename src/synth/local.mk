# synth: Yosys synthesis, structural checks, statistics.
noinst_LIBRARIES += src/synth/libsynth.a
src_synth_libsynth_a_SOURCES = src/synth/synth.h src/synth/synth-int.h \
	src/synth/synth.c src/synth/synth-util.c src/synth/synth-parse.c
HWFORGE_LIBS += src/synth/libsynth.a

UNIT_TESTS += tests/unit/t-synth-run
EXTRA_DIST += tests/fixtures/synth
E2E_TESTS += tests/e2e/t4000-synth.sh
dist_man_MANS += doc/hwforge-synth.1 doc/hwforge-equiv.1
PERF_BENCHES += benches/perf/synth-overhead
