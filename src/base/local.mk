noinst_LIBRARIES += src/base/libbase.a
src_base_libbase_a_SOURCES = \
	src/base/base.h \
	src/base/buf.c src/base/buf.h \
	src/base/cache.c src/base/cache.h \
	src/base/cfg.c src/base/cfg.h \
	src/base/clock.c src/base/clock.h \
	src/base/err.c src/base/err.h \
	src/base/hash.c src/base/hash.h \
	src/base/http.c src/base/http.h \
	src/base/json.c src/base/json.h \
	src/base/log.c src/base/log.h \
	src/base/pool.c src/base/pool.h \
	src/base/proc.c src/base/proc.h \
	src/base/strv.c src/base/strv.h \
	src/base/tmpdir.c src/base/tmpdir.h \
	src/base/toolver.c src/base/toolver.h \
	src/base/vlex.c src/base/vlex.h
HWFORGE_LIBS += src/base/libbase.a
# libcurl is used by base/http.c only.
src_base_libbase_a_CPPFLAGS = $(AM_CPPFLAGS) $(CURL_CFLAGS)

UNIT_TESTS += tests/unit/t-base-buf tests/unit/t-base-proc tests/unit/t-base-err \
	tests/unit/t-base-hash tests/unit/t-base-http tests/unit/t-base-vlex \
	tests/unit/t-base-cache

E2E_TESTS += tests/e2e/t2003-check-no-sandbox.sh tests/e2e/t0002-cli-tmpdir-clean.sh
# kill -9 and resume, across commands
E2E_TESTS += tests/e2e/t5545-gate-kill9.sh tests/e2e/t6050-bench-kill9.sh
