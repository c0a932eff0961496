# verify (formal part): equivalence and property checking.
src_verify_libverify_a_SOURCES += src/verify/equiv.c src/verify/props.c \
	src/verify/formal-int.h src/verify/formal-eqrun.h \
	src/verify/formal-vcd.c src/verify/formal-eqcomb.c \
	src/verify/formal-eqseq.c \
	src/verify/assert.h src/verify/assert-int.h src/verify/assert.c \
	src/verify/assert-mut.c src/verify/mutate.h src/verify/mutate.c

E2E_TESTS += tests/e2e/t2500-equiv.sh tests/e2e/t2501-equiv-seq.sh \
	tests/e2e/t2510-props.sh \
	tests/e2e/t2530-assert-judge.sh
EXTRA_DIST += tests/fixtures/equiv
UNIT_TESTS += tests/unit/t-verify-props tests/unit/t-verify-equiv \
	tests/unit/t-verify-assert
EXTRA_DIST += tests/fixtures/props tests/fixtures/assert \
	benches/assert/npu-props-mutation
