# rtl/: Verilog shipped with hwforge (NPU, CPU).

# The NPU (rtl/npu/README.md): RTL, alternative implementations, property
# wrappers, testbenches with golden-model vectors, and its gate file.
NPU_RTL = rtl/npu/npu_pe.v rtl/npu/npu_skew.v rtl/npu/npu_array.v \
	rtl/npu/npu_requant.v rtl/npu/npu_act.v rtl/npu/npu_spad.v \
	rtl/npu/npu_memif.v rtl/npu/npu_ctrl.v rtl/npu/npu_top.v
EXTRA_DIST += $(NPU_RTL) rtl/npu/gate.json rtl/npu/README.md \
	rtl/npu/alt/npu_pe_alt.v rtl/npu/alt/npu_requant_alt.v \
	rtl/npu/alt/npu_act_alt.v \
	rtl/npu/props/pe_props.v rtl/npu/props/requant_props.v \
	rtl/npu/props/act_props.v rtl/npu/props/memif_props.v \
	rtl/npu/props/ctrl_props.v \
	rtl/npu/tb/tb_pe.v rtl/npu/tb/tb_requant.v rtl/npu/tb/tb_act.v \
	rtl/npu/tb/tb_array.v rtl/npu/tb/tb_top.v \
	rtl/npu/tb/vectors_pe.vh rtl/npu/tb/vectors_requant.vh \
	rtl/npu/tb/vectors_act.vh rtl/npu/tb/vectors_array.vh \
	rtl/npu/tb/vectors_top.vh

# The NPU golden model: writes the testbench vectors, checked by t7000.
check_PROGRAMS += tests/npu/npu-model
tests_npu_npu_model_SOURCES = tests/npu/npu-model.c tests/npu/npu-golden.c \
	tests/npu/npu-golden.h
tests_npu_npu_model_LDADD =

# Mutants for the NPU tests and the gate helper's tests.
EXTRA_DIST += tests/fixtures/npu/pe_mut_arith.v \
	tests/fixtures/npu/requant_mut_round.v \
	tests/fixtures/npu/ctrl_mut_oob.v \
	tests/fixtures/npu/gate-mutants.json

E2E_TESTS += tests/e2e/t7000-npu-rtl.sh tests/e2e/t7010-npu-gate-mutants.sh
