#!/bin/sh
# The NPU RTL (rtl/npu/) against its C golden model (tests/npu/npu-model):
# the model's own checks; the committed testbench vectors are exactly what
# the model writes; every block's testbench passes in Icarus (the
# alternative implementations too, and the top with a 2x2 and 3x3 array);
# the RTL is Verilator lint clean; mutants of the PE arithmetic and of the
# requantizer rounding fail their testbenches; the properties hold on the
# shipped blocks and the controller mutant's out-of-bounds read is refuted
# by yosys-smtbmc with a trace.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp verilator yosys yosys-smtbmc z3

NPU="$TOP_SRCDIR/rtl/npu"
MUT="$FIXTURES/npu"
MODEL="$TEST_BUILDDIR/npu/npu-model"
TOP_SRC="npu_top.v npu_ctrl.v npu_array.v npu_skew.v npu_pe.v npu_requant.v
npu_act.v npu_memif.v npu_spad.v"

# run_tb NAME TB SOURCES... [-DX]: compile with the vectors' directory on
# the include path and run; the output is in NAME.out, vvp's status in $?
run_tb() {
	name=$1
	tb=$2
	shift 2
	iverilog -g2005 -Wall -I "$NPU/tb" -o "$name.vvp" "$NPU/tb/$tb" "$@" \
		>"$name.cc" 2>&1 || { cat "$name.cc"; return 2; }
	vvp -n "$name.vvp" >"$name.out" 2>&1
}

# tb_passes NAME TB SOURCES...: exit 0, the summary line, no FATAL
tb_passes() {
	run_tb "$@" || { cat "$1.out"; return 1; }
	grep -q "passed$" "$1.out" && ! grep -q "FATAL\|ERROR" "$1.out"
}

# tb_fails NAME TB SOURCES...: vvp exits non-zero with mismatch lines
tb_fails() {
	run_tb "$@"
	rc=$?
	cat "$1.out"
	test "$rc" = 1 && grep -q "^mismatch" "$1.out" &&
		grep -q "^FATAL: .*vectors failed" "$1.out"
}

# smt NAME TOP DEPTH FILES...: write the SMT2 model of a property wrapper
smt() {
	name=$1
	top=$2
	shift 2
	yosys -q -p "read_verilog -sv -formal -DFORMAL $*; prep -flatten \
-top $top; async2sync; dffunmap; write_smt2 -wires $name.smt2"
}

test_expect_success 'golden model selftest' '
	"$MODEL" selftest >st.out &&
	cat st.out &&
	grep -q "^1\.\.[1-9]" st.out &&
	! grep -q "^not ok" st.out
'

test_expect_success 'committed vectors are what the golden model writes' '
	mkdir vec &&
	"$MODEL" -o vec all &&
	for b in pe requant act array top; do
		cmp "$NPU/tb/vectors_$b.vh" "vec/vectors_$b.vh" || exit 1
	done &&
	"$MODEL" pe >pe.vh && cmp pe.vh vec/vectors_pe.vh &&
	"$MODEL" -s 7 pe >pe7.vh && ! cmp -s pe7.vh pe.vh
'

test_expect_failure_code 'golden model: bad usage exits 2' 2 '
	"$MODEL" -s x12 pe
'

test_expect_success 'block testbenches pass on the golden-model vectors' '
	cd "$NPU" &&
	tb_passes "$TRASH/pe" tb_pe.v npu_pe.v &&
	tb_passes "$TRASH/rq" tb_requant.v npu_requant.v &&
	tb_passes "$TRASH/act" tb_act.v npu_act.v &&
	tb_passes "$TRASH/arr" tb_array.v npu_array.v npu_skew.v npu_pe.v &&
	grep -q "all 417 vectors passed" "$TRASH/pe.out" &&
	grep -q "of 9 tests passed" "$TRASH/arr.out"
'

test_expect_success 'top: whole GEMMs (odd sizes, multi-tile) on 4x4, 3x3, 2x2' '
	cd "$NPU" &&
	tb_passes "$TRASH/top4" tb_top.v $TOP_SRC &&
	tb_passes "$TRASH/top3" tb_top.v -DNPU_N=3 $TOP_SRC &&
	tb_passes "$TRASH/top2" tb_top.v -DNPU_N=2 $TOP_SRC &&
	grep -q "checks of 11 GEMMs passed" "$TRASH/top4.out"
