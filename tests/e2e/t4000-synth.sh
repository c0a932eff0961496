#!/bin/sh
# hwforge synth: statistics and structural findings from real Yosys.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have yosys python3
SY="$FIXTURES/synth"

jcheck() {
	expect_json "$1" "($2)"
}

test_expect_success 'clean 8-bit register: 8 flops and real statistics' '
	hwforge synth --json "$SY/clean.v" --top reg8 >out.json &&
	jcheck out.json "j[\"ok\"] and j[\"class\"] is None and
		j[\"stats\"][\"flops\"] == 8 and j[\"stats\"][\"latches\"] == 0 and
		j[\"stats\"][\"logic_depth\"] >= 2 and
		j[\"stats\"][\"transistors\"] > 50 and
		sum(j[\"stats\"][\"cells_by_type\"].values()) ==
		j[\"stats\"][\"cells\"] and j[\"yosys\"].startswith(\"Yosys\")"
'

test_expect_success 'text output lists the statistics' '
	hwforge synth "$SY/clean.v" --top reg8 >out &&
	grep -q "^ok: " out && grep -q "^flops 8$" out
'

for c in latch:latchy:synth/latch multidrv:multidrv:synth/multi-driver \
	 undriven:undriven:synth/undriven loop:loop:synth/comb-loop \
	 syntax:broken:synth/error; do
	f=${c%%:*}; rest=${c#*:}; top=${rest%%:*}; cls=${rest#*:}
	test_expect_failure_code "$f.v fails with $cls" 1 "
		hwforge synth --json \"\$SY/$f.v\" --top $top >out.json; rc=\$?
		jcheck out.json \"not j[\\\"ok\\\"] and
			j[\\\"class\\\"] == \\\"$cls\\\"\" && exit \$rc
	"
done

test_expect_success '--allow-latches reports but passes' '
	hwforge synth --json --allow-latches "$SY/latch.v" --top latchy \
		>out.json &&
	jcheck out.json "j[\"ok\"] and j[\"stats\"][\"latches\"] == 4 and
		j[\"findings\"][0][\"kind\"] == \"latch\""
'

test_expect_success 'hierarchical design is flattened before stat -json' '
	hwforge synth --json "$SY/hier.v" --top pipe >out.json &&
	jcheck out.json "j[\"ok\"] and j[\"stats\"][\"flops\"] == 8"
'

test_expect_failure_code 'missing --top is a usage error' 2 '
	hwforge synth "$SY/clean.v"
'

test_expect_failure_code 'missing file is a usage error' 2 '
	hwforge synth no-such.v --top x
'

test_expect_success '--help documents the exit codes' '
	hwforge synth --help >out && grep -q "Exit codes" out
'

test_done
