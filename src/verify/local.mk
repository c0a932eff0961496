# verify: screen, compile, simulate, check orchestration, verdicts.
noinst_LIBRARIES += src/verify/libverify.a
src_verify_libverify_a_SOURCES = src/verify/verify.h
HWFORGE_LIBS += src/verify/libverify.a
