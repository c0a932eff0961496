#!/usr/bin/env python3
"""Make the repair suite from benches/npu: each task is an NPU block with
one hand-seeded bug (operator swap, off-by-one, wrong bit index, inverted
condition, swapped operands).  The buggy design and the testbench are
what a model may see; hidden/fixed.v (the shipped reference) is held out
for scoring.  Run from this directory: ./make-tasks.py ../npu
"""
import json, os, shutil, sys

NPU = sys.argv[1] if len(sys.argv) > 1 else "../npu"
BUGS = [
    ("abs_sat8", "wrong bit index", "(x[7] ? -x : x)", "(x[6] ? -x : x)"),
    ("clz16", "off-by-one", "n = n + 5'd4; v = v << 4;", "n = n + 5'd4; v = v << 3;"),
    ("leaky_relu8", "wrong constant", "x[7] ? {{3{1'b1}}", "x[7] ? {{3{1'b0}}"),
    ("lfsr16", "inverted condition", "else if (load)", "else if (!load)"),
    ("gray_ptr", "operator swap", "assign g = bin ^ {1'b0, bin[4:1]};",
     "assign g = bin & {1'b0, bin[4:1]};"),
    ("argmax4_s8", "swapped operands", "assign max = f_sel ? r : l;",
     "assign max = f_sel ? l : r;"),
    ("clamp_s16_s8", "swapped operands", "(x[15] ? 8'h80 : 8'h7f)",
     "(x[15] ? 8'h7f : 8'h80)"),
    ("credit_counter", "inverted condition", "assign can_send = (credits != 4'd0);",
     "assign can_send = (credits == 4'd0);"),
    ("acc_last", "operator swap", "out_valid <= in_valid & in_last;",
     "out_valid <= in_valid | in_last;"),
    ("int8_mac", "operator swap", "acc <= acc + {{16{p[15]}}, p};",
     "acc <= acc - {{16{p[15]}}, p};"),
    ("dot4_s8", "operator swap", "assign y = s01 + s23;", "assign y = s01 - s23;"),
]

for tid, kind, old, new in BUGS:
    src = json.load(open(os.path.join(NPU, tid, "task.json")))
    ref = open(os.path.join(NPU, tid, "ref.v")).read()
    assert ref.count(old) == 1, (tid, old)
    os.makedirs(os.path.join(tid, "hidden"), exist_ok=True)
    top = src["top"]
    open(os.path.join(tid, top + ".v"), "w").write(ref.replace(old, new))
    shutil.copy(os.path.join(NPU, tid, "ref.v"), os.path.join(tid, "hidden", "fixed.v"))
    shutil.copy(os.path.join(NPU, tid, src["testbench"]), os.path.join(tid, "tb.v"))
    json.dump({"id": tid, "kind": "repair", "top": top, "bug": kind,
               "design": [top + ".v"],
               "evidence": {"testbench": "tb.v", "tb_top": src.get("tb_top", "tb")},
               "hidden": {"reference": ["hidden/fixed.v"]},
               "origin": "benches/npu/" + tid},
              open(os.path.join(tid, "task.json"), "w"), indent=2)
    open(os.path.join(tid, "task.json"), "a").write("\n")
