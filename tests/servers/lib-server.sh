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
