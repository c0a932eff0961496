# Shared by the t91xx fuzz tests: one Verilator cache under the build
# tree (each model is built once per CI run), and the core to fuzz:
# rtl/cpu when it is in the tree, else picorv32 from HWFORGE_PICORV32.
test_have verilator iverilog g++
HWFORGE_CACHE_DIR=${TEST_BUILDDIR:-$TRASH}/fuzz-cache
export HWFORGE_CACHE_DIR
mkdir -p "$HWFORGE_CACHE_DIR"
if test -f "$TOP_SRCDIR/rtl/cpu/hf_cpu.v"; then
	CORE=$TOP_SRCDIR/rtl/cpu/core.json
	EASY_BUG=HF_CPU_BUG_SLTU_SIGNED
elif test -n "$HWFORGE_PICORV32" && test -f "$HWFORGE_PICORV32/picorv32.v"; then
	CORE=$TOP_SRCDIR/cores/picorv32.json
	EASY_BUG=PICORV32_TESTBUG_004
else
	test_skip "neither rtl/cpu/hf_cpu.v nor HWFORGE_PICORV32 (a picorv32 checkout)"
fi
export HWFORGE_PICORV32
