#!/bin/sh
# hwforge bench --model on an assertion suite (task.json "kind": "assert"):
# the model is asked for assertions on each design, and every sample is
# judged statement by statement and scored by the mutants it kills.
#   cnt2:  a fully proved set (3 assertions)
#   pulse: one that holds, one false, one vacuous, one naming no signal
#   hold8: a reply without assertions
# The mutation score must equal an independent count (hwforge
# assert-judge on each sample's extracted assertions); a killed run
# resumes without doubled lines; a bad task.json is one line, exit 2.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys yosys-smtbmc z3

SUITE="$FIXTURES/bench/assert"

python3 - <<-\EOF
import json
def say(*lines):
    return {"content": "Here they are.\n// BEGIN VERILOG\n" + "\n".join(lines)
            + "\n// END VERILOG\n",
            "usage": {"prompt_tokens": 100, "completion_tokens": 40}}
json.dump({"rules": [
    {"contains": "module cnt2", "replies": [say(
        "p_rst: assert property (@(posedge clk) rst |=> q == 2'd0);",
        "p_hold: assert property (@(posedge clk) disable iff (rst) !en |=> q == $past(q));",
        "p_inc: assert property (@(posedge clk) disable iff (rst) en |=> q == $past(q) + 2'd1);")]},
    {"contains": "module pulse", "replies": [say(
        "p_ok: assert property (@(posedge clk) disable iff (rst) rise |=> q);",
        "p_bad: assert property (@(posedge clk) disable iff (rst) d |-> rise);",
        "p_vac: assert property (@(posedge clk) (rise && q) |-> d);",
        "p_inv: assert property (@(posedge clk) nosuch |-> q);")]},
    {"contains": "module hold8",
     "replies": [{"content": "I would rather not write assertions today."}]}]},
    open("script.json", "w"), indent=1)
EOF
server_start script.json || test_skip "cannot start the test server"

test_expect_success 'the fixture suite self-tests: every design compiles' '
	hwforge bench "$SUITE" >self &&
	grep -q "^cnt2: compiles, .* mutant sites (6 scored)" self &&
	grep -q "^assert suite .*: 3 tasks, every design compiles" self
'

test_expect_success 'the shipped suite: at least 10 tasks, each loads and compiles' '
	hwforge bench "$TOP_SRCDIR/benches/assert/tasks" >shipped &&
	test "$(grep -c ": compiles, " shipped)" -ge 10 &&
	grep -q "^assert suite .*: [0-9]* tasks, every design compiles" shipped
'

