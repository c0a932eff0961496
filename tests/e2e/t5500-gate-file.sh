#!/bin/sh
# hwforge gate: usage and gate file errors (exit 2, one line naming the key).
. "$TEST_SRCDIR/e2e/lib.sh"

G="$FIXTURES/gate"

test_expect_success '--help shows usage, options and exit codes' '
	hwforge gate --help >out &&
	grep -q "^usage: hwforge gate \[GATEFILE\]" out &&
	grep -q -- "--junit FILE" out &&
	grep -q -- "--jobs N" out &&
	grep -q "130  interrupted" out
'

test_expect_failure_code 'no ./hwforge-gate.json: exit 2 naming it' 2 '
	hwforge gate 2>err; rc=$?
	cat err &&
	grep -q "cannot open gate file .hwforge-gate.json." err && exit $rc
'

test_expect_failure_code 'bad --jobs: exit 2' 2 '
	hwforge gate --jobs zero "$G/gate-pass.json" 2>err; rc=$?
	grep -q -- "--jobs" err && exit $rc
'

test_expect_failure_code 'two gate files: exit 2' 2 '
	hwforge gate a.json b.json
'

# bad_gate NAME JSON KEY: the gate file (next to copies of the fixtures)
# is rejected with exit 2 and one line naming KEY.
bad_gate() {
	cp "$G"/*.v . &&
	printf "%s\n" "$2" >"$1.json" &&
	hwforge gate "$1.json" >out 2>err
	rc=$?
	cat err
	test $rc = 2 && test "$(wc -l <err)" = 1 &&
	grep -q "^hwforge: $1.json: $3: " err && ! test -s out
}

test_expect_success 'unknown key in a unit' '
	bad_gate k1 "{\"units\": [{\"name\": \"a\", \"sources\": [\"add4.v\"],
		\"top\": \"add4\", \"budgett\": {\"max_cells\": 1}}]}" \
		"units\[0\]\.budgett" &&
	grep -q "unknown key (known: name, sources, top" err
'

test_expect_success 'budget value of the wrong type' '
	bad_gate k2 "{\"units\": [{\"name\": \"a\", \"sources\": [\"add4.v\"],
		\"top\": \"add4\", \"budget\": {\"max_cells\": \"many\"}}]}" \
		"units\[0\]\.budget\.max_cells"
'

test_expect_success 'missing source file' '
	bad_gate k3 "{\"units\": [{\"name\": \"a\",
		\"sources\": [\"add4.v\", \"gone.v\"], \"top\": \"add4\"}]}" \
		"units\[0\]\.sources\[1\]" &&
	grep -q "cannot open .gone.v." err
'

test_expect_success 'bad lint mode' '
	bad_gate k4 "{\"units\": [{\"name\": \"a\", \"sources\": [\"add4.v\"],
		\"top\": \"add4\", \"lint\": \"loud\"}]}" "units\[0\]\.lint"
'

test_expect_success 'testbench file missing' '
	bad_gate k5 "{\"units\": [{\"name\": \"a\", \"sources\": [\"add4.v\"],
		\"top\": \"add4\", \"testbenches\": [{\"file\": \"tb_x.v\"}]}]}" \
		"units\[0\]\.testbenches\[0\]\.file"
'

test_expect_success 'unknown key in defaults' '
	bad_gate k6 "{\"defaults\": {\"timeout\": 5, \"depth\": 3},
		\"units\": [{\"name\": \"a\", \"sources\": [\"add4.v\"],
		\"top\": \"add4\"}]}" "defaults\.depth"
'

test_expect_failure_code 'invalid JSON: exit 2 with the byte offset' 2 '
	printf "{\"units\": [" >k7.json &&
	hwforge gate k7.json 2>err; rc=$?
	cat err &&
	grep -q "^hwforge: k7.json: invalid JSON at byte [0-9]" err && exit $rc
'

test_expect_success 'a gate file that is a directory' '
	mkdir d.json &&
	hwforge gate d.json 2>err; rc=$?
	cat err && test $rc = 2 && grep -q "d.json" err
'

test_done
