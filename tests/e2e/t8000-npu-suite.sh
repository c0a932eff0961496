#!/bin/sh
# The NPU task suite (benches/npu) validates itself with the real tools:
# task files agree, every reference passes its own testbench, deliberately
# broken references fail it, and every saved sample's intended failure
# class is confirmed where that is safe to run outside the sandbox.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

SUITE=$TOP_SRCDIR/benches/npu

test_expect_success 'every task.json parses, names its files, agrees on top' '
	python3 "$SUITE/tools/check.py" tasks "$SUITE" >out ||
		{ grep -v "^ok" out; false; } &&
	test "$(grep -c "^ok   task [a-z]" out)" -ge 40
'

test_expect_success 'every reference compiles cleanly and passes its testbench' '
	sh "$SUITE/tools/selftest.sh" >out 2>&1 || { grep -v "^ok" out; false; } &&
	test "$(grep -c "^ok " out)" -ge 40 &&
	! grep -q "^FAIL" out
'

# mutate TASK SED-EXPR: a copy of the reference with one realistic bug.
# The mutation must change the file, and the testbench must then fail.
mutate() {
	mkdir -p "mut/$1" &&
	sed -e "$2" "$SUITE/$1/ref.v" >"mut/$1/ref.v" &&
	! cmp -s "$SUITE/$1/ref.v" "mut/$1/ref.v" &&
	iverilog -g2012 -o "mut/$1/x" "mut/$1/ref.v" "$SUITE/$1/tb.v" &&
	{ timeout 20 vvp -n "mut/$1/x" >"mut/$1/log" 2>&1; test $? != 0; } &&
	grep -q "^FATAL: .*mismatches" "mut/$1/log" &&
	grep -q "^MISMATCH" "mut/$1/log"
}

test_expect_success 'broken references fail their testbenches' '
	mutate sat_add8 "s/8'"'"'sh7f/8'"'"'sh7e/" &&
	mutate relu_clamp "s/x\[7\] ? 7'"'"'d0/x[7] ? 7'"'"'d1/" &&
	mutate requant_s8 "s/(shift - 5'"'"'d1)/shift/" &&
	mutate int8_mac "s/acc <= acc + /acc <= acc - /" &&
	mutate skid_buffer "s/in_ready <= 1'"'"'b0;/in_ready <= 1'"'"'b1;/" &&
	mutate sync_fifo4 "s/(n != 3'"'"'d4)/(n != 3'"'"'d3)/" &&
	mutate rr_arbiter4 "s/ptr <= g + 2'"'"'d1;/ptr <= g;/" &&
	mutate tile_ctrl "s/done <= 1'"'"'b1;/done <= 1'"'"'b0;/" &&
	mutate pe_ws "s/psum_out <= psum_in + /psum_out <= psum_out + /" &&
	mutate mac_sat24 "s/negedge rst_n/posedge rst_n/"
'

test_expect_success 'references with every output inverted fail' '
	for t in sat_add8 clamp_s16_s8 abs_sat8 gray_ptr prio_enc8 clz16 \
		int8_mac pe_os skid_buffer regblock; do
		mkdir -p "inv/$t" &&
		python3 "$SUITE/tools/invert.py" "$SUITE/$t/ref.v" $t \
			>"inv/$t/inv.v" &&
		iverilog -g2012 -o "inv/$t/x" "inv/$t/inv.v" "$SUITE/$t/tb.v" ||
			return 1
		if timeout 20 vvp -n "inv/$t/x" >"inv/$t/log" 2>&1; then
			echo "$t: inverted outputs passed"; return 1
		fi
		grep -q "^FATAL:" "inv/$t/log" || return 1
	done
'

test_expect_success 'hwforge check --tb agrees: references pass, a broken one fails' '
	for t in sat_add8 requant_s8 int8_mac skid_buffer tile_ctrl; do
		hwforge check --top $t --tb "$SUITE/$t/tb.v" --stages compile,sim \
			"$SUITE/$t/ref.v" >out.$t 2>&1 || { cat out.$t; return 1; }
	done &&
	python3 "$SUITE/tools/invert.py" "$SUITE/sat_add8/ref.v" sat_add8 >inv.v &&
	{ hwforge check --top sat_add8 --tb "$SUITE/sat_add8/tb.v" \
		--stages compile,sim inv.v >out 2>&1; test $? = 1; }
'

test_expect_success 'saved samples: well formed, all classes, labels confirmed' '
	python3 "$SUITE/tools/check.py" samples "$SUITE" >out ||
		{ grep -v "^ok" out; false; } &&
	grep -q "^ok   every class is covered" out &&
	test "$(grep -c "^ok   sample " out)" -ge 70
'

test_expect_success 'samples.jsonl is what tools/mksamples.py writes' '
	mkdir -p regen/tools &&
	cp "$SUITE/tools/mksamples.py" regen/tools/ &&
	python3 regen/tools/mksamples.py >/dev/null &&
	cmp regen/samples.jsonl "$SUITE/samples.jsonl"
'

test_done
