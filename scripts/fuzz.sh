#!/bin/sh
# Build the libFuzzer harnesses (tests/libfuzzer/fz-*.c) against a clang
# build of hwforge's libraries with ASan and UBSan, then run each for
# FUZZ_SECONDS (default 600) of wall time, one at a time.  Exits non-zero
# if any harness finds a crash, a leak or undefined behaviour; the input
# that did it is kept in $FUZZ_BUILD/crashes/<harness>/.
#
#   scripts/fuzz.sh [HARNESS...]      (default: every harness)
#
# Environment: FUZZ_SECONDS, FUZZ_BUILD (build dir, default ./build-fuzz),
# FUZZ_JOBS (make -j), CC (default clang).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$top/build-fuzz}
secs=${FUZZ_SECONDS:-600}
cc=${CC:-clang}
san="-fsanitize=address,undefined -fno-sanitize-recover=all"

if ! command -v "$cc" >/dev/null 2>&1; then
	echo "fuzz.sh: $cc not found (apt-get install clang libclang-rt-14-dev)" >&2
	exit 3
fi
mkdir -p "$build"
cd "$build"
if test ! -f Makefile; then
	test -f "$top/configure" || (cd "$top" && autoreconf -fi >/dev/null)
	echo "== configure ($cc, fuzzer instrumentation, ASan/UBSan)"
	"$top/configure" CC="$cc" \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san" \
		LDFLAGS="$san" >configure.log 2>&1 || {
		echo "fuzz.sh: configure failed, see $build/configure.log" >&2
		exit 3
	}
fi
libs=$(make -s print-libs)
echo "== build libraries"
make -s -j"${FUZZ_JOBS:-2}" $libs >make.log 2>&1 || {
	echo "fuzz.sh: build failed, see $build/make.log" >&2
	exit 3
}
deps=$(pkg-config --libs libcurl libcjson libgit2)

if test $# -eq 0; then
	set -- $(cd "$top/tests/libfuzzer" && ls fz-*.c | sed 's/\.c$//')
fi

# Seeds: a small committed corpus per harness, plus the fixtures that
# already exist for the same readers.
seeds() {
	case $1 in
	fz-lexer|fz-screen) echo "$top/tests/fixtures/verify $top/rtl/npu" ;;
	fz-extract) echo "$top/tests/fixtures/rtlgen $top/tests/fixtures/agent" ;;
	fz-gate) echo "$top/tests/fixtures/gate" ;;
	fz-reply) echo "$top/tests/libfuzzer/corpus/reply" ;;
	fz-config) echo "$top/tests/libfuzzer/corpus/config" ;;
	esac
}

status=0
for h in "$@"; do
	echo "== $h: build"
	"$cc" -g -O1 -fsanitize=fuzzer $san -I"$top/src" -I"$build" \
		-I"$top/tests/libfuzzer" -o "$h" "$top/tests/libfuzzer/$h.c" \
		$libs $deps -lpthread -lm
	mkdir -p "corpus/$h" "crashes/$h"
	echo "== $h: $secs s"
	# -timeout: one input taking over 10 s is a hang, and a finding
	if ./"$h" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="crashes/$h/" \
		"corpus/$h" $(seeds "$h") >"$h.log" 2>&1; then
		grep -E '^stat::(number_of_executed_units|peak_rss_mb)' \
			"$h.log" | tr '\n' ' '
		echo "ok"
	else
		status=1
		echo "$h: FAILED, see $build/$h.log; inputs in $build/crashes/$h"
		grep -E 'ERROR|SUMMARY|runtime error' "$h.log" | head -5
	fi
done
exit $status
