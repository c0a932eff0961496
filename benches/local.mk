# benches/: task suites, saved samples and perf scripts (make bench).
