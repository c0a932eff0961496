#!/bin/sh
# SIGKILL in the middle of a mining run (after the 4th record), a torn
# last line on top, then --resume: the output equals an uninterrupted
# run's, nothing lost or doubled; a second run without --resume refuses.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have git python3

test_expect_success 'the fixture repository' '
	HWFORGE_MINE_HUGE_MB=2 HWFORGE_MINE_NO_DAMAGE=1 sh "$TEST_SRCDIR/e2e/mine-fixture.sh" \
		"$TRASH/fx" >/dev/null 2>&1
'

test_expect_success 'uninterrupted run' '
	hwforge mine fx --out full 2>/dev/null &&
	test "$(wc -l <full/fx/records.jsonl)" = 13
'

test_expect_failure_code 'killed after 4 records' 137 '
	HWFORGE_TEST_KILL_AFTER=4 "$HWFORGE" mine fx --out part 2>/dev/null
'

test_expect_success 'the killed run left 4 records and a pending head' '
	test "$(wc -l <part/fx/records.jsonl)" = 4 &&
	expect_json part/fx/state.json "j[\"pending\"] and not j[\"head\"]"
'

test_expect_failure_code 'a re-run without --resume refuses' 2 '
	hwforge mine fx --out part
'

test_expect_success 'a torn line, then --resume equals the full run' '
	printf "{\"id\":\"torn" >>part/fx/records.jsonl &&
	hwforge mine fx --out part --resume 2>err && cat err &&
	cmp full/fx/records.jsonl part/fx/records.jsonl &&
	cmp full/fx/skipped.jsonl part/fx/skipped.jsonl &&
	cmp full/clusters.jsonl part/clusters.jsonl &&
	expect_json part/fx/state.json "j[\"head\"] and not j[\"pending\"]"
'

test_expect_success 'a kill inside a multi-record commit is redone whole' '
	(cd fx && for m in a b c; do
		printf "module m_$m(output y);\n  assign y = 0;\nendmodule\n" >rtl/m_$m.v
	 done && git add -A && git commit -qm "Add three" &&
	 sed -i "s/= 0/= 1/" rtl/m_a.v rtl/m_b.v rtl/m_c.v &&
	 git commit -qam "Fix three modules") &&
	hwforge mine fx --out full 2>/dev/null &&
	HWFORGE_TEST_KILL_AFTER=2 "$HWFORGE" mine fx --out part 2>/dev/null;
	test "$(wc -l <part/fx/records.jsonl)" = 15 &&
	hwforge mine fx --out part --resume 2>/dev/null &&
	cmp full/fx/records.jsonl part/fx/records.jsonl &&
	test "$(wc -l <part/fx/records.jsonl)" = 16
'

test_done
