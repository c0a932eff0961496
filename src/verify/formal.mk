# verify (formal part): equivalence and property checking.
src_verify_libverify_a_SOURCES += src/verify/equiv.c src/verify/props.c
