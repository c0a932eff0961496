# fuzz, the instruction-level half: seeded random numbers, the RV32I ISS
# (the golden model), programs with their generator and mutators, and a
# disassembler.  Private to src/fuzz (rv-int.h); the engine links it.
noinst_LIBRARIES += src/fuzz/librv.a
src_fuzz_librv_a_SOURCES = \
	src/fuzz/rv-rng.c \
	src/fuzz/rv-iss.c \
	src/fuzz/rv-prog.c \
	src/fuzz/rv-disasm.c
noinst_HEADERS += src/fuzz/rv-int.h
HWFORGE_LIBS += src/fuzz/librv.a

UNIT_TESTS += tests/unit/t-fuzz-rv tests/unit/t-fuzz-rv-qemu
PERF_BENCHES += benches/perf/iss-vs-qemu
