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
# FUZZ_JOBS (make -j), CC (default clang), FUZZ_CPU_SECONDS: if set, each
# harness is run again (corpus kept) until its CPU time, user + system,
# children included, as /usr/bin/time reports it, reaches this many
# seconds: on a shared machine wall time gives less CPU than it says.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${FUZZ_BUILD:-$top/build-fuzz}
secs=${FUZZ_SECONDS:-600}
cpu=${FUZZ_CPU_SECONDS:-}
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
# a changed local.mk reruns automake first: let it, outside $(...)
make -s Makefile >/dev/null 2>&1 || true
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
	fz-patch) echo "$top/tests/libfuzzer/corpus/patch" ;;
	fz-sva) echo "$top/tests/fixtures/assert $top/rtl/npu/props" ;;
	fz-core) echo "$top/tests/libfuzzer/corpus/core" ;;
	esac
}

timer=
if test -n "$cpu"; then
	test -x /usr/bin/time || {
		echo "fuzz.sh: FUZZ_CPU_SECONDS needs /usr/bin/time (apt-get install time)" >&2
		exit 3
	}
	timer="/usr/bin/time -f %U,%S -o $build/fuzz.time"
fi
status=0
for h in "$@"; do
	echo "== $h: build"
	"$cc" -g -O1 -fsanitize=fuzzer $san -I"$top/src" -I"$build" \
		-I"$top/tests/libfuzzer" -o "$h" "$top/tests/libfuzzer/$h.c" \
		$libs $deps -lpthread -lm
	mkdir -p "corpus/$h" "crashes/$h"
	if test -n "$cpu"; then
		echo "== $h: $secs s a run, until $cpu CPU-s"
	else
		echo "== $h: $secs s"
	fi
	used=0 execs=0 runs=0
	: >"$h.log"
	while :; do
		# -timeout: one input taking over 10 s is a hang, and a finding
		rc=0
		$timer ./"$h" -max_total_time="$secs" -timeout=10 \
			-rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="crashes/$h/" \
			"corpus/$h" $(seeds "$h") >>"$h.log" 2>&1 || rc=$?
		runs=$((runs + 1))
		n=$(grep -E '^stat::number_of_executed_units' "$h.log" |
			tail -1 | sed 's/.*: *//')
		execs=$((execs + ${n:-0}))
		test $rc -eq 0 || break
		test -n "$cpu" || break
		used=$(awk -F, -v u="$used" 'END { printf "%.1f", u + $1 + $2 }' \
			fuzz.time)
		awk -v u="$used" -v c="$cpu" 'BEGIN { exit !(u < c) }' ||
			break
	done
	if test $rc -eq 0; then
		test -z "$cpu" || printf 'cpu_seconds: %s runs: %d ' \
			"$used" "$runs"
		printf 'executed_units: %d ' "$execs"
		grep -E '^stat::peak_rss_mb' "$h.log" | tail -1 | tr '\n' ' '
		echo "ok"
	else
		status=1
		echo "$h: FAILED, see $build/$h.log; inputs in $build/crashes/$h"
		grep -E 'ERROR|SUMMARY|runtime error' "$h.log" | head -5
	fi
done
exit $status
