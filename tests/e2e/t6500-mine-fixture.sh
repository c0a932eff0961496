#!/bin/sh
# hwforge mine on a fixture repository made here with git: the labels of
# every kind of commit, the skip reasons, agreement with git log on the
# HDL-touching commits, incremental re-runs, and bad input.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have git python3

count() { # count FILE KEY VALUE: records whose KEY equals VALUE
	python3 -c 'import json,sys
n = sum(1 for l in open(sys.argv[1]) if json.loads(l).get(sys.argv[2]) == sys.argv[3])
print(n)' "$@"
}
reason() { # reason FILE R: records with reason R
	python3 -c 'import json,sys
print(sum(1 for l in open(sys.argv[1]) if sys.argv[2] in json.loads(l)["reasons"]))' "$@"
}

test_expect_success 'the fixture repository' '
	sh "$TEST_SRCDIR/e2e/mine-fixture.sh" "$TRASH/fx" >/dev/null 2>&1 &&
	test -d fx/.git
'

test_expect_success 'HDL-touching commits agree with git log' '
	hwforge mine --list-commits fx >ours &&
	git -C fx log --no-merges --full-history --format=%H -- \
		"*.v" "*.sv" "*.svh" "*.vh" >theirs &&
	test "$(wc -l <ours)" = "$(wc -l <theirs)" &&
	sort ours >a && sort theirs >b && cmp a b &&
	test "$(wc -l <ours)" = 21
'

test_expect_success 'mine the fixture' '
	hwforge mine fx --out out 2>err &&
	cat err &&
	grep -q "fx: 23 commits walked" err &&
	test "$(wc -l <out/fx/records.jsonl)" = 11 &&
	test "$(grep -c ", skipped$" err)" = 4 &&
	grep -q "gen/huge.v: too big (1[0-9]\{8\} bytes), skipped$" err &&
	grep -q "rtl/lost.v: missing object, skipped$" err &&
	grep -q "rtl/badobj.v: unreadable object: .*, skipped$" err &&
	grep -q "rtl/netlist.v: binary (25 bytes), skipped$" err
'

R=out/fx/records.jsonl
test_expect_success 'labels: roles, changes, kinds' '
	test "$(count $R role vendored)" = 1 &&
	test "$(count $R role dv)" = 1 &&
	test "$(count $R role generated)" = 1 &&
	test "$(count $R role rtl)" = 8 &&
	test "$(count $R change comment_only)" = 1 &&
	test "$(count $R kind moved)" = 1 &&
	test "$(count $R kind renamed)" = 1 &&
	grep -q "\"module\":\"fifo_ctrl\",\"path\":\"rtl/fifo_ctrl.sv\",\"before_path\":\"rtl/fifo.sv\"" $R
'

test_expect_success 'message classes: styles, revert, not prefix/debug' '
	test "$(reason $R conventional_fix)" = 1 &&
	test "$(reason $R issue_ref)" = 1 &&
	test "$(reason $R revert)" = 1 &&
	! grep -q "\"message\":\"Add a prefix to debug" $R &&
	! grep -q "Merge branch" $R &&
	grep -q "Fix operand order of subtraction" $R
'

