#!/bin/sh
# rtl/cpu/hf_cpu.v is clean under Verilator -Wall lint, Icarus -Wall and a
# Yosys synth (no latches, no multiple drivers); it prints nothing; every
# HF_CPU_BUG_* define in it is documented in rtl/cpu/BUGS.md (and the
# other way round), there are at least 12, and the core still compiles,
# lints and elaborates without latches with each one set.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog verilator yosys

CPU="$TOP_SRCDIR/rtl/cpu"
sed -n 's/^`ifdef \(HF_CPU_BUG_[A-Z0-9_]*\).*/\1/p' "$CPU/hf_cpu.v" | sort -u >bugs.src
grep -o '`HF_CPU_BUG_[A-Z0-9_]*`' "$CPU/BUGS.md" | tr -d '`' | sort -u >bugs.doc

test_expect_success 'Verilator -Wall lint is clean' '
	verilator --lint-only -Wall --top-module hf_cpu "$CPU/hf_cpu.v" \
		>lint.out 2>&1 &&
	cat lint.out && ! grep -q "%Warning\|%Error" lint.out
'

test_expect_success 'Icarus -g2005 -Wall compiles without a warning' '
	iverilog -g2005 -Wall -o cpu.vvp "$CPU/hf_cpu.v" >iv.out 2>&1 &&
	cat iv.out && test ! -s iv.out
'

test_expect_success 'Yosys synth: no latches, no multiple drivers' '
	yosys -q -l syn.log -p "read_verilog $CPU/hf_cpu.v; synth -top hf_cpu; \
check -assert; select -assert-none t:\$dlatch t:\$_DLATCH_*; \
tee -o stat.txt stat" >/dev/null 2>&1 &&
	cat stat.txt &&
	grep -q "Number of cells: *[1-9]" stat.txt &&
	! grep -qi "latch" stat.txt
'

test_expect_success 'the core prints nothing and has no memory of its own' '
	! grep -n "\$display\|\$write\|\$finish\|\$readmem" "$CPU/hf_cpu.v" &&
	test "$(grep -c "^ *reg .*\[0:" "$CPU/hf_cpu.v")" = 1
'

test_expect_success 'at least 12 bugs, each documented in BUGS.md' '
	cat bugs.src &&
	test "$(wc -l <bugs.src)" -ge 12 &&
	diff bugs.src bugs.doc
'

test_expect_success 'each bug define compiles (Icarus -Wall), lints, has no latch' '
	for b in $(cat bugs.src); do
		iverilog -g2005 -Wall -D$b -o $b.vvp "$CPU/hf_cpu.v" \
			>$b.iv 2>&1 && test ! -s $b.iv &&
		verilator --lint-only -Wall -D$b --top-module hf_cpu \
			"$CPU/hf_cpu.v" >$b.lint 2>&1 &&
		yosys -q -p "read_verilog -D$b $CPU/hf_cpu.v; \
hierarchy -top hf_cpu; proc; check -assert; select -assert-none t:\$dlatch" \
			>$b.ys 2>&1 || { echo "$b:"; cat $b.iv $b.lint $b.ys; exit 1; }
	done
'

test_done
