#!/bin/sh
# hwforge gate --repair on the NPU mutants of tests/fixtures/npu (PE
# arithmetic, requantizer rounding, controller bound): each failing unit
# gets a scripted patch through the repair loop with the unit's checks as
# evidence.  Without --apply the tree is unchanged (checksums); with
# --apply the fixes are written and the gate passes afterwards.
. "$TEST_SRCDIR/e2e/lib.sh"
. "$TEST_SRCDIR/servers/lib-server.sh"
test_have python3 iverilog yosys yosys-smtbmc z3 git

N="$TOP_SRCDIR/rtl/npu"
mkdir npu && cp "$FIXTURES"/npu/*.v npu/ &&
python3 "$FIXTURES/repair/gate-script.py" script.json npu "$N" || exit 1
cat >mutants.json <<JSON
{
  "name": "npu-mutants",
  "defaults": { "timeout": 60, "lint": "off", "equiv_depth": 10 },
  "units": [
    { "name": "pe_mut", "sources": ["npu/pe_mut_arith.v"], "top": "npu_pe",
      "testbenches": [ { "file": "$N/tb/tb_pe.v", "top": "tb_pe" } ],
      "reference": { "sources": ["$N/npu_pe.v"] } },
    { "name": "requant_mut", "sources": ["npu/requant_mut_round.v"],
      "top": "npu_requant",
      "testbenches": [ { "file": "$N/tb/tb_requant.v", "top": "tb_requant" } ],
      "reference": { "sources": ["$N/npu_requant.v"] },
      "properties": { "files": ["$N/props/requant_props.v"],
                      "top": "npu_requant_props", "depth": 1 } },
    { "name": "ctrl_mut", "sources": ["npu/ctrl_mut_oob.v"], "top": "npu_ctrl",
      "properties": { "files": ["$N/props/ctrl_props.v"],
                      "top": "npu_ctrl_props", "depth": 14 } }
  ]
}
JSON
server_start script.json || test_skip "cannot start the test server"

gate_repair() {
	env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" gate mutants.json --repair \
		--endpoint "$ENDPOINT" --model test-model --candidates 1 \
		--rounds 2 --cache-dir "$PWD/cache" "$@"
}

test_expect_success 'without --apply: three patches, exit 1, tree unchanged' '
	sha256sum npu/*.v >before &&
	{ gate_repair --repair-dir rep >out 2>err; rc=$?; } &&
	test $rc = 1 &&
	grep -q "^repair pe_mut: fixed, 2 lines touched: rep/pe_mut.patch$" out &&
	grep -q "^repair requant_mut: fixed, 2 lines touched" out &&
	grep -q "^repair ctrl_mut: fixed, 2 lines touched" out &&
	grep -q "^repair: 3 units tried, 3 fixed, 0 applied" out &&
	sha256sum -c before >/dev/null &&
	test "$(requests_count)" = 3
'

test_expect_success 'each request carries its unit evidence' '
	python3 - <<-\EOF
	import json
	r = [json.loads(l)["body"]["messages"][1]["content"] for l in open("requests.jsonl")]
	pe = [x for x in r if "File `npu/pe_mut_arith.v`" in x][0]
	assert "sim/assert" in pe and "equiv/refuted" in pe, pe
	rq = [x for x in r if "File `npu/requant_mut_round.v`" in x][0]
	assert "props/refuted" in rq or "equiv/refuted" in rq, rq
	ct = [x for x in r if "File `npu/ctrl_mut_oob.v`" in x][0]
	assert "props/refuted" in ct, ct
	EOF
'

test_expect_success 'repair.json and the per-unit reports' '
	expect_json rep/repair.json "([u[\"verdict\"] for u in j[\"units\"]] ==
		[\"fixed\"] * 3 and not j[\"apply\"] and
		all(u[\"lines_touched\"] == 2 and not u[\"applied\"]
		    for u in j[\"units\"]))" &&
	expect_json rep/ctrl_mut/report.json "(j[\"checker\"][\"evidence\"] ==
		[\"props\"] and \"props\" in j[\"checker\"][\"stages\"] and
		j[\"initial\"][\"class\"] == \"props/refuted\")"
'

test_expect_success 'the proposed patches apply with git apply to a copy' '
	mkdir c && cp -r npu c/ && (cd c && git init -q &&
	for p in ../rep/*.patch; do git apply "$p" || exit 1; done) &&
	grep -q "wire signed \[15:0\] prod = a_in \* b_in;" c/npu/pe_mut_arith.v
'

test_expect_success 'with --apply: the tree is fixed and the gate passes' '
	gate_repair --repair-dir rep2 --apply >out2 2>err2 &&
	grep -q "^repair: 3 units tried, 3 fixed, 3 applied" out2 &&
	! sha256sum -c before >/dev/null 2>&1 &&
	cmp npu/pe_mut_arith.v c/npu/pe_mut_arith.v &&
	hwforge gate mutants.json >out3 2>err3 &&
	test "$(requests_count)" = 3
'

test_expect_success '--apply without --repair is a usage error' '
	{ hwforge gate mutants.json --apply 2>err4; rc=$?; } &&
	test $rc = 2 && grep -q "needs --repair" err4
'

server_stop
test_done
