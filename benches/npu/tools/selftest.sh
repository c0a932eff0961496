#!/bin/sh
# Self-test every task of the NPU suite with plain iverilog/vvp: the
# reference must compile with -Wall without a single message and its
# testbench must pass (exit 0, no ERROR:/FATAL: line).
# Usage: tools/selftest.sh [TASK...]   (from anywhere; NPU_CHECK_JOBS=2)
dir=$(cd "$(dirname "$0")/.." && pwd)
if test "$1" = --one; then
	tmp=$2
	t=$3
	if ! iverilog -g2012 -Wall -o "$tmp/$t.vvp" "$dir/$t/ref.v" \
		"$dir/$t/tb.v" >"$tmp/$t.clog" 2>&1 || test -s "$tmp/$t.clog"; then
		echo "FAIL $t (compile)"; sed 's/^/  /' "$tmp/$t.clog"; exit 1
	fi
	start=$(date +%s%N)
	timeout 20 vvp -n "$tmp/$t.vvp" >"$tmp/$t.log" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	if test $rc != 0 || grep -q -e '^ERROR:' -e '^FATAL:' "$tmp/$t.log"; then
		echo "FAIL $t (sim rc=$rc)"; tail -5 "$tmp/$t.log" | sed 's/^/  /'
		exit 1
	fi
	echo "ok   $t ${ms}ms: $(tail -1 "$tmp/$t.log")"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/npu-selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
if test $# = 0; then
	set -- $(cd "$dir" && ls -d */ | tr -d / | grep -v '^tools$')
fi
for t in "$@"; do
	echo "$t"
done | xargs -n 1 -P "${NPU_CHECK_JOBS:-2}" sh "$0" --one "$tmp" >"$tmp/out" 2>&1
rc=$?
cat "$tmp/out"
exit $rc
