# Placeholder until the rv branch lands its own rv.mk (the lead takes
# theirs at merge): the instruction-level half as librv.a.
noinst_LIBRARIES += src/fuzz/librv.a
src_fuzz_librv_a_SOURCES = src/fuzz/rv-int.h \
	src/fuzz/rv-rng.c src/fuzz/rv-iss.c src/fuzz/rv-prog.c \
	src/fuzz/rv-disasm.c
HWFORGE_LIBS += src/fuzz/librv.a
