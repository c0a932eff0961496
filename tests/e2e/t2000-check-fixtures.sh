#!/bin/sh
# Walk the verdict corpus: every tests/fixtures/verify/*.v whose first line
# is "// expect: VERDICT [CLASS]" is checked with the "// args:" of its
# second line; the exit code, verdict and failure class must match.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp yosys python3

D=$FIXTURES/verify

want_rc() {
	case $1 in
	pass) echo 0 ;;
	fail) echo 1 ;;
	*) echo 3 ;;
	esac
}

for f in "$D"/*.v; do
	expect=$(sed -n '1s|^// expect: *||p' "$f")
	test -n "$expect" || continue
	name=$(basename "$f" .v)
	args=$(sed -n '2s|^// args: *||p' "$f")
	verdict=${expect%% *}
	class=
	case $expect in *" "*) class=${expect#* } ;; esac
	rc_want=$(want_rc "$verdict")
	test_expect_success "$name: $expect" '
		(cd "$D" && hwforge check --json $args "$name.v") >"$name.json"
		rc=$?
		test "$rc" = "$rc_want" || { echo "exit $rc, want $rc_want"; cat "$name.json"; exit 1; }
		expect_json "$name.json" "j[\"verdict\"] == \"$verdict\"" &&
		if test -n "$class"; then
			expect_json "$name.json" "j[\"class\"] == \"$class\""
		else
			expect_json "$name.json" "j[\"class\"] is None and all(s[\"status\"] in (\"pass\", \"skipped\") for s in j[\"stages\"])"
		fi
	'
done

test_expect_success 'every verdict class of the corpus was seen' '
	grep -h "^// expect:" "$D"/*.v | sort -u >classes &&
	for c in "pass" "fail compile/syntax" "fail compile/port-mismatch" \
		"fail synth/latch" "fail sim/mismatch" "fail sim/timeout" \
		"fail sim/flood" "fail sandbox/violation" \
		"fail cheat/forbidden-task" \
		"fail cheat/hierarchical-ref" "error sim/reference"; do
		grep -qx "// expect: $c" classes || { echo "no fixture for $c"; exit 1; }
	done
'

test_expect_success 'a mismatch comes with a table: cycle, inputs, expected, got' '
	expect_json fail-sim-mismatch.json "[s for s in j[\"stages\"] if s[\"name\"] == \"sim\"][0][\"evidence\"][\"table\"][0] == {\"cycle\": 1, \"inputs\": {\"a\": \"8'"'"'hff\", \"b\": \"8'"'"'hff\"}, \"expected\": {\"s\": \"9'"'"'h1fe\"}, \"got\": {\"s\": \"9'"'"'h000\"}}"
'

test_expect_success 'compile errors name the user file, the line and the source' '
	expect_json fail-compile-syntax.json "any(e[\"file\"].endswith(\"fail-compile-syntax.v\") and e[\"line\"] == 4 and \"a + ;\" in e[\"source\"] for e in j[\"stages\"][1][\"evidence\"][\"errors\"])"
'

test_expect_success 'screen evidence names file, line and token' '
	expect_json fail-sandbox-fopen.json "j[\"stages\"][0][\"evidence\"][\"violations\"][0][\"token\"] == \"\$fopen\" and j[\"stages\"][0][\"evidence\"][\"violations\"][0][\"line\"] == 7"
'

test_expect_success 'every verdict records tool versions, flags and seed' '
	expect_json pass-adder.json "j[\"tools\"][\"iverilog\"].startswith(\"Icarus Verilog\") and j[\"tools\"][\"yosys\"].startswith(\"Yosys\") and j[\"flags\"][\"top\"] == \"adder\" and j[\"seed\"] == 1"
'

test_expect_success 'the forged output does not reach the verdict' '
	expect_json fail-sim-forged-output.json "\"Mismatches: 0\" in [s for s in j[\"stages\"] if s[\"name\"] == \"sim\"][0][\"evidence\"][\"output\"]"
'

test_done
