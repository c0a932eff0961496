#!/bin/sh
# hwforge assert against the scripted server: round 1 has one true, one
# false and one vacuous assertion; the false one comes back with its
# counterexample, the vacuous one with the reason; round 2's set is
# proved.  The printed mutation score equals a count made here, mutant by
# mutant, with `hwforge assert --judge`.  props.sva passes `hwforge check
# --props`; bad assertions get one line each while the rest is judged.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 yosys yosys-smtbmc z3 iverilog

D="$FIXTURES/assert/cnt.v"
S="$FIXTURES/assert-loop/script.py"
python3 "$S" script.json || exit 1
server_start script.json || test_skip "cannot start the test server"

run_assert() {
	env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" assert "$D" --top cnt \
		--endpoint "$ENDPOINT" --model test-model \
		--cache-dir "$PWD/cache" "$@"
}

test_expect_success 'two rounds: the second set is accepted, score printed' '
	run_assert -o out --mutants 10 >stdout 2>stderr &&
	cat stdout &&
	grep -qx "out/props.sva: 3 assertions hold (3 proved, 0 bounded), round 2 of 2" stdout &&
	grep -q "^mutation score: [0-9]*/[0-9]* killed" stdout &&
	test "$(requests_count)" = 2 && no_stderr stderr
'

