#!/bin/sh
# The main job, offline: gate the shipped NPU RTL, then score the shipped
# sample set on the shipped NPU task suite.  Usage: demo.sh HWFORGE TOPSRC
set -e
hw=$1
top=$2
out=${DEMO_OUT:-$PWD/demo-out}
mkdir -p "$out"
if test -f "$top/rtl/npu/gate.json"; then
	echo "== hwforge gate rtl/npu/gate.json"
	"$hw" gate "$top/rtl/npu/gate.json" --junit "$out/gate-junit.xml"
fi
if test -d "$top/benches/npu"; then
	echo "== hwforge bench benches/npu"
	"$hw" bench "$top/benches/npu" --samples "$top/benches/npu/samples.jsonl" \
		--out "$out/bench" || test $? = 1
	echo "report: $out/bench/report.html"
fi
