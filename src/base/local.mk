noinst_LIBRARIES += src/base/libbase.a
src_base_libbase_a_SOURCES = \
	src/base/base.h \
	src/base/buf.c src/base/buf.h \
	src/base/cfg.c src/base/cfg.h \
	src/base/err.c src/base/err.h \
	src/base/hash.c src/base/hash.h \
	src/base/http.c src/base/http.h \
	src/base/json.c src/base/json.h \
	src/base/log.c src/base/log.h \
	src/base/pool.c src/base/pool.h \
	src/base/proc.c src/base/proc.h \
	src/base/tmpdir.c src/base/tmpdir.h
HWFORGE_LIBS += src/base/libbase.a
# libcurl is used by base/http.c only.
src_base_libbase_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)

UNIT_TESTS += tests/unit/t-base-buf tests/unit/t-base-proc \
	tests/unit/t-base-hash tests/unit/t-base-http

E2E_TESTS += tests/e2e/t2003-check-no-sandbox.sh tests/e2e/t0002-cli-tmpdir-clean.sh
# kill -9 and resume, across commands
E2E_TESTS += tests/e2e/t5545-gate-kill9.sh tests/e2e/t6050-bench-kill9.sh
