#!/bin/sh
# report.html is one self-contained page: headless Chromium renders it,
# the DOM has the task table and the plots, and sample text stays text.
. "$TEST_SRCDIR/e2e/lib.sh"
test_have iverilog vvp python3 chromium

test_expect_success 'bench with a hostile sample line' '
	python3 - <<-\PY &&
	import json
	code = "module inc8(input [7:0] a, output [7:0] y);\n  assign y = a + 1;\nendmodule\n"
	with open("samples.jsonl", "w") as f:
	    f.write(json.dumps({"task": "inc8", "sample": 0, "code": code}) + "\n")
	    f.write(json.dumps({"task": "acc8", "sample": 0, "code": code}) + "\n")
	    f.write(json.dumps({"task": "<img src=x onerror=alert(1)>", "sample": 0, "code": code}) + "\n")
	PY
	hwforge bench --samples samples.jsonl --no-ppa --allow-unscored --out r \
		"$FIXTURES/bench/native" >/dev/null 2>&1 &&
	test -s r/report.html &&
	! grep -Eq "(src|href)=\"(https?:)?//" r/report.html &&
	! grep -q "<script" r/report.html
'

test_expect_success 'headless Chromium renders the report' '
	chromium --headless --no-sandbox --disable-gpu \
		--disable-background-networking --disable-component-update \
		--no-first-run --user-data-dir="$TRASH/c" \
		--dump-dom "file://$TRASH/r/report.html" >dom.html 2>chromium.err &&
	python3 - dom.html <<-\PY
	import sys
	from html.parser import HTMLParser
	class P(HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.tags = []; self.ids = {}; self.text = []; self.rows = 0
	        self.in_tasks = False
	    def handle_starttag(self, tag, attrs):
	        a = dict(attrs); self.tags.append(tag)
	        if "id" in a: self.ids[a["id"]] = tag
	        if tag == "table" and a.get("id") == "tasks": self.in_tasks = True
	        if tag == "tr" and self.in_tasks: self.rows += 1
	    def handle_endtag(self, tag):
	        if tag == "table": self.in_tasks = False
	    def handle_data(self, d): self.text.append(d)
	p = P(); p.feed(open(sys.argv[1]).read())
	text = "".join(p.text)
	assert p.ids.get("tasks") == "table", p.ids
	assert p.rows == 3, p.rows          # header + acc8 + inc8
	assert p.ids.get("passk") == "svg" and p.ids.get("classes") == "svg", p.ids
	assert "rect" in p.tags, "no bars"
	assert "img" not in p.tags, "sample text became markup"
	assert "<img src=x onerror=alert(1)>" in text, "hostile text not shown as text"
	assert "compile/missing-module" in text and "pass@1" in text, text[:500]
	PY
'

test_done
