#!/usr/bin/env python3
"""Validate the NPU suite and its saved samples with the real tools.

  check.py tasks SUITE      every task.json parses and names existing files,
                            id = directory, the reference and the spec's
                            verilog block define `top`
  check.py samples SUITE    samples.jsonl is well formed, every taxonomy
                            class is covered, the README table matches, and
                            each sample's label is confirmed by iverilog /
                            vvp / yosys where that is safe to run here
                            (file-I/O, include and cheat samples are only
                            inspected, never run: that is the sandbox's job)

Prints one line per item ("ok ..." / "FAIL ...") and exits 1 on a failure.
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

CLASSES = {
    "pass", "no-code", "truncated", "compile/syntax", "compile/undeclared",
    "compile/port-mismatch", "compile/missing-module", "sim/mismatch",
    "sim/timeout", "sim/flood", "cheat/forbidden-task",
    "cheat/hierarchical-ref", "cheat/harness-module", "sandbox/violation",
    "synth/latch", "ppa/over-budget",
}
KEYS = ("id", "top", "spec", "reference", "testbench", "tb_top",
        "ppa_budget")
failed = 0
JOBS = int(os.environ.get("NPU_CHECK_JOBS", "2"))


def report(ok, what, why=""):
    global failed
    if not ok:
        failed += 1
    print("%s %s%s" % ("ok  " if ok else "FAIL", what,
                       (": " + why) if why else ""))


def defines(text, top):
    return re.search(r"\bmodule\s+%s\b" % re.escape(top), text) is not None


def load_tasks(suite):
    tasks = {}
    for d in sorted(os.listdir(suite)):
        tj = os.path.join(suite, d, "task.json")
        if os.path.isfile(tj):
            with open(tj) as f:
                tasks[d] = json.load(f)
    return tasks


def check_tasks(suite):
    tasks = load_tasks(suite)
    for d, t in tasks.items():
        miss = [k for k in KEYS if k not in t]
        if miss:
            report(False, "task " + d, "missing keys %s" % miss)
            continue
        files = [t["spec"], t["testbench"]] + list(t["reference"])
        absent = [f for f in files
                  if not os.path.isfile(os.path.join(suite, d, f))]
        if t["id"] != d or absent:
            report(False, "task " + d, "id %r, missing files %s"
                   % (t["id"], absent))
            continue
        spec = open(os.path.join(suite, d, t["spec"])).read()
        blocks = re.findall(r"```verilog\n(.*?)```", spec, re.S)
        ref = "".join(open(os.path.join(suite, d, r)).read()
                      for r in t["reference"])
        tb = open(os.path.join(suite, d, t["testbench"])).read()
        b = t["ppa_budget"]
        ok = (any(defines(x, t["top"]) for x in blocks)
              and defines(ref, t["top"]) and defines(tb, t["tb_top"])
              and re.search(r"\b%s\s+dut\b" % t["top"], tb)
              and "$fatal" in tb and "$finish" in tb
              and "$readmem" not in tb
              and b.get("max_cells", 0) > 0 and "max_flops" in b)
        report(bool(ok), "task " + d,
               "" if ok else "spec/ref/tb do not agree on the top module, "
               "or the tb/budget is incomplete")
    report(len(tasks) >= 40, "task count %d >= 40" % len(tasks))
    return tasks


def extract(rec, top):
    """Minimal extraction, same rules as suite-format.md."""
    if "code" in rec:
        return rec["code"]
    text = re.sub(r"<think>.*?</think>", "", rec["response"], flags=re.S)
    blocks = re.findall(r"```[A-Za-z]*\n(.*?)```", text, re.S)
    for b in blocks:
        if defines(b, top):
            return b
    mods = re.findall(r"\bmodule\s+\w+\s*[#(;].*?\bendmodule\b", text, re.S)
    return "\n".join(mods)


def run(cmd, timeout, cwd):
    try:
        p = subprocess.run(cmd, cwd=cwd, timeout=timeout,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        return p.returncode, p.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired:
        return "timeout", ""


def sim(suite, task, code, tmp, timeout=20):
    """Compile code with the task's tb; return (stage, rc, output)."""
    cand = os.path.join(tmp, "cand.v")
    with open(cand, "w") as f:
        f.write(code)
    vvp = os.path.join(tmp, "cand.vvp")
    rc, out = run(["iverilog", "-g2012", "-Wall", "-o", vvp, cand,
                   os.path.join(suite, task, "tb.v")], 20, tmp)
    if rc != 0:
        return "compile", rc, out
    rc, out2 = run(["vvp", "-n", vvp], timeout, tmp)
    return "sim", rc, out + out2