test_expect_success 'bench --model asks for assertions and scores them' '
	HWFORGE_CACHE_DIR="$PWD/cache" hwforge bench --model m \
		--endpoint "$ENDPOINT" -n 2 --jobs 2 --out b "$SUITE" \
		>out 2>err &&
	test "$(requests_count)" = 6 &&
	grep -q "^assertions written: 14: 8 proved, 0 bounded, 2 fail, 2 vacuous, 2 invalid, 0 unknown" out &&
	grep -q "^of all assertions written: proved 57.1%, holding (proved or bounded) 57.1%, vacuous 14.3%" out &&
	expect_json b/summary.json "(j[\"kind\"] == \"assert\" and
		j[\"tasks\"] == 3 and j[\"samples\"] == 6 and
		j[\"errors\"] == 0 and j[\"assertions\"] == 14 and
		j[\"proved\"] == 8 and j[\"bounded\"] == 0 and
		j[\"fails\"] == 2 and j[\"vacuous\"] == 2 and
		j[\"invalid\"] == 2 and j[\"unknown\"] == 0 and
		abs(j[\"proved_share\"] - 8 / 14) < 1e-9 and
		abs(j[\"holding_share\"] - 8 / 14) < 1e-9 and
		abs(j[\"vacuous_share\"] - 2 / 14) < 1e-9 and
		[t[\"task\"] for t in j[\"tasks_detail\"]] ==
		[\"cnt2\", \"hold8\", \"pulse\"])"
'

test_expect_success 'the request shows the design and asks for assertions' '
	python3 - <<-\EOF
	import json
	reqs = [json.loads(l)["body"] for l in open("requests.jsonl")]
	txt = [" ".join(m["content"] for m in r["messages"]) for r in reqs]
	assert sum("module cnt2" in t and "Write SystemVerilog assertions" in t
	           and "// file: cnt2.v" in t and "counts up by one" in t
	           for t in txt) == 2, txt
	EOF
'

test_expect_success 'per-sample verdicts in results.jsonl' '
	python3 - <<-\EOF
	import json
	r = {(x["task"], x["sample"]): x for x in map(json.loads, open("b/results.jsonl"))}
	assert len(r) == 6 and sum(1 for _ in open("b/results.jsonl")) == 6
	st = lambda x: [(i["label"], i["status"]) for i in x["items"]]
	for s in (0, 1):
	    assert st(r[("cnt2", s)]) == [("p_rst", "proved"), ("p_hold", "proved"),
	                                 ("p_inc", "proved")], r[("cnt2", s)]
	    assert st(r[("pulse", s)]) == [("p_ok", "proved"), ("p_bad", "fails"),
	                                  ("p_vac", "vacuous"), ("p_inv", "invalid")]
	    assert "nosuch" in r[("pulse", s)]["items"][3]["reason"]
	    assert r[("pulse", s)]["items"][1]["trace"]
	    assert r[("hold8", s)]["assertions"] == 0
	    assert r[("hold8", s)]["extract"] == "none"
	    assert r[("hold8", s)]["mutation"]["killed"] == 0
	EOF
'

# The independent count: assert-judge on the very statements each sample
# holds (the samples file's "code"), with the same mutant sample.
judge_count() { # TASK MUTANTS PROPS
	hwforge assert --judge "$3" "$SUITE/$1/$1.v" --top "$1" \
		--mutants "$2" >"judge-$1.out"
	sed -n "s/^mutation score: \([0-9]*\/[0-9]*\) killed.*/\1/p" "judge-$1.out"
}

test_expect_success 'the mutation score equals assert-judge on each sample' '
	python3 - <<-\EOF &&
	import json
	for x in map(json.loads, open("b/samples.jsonl")):
	    if x["sample"] == 0 and x["code"]:
	        open(x["task"] + ".props", "w").write(x["code"])
	open("hold8.props", "w").write(
	    "p_true: assert property (@(posedge clk) 1);\n")
	EOF
	c=$(judge_count cnt2 6 cnt2.props) && p=$(judge_count pulse 6 pulse.props) &&
	h=$(judge_count hold8 4 hold8.props) &&
	say "assert-judge: cnt2 $c, pulse $p, hold8 (nothing holds) 0/${h#*/}" &&
	python3 - "$c" "$p" "${h#*/}" <<-\EOF
	import json, sys
	c, p = (tuple(map(int, a.split("/"))) for a in sys.argv[1:3])
	h = int(sys.argv[3])
	j = json.load(open("b/summary.json"))
	d = {t["task"]: t for t in j["tasks_detail"]}
	assert (d["cnt2"]["killed"], d["cnt2"]["nonequivalent"]) == (2 * c[0], 2 * c[1]), d
	assert (d["pulse"]["killed"], d["pulse"]["nonequivalent"]) == (2 * p[0], 2 * p[1]), d
	assert (d["hold8"]["killed"], d["hold8"]["nonequivalent"]) == (0, 2 * h), d
	assert c[0] > 0 and p[0] < p[1], (c, p)
	k, n = 2 * (c[0] + p[0]), 2 * (c[1] + p[1] + h)
	assert (j["killed"], j["nonequivalent"]) == (k, n), j
	assert abs(j["mutation_score"] - k / n) < 1e-9
	mean = (c[0] / c[1] + p[0] / p[1] + 0) / 3
	assert abs(j["mutation_score_task_mean"] - mean) < 1e-9, j
	print("ok", k, n)
	EOF
'

test_expect_success 'bench --samples scores the saved samples the same way' '
	hwforge bench --samples b/samples.jsonl --out s "$SUITE" >sout 2>serr &&
	cmp b/summary.json s/summary.json &&
	test "$(requests_count)" = 6
'

test_expect_success 'kill -9 mid-run, then --resume: no line lost or doubled' '
	( exec "$HWFORGE" bench --samples b/samples.jsonl --out k --jobs 1 \
		"$SUITE" >/dev/null 2>&1 ) &
	pid=$! && i=0 &&
	while ! test -s k/results.jsonl && test $i -lt 600; do
		sleep 0.1; i=$((i + 1))
	done &&
	kill -9 $pid && wait $pid; sleep 1
	n=$(wc -l <k/results.jsonl | tr -d " ") &&
	say "$n of 6 lines before the kill" &&
	test "$n" -lt 6 &&
	printf "{\"suite\": \"torn" >>k/results.jsonl &&
	hwforge bench --samples b/samples.jsonl --out k --resume "$SUITE" \
		>kout 2>kerr &&
	test "$(wc -l <k/results.jsonl | tr -d " ")" = 6 &&
	python3 -c "import json; [json.loads(l) for l in open(\"k/results.jsonl\")]" &&
	cmp b/summary.json k/summary.json &&
	grep -q "\[1/$((6 - n))\]" kerr
'

test_expect_success 'without --resume an existing results file is refused' '
	test_must_fail_2() { "$@"; test $? = 2; } &&
	test_must_fail_2 hwforge bench --samples b/samples.jsonl --out k "$SUITE" 2>e &&
	test "$(wc -l <e)" = 1 && grep -q "use --resume" e
'

test_expect_success 'a bad task.json: one line naming it, exit 2' '
	cp -r "$SUITE" bad && chmod -R u+w bad &&
	printf "{\"kind\": \"assert\", \"id\": \"pulse\", \"top\": \"pulse\"}\n" \
		>bad/pulse/task.json &&
	{ hwforge bench --samples b/samples.jsonl --out x bad 2>e1; rc=$?; } ;
	test $rc = 2 && test "$(wc -l <e1)" = 1 &&
	grep -q "bad/pulse/task.json: an assert task needs \"design\"" e1 &&
	printf "{\"kind\": \"assert\", \"id\":" >bad/pulse/task.json &&
	{ hwforge bench bad 2>e2; rc=$?; } ;
	test $rc = 2 && test "$(wc -l <e2)" = 1 && grep -q "pulse/task.json" e2 &&
	printf "{\"kind\": \"assert\", \"id\": \"pulse\", \"top\": \"pulse\", \"design\": [\"gone.v\"]}\n" \
		>bad/pulse/task.json &&
	{ hwforge bench bad 2>e3; rc=$?; } ;
	test $rc = 2 && test "$(wc -l <e3)" = 1 && grep -q "gone.v.*no such file" e3
'

test_done
