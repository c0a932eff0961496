# benches/npu: the NPU task suite (data only).