test_expect_success 'licence and hunks with file line numbers' '
	expect_json_line() { python3 -c "import json,sys
r = [json.loads(l) for l in open(\"$R\")]
sys.exit(0 if $1 else 1)"; } &&
	expect_json_line "all(x[\"licence\"][\"repo\"] == \"MIT\" for x in r)" &&
	expect_json_line "[x for x in r if x[\"module\"] == \"fifo_ctrl\" and x[\"kind\"] == \"modified\"][0][\"hunks\"][0][\"old_start\"] >= 5"
'

S=out/fx/skipped.jsonl
test_expect_success 'skipped: binary, too big, missing, corrupt' '
	test "$(wc -l <$S)" = 4 &&
	grep -q "\"path\":\"rtl/netlist.v\".*\"reason\":\"binary\"" $S &&
	grep -q "\"path\":\"gen/huge.v\".*\"reason\":\"too big\"" $S &&
	python3 -c "import json, sys
h = [json.loads(l) for l in open(\"$S\") if \"huge.v\" in l][0]
sys.exit(0 if h[\"size\"] >= 100 << 20 else 1)" &&
	grep -q "\"path\":\"rtl/lost.v\".*\"reason\":\"missing object\"" $S &&
	grep -q "\"path\":\"rtl/badobj.v\".*\"reason\":\"unreadable object" $S
'

test_expect_success 'manifest and clusters' '
	expect_json out/manifest.json "j[\"counts\"][\"records\"] == 11 and len(j[\"files\"]) == 4 and j[\"repositories\"][0][\"pending\"] is None" &&
	test "$(wc -l <out/clusters.jsonl)" = 11
'

test_expect_success 'incremental: one new commit is one commit walked' '
	(cd fx && sed -i "s/b - a/a - b/" rtl/alu_core.v &&
	 git update-index rtl/alu_core.v &&
	 t=$(git write-tree --missing-ok) &&
	 c=$(git commit-tree "$t" -p HEAD -m "Fix the subtraction again") &&
	 git update-ref HEAD "$c") &&
	hwforge mine fx --out out 2>err && cat err &&
	grep -q "fx: 1 commits walked" err &&
	test "$(wc -l <$R)" = 12 &&
	hwforge mine fx --out out 2>err && cat err &&
	grep -q "fx: 0 commits walked" err &&
	test "$(wc -l <$R)" = 12
'

test_expect_success 'merges on request' '
	hwforge mine fx --merges --list-commits >m &&
	test "$(wc -l <m)" = 23
'

test_expect_failure_code 'not a repository, and a repository without HDL' 2 '
	mkdir plain && git init -q nohdl &&
	(cd nohdl && echo x >README && git add README &&
	 git -c user.name=a -c user.email=a@b commit -qm "Fix the readme") &&
	hwforge mine plain nohdl fx --out out2 2>err; rc=$?; cat err;
	grep -q "plain: not a git repository" err &&
	grep -q "nohdl: no bug-fix candidate touches HDL" err &&
	test "$(wc -l <out2/fx/records.jsonl)" = 12 &&
	test "$(grep -c "plain" err)" = 1 &&
	(exit $rc)
'

test_expect_success 'contamination: a module copied from a suite is flagged' '
	mkdir -p suite/Prob001_fifo &&
	git -C fx show HEAD:rtl/fifo.sv >suite/Prob001_fifo/ref.sv &&
	printf "module other(input a, output b);\n  assign b = ~a;\nendmodule\n" \
		>suite/Prob002_other_ref.sv &&
	hwforge mine fx --out out3 --contamination suite 2>/dev/null &&
	python3 -c "import json
r = [json.loads(l) for l in open(\"out3/fx/records.jsonl\")]
flagged = [x for x in r if x[\"contamination\"]]
assert flagged and all(x[\"module\"] == \"fifo\" for x in flagged), flagged
assert flagged[0][\"contamination\"][\"problem\"] == \"Prob001_fifo/ref.sv\"
assert len(r) == 12"
'

test_expect_failure_code 'contamination: a directory without HDL' 2 '
	mkdir empty && hwforge mine fx --out out4 --contamination empty
'

test_expect_success 'revisits: a fix whose lines the next fix changed within 30 days' '
	mkdir rv && (
		cd rv && git init -q &&
		at() { GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
			git -c user.name=t -c user.email=t@t commit -qam "$2"; } &&
		printf "%s\n" "module cnt(input clk, output reg [3:0] q);" \
			"  always @(posedge clk)" "    q <= q + 1;" "" "" "" "" "" \
			"  wire unused = 1'"'"'b0;" "endmodule" >cnt.v &&
		git add cnt.v && at 2025-01-01 "Add the counter" &&
		sed "s/q + 1/q + 2/" cnt.v >t && mv t cnt.v && at 2025-01-10 "fix: count by two" &&
		sed "s/q + 2/q + 3/" cnt.v >t && mv t cnt.v && at 2025-01-15 "fix: count by three" &&
		sed "s/1.b0/1'"'"'b1/" cnt.v >t && mv t cnt.v && at 2025-01-16 "fix: tie high" &&
		sed "s/q + 3/q - 1/" cnt.v >t && mv t cnt.v && at 2025-03-01 "fix: count down"
	) &&
	hwforge -q mine rv --out orv &&
	python3 -c "import json
r = {x[\"id\"]: x[\"message\"].split(\":\")[1].strip()
     for x in map(json.loads, open(\"orv/rv/records.jsonl\"))}
c = {r[x[\"id\"]]: x for x in map(json.loads, open(\"orv/clusters.jsonl\"))}
assert sorted(c) == [\"count by three\", \"count by two\", \"count down\", \"tie high\"], c
by2, by3 = c[\"count by two\"], c[\"count by three\"]
assert r[by3[\"revisits\"]] == \"count by two\" and by3[\"revisits_days\"] == 5.0, by3
assert r[by2[\"revisited_by\"]] == \"count by three\", by2
assert by2[\"revisits\"] is None
assert c[\"tie high\"][\"revisits\"] is None, c[\"tie high\"]    # other lines
assert c[\"count down\"][\"revisits\"] is None, c[\"count down\"]  # 45 days on
assert json.load(open(\"orv/manifest.json\"))[\"counts\"][\"revisits\"] == 1
"
'

test_expect_failure_code 'usage: no repository' 2 'hwforge mine --out x'

test_done
