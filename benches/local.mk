# benches/: task suites, saved samples and perf scripts (make bench).
EXTRA_DIST += benches/hardening/fresh-root
