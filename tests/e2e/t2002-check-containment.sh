#!/bin/sh
# Hostile designs end within the timeout with a non-pass verdict and write
# nothing outside their run directory, even with --allow-file-io (then
# only the sandbox stands between the design and the file system).
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

D=$FIXTURES/verify
mkdir -p work/a/b

cat >escape.v <<EOV
module adder(input [7:0] a, input [7:0] b, output [8:0] s);
	integer fd;
	assign s = a + b;
	initial begin
		fd = \$fopen("$TRASH/escaped-abs.txt", "w");
		\$fdisplay(fd, "escaped");
		fd = \$fopen("../../escaped-rel.txt", "w");
		\$fdisplay(fd, "escaped");
		fd = \$fopen("$HOME/escaped-home.txt", "w");
		\$fdisplay(fd, "escaped");
	end
endmodule
EOV

sandbox_works() {
	bwrap --ro-bind / / true 2>/dev/null
}

test_expect_success 'file writes are screened out by default' '
	(cd work/a/b && hwforge check --json --top adder --ref "$D/ref_adder.v" \
		--stages compile,sim "$TRASH/escape.v") >screened.json
	test $? = 1 &&
	expect_json screened.json "j[\"class\"] == \"sandbox/violation\"" &&
	! test -e escaped-abs.txt && ! test -e work/escaped-rel.txt &&
	! test -e "$HOME/escaped-home.txt"
'

if sandbox_works; then
	test_expect_success 'with --allow-file-io the sandbox keeps writes inside' '
		(cd work/a/b && hwforge check --json --allow-file-io --top adder \
			--ref "$D/ref_adder.v" --stages compile,sim \
			"$TRASH/escape.v") >allowed.json
		rc=$?
		expect_json allowed.json "j[\"flags\"][\"sandbox\"] == \"bwrap\"" &&
		! test -e escaped-abs.txt && ! test -e work/escaped-rel.txt &&
		! test -e work/a/escaped-rel.txt &&
		! test -e "$HOME/escaped-home.txt" &&
		test "$rc" = 0
	'
else
	say "bwrap not usable here: containment with --allow-file-io not tested"
fi

elapsed_ok() {
	# elapsed_ok START LIMIT: fewer than LIMIT seconds since START
	test $(( $(date +%s) - $1 )) -lt "$2"
}

test_expect_success 'a zero-delay loop ends at the timeout, not a pass' '
	start=$(date +%s)
	hwforge check --json --timeout 2 --top adder --ref "$D/ref_adder.v" \
		--stages compile,sim "$D/fail-sim-timeout.v" >loop.json
	test $? = 1 && elapsed_ok "$start" 20 &&
	expect_json loop.json "j[\"class\"] == \"sim/timeout\""
'

test_expect_success 'an output flood is killed at the cap, well before the timeout' '
	start=$(date +%s)
	hwforge check --json --timeout 50 --top adder --ref "$D/ref_adder.v" \
		--stages compile,sim "$D/fail-sim-flood.v" >flood.json
	test $? = 1 && elapsed_ok "$start" 40 &&
	expect_json flood.json "j[\"class\"] == \"sim/flood\" and len(j[\"stages\"][-1][\"evidence\"][\"output\"]) < 8192"
'

test_expect_success 'the run directories are removed afterwards' '
	mkdir tmp &&
	TMPDIR=$TRASH/tmp hwforge check --top adder --ref "$D/ref_adder.v" \
		--stages compile,sim "$D/pass-adder.v" >out &&
	test -z "$(ls tmp)"
'

test_expect_success '--keep-tmp keeps the run directory and says where' '
	mkdir -p kept &&
	TMPDIR=$TRASH/kept hwforge --keep-tmp check --top adder \
		--ref "$D/ref_adder.v" --stages compile,sim \
		"$D/pass-adder.v" >out 2>err &&
	grep -q "keeping $TRASH/kept/hwforge-check-" err &&
	test -d kept/hwforge-check-*/dut
'

test_expect_success 'the harness and its nonce are gone before the design runs' '
	mkdir -p kept2 &&
	TMPDIR=$TRASH/kept2 hwforge --keep-tmp check --top adder \
		--ref "$D/ref_adder.v" --stages compile,sim \
		"$D/pass-adder.v" >out 2>err &&
	! ls kept2/hwforge-check-*/dut/harness.v 2>/dev/null &&
	! ls kept2/hwforge-check-*/dut/h.vvp 2>/dev/null &&
	! grep -rqE "hwf[0-9a-f]{32}" kept2/hwforge-check-*/dut
'

test_expect_success 'a sequential wrong design fails against its reference' '
	hwforge check --json --top counter --ref "$D/ref_counter.v" \
		--stages compile,sim --cycles 100 --seed 7 \
		"$D/fail-sim-mismatch-counter.v" >seq.json
	test $? = 1 &&
	expect_json seq.json "j[\"class\"] == \"sim/mismatch\" and j[\"seed\"] == 7"
'

test_done