def tb_passes(rc, out):
    return rc == 0 and not re.search(r"^(ERROR|FATAL):", out, re.M)


def yosys_stats(code, top, tmp):
    cand = os.path.join(tmp, "y.v")
    with open(cand, "w") as f:
        f.write(code)
    st = os.path.join(tmp, "stat.json")
    rc, out = run(["yosys", "-q", "-p",
                   "read_verilog -sv %s; synth -flatten -top %s; "
                   "tee -q -o %s stat -json" % (cand, top, st)], 120, tmp)
    if rc != 0:
        return None
    mod = next(iter(json.load(open(st))["modules"].values()))
    flops = sum(n for t, n in mod["num_cells_by_type"].items()
                if "FF" in t.upper())
    return mod["num_cells"], flops


def has_latch(code, top, tmp):
    cand = os.path.join(tmp, "l.v")
    with open(cand, "w") as f:
        f.write(code)
    rc, out = run(["yosys", "-q", "-p",
                   "read_verilog -sv %s; hierarchy -top %s; proc; "
                   "select -assert-none t:$dlatch t:$_DLATCH_*" % (cand, top)],
                  60, tmp)
    return rc != 0


def confirm(suite, tasks, rec, tmp):
    """Check the label with the tools; return '' or the reason it is off."""
    task, want = rec["task"], rec["expect"]
    top = tasks[task]["top"]
    code = extract(rec, top)
    has_top = defines(code, top) and "endmodule" in code
    if want == "no-code":
        return "" if not re.search(r"\bmodule\s+\w+", code) else "has code"
    if want == "truncated":
        if rec.get("finish_reason") != "length":
            return "finish_reason is not length"
        whole = re.search(r"\bmodule\s+%s\b.*?\bendmodule\b" % top,
                          rec.get("response", rec.get("code", "")), re.S)
        return "" if not whole else "a complete module is present"
    if not has_top:
        return "no module %s extracted" % top
    if want == "sandbox/violation":
        return "" if re.search(r"\$fopen|`include|\$readmem", code) else \
            "no file access in the code"
    if want == "cheat/forbidden-task":
        return "" if re.search(r"\$finish|\$stop|\$fatal", code) else \
            "no $finish/$stop/$fatal"
    if want == "cheat/hierarchical-ref":
        return "" if re.search(r"\btb\.\w", code) else "no tb.* reference"
    if want == "cheat/harness-module":
        return "" if defines(code, "tb") else "does not define module tb"
    if want == "sim/timeout":
        stage, rc, out = sim(suite, task, code, tmp, timeout=3)
        return "" if (stage, rc) == ("sim", "timeout") else \
            "did not hang (%s rc=%s)" % (stage, rc)
    if want == "sim/flood":
        cand = os.path.join(tmp, "cand.v")
        with open(cand, "w") as f:
            f.write(code)
        vvp = os.path.join(tmp, "cand.vvp")
        rc, out = run(["iverilog", "-g2012", "-o", vvp, cand,
                       os.path.join(suite, task, "tb.v")], 20, tmp)
        if rc != 0:
            return "does not compile"
        # count the first 4 MB of output within 10 s, then kill it
        p = subprocess.Popen(["vvp", "-n", vvp], cwd=tmp,
                             stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        n = 0
        try:
            while n < (4 << 20):
                chunk = p.stdout.read(65536)
                if not chunk:
                    break
                n += len(chunk)
        finally:
            p.kill()
            p.wait()
        return "" if n >= (4 << 20) else "printed only %d bytes" % n
    if want.startswith("compile/"):
        stage, rc, out = sim(suite, task, code, tmp)
        if want == "compile/port-mismatch" and stage == "sim":
            # a width difference is only a warning for iverilog
            return "" if re.search(r"Port .* expects", out) else \
                "compiled without a port warning"
        return "" if stage == "compile" else "compiled (%s)" % want
    stage, rc, out = sim(suite, task, code, tmp)
    passed = stage == "sim" and tb_passes(rc, out)
    if want == "sim/mismatch":
        return "" if stage == "sim" and rc != "timeout" and not passed \
            else "did not fail by mismatch (%s rc=%s)" % (stage, rc)
    if not passed:
        return "testbench failed: %s" % out[-300:]
    if want == "synth/latch":
        return "" if has_latch(code, top, tmp) else "no latch inferred"
    if want == "ppa/over-budget":
        st = yosys_stats(code, top, tmp)
        b = tasks[task]["ppa_budget"]
        if st is None:
            return "yosys failed"
        return "" if (st[0] > b["max_cells"] or st[1] > b["max_flops"]) \
            else "within budget (%d cells, %d flops)" % st
    if want == "pass":
        return "" if not has_latch(code, top, tmp) else "infers a latch"
    return "unknown class"


def check_samples(suite):
    tasks = load_tasks(suite)
    recs = []
    with open(os.path.join(suite, "samples.jsonl")) as f:
        for n, line in enumerate(f, 1):
            rec = json.loads(line)
            ok = (rec.get("task") in tasks
                  and isinstance(rec.get("sample"), int)
                  and ("code" in rec) != ("response" in rec)
                  and rec.get("expect") in CLASSES)
            report(ok, "line %d well formed" % n)
            recs.append(rec)
    keys = [(r["task"], r["sample"]) for r in recs]
    report(len(set(keys)) == len(keys), "(task, sample) pairs are unique")
    seen = {r["expect"] for r in recs}
    report(seen == CLASSES, "every class is covered",
           "missing %s" % sorted(CLASSES - seen))
    readme = open(os.path.join(suite, "README.md")).read()
    rows = set(re.findall(r"^\| (\w+) \| (\d+) \| \w+ \| `([a-z/-]+)` \|",
                          readme, re.M))
    want = {(r["task"], str(r["sample"]), r["expect"]) for r in recs
            if r["expect"] != "pass"}
    report(rows == want, "README table lists every wrong sample's class",
           "only in README %s, only in samples %s"
           % (sorted(rows - want), sorted(want - rows)))
    forms = {("code" if "code" in r else "response") for r in recs}
    report(forms == {"code", "response"}, "both code and response forms")
    thinks = [r for r in recs if "<think>" in r.get("response", "")]
    report(len(thinks) >= 2, "responses with <think> decoys: %d" % len(thinks))
    def one(r):
        with tempfile.TemporaryDirectory() as tmp:
            return confirm(suite, tasks, r, tmp)

    # two at a time: the tools run as separate processes
    with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
        for r, why in zip(recs, pool.map(one, recs)):
            report(not why, "sample %s/%d is %s" % (r["task"], r["sample"],
                                                    r["expect"]), why)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("tasks", "samples"):
        sys.exit("usage: check.py tasks|samples SUITE")
    suite = os.path.abspath(sys.argv[2])
    if sys.argv[1] == "tasks":
        check_tasks(suite)
    else:
        check_samples(suite)
    sys.exit(1 if failed else 0)


main()
