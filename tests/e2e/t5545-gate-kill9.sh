#!/bin/sh
# kill -9 a gate run in the middle of its checks: the JUnit and JSON
# reports of the last finished run are still whole (replaced atomically,
# never half written, no temporary left beside them), and a re-run gives
# the same verdicts.  (A gate keeps no state between runs: a re-run is
# the resume.)
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog yosys python3

G="$FIXTURES/gate"
cp "$G"/*.v . || exit 1
JC="python3 $G/junit_check.py"
cat >gate.json <<'JSON'
{
  "name": "k9",
  "defaults": { "timeout": 30, "lint": "off" },
  "units": [
    { "name": "adder", "sources": ["add4.v"], "top": "add4",
      "testbenches": [ { "file": "tb_add4.v", "top": "tb_add4" } ] },
    { "name": "slow", "sources": ["add4.v"], "top": "add4",
      "testbenches": ["tb_hang.v"] },
    { "name": "counter", "sources": ["cnt10.v"], "top": "cnt10" }
  ]
}
JSON
sed -e 's/"timeout": 30/"timeout": 3/' gate.json >quick.json

verdicts() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
v = sorted((c["id"], c["result"], c["class"])
           for u in j["units"] for c in u["checks"])
assert len(v) >= 6, v
print("\n".join(map(str, v)))' "$1"
}

test_expect_success 'a finished run: JUnit and JSON reports' '
	{ hwforge gate --no-progress --junit j.xml --json quick.json >r.json 2>err; test $? = 1; } &&
	$JC j.xml --failures 1 &&
	verdicts r.json >v1 && cat v1 && test -s v1 &&
	cp j.xml j1.xml
'

test_expect_success 'kill -9 mid-run: the last JUnit file is whole, nothing beside it' '
	"$HWFORGE" gate --no-progress --jobs 2 --junit j.xml gate.json >/dev/null 2>&1 &
	pid=$! &&
	sleep 2 &&
	kill -9 $pid && ! wait $pid &&
	cmp j.xml j1.xml &&
	$JC j.xml --failures 1 &&
	test -z "$(ls -A | grep "\.tmp")"
'

test_expect_success 're-run: the same verdicts' '
	{ hwforge gate --no-progress --junit j.xml --json quick.json >r2.json 2>err; test $? = 1; } &&
	verdicts r2.json >v2 && cmp v1 v2 &&
	$JC j.xml --failures 1
'
test_done
