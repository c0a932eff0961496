# rtl/: Verilog shipped with hwforge (NPU, CPU).
