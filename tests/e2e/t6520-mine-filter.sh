#!/bin/sh
# hwforge mine --filter compile,synth,equiv: check-pipeline labels on the
# fixture's records (real iverilog and Yosys), never drops.  The fixture's
# "Fix carry" adds 9'd0: proven equivalent, a refactor despite its message.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have git python3 iverilog yosys

test_expect_success 'the fixture repository' '
	HWFORGE_MINE_HUGE_MB=1 HWFORGE_MINE_NO_DAMAGE=1 \
		sh "$TEST_SRCDIR/e2e/mine-fixture.sh" "$TRASH/fx" >/dev/null 2>&1
'

test_expect_success 'labels: refuted with a counterexample, proven, failed' '
	hwforge mine fx --out out --filter compile,synth,equiv --timeout 30 \
		2>err && cat err &&
	python3 -c "import json
r = [json.loads(l) for l in open(\"out/fx/records.jsonl\")]
assert len(r) == 13, len(r)
eq = lambda x: x[\"filters\"][\"equiv\"][\"result\"]
carry = [x for x in r if x[\"message\"].startswith(\"Fix carry\")][0]
assert eq(carry) == \"proven\", carry[\"filters\"]
fix = [x for x in r if x[\"message\"].startswith(\"Fix operand order\")][0]
assert eq(fix) == \"refuted\", fix[\"filters\"]
assert fix[\"filters\"][\"equiv\"][\"counterexample\"], fix[\"filters\"]
com = [x for x in r if x[\"change\"] == \"comment_only\"][0]
assert eq(com) == \"proven\", com[\"filters\"]
tb = [x for x in r if x[\"role\"] == \"dv\"][0]
assert tb[\"filters\"][\"synth\"][\"after\"][\"status\"] == \"fail\", tb[\"filters\"]
assert eq(tb) == \"inconclusive\"
assert all(x[\"filters\"][\"compile\"][\"before\"][\"status\"] == \"pass\" for x in r)
"
'

test_expect_success '--to-suite: verified pairs become native tasks' '
	hwforge mine fx --out out --filter compile,synth,equiv --to-suite suite \
		2>err && cat err &&
	grep -q "verified pairs written as tasks" err &&
	n=$(ls suite/*/task.json | wc -l) &&
	want=$(python3 -c "import json
r = [json.loads(l) for l in open(\"out/fx/records.jsonl\")]
print(sum(1 for x in r if x[\"filters\"].get(\"equiv\", {}).get(\"result\") == \"refuted\"
          and x[\"filters\"][\"synth\"][\"after\"][\"status\"] == \"pass\"
          and x[\"filters\"][\"synth\"][\"before\"][\"status\"] == \"pass\"))") &&
	test "$n" -le "$want" && test "$n" -ge 3 &&
	t=$(dirname "$(ls suite/*/task.json | head -1)") &&
	expect_json "$t/task.json" "j[\"reference\"] == [\"ref.sv\"] and j[\"top\"]" &&
	grep -q "Counterexample" "$t/spec.md" &&
	hwforge equiv "$t/ref.sv" "$t/buggy.sv" --top "$(python3 -c "import json;print(json.load(open(\"$t/task.json\"))[\"top\"])")" >eq;
	test $? = 1 && cat eq
'

test_expect_success 'the mined suite: references pass their own testbenches' '
	hwforge bench --refs --out b suite >bout 2>&1; cat bout;
	expect_json b/summary.json "j[\"passed\"] >= 3 and j[\"passed\"] == j[\"samples\"]"
'

test_expect_success 'context: packages, `include files and submodules come from the tree' '
	mkdir -p ctx/rtl && (
		cd ctx && git init -q &&
		printf "package acc_pkg;\n  typedef logic [7:0] word_t;\nendpackage\n" \
			>rtl/acc_pkg.sv &&
		printf "\`ifndef ACC_DEFS\n\`define ACC_DEFS\n\`define ACC_INIT 8'"'"'d0\n\`endif\n" \
			>rtl/acc_defs.svh &&
		printf "module adder (input acc_pkg::word_t a, b, output acc_pkg::word_t s);\n  assign s = a + b;\nendmodule\n" \
			>rtl/adder.sv &&
		printf "%s\n" "\`include \"acc_defs.svh\"" "" \
			"module acc (input logic clk, rst, input acc_pkg::word_t d," \
			"            output acc_pkg::word_t q);" \
			"  acc_pkg::word_t n, dn;" \
			"  inv u_inv (.x(d), .y(dn));" \
			"  adder u_add (.a(q), .b(d), .s(n));" \
			"  always_ff @(posedge clk) if (rst) q <= \`ACC_INIT; else q <= n;" \
			"endmodule" "" \
			"module inv (input acc_pkg::word_t x, output acc_pkg::word_t y);" \
			"  assign y = ~x;" "endmodule" >rtl/acc.sv &&
		git add -A && git -c user.name=t -c user.email=t@t commit -qm "Add the accumulator" &&
		sed "s/\.b(d)/.b(dn)/" rtl/acc.sv >rtl/acc.sv.new && mv rtl/acc.sv.new rtl/acc.sv &&
		git -c user.name=t -c user.email=t@t commit -qam "fix: accumulate the inverted input"
	) &&
	hwforge -q mine ctx --out octx --filter compile,synth,equiv --timeout 30 &&
	python3 -c "import json
r = [json.loads(l) for l in open(\"octx/ctx/records.jsonl\")]
assert [x[\"module\"] for x in r] == [\"acc\"], r
f = r[0][\"filters\"]
for st in (\"compile\", \"synth\"):
    for side in (\"before\", \"after\"):
        assert f[st][side][\"status\"] == \"pass\", f
assert f[\"equiv\"][\"result\"] == \"refuted\", f
assert f[\"equiv\"][\"counterexample\"], f
assert f[\"context\"] == \"modules\", f
"
'

test_expect_success 'context: what the tree lacks is the compile reason' '
	(cd ctx && git rm -q rtl/adder.sv &&
	 sed -e "s/q <= \`ACC_INIT/q <= 8'"'"'h01/" -e "s/~x/x ^ 8'"'"'hff/" \
		rtl/acc.sv >rtl/acc.sv.new && mv rtl/acc.sv.new rtl/acc.sv &&
	 git -c user.name=t -c user.email=t@t commit -qam "fix: reset to one") &&
	hwforge -q mine ctx --out octx --filter compile,synth,equiv --timeout 30 &&
	python3 -c "import json
r = {x[\"module\"]: x[\"filters\"] for x in
     [json.loads(l) for l in open(\"octx/ctx/records.jsonl\")][1:]}
assert sorted(r) == [\"acc\", \"inv\"], sorted(r)
c = r[\"acc\"][\"compile\"]
assert c[\"before\"][\"status\"] == \"pass\", c
assert c[\"after\"][\"status\"] == \"fail\" and \"adder\" in c[\"after\"][\"summary\"], c
assert r[\"acc\"][\"equiv\"][\"result\"] == \"inconclusive\", r[\"acc\"]
assert r[\"inv\"][\"equiv\"][\"result\"] == \"proven\", r[\"inv\"]
assert r[\"acc\"][\"context\"] == \"modules\", r[\"acc\"]
"
'

test_expect_failure_code '--to-suite without the filters' 2 '
	hwforge mine fx --out out3 --to-suite s2
'

test_expect_failure_code 'an unknown filter is a usage error' 2 '
	hwforge mine fx --out out2 --filter lint
'

test_done
