#!/usr/bin/env python3
"""Write task.json for every NPU task, with a PPA budget measured on the
reference: Yosys 0.23 `synth -flatten` cell and flop counts and the `ltp
-noff` logic depth, each given about 2x headroom.

Usage: tools/mkjson.py [TASK...]    (default: every task directory)
Tags and timeouts come from TAGS below; a task missing there is an error.
"""
import json
import math
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TAGS = {
    "sat_add8": ["arith", "saturate", "comb"],
    "clamp_s16_s8": ["arith", "saturate", "comb"],
    "relu_clamp": ["activation", "comb"],
    "leaky_relu8": ["activation", "comb"],
    "abs_sat8": ["arith", "saturate", "comb"],
    "round_shift32": ["arith", "rounding", "comb"],
    "rne_shift16": ["arith", "rounding", "saturate", "comb"],
    "mixed_mul8": ["arith", "mult", "comb"],
    "dot4_s8": ["arith", "dot", "comb"],
    "requant_s8": ["requant", "rounding", "saturate", "comb"],
    "argmax4_s8": ["pooling", "comb"],
    "simd_sat_add4": ["arith", "simd", "saturate", "comb"],
    "avg4_s8": ["pooling", "rounding", "comb"],
    "int8_mac": ["mac", "int8", "seq"],
    "mac_sat24": ["mac", "saturate", "async-reset", "seq"],
    "zp_mac": ["mac", "quant", "seq"],
    "pe_ws": ["systolic", "pe", "seq"],
    "pe_os": ["systolic", "pe", "seq"],
    "sys_row4_ws": ["systolic", "array", "seq"],
    "dot4_pipe": ["dot", "pipeline", "seq"],
    "pipe_stage": ["handshake", "pipeline", "seq"],
    "skid_buffer": ["handshake", "buffer", "seq"],
    "sync_fifo4": ["fifo", "seq"],
    "rr_arbiter4": ["arbiter", "seq"],
    "sat_sub_u8": ["arith", "saturate", "comb"],
    "clz16": ["normalize", "comb"],
    "gray_ptr": ["cdc", "fifo", "comb"],
    "prio_enc8": ["arbiter", "comb"],
    "acc_last": ["accumulator", "stream", "seq"],
    "maxpool_stream": ["pooling", "stream", "seq"],
    "conv1d3": ["conv", "stream", "seq"],
    "lfsr16": ["random", "seq"],
    "credit_counter": ["flow-control", "seq"],
    "tile_ctrl": ["controller", "fsm", "seq"],
    "regblock": ["registers", "csr", "seq"],
    "addr_gen2d": ["controller", "dma", "handshake", "seq"],
    "accum_bank": ["accumulator", "memory", "seq"],
    "seq_mul8": ["controller", "mult", "multicycle", "seq"],
    "pack_s4": ["quant", "rounding", "saturate", "comb"],
    "bias_relu_pipe": ["activation", "saturate", "pipeline", "seq"],
    "perf_counter": ["counter", "saturate", "seq"],
    "upsizer4": ["handshake", "width-convert", "seq"],
    "stream_fork2": ["handshake", "fork", "seq"],
}


def measure(task, top):
    ref = os.path.join(HERE, task, "ref.v")
    with tempfile.TemporaryDirectory() as tmp:
        st = os.path.join(tmp, "stat.json")
        lt = os.path.join(tmp, "ltp.txt")
        script = ("read_verilog -sv %s; synth -flatten -top %s; "
                  "tee -q -o %s stat -json; tee -q -o %s ltp -noff"
                  % (ref, top, st, lt))
        subprocess.run(["yosys", "-q", "-p", script], check=True,
                       stdout=subprocess.DEVNULL)
        with open(st) as f:
            stat = json.load(f)
        with open(lt) as f:
            m = re.search(r"length=(\d+)", f.read())
    mod = next(iter(stat["modules"].values()))
    cells = mod["num_cells"]
    flops = sum(n for t, n in mod["num_cells_by_type"].items()
                if "FF" in t.upper())
    latches = sum(n for t, n in mod["num_cells_by_type"].items()
                  if "LATCH" in t.upper())
    if latches:
        sys.exit("%s: reference infers %d latches" % (task, latches))
    return cells, flops, int(m.group(1)) if m else 0


def main():
    tasks = sys.argv[1:] or sorted(
        d for d in os.listdir(HERE)
        if os.path.isfile(os.path.join(HERE, d, "ref.v")))
    for t in tasks:
        if t not in TAGS:
            sys.exit("%s: no tags in tools/mkjson.py" % t)
        cells, flops, depth = measure(t, t)
        task = {
            "id": t,
            "top": t,
            "spec": "spec.md",
            "reference": ["ref.v"],
            "testbench": "tb.v",
            "tb_top": "tb",
            "properties": [],
            "ppa_budget": {
                "max_cells": max(2 * cells, cells + 16),
                "max_flops": 2 * flops,
                "max_depth": max(math.ceil(1.5 * depth), depth + 8),
            },
            "reference_ppa": {"cells": cells, "flops": flops,
                              "depth": depth},
            "tags": TAGS[t],
            "timeout": 30,
        }
        with open(os.path.join(HERE, t, "task.json"), "w") as f:
            json.dump(task, f, indent=2)
            f.write("\n")
        print("%-16s cells=%-5d flops=%-4d depth=%d" % (t, cells, flops,
                                                         depth))


main()
