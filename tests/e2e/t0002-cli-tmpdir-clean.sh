#!/bin/sh
# No run leaves a hwforge-* directory in TMPDIR: not one that ends
# normally, fails, times out, or is interrupted (SIGINT, SIGTERM,
# SIGHUP), for check, gen, bench and gate, with and without a usable
# sandbox.  TMPDIR is a private directory, checked after every run.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have iverilog yosys python3

V="$FIXTURES/verify"
G="$FIXTURES/gate"
B="$FIXTURES/bench"
cp "$G"/*.v "$G"/gate-pass.json "$G"/gate-fail.json "$G"/gate-hang.json . ||
	exit 1
PRIV=$TRASH/tmp
mkdir -p "$PRIV"
# samples that loop in zero time: a bench that runs until its timeout
python3 - <<-\PY
import json
code = ("module TopModule(input a, input b, output reg y);\n"
        "  always @(a) while (1) y = ~y;\nendmodule\n")
with open("hang.jsonl", "w") as f:
    for i in range(3):
        f.write(json.dumps({"task": "Prob001_and2", "sample": i,
                            "model": "hang", "code": code}) + "\n")
PY

# clean: TMPDIR holds nothing hwforge made
clean() {
	left=$(ls -A "$PRIV")
	test -z "$left" || { echo "left in TMPDIR: $left"; return 1; }
}

# t ARGS...: hwforge with the private TMPDIR; its exit status kept in $rc
t() {
	TMPDIR=$PRIV "$HWFORGE" "$@" >/dev/null 2>&1
	rc=$?
}

# stop SIGNAL WAIT ARGS...: start hwforge, send SIGNAL after WAIT s
stop() {
	sig=$1
	w=$2
	shift 2
	TMPDIR=$PRIV "$HWFORGE" "$@" >/dev/null 2>&1 &
	p=$!
	sleep "$w"
	kill -"$sig" $p
	wait $p
	rc=$?
}

write_script s.json '{"default": {"content": GOOD, "delay_ms": 2000}}'
server_start s.json || test_skip "cannot start the test server"

cases() {
	test_expect_success "$1: check passes, fails, times out" '
		t check --top adder "$V/pass-adder.v" && test $rc = 0 && clean &&
		t check --top adder --ref "$V/ref_adder.v" "$V/fail-sim-mismatch.v" &&
		test $rc = 1 && clean &&
		t check --top adder --ref "$V/ref_adder.v" --stages compile,sim \
			--timeout 2 "$V/fail-sim-timeout.v" && test $rc = 1 && clean &&
		t check --top adder nope.v && test $rc = 2 && clean
	'
	sigs=$2
	test_expect_success "$1: check interrupted by $sigs" '
		for s in $sigs; do
			stop $s 1.5 check --top adder --ref "$V/ref_adder.v" \
				--timeout 30 "$V/fail-sim-timeout.v" &&
			test $rc = 130 && clean || exit 1
		done
	'
	test_expect_success "$1: gate passes, fails, is interrupted" '
		t gate --no-progress gate-pass.json && test $rc = 0 && clean &&
		t gate --no-progress gate-fail.json && test $rc = 1 && clean &&
		stop INT 3 gate --no-progress gate-hang.json && test $rc = 130 &&
		clean
	'
	test_expect_success "$1: bench runs, is interrupted" '
		rm -rf b1 b2 &&
		t bench --samples "$B/native-samples.jsonl" --no-ppa --no-progress \
			--out b1 "$B/native" && echo "bench b1: $rc" &&
		test $rc -le 1 && clean &&
		stop INT 2 bench --samples hang.jsonl --no-ppa --no-progress \
			--jobs 1 --timeout 30 --out b2 "$B/verilogeval" &&
		echo "bench b2: $rc" &&
		test $rc = 130 && clean
	'
	test_expect_success "$1: gen passes, cannot reach the API, is interrupted" '
		rm -rf g1 g2 g3 cache-g1 cache-g2 &&
		TMPDIR=$PRIV gen_sat g1 --candidates 2 --rounds 1 --no-progress \
			>g1.log 2>&1; rc=$?
		echo "gen g1: $rc" && test $rc = 0 && clean &&
		TMPDIR=$PRIV ENDPOINT=http://127.0.0.1:1/v1 gen_sat g2 \
			--retries 0 --no-progress >g2.log 2>&1; rc=$?
		echo "gen g2: $rc" && test $rc = 3 && clean || exit 1
		HWFORGE_API_KEY=$TEST_KEY TMPDIR=$PRIV "$HWFORGE" gen \
			"$FIXTURES/agent/sat_add.md" --ref "$FIXTURES/agent/sat_add_ref.v" \
			--endpoint "$ENDPOINT" --model m --no-cache --no-progress \
			-o g3 >g3.log 2>&1 &
		p=$!
		sleep 1 && kill -INT $p; wait $p; rc=$?
		echo "gen g3: $rc" && test $rc = 130 && clean
	'
}

# kill -9 leaves a directory behind; the next run removes it (its name
# carries the dead pid), and never one whose pid is alive or not ours
test_expect_success 'a run killed with SIGKILL: the next run removes its directory' '
	stop KILL 1.5 check --top adder --ref "$V/ref_adder.v" --timeout 30 \
		"$V/fail-sim-timeout.v" &&
	test $rc = 137 &&
	left=$(ls -A "$PRIV") && test -n "$left" &&
	echo "left by the killed run: $left" &&
	sh -c "exit 0" & dead=$! && wait $dead &&
	mkdir "$PRIV/hwforge-check-$dead-abcdef" &&
	mkdir "$PRIV/hwforge-check-$$-abcdef" "$PRIV/hwforge-notours.abcdef" &&
	t check --top adder "$V/pass-adder.v" && test $rc = 0 &&
	left=$(ls -A "$PRIV" | sort | tr "\n" " ") &&
	echo "after the next run: $left" &&
	test "$left" = "hwforge-check-$$-abcdef hwforge-notours.abcdef " &&
	rmdir "$PRIV/hwforge-check-$$-abcdef" "$PRIV/hwforge-notours.abcdef" &&
	clean &&
	TMPDIR=$PRIV "$HWFORGE" --keep-tmp check --top adder "$V/pass-adder.v" \
		>/dev/null 2>&1 &&
	kept=$(ls -A "$PRIV") && test -n "$kept" &&
	t check --top adder "$V/pass-adder.v" && test $rc = 0 &&
	test "$(ls -A "$PRIV")" = "$kept" &&
	echo "kept on purpose, and still there: $kept" &&
	rm -rf "$PRIV"/hwforge-* && clean
'

cases "sandboxed" "INT TERM HUP"
without_bwrap
cases "no sandbox" "INT"

server_stop
test_done