'

test_expect_success 'alternative implementations pass the same testbenches' '
	cd "$NPU" &&
	tb_passes "$TRASH/pe_alt" tb_pe.v alt/npu_pe_alt.v &&
	tb_passes "$TRASH/rq_alt" tb_requant.v alt/npu_requant_alt.v &&
	tb_passes "$TRASH/act_alt" tb_act.v alt/npu_act_alt.v
'

test_expect_success 'RTL is Verilator -Wall lint clean' '
	cd "$NPU" &&
	for m in pe requant act spad memif ctrl; do
		verilator --lint-only -Wall -Wno-DECLFILENAME \
			--top-module npu_$m npu_$m.v || exit 1
	done &&
	verilator --lint-only -Wall -Wno-DECLFILENAME --top-module npu_top \
		$TOP_SRC &&
	for m in pe requant act; do
		verilator --lint-only -Wall -Wno-DECLFILENAME \
			--top-module npu_$m alt/npu_${m}_alt.v || exit 1
	done
'

test_expect_success 'PE arithmetic mutant fails its testbench' '
	cd "$NPU" &&
	tb_fails "$TRASH/pe_mut" tb_pe.v "$MUT/pe_mut_arith.v"
'

test_expect_success 'requantizer rounding mutant fails its testbench' '
	cd "$NPU" &&
	tb_fails "$TRASH/rq_mut" tb_requant.v "$MUT/requant_mut_round.v"
'

test_expect_success 'properties hold: PE, requantizer, clamp, memory port' '
	cd "$NPU" &&
	smt "$TRASH/pe" npu_pe_props props/pe_props.v npu_pe.v &&
	yosys-smtbmc -s z3 -t 6 "$TRASH/pe.smt2" >"$TRASH/pe.bmc" &&
	smt "$TRASH/rq" npu_requant_props props/requant_props.v \
		npu_requant.v &&
	yosys-smtbmc -s z3 -t 1 "$TRASH/rq.smt2" >"$TRASH/rq.bmc" &&
	smt "$TRASH/act" npu_act_props props/act_props.v npu_act.v &&
	yosys-smtbmc -s z3 -t 1 "$TRASH/act.smt2" >"$TRASH/act.bmc" &&
	smt "$TRASH/mif" npu_memif_props props/memif_props.v npu_memif.v &&
	yosys-smtbmc -s z3 -t 6 "$TRASH/mif.smt2" >"$TRASH/mif.bmc" &&
	grep -q "Status: PASSED" "$TRASH/mif.bmc"
'

test_expect_success 'controller: no out-of-bounds address within 8 cycles' '
	cd "$NPU" &&
	smt "$TRASH/ctrl" npu_ctrl_props props/ctrl_props.v npu_ctrl.v &&
	yosys-smtbmc -s z3 -t 8 "$TRASH/ctrl.smt2" >"$TRASH/ctrl.bmc" &&
	grep -q "Status: PASSED" "$TRASH/ctrl.bmc"
'

test_expect_success 'controller mutant: out-of-bounds read refuted with a trace' '
	cd "$NPU" &&
	smt "$TRASH/cm" npu_ctrl_props props/ctrl_props.v \
		"$MUT/ctrl_mut_oob.v" &&
	{ yosys-smtbmc -s z3 -t 10 --dump-vcd "$TRASH/cm.vcd" \
		"$TRASH/cm.smt2" >"$TRASH/cm.bmc"; rc=$?; } &&
	cat "$TRASH/cm.bmc" && test $rc = 1 &&
	grep -q "Assert failed in npu_ctrl_props: props/ctrl_props.v" \
		"$TRASH/cm.bmc" &&
	grep -q "Status: FAILED" "$TRASH/cm.bmc" &&
	grep -q "mem_raddr" "$TRASH/cm.vcd" &&
	grep -q "^#[1-9]" "$TRASH/cm.vcd"
'

test_expect_success 'requantizer rounding mutant violates a property' '
	cd "$NPU" &&
	smt "$TRASH/rqm" npu_requant_props props/requant_props.v \
		"$MUT/requant_mut_round.v" &&
	{ yosys-smtbmc -s z3 -t 1 "$TRASH/rqm.smt2" >"$TRASH/rqm.bmc";
	  rc=$?; } &&
	test $rc = 1 && grep -q "Status: FAILED" "$TRASH/rqm.bmc"
'

test_done
