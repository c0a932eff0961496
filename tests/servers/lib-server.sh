# Start and stop tests/servers/llm-server.py from an e2e script.
# server_start SCRIPT.json: starts it with requests logged to
# $PWD/requests.jsonl and sets ENDPOINT (http://127.0.0.1:PORT/v1).
# Call it at the top level of a script, not inside test_expect_success
# (which runs its body in a subshell).
# The test key is $TEST_KEY; tests grep outputs for it.
TEST_KEY=sk-hwforge-test-4f2a9c1e7b
LLM_SERVER="$TEST_SRCDIR/servers/llm-server.py"

server_start() {
	rm -f port requests.jsonl
	# its output goes to a file: a server must never hold the TAP pipe
	python3 "$LLM_SERVER" --script "$1" --log "$PWD/requests.jsonl" \
		--port-file "$PWD/port" --key "$TEST_KEY" \
		>"$PWD/server.log" 2>&1 &
	SERVER_PID=$!
	trap server_stop EXIT
	i=0 # up to 30 s on a loaded machine, unless the server died
	while ! test -s port; do
		i=$((i + 1))
		if test $i -gt 600 || ! kill -0 "$SERVER_PID" 2>/dev/null; then
			server_stop
			return 1
		fi
		sleep 0.05
	done
	ENDPOINT="http://127.0.0.1:$(cat port)/v1"
	return 0
}

server_stop() {
	if test -n "$SERVER_PID"; then
		kill "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	SERVER_PID=
}

# requests_count: lines in the request log (0 when absent)
requests_count() {
	if test -f requests.jsonl; then
		wc -l <requests.jsonl | tr -d " "
	else
		echo 0
	fi
}

# write_script FILE PYEXPR: write a server script from a Python expression
# in which REF is the sat_add reference and GOOD a reply content holding
# it in a code block (a candidate that passes --ref sat_add_ref.v).
write_script() {
	python3 - "$1" "$2" "$TEST_SRCDIR/fixtures/agent/sat_add_ref.v" <<-\EOF
	import json, sys
	REF = open(sys.argv[3]).read()
	GOOD = "Here it is.\n\n```verilog\n" + REF + "```\n"
	json.dump(eval(sys.argv[2]), open(sys.argv[1], "w"), indent=1)
	EOF
}

# gen_sat OUT ARGS...: hwforge gen on the sat_add spec against $ENDPOINT.
# With GEN_EXEC=1, in a subshell started with &, hwforge replaces the
# subshell, so $! is hwforge's own pid (for kill -9).
gen_sat() {
	_out=$1
	shift
	${GEN_EXEC:+exec} env HWFORGE_API_KEY="$TEST_KEY" "$HWFORGE" gen \
		"$TEST_SRCDIR/fixtures/agent/sat_add.md" \
		--ref "$TEST_SRCDIR/fixtures/agent/sat_add_ref.v" \
		--endpoint "$ENDPOINT" --model test-model \
		--cache-dir "$PWD/cache-$_out" -o "$_out" "$@"
}

# all_pass OUT K: report.json's first round has K candidates, all passing
all_pass() {
	expect_json "$1/report.json" "(len(j[\"rounds\"][0][\"candidates\"]) == $2 and
		all(c[\"status\"] == \"pass\"
		    for c in j[\"rounds\"][0][\"candidates\"]) and
		j[\"verdict\"] == \"pass\")"
}
