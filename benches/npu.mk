# benches/npu: the NPU task suite (data only) and its self-validation.
EXTRA_DIST += benches/npu
E2E_TESTS += tests/e2e/t8000-npu-suite.sh
