# synth: Yosys synthesis, structural checks, statistics.
noinst_LIBRARIES += src/synth/libsynth.a
src_synth_libsynth_a_SOURCES = src/synth/synth.h src/synth/synth.c
HWFORGE_LIBS += src/synth/libsynth.a
