#!/usr/bin/env python3
"""Print a copy of a reference whose every output is inverted: the module
is renamed TOP_core and wrapped by a module TOP that inverts the outputs.
Usage: invert.py REF.v TOP   (used by tests/e2e/t8000-npu-suite.sh)"""
import re
import sys

src = open(sys.argv[1]).read()
top = sys.argv[2]
m = re.search(r"module\s+%s\s*\((.*?)\);" % top, src, re.S)
hdr = m.group(1)
print(src.replace("module %s " % top, "module %s_core " % top, 1))
ports = re.findall(r"(input|output)\s+(?:wire|reg)?\s*(?:signed)?\s*"
                   r"(\[[^]]+\])?\s*(\w+)", hdr)
print("module %s (%s);" % (top, hdr.replace("output reg", "output wire")))
conns = []
for d, w, n in ports:
    if d == "output":
        print("    wire %s %s_i;" % (w, n))
        print("    assign %s = ~%s_i;" % (n, n))
        conns.append(".%s(%s_i)" % (n, n))
    else:
        conns.append(".%s(%s)" % (n, n))
print("    %s_core u (%s);" % (top, ", ".join(conns)))
print("endmodule")
