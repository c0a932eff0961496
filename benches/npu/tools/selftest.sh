#!/bin/sh
# Self-test every task of the NPU suite with plain iverilog/vvp: the
# reference must compile with -Wall cleanly and its testbench must pass.
# Usage: tools/selftest.sh [TASK...]   (run from anywhere)
dir=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/npu-selftest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
if test $# = 0; then
	set -- $(cd "$dir" && ls -d */ | tr -d / | grep -v '^tools$')
fi
for t in "$@"; do
	if ! iverilog -g2012 -Wall -o "$tmp/$t.vvp" "$dir/$t/ref.v" "$dir/$t/tb.v" \
		>"$tmp/$t.clog" 2>&1 || test -s "$tmp/$t.clog"; then
		echo "FAIL $t (compile)"; sed 's/^/  /' "$tmp/$t.clog"; fail=1; continue
	fi
	start=$(date +%s%N)
	timeout 10 vvp -n "$tmp/$t.vvp" >"$tmp/$t.log" 2>&1
	rc=$?
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	if test $rc != 0 || grep -q -e '^ERROR:' -e '^FATAL:' "$tmp/$t.log"; then
		echo "FAIL $t (sim rc=$rc)"; tail -5 "$tmp/$t.log" | sed 's/^/  /'; fail=1
	else
		echo "ok   $t ${ms}ms: $(tail -1 "$tmp/$t.log")"
	fi
done
exit $fail