test_expect_success 'report.json: per-round verdicts, the final set' '
	expect_json out/report.json "(j[\"verdict\"] == \"accepted\" and
		j[\"stopped\"] == \"accepted\" and j[\"final_round\"] == 2 and
		[(r[\"proved\"], r[\"fails\"], r[\"vacuous\"]) for r in j[\"rounds\"]]
			== [(1, 1, 1), (3, 0, 0)] and
		[r[\"class\"] for r in j[\"rounds\"]] == [\"assert/fails\", None] and
		[a[\"label\"] for a in j[\"assertions\"]] ==
			[\"p_range\", \"p_wrap\", \"p_step\"] and
		all(a[\"status\"] == \"proved\" for a in j[\"assertions\"]) and
		j[\"tokens\"][\"total\"] == 480)"
'

test_expect_success 'request 2: the counterexample and the vacuity reason' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l) for l in open("requests.jsonl")]
	m = r[1]["body"]["messages"]
	assert [x["role"] for x in m] == ["system", "user", "assistant", "user"]
	fb = m[-1]["content"]
	assert "## line 2 p_seven: fails" in fb, fb
	assert "fails at cycle 7" in fb and "<- fails" in fb, fb
	assert "## line 3 p_vac: vacuous" in fb, fb
	assert "its antecedent is never true within 20 cycles" in fb, fb
	assert "p_range" not in fb.split("need work")[1], "a holding one fed back"
	assert "p_vac" in m[2]["content"], "the last set is the assistant turn"
	assert "module cnt" in m[1]["content"], "the design is shown"
	EOF
'

test_expect_success 'props.sva passes hwforge check --props' '
	hwforge check --props out/props.sva --top cnt "$D" >check.out &&
	grep -q "props .*3 assertions: 3 proved" check.out
'

test_expect_success 'the mutation score equals a count mutant by mutant' '
	n=0 killed=0 &&
	for m in out/mutants/*/; do
		id=$(basename "$m")
		n=$((n + 1))
		{ hwforge assert --judge out/props.sva --top cnt "$m/cnt.v" \
			-o "j-$id" >"j-$id.out" 2>&1; rc=$?; }
		test $rc -le 1 || { cat "j-$id.out"; exit 1; }
		if grep -q "\"status\":[[:space:]]*\"fails\"" "j-$id/report.json"; then
			killed=$((killed + 1))
		fi
	done &&
	echo "# independent count: $killed of $n" &&
	expect_json out/report.json "(j[\"mutation\"][\"nonequivalent\"] == $n and
		j[\"mutation\"][\"killed\"] == $killed and
		len(j[\"mutation\"][\"survivors\"]) == $n - $killed)" &&
	grep -q "^mutation score: $killed/$n killed" stdout
'

test_expect_success 'mutants.json lists every mutant with its equivalence' '
	expect_json out/mutants.json "(len(j) == 10 and
		all(m[\"equiv\"] in (\"equivalent\", \"different\", \"unknown\",
				     \"stillborn\") for m in j) and
		sum(m[\"equiv\"] in (\"different\", \"unknown\") for m in j) ==
			len(__import__(\"os\").listdir(\"out/mutants\")))"
'

test_expect_success 'a re-run replays the cache: no request, same set' '
	run_assert -o out2 --mutants none >stdout2 2>stderr2 &&
	test "$(requests_count)" = 2 &&
	cmp out/props.sva out2/props.sva &&
	! grep -q "mutation score" stdout2 && ! test -d out2/mutants &&
	expect_json out2/report.json "(j[\"llm\"][\"cache_hits\"] == 2)"
'

test_expect_failure_code 'a token budget ends the loop after round 1' 1 '
	run_assert -o bud --budget-tokens 100 --mutants none >stdout5 2>stderr5
	rc=$?
	grep -q "(budget)" stderr5 &&
	expect_json bud/report.json "(j[\"stopped\"] == \"budget\" and
		j[\"rounds_run\"] == 1 and j[\"verdict\"] == \"not-accepted\" and
		[a[\"label\"] for a in j[\"assertions\"]] == [\"p_range\"])" &&
	exit $rc
	# a failed check must not pass for the expected exit 1
	exit 3
'

test_expect_success 'no secret in any output' '
	! grep -r -F "$TEST_KEY" out out2 cache stdout stderr
'

server_stop
python3 "$S" script-bad.json bad || exit 1
server_start script-bad.json || test_skip "cannot start the test server"

test_expect_failure_code 'bad assertions: one line each, the true one kept' 1 '
	run_assert -o bad --rounds 1 --mutants none >stdout3 2>stderr3; rc=$?
	cat stdout3 stderr3
	# a failed check exits 3, not the 1 expected of the command
	{ grep -qx "bad/props.sva: 1 assertions hold (1 proved, 0 bounded), round 1 of 1" stdout3 &&
	grep -qx "left out: 0 fail, 0 vacuous, 4 invalid, 0 unknown" stdout3 &&
	grep -q "no set that holds in 1 round (rounds)" stderr3 &&
	grep -c "assert property" bad/props.sva | grep -qx 1 &&
	grep -q "^p_range:" bad/props.sva; } || exit 3
	exit $rc
'

test_expect_success 'bad assertions: their reasons in report.json' '
	python3 - <<-\EOF
	import json
	j = json.load(open("bad/report.json"))
	assert j["verdict"] == "not-accepted" and j["stopped"] == "rounds", j
	got = {a["label"]: (a["status"], a.get("reason"))
	       for a in j["rounds"][0]["judged"]}
	assert got["p_range"][0] == "proved", got
	want = {"p_paren": "cannot parse the assertion",
		"p_ev": "'"'"'s_eventually'"'"' is not supported",
		"p_unb": "unbounded delay",
		"p_ghost": "'"'"'ready'"'"' is not a signal of module '"'"'cnt'"'"'"}
	for k, v in want.items():
	    assert got[k][0] == "invalid" and v in got[k][1], (k, got[k])
	    assert "\n" not in got[k][1], "one line"
	assert [a["label"] for a in j["assertions"]] == ["p_range"], j["assertions"]
	EOF
'

server_stop
printf '%s' '{"rules": [{"contains": "cnt", "replies": [{"content": "late", "delay_ms": 30000}]}]}' >script-slow.json
server_start script-slow.json || test_skip "cannot start the test server"

test_expect_success 'Ctrl-C while waiting for the model: exit 130, report kept' '
	HWFORGE_API_KEY=$TEST_KEY "$HWFORGE" assert "$D" --top cnt \
		--endpoint "$ENDPOINT" --model m --no-cache -o int \
		>stdout4 2>stderr4 &
	pid=$! &&
	i=0 &&
	while test "$(requests_count)" -lt 1; do
		i=$((i + 1)) && test $i -lt 400 && sleep 0.05 || exit 1
	done &&
	kill -INT $pid &&
	{ wait $pid; rc=$?; } ;
	test $rc = 130 && grep -q "interrupted" stderr4 &&
	test "$(wc -l <stderr4)" = 1 &&
	expect_json int/report.json "(j[\"stopped\"] == \"interrupted\" and
		j[\"verdict\"] == \"not-accepted\" and j[\"props\"] is None)" &&
	! test -e int/props.sva
'

test_expect_failure_code 'usage: no --top' 2 '
	hwforge assert "$D" -o u 2>err; rc=$?
	grep -q "top NAME is required" err && exit $rc
'

test_expect_failure_code 'usage: a missing design file' 2 '
	run_assert nosuch.v -o u 2>err; rc=$?
	test "$(wc -l <err)" = 1 && grep -q "nosuch.v" err && exit $rc
'

test_expect_failure_code 'usage: --candidates is not for assert' 2 '
	run_assert --candidates 3 -o u 2>err; rc=$?
	grep -q "one set a round" err && exit $rc
'

test_done
