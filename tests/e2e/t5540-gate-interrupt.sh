#!/bin/sh
# hwforge gate: ^C stops the running checks, prints the partial table and
# exits 130 (without waiting for the hanging testbenches' timeout).
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys python3

cp "$FIXTURES"/gate/*.v "$FIXTURES"/gate/gate-hang.json . || exit 1

test_expect_success 'SIGINT: exit 130, finished checks kept, the rest not run' '
	"$HWFORGE" gate --jobs 2 gate-hang.json --junit part.xml >out 2>err &
	pid=$! &&
	i=0 &&
	while test $i -lt 300 && ! grep -q "adder.sim:tb_add4 pass" err
	do
		sleep 0.1
		i=$((i + 1))
	done &&
	grep -q "adder.sim:tb_add4 pass" err &&
	sleep 0.5 &&
	kill -INT $pid &&
	{ wait $pid; rc=$?; } &&
	cat out err &&
	test $rc = 130 &&
	grep -q "^adder  *compile  *pass " out &&
	grep -q "^adder  *sim:tb_add4  *pass " out &&
	grep -q "^adder  *sim:tb_hang  *ERROR .*interrupted" out &&
	grep -q "^adder2  *sim:tb_hang  *\(ERROR .*interrupted\|not run\)" out &&
	grep -q "interrupted; the table shows the checks that finished" err &&
	python3 "$FIXTURES/gate/junit_check.py" part.xml \
		--cases adder.compile,adder.synth,adder.sim:tb_hang,adder.sim:tb_add4,adder2.compile,adder2.synth,adder2.sim:tb_hang
'

test_expect_success 'a simulation that times out fails (sim/timeout), exit 1' '
	sed -e "s/\"timeout\": 40/\"timeout\": 2/" gate-hang.json >short.json &&
	grep -q "\"timeout\": 2," short.json &&
	{ hwforge gate short.json --junit short.xml >out 2>err; rc=$?; } &&
	cat out && test $rc = 1 &&
	grep -q "^adder  *sim:tb_hang  *FAIL " out &&
	grep -q "^adder  *sim:tb_add4  *pass " out &&
	python3 "$FIXTURES/gate/junit_check.py" short.xml --failures 2 \
		--failed adder.sim:tb_hang,adder2.sim:tb_hang
'

test_done
