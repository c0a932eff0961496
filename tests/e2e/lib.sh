# Shell test library (git's t/test-lib.sh shape, much smaller).
# Source it, call test_expect_success 'title' 'body' for each case, then
# test_done.  Each script runs in its own trash directory, removed on
# success and kept (path printed) on failure.  Output is TAP.

: "${HWFORGE:?HWFORGE must point at the built binary}"
: "${TEST_SRCDIR:?TEST_SRCDIR must point at tests/}"
FIXTURES="$TEST_SRCDIR/fixtures"
TOP_SRCDIR=${TOP_SRCDIR:-$TEST_SRCDIR/..}
test_count=0
test_failed=0
test_name=$(basename "$0" .sh)
TRASH=$(mktemp -d "${TMPDIR:-/tmp}/hwforge-$test_name.XXXXXX") || exit 1
HOME=$TRASH/home
mkdir -p "$HOME"
export HOME
unset HWFORGE_ENDPOINT HWFORGE_MODEL HWFORGE_API_KEY OPENAI_API_KEY
cd "$TRASH" || exit 1

hwforge() {
	"$HWFORGE" "$@"
}

say() {
	echo "# $*"
}

test_expect_success() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TRASH/.out.$test_count" 2>&1; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1"
		sed -e 's/^/#   /' "$TRASH/.out.$test_count" | tail -n 40
	fi
}

test_expect_failure_code() {
	# test_expect_failure_code TITLE CODE BODY: BODY's last command exits CODE
	# (a check that fails exits 1 too: a body expecting 1 ends its checks
	# with "&& exit $rc" and then "exit 3")
	test_count=$((test_count + 1))
	(eval "$3") >"$TRASH/.out.$test_count" 2>&1
	rc=$?
	if test "$rc" = "$2"; then
		echo "ok $test_count - $1"
	else
		test_failed=$((test_failed + 1))
		echo "not ok $test_count - $1 (exit $rc, want $2)"
		sed -e 's/^/#   /' "$TRASH/.out.$test_count" | tail -n 40
	fi
}

# test_have TOOL...: skip the whole script when a tool is missing, or fail
# when HWFORGE_TEST_REQUIRE_TOOLS=1 (CI), so skips cannot hide regressions.
test_have() {
	for t in "$@"; do
		if ! command -v "$t" >/dev/null 2>&1; then
			if test "$HWFORGE_TEST_REQUIRE_TOOLS" = 1; then
				echo "Bail out! $t is required (HWFORGE_TEST_REQUIRE_TOOLS=1)"
				cd / && rm -rf "$TRASH"
				exit 1
			fi
			echo "1..0 # SKIP $t not installed"
			rm -rf "$TRASH"
			exit 0
		fi
	done
}

test_skip() {
	echo "1..0 # SKIP $*"
	rm -rf "$TRASH"
	exit 0
}

# expect_json FILE EXPR: python3 evaluates EXPR with j bound to the JSON.
expect_json() {
	python3 -c 'import json,sys
j = json.load(open(sys.argv[1]))
ok = eval(sys.argv[2])
if not ok:
    print("JSON check failed:", sys.argv[2]); print(json.dumps(j, indent=1)[:3000]); sys.exit(1)' "$1" "$2"
}

test_done() {
	echo "1..$test_count"
	if test "$test_failed" = 0; then
		cd / && rm -rf "$TRASH"
		exit 0
	fi
	echo "# $test_failed failed; trash kept in $TRASH"
	exit 1
}

# no_stderr FILE: FILE is empty, but for the one warning a machine without
# a usable sandbox gets (bwrap cannot create namespaces in many containers
# and chroots; hwforge then says so once per run, see README "The sandbox")
no_stderr() {
	! grep -v "^hwforge: warning: bwrap not usable" "$1" | grep -q .
}

# without_bwrap: from now on this script's PATH finds a bwrap that fails
# the way the real one does where user namespaces are not allowed
without_bwrap() {
	mkdir -p "$TRASH/nobwrap" &&
	cat >"$TRASH/nobwrap/bwrap" <<-\EOF &&
	#!/bin/sh
	echo "bwrap: No permissions to creating new namespace, likely because the kernel does not allow non-privileged user namespaces." >&2
	exit 1
	EOF
	chmod +x "$TRASH/nobwrap/bwrap" &&
	PATH=$TRASH/nobwrap:$PATH &&
	export PATH
}
