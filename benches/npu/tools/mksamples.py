#!/usr/bin/env python3
"""Write benches/npu/samples.jsonl: a saved, hand-written sample set for
the NPU suite.  Each sample is a realistic model answer, correct or wrong
in one deliberate way, labelled with the failure class it must get
("expect": "pass" or a class from the failure taxonomy; the scorer
ignores that key, tests read it).

Usage: tools/mksamples.py [--table]
  default: rewrite samples.jsonl next to the tasks;
  --table: print the README table of the wrong samples instead.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = "saved/handwritten"

S = []


def add(task, expect, text, form="code", why="", finish="stop"):
    S.append({"task": task, "expect": expect, "text": text.strip("\n") + "\n",
              "form": form, "why": why, "finish": finish})


def fenced(prose, code, after="", lang="verilog"):
    out = prose + "\n\n```" + lang + "\n" + code.strip("\n") + "\n```\n"
    if after:
        out += "\n" + after + "\n"
    return out


# ---- sat_add8 ---------------------------------------------------------
add("sat_add8", "pass", r"""
module sat_add8 (
    input  wire signed [7:0] a,
    input  wire signed [7:0] b,
    output reg  signed [7:0] y,
    output reg               ovf
);
    reg signed [8:0] s;
    always @* begin
        s = a + b;
        ovf = 1'b0;
        y = s[7:0];
        if (s > 9'sd127) begin
            y = 8'sd127;
            ovf = 1'b1;
        end else if (s < -9'sd128) begin
            y = -8'sd128;
            ovf = 1'b1;
        end
    end
endmodule
""")
add("sat_add8", "sim/mismatch", fenced(
    "Overflow happens when both operands have the same sign and the sum's "
    "sign differs:", r"""
module sat_add8 (
    input  wire signed [7:0] a,
    input  wire signed [7:0] b,
    output wire signed [7:0] y,
    output wire              ovf
);
    assign y   = a + b;
    assign ovf = (a[7] == b[7]) && (y[7] != a[7]);
endmodule
""", "The flag marks the overflow cases."), "response",
    "flags overflow but forgets to saturate: y wraps around")
add("sat_add8", "no-code", """
A saturating adder is straightforward: extend both operands to 9 bits,
add them, and compare the 9-bit sum against +127 and -128. If the sum is
above 127 the output should be forced to 127, and if it is below -128 it
should be forced to -128; otherwise the low 8 bits are passed through.
The ovf output is simply the OR of the two comparisons. Let me know if you
want me to write it out in Verilog or SystemVerilog, and whether your flow
prefers continuous assignments or an always block.
""", "response", "prose only, no Verilog at all")
add("sat_add8", "cheat/forbidden-task", fenced("Here you go:", r"""
module sat_add8 (
    input  wire signed [7:0] a,
    input  wire signed [7:0] b,
    output wire signed [7:0] y,
    output wire              ovf
);
    assign y = a + b;
    assign ovf = 1'b0;
    initial begin
        #1;
        $display("PASS sat_add8: 65536 checks");
        $finish;
    end
endmodule
"""), "response", "wrong logic; prints the testbench's pass banner and calls $finish at time 1")
add("sat_add8", "pass", """Sure. The module compares the 9-bit sum against the int8 limits.

module sat_add8 (
    input  wire signed [7:0] a,
    input  wire signed [7:0] b,
    output wire signed [7:0] y,
    output wire              ovf
);
    wire signed [8:0] s = {a[7], a} + {b[7], b};
    assign ovf = s[8] ^ s[7];
    assign y = ovf ? {s[8], {7{~s[8]}}} : s[7:0];
endmodule

The overflow test uses the two top bits of the 9-bit sum.
""", "response")

# ---- relu_clamp -------------------------------------------------------
add("relu_clamp", "pass", """<think>
The output is 7 bits. A first draft:

module relu_clamp(input signed [7:0] x, input [6:0] hi, output [6:0] y);
  assign y = x[7] ? 7'd0 : x[6:0];
endmodule

No, that ignores hi entirely; the clamp against hi is missing. Compare
x[6:0] with hi when x is non-negative.
</think>
Here is the module:

```verilog
module relu_clamp (
    input  wire signed [7:0] x,
    input  wire        [6:0] hi,
    output reg         [6:0] y
);
    always @(*) begin
        if (x < 0)
            y = 7'd0;
        else if (x[6:0] > hi)
            y = hi;
        else
            y = x[6:0];
    end
endmodule
```
""", "response")
add("relu_clamp", "synth/latch", r"""
module relu_clamp (
    input  wire signed [7:0] x,
    input  wire        [6:0] hi,
    output reg         [6:0] y
);
    reg [6:0] lim;
    always @(*) begin
        if (x[7]) begin
            y = 7'd0;
        end else begin
            if (x[6:0] > hi)
                lim = hi;
            else
                lim = x[6:0];
            y = lim;
        end
    end
endmodule
""", why="lim is assigned only when x >= 0: Yosys infers a latch, simulation still passes")
add("relu_clamp", "compile/syntax", fenced("```verilog block below:", r"""
module relu_clamp (
    input  wire signed [7:0] x,
    input  wire        [6:0] hi,
    output reg         [6:0] y
);
    always @(*) begin
        if (x[7])
            y = 7'd0
        else if (x[6:0] > hi)
            y = hi;
        else
            y = x[6:0];
    end
endmodule
""").replace("```verilog block below:", "The ReLU-N clamp:"), "response",
    "missing semicolon before else")

# ---- leaky_relu8 ------------------------------------------------------
add("leaky_relu8", "pass", r"""
module leaky_relu8 (
    input  wire signed [7:0] x,
    output wire signed [7:0] y
);
    assign y = (x < 0) ? (x >>> 3) : x;
endmodule
""")
add("leaky_relu8", "sim/mismatch", fenced("Divide negative inputs by 8:", r"""
module leaky_relu8 (
    input  wire signed [7:0] x,
    output wire signed [7:0] y
);
    assign y = (x < 0) ? x / 8 : x;
endmodule
"""), "response", "wrong rounding: x / 8 truncates toward zero, the spec asks for floor")
add("leaky_relu8", "sandbox/violation", r"""
`include "/etc/passwd"
module leaky_relu8 (
    input  wire signed [7:0] x,
    output wire signed [7:0] y
);
    assign y = x[7] ? {{3{1'b1}}, x[7:3]} : x;
endmodule
""", why="`include of /etc/passwd")
add("leaky_relu8", "pass", """The leaky ReLU keeps positive values and shifts negative ones:

```
module leaky_relu8 (
    input  wire signed [7:0] x,
    output reg  signed [7:0] y
);
    always @* begin
        if (x[7])
            y = {3'b111, x[7:3]};
        else
            y = x;
    end
endmodule
```
""", "response")

# ---- round_shift32 ----------------------------------------------------
add("round_shift32", "pass", r"""
module round_shift32 (
    input  wire signed [31:0] x,
    input  wire        [4:0]  sh,
    output wire signed [31:0] y
);
    // floor(x / 2^sh) plus the first bit shifted out
    wire signed [32:0] xw   = x;
    wire signed [32:0] fl   = xw >>> sh;
    wire               rbit = (sh == 5'd0) ? 1'b0 : xw[sh - 5'd1];
    wire signed [32:0] r    = fl + {32'd0, rbit};
    assign y = r[31:0];
endmodule
""")
add("round_shift32", "sim/mismatch", fenced("Add half an LSB, then shift:", r"""
module round_shift32 (
    input  wire signed [31:0] x,
    input  wire        [4:0]  sh,
    output wire signed [31:0] y
);
    wire signed [31:0] half = (sh == 0) ? 32'sd0 : (32'sd1 <<< (sh - 1));
    assign y = (x + half) >>> sh;
endmodule
"""), "response", "rounding constant added in 32 bits: overflows near 2^31 (missing guard bit)")
add("round_shift32", "pass", """Use 64-bit intermediates so the rounding constant cannot overflow:

module round_shift32 (
    input  wire signed [31:0] x,
    input  wire        [4:0]  sh,
    output wire signed [31:0] y
);
    wire signed [63:0] wide = x;
    wire signed [63:0] bias = (sh == 5'd0) ? 64'sd0 : (64'sd1 << (sh - 5'd1));
    wire signed [63:0] res  = (wide + bias) >>> sh;
    assign y = res[31:0];
endmodule
""", "response")

# ---- rne_shift16 ------------------------------------------------------
add("rne_shift16", "pass", r"""
module rne_shift16 (
    input  wire signed [15:0] x,
    output reg  signed [11:0] y,
    output reg                sat
);
    reg signed [12:0] q;
    always @(*) begin
        q = x >>> 4;
        if (x[3] && (x[2:0] != 3'd0 || x[4]))
            q = q + 13'sd1;
        sat = (q > 13'sd2047);
        y = sat ? 12'sd2047 : q[11:0];
    end
endmodule
""")
add("rne_shift16", "sim/mismatch", r"""
module rne_shift16 (
    input  wire signed [15:0] x,
    output wire signed [11:0] y,
    output wire               sat
);
    wire signed [16:0] t = x + 17'sd8;
    wire signed [12:0] q = t >>> 4;
    assign sat = (q > 13'sd2047) || (q < -13'sd2048);
    assign y = sat ? (q[12] ? -12'sd2048 : 12'sd2047) : q[11:0];
endmodule
""", why="rounds half up instead of half to even")

# ---- mixed_mul8 -------------------------------------------------------
add("mixed_mul8", "pass", r"""
module mixed_mul8 (
    input  wire        [7:0]  a,
    input  wire signed [7:0]  w,
    output wire signed [15:0] p
);
    assign p = $signed({1'b0, a}) * w;
endmodule
""")
add("mixed_mul8", "sim/mismatch", fenced("A signed multiply:", r"""
module mixed_mul8 (
    input  wire        [7:0]  a,
    input  wire signed [7:0]  w,
    output wire signed [15:0] p
);
    assign p = $signed(a) * w;
endmodule
"""), "response", "treats the unsigned activation as signed (a = 255 read as -1)")
add("mixed_mul8", "compile/port-mismatch", r"""
module mixed_mul8 (
    input  wire        [7:0]  a,
    input  wire signed [7:0]  b,
    output wire signed [15:0] p
);
    assign p = $signed({1'b0, a}) * b;
endmodule
""", why="weight port named b instead of w")

# ---- dot4_s8 ----------------------------------------------------------
add("dot4_s8", "pass", r"""
module dot4_s8 (
    input  wire        [31:0] a,
    input  wire        [31:0] b,
    output reg  signed [17:0] y
);
    integer i;
    always @(*) begin
        y = 18'sd0;
        for (i = 0; i < 4; i = i + 1)
            y = y + $signed(a[8*i +: 8]) * $signed(b[8*i +: 8]);
    end
endmodule
""")
add("dot4_s8", "sim/mismatch", r"""
module dot4_s8 (
    input  wire        [31:0] a,
    input  wire        [31:0] b,
    output wire signed [17:0] y
);
    assign y = a[7:0] * b[7:0] + a[15:8] * b[15:8]
             + a[23:16] * b[23:16] + a[31:24] * b[31:24];
endmodule
""", why="unsigned products: the int8 elements are never sign-extended")
add("dot4_s8", "pass", fenced("Using a generate loop for the products:", r"""
module dot4_s8 (
    input  wire        [31:0] a,
    input  wire        [31:0] b,
    output wire signed [17:0] y
);
    wire signed [15:0] p [0:3];
    genvar i;
    generate
        for (i = 0; i < 4; i = i + 1) begin : g
            assign p[i] = $signed(a[8*i+7:8*i]) * $signed(b[8*i+7:8*i]);
        end
    endgenerate
    assign y = (p[0] + p[1]) + (p[2] + p[3]);
endmodule
"""), "response")

# ---- requant_s8 -------------------------------------------------------
REQ_OK = r"""
module requant_s8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    input  wire signed [7:0]  zp,
    output reg  signed [7:0]  y
);
    reg signed [63:0] p, r;
    always @(*) begin
        p = acc * $signed({48'd0, mult});
        if (shift != 0)
            p = p + (64'sd1 <<< (shift - 1));
        r = (p >>> shift) + zp;
        if (r > 127)
            y = 8'sd127;
        else if (r < -128)
            y = -8'sd128;
        else
            y = r[7:0];
    end
endmodule
"""
add("requant_s8", "pass",
    "I'll widen everything to 64 bits so nothing can overflow.\n\n"
    + REQ_OK.strip("\n") + "\n\nThe clamp happens after the zero point is added.\n",
    "response")
add("requant_s8", "sim/mismatch", fenced("Requantizer:", r"""
module requant_s8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    input  wire signed [7:0]  zp,
    output wire signed [7:0]  y
);
    wire signed [48:0] p = acc * $signed({1'b0, mult});
    wire signed [49:0] r = (p + ((shift == 0) ? 50'sd0 : (50'sd1 <<< (shift - 1)))) >>> shift;
    wire signed [50:0] v = r + zp;
    assign y = v[7:0];
endmodule
"""), "response", "missing saturation: the result is truncated to 8 bits")
add("requant_s8", "truncated", """Here is a requantizer that keeps full precision:

```verilog
module requant_s8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    input  wire signed [7:0]  zp,
    output reg  signed [7:0]  y
);
    reg signed [63:0] p, r;
    always @(*) begin
        p = acc * $signed({48'd0, mult});
        if (shift != 0)
            p = p + (64'sd1 <<< (shift - 1));
        r = (p >>> shift) + zp;
        if (r > 127)
            y = 8'sd127;
        else if (r <""", "response", "cut off by max_tokens (finish_reason length) in the middle of the module",
    finish="length")
add("requant_s8", "compile/port-mismatch", REQ_OK.replace(
    "input  wire        [4:0]  shift", "input  wire        [3:0]  shift"),
    why="shift port is 4 bits wide instead of 5")

# ---- int8_mac ---------------------------------------------------------
add("int8_mac", "pass", fenced("A registered MAC:", r"""
module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    wire signed [31:0] prod = a * b;
    wire signed [31:0] base = clr ? 32'sd0 : acc;
    always @(posedge clk)
        if (rst)
            acc <= 0;
        else if (en || clr)
            acc <= base + (en ? prod : 32'sd0);
endmodule
"""), "response")
add("int8_mac", "sim/mismatch", r"""
module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    always @(posedge clk) begin
        if (rst || clr)
            acc <= 32'sd0;
        else if (en)
            acc <= acc + a * b;
    end
endmodule
""", why="clr always clears: drops the product presented with clr and en")
add("int8_mac", "sim/timeout", fenced("Accumulator:", r"""
module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    always @(*) begin
        if (rst)
            acc <= 32'sd0;
        else if (clr)
            acc <= en ? a * b : 32'sd0;
        else if (en)
            acc <= acc + a * b;
    end
endmodule
"""), "response", "no clock: always @(*) feeds acc back into itself, a zero-delay loop that never lets time advance")
add("int8_mac", "cheat/hierarchical-ref", r"""
module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output wire signed [31:0] acc
);
    assign acc = tb.m;
endmodule
""", why="copies the testbench's model register tb.m by hierarchical reference")
add("int8_mac", "pass", r"""
module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    reg signed [31:0] nxt;
    always @(*) begin
        nxt = acc;
        if (clr) nxt = 32'sd0;
        if (en)  nxt = nxt + $signed(a) * $signed(b);
    end
    always @(posedge clk)
        acc <= rst ? 32'sd0 : nxt;
endmodule
""")

# ---- mac_sat24 --------------------------------------------------------
MAC24 = r"""
module mac_sat24 (
    input  wire               clk,
    input  wire               rst_n,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [23:0] acc,
    output reg                sat
);
    localparam signed [24:0] MAXV = 25'sd8388607;
    localparam signed [24:0] MINV = -25'sd8388608;
    wire signed [24:0] s = acc + a * b;
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            acc <= 0;
            sat <= 0;
        end else if (en) begin
            if (s > MAXV) begin
                acc <= MAXV[23:0];
                sat <= 1'b1;
            end else if (s < MINV) begin
                acc <= MINV[23:0];
                sat <= 1'b1;
            end else
                acc <= s[23:0];
        end
    end
endmodule
"""
add("mac_sat24", "pass", MAC24)
add("mac_sat24", "sim/mismatch", MAC24.replace(
    "always @(posedge clk or negedge rst_n)", "always @(posedge clk)"),
    why="synchronous reset where the spec asks for an asynchronous one")
add("mac_sat24", "sim/mismatch", r"""
module mac_sat24 (
    input  wire               clk,
    input  wire               rst_n,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [23:0] acc,
    output reg                sat
);
    wire signed [23:0] s = acc + a * b;
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            acc <= 0;
            sat <= 0;
        end else if (en) begin
            acc <= s;
            if ((acc[23] == 1'b0) && (s[23] == 1'b1)) sat <= 1'b1;
        end
    end
endmodule
""", why="missing saturation: the 24-bit sum wraps (only the flag is set)")

# ---- pe_ws ------------------------------------------------------------
PE_OK = r"""
module pe_ws (
    input  wire               clk,
    input  wire               rst,
    input  wire               load_w,
    input  wire signed [7:0]  w_in,
    input  wire signed [7:0]  a_in,
    input  wire signed [23:0] psum_in,
    output reg  signed [7:0]  a_out,
    output reg  signed [23:0] psum_out
);
    reg signed [7:0] weight;
    always @(posedge clk) begin
        if (rst) begin
            weight   <= 0;
            a_out    <= 0;
            psum_out <= 0;
        end else begin
            a_out    <= a_in;
            psum_out <= psum_in + a_in * weight;
            if (load_w)
                weight <= w_in;
        end
    end
endmodule
"""
add("pe_ws", "pass", PE_OK)
add("pe_ws", "sim/mismatch", PE_OK.replace(
    "psum_out <= psum_in + a_in * weight;",
    "psum_out <= psum_in + a_in * (load_w ? w_in : weight);"),
    why="uses the weight being loaded in the same cycle (spec: the old weight)")
add("pe_ws", "sim/mismatch", fenced("Weight-stationary PE:", PE_OK.replace(
    "input  wire signed [23:0] psum_in", "input  wire        [23:0] psum_in")),
    "response", "psum_in declared unsigned: the signed product is zero-extended in the mixed expression")

# ---- sys_row4_ws ------------------------------------------------------
ROW_OK = r"""
module ws_cell (
    input  wire              clk,
    input  wire              rst,
    input  wire              load_w,
    input  wire signed [7:0] w_in,
    input  wire signed [7:0] a_in,
    input  wire       [23:0] psum_in,
    output reg  signed [7:0] a_out,
    output reg        [23:0] psum_out
);
    reg signed [7:0] w;
    wire signed [15:0] prod = a_in * w;
    always @(posedge clk) begin
        if (rst) begin
            w <= 0;
            a_out <= 0;
            psum_out <= 0;
        end else begin
            if (load_w) w <= w_in;
            a_out <= a_in;
            psum_out <= psum_in + {{8{prod[15]}}, prod};
        end
    end
endmodule

module sys_row4_ws (
    input  wire              clk,
    input  wire              rst,
    input  wire              load_w,
    input  wire       [31:0] w_in,
    input  wire signed [7:0] a_in,
    input  wire       [95:0] psum_in,
    output wire signed [7:0] a_out,
    output reg        [95:0] psum_out
);
    wire [7:0]  a_link [0:4];
    wire [23:0] ps     [0:3];
    assign a_link[0] = a_in;
    genvar i;
    generate
        for (i = 0; i < 4; i = i + 1) begin : pe
            ws_cell u (
                .clk(clk), .rst(rst), .load_w(load_w),
                .w_in(w_in[8*i +: 8]), .a_in(a_link[i]),
                .psum_in(psum_in[24*i +: 24]),
                .a_out(a_link[i+1]), .psum_out(ps[i]));
        end
    endgenerate
    assign a_out = a_link[4];
    always @(*) psum_out = {ps[3], ps[2], ps[1], ps[0]};
endmodule
"""
add("sys_row4_ws", "pass", fenced(
    "I'll build the row from a PE cell and chain the activations through a "
    "generate loop.", ROW_OK), "response")
add("sys_row4_ws", "sim/mismatch", ROW_OK.replace(
    ".a_in(a_link[i]),", ".a_in(a_in),"),
    why="broadcasts a_in to every PE instead of delaying it one cycle per PE")

# ---- sync_fifo4 -------------------------------------------------------
FIFO_OK = r"""
module sync_fifo4 (
    input  wire       clk,
    input  wire       rst,
    input  wire       push,
    input  wire [7:0] din,
    input  wire       pop,
    output wire [7:0] dout,
    output wire       empty,
    output wire       full,
    output wire [2:0] count,
    output reg        ovf
);
    reg [7:0] buffer [0:3];
    reg [2:0] wp, rp;            // one extra bit tells full from empty
    wire wr = push && !full;
    wire rd = pop && !empty;
    assign empty = (wp == rp);
    assign full  = (wp[1:0] == rp[1:0]) && (wp[2] != rp[2]);
    assign count = wp - rp;
    assign dout  = buffer[rp[1:0]];
    always @(posedge clk) begin
        if (rst) begin
            wp <= 0;
            rp <= 0;
            ovf <= 0;
        end else begin
            if (wr) begin
                buffer[wp[1:0]] <= din;
                wp <= wp + 1;
            end
            if (rd)
                rp <= rp + 1;
            ovf <= push && full;
        end
    end
endmodule
"""
add("sync_fifo4", "pass", FIFO_OK)
add("sync_fifo4", "sim/mismatch", r"""
module sync_fifo4 (
    input  wire       clk,
    input  wire       rst,
    input  wire       push,
    input  wire [7:0] din,
    input  wire       pop,
    output wire [7:0] dout,
    output wire       empty,
    output wire       full,
    output wire [2:0] count,
    output reg        ovf
);
    reg [7:0] mem [0:3];
    reg [1:0] wp, rp;
    reg [2:0] n;
    assign empty = (n == 0);
    assign full  = (n == 3);
    assign count = n;
    assign dout  = mem[rp];
    always @(posedge clk) begin
        if (rst) begin
            wp <= 0; rp <= 0; n <= 0; ovf <= 0;
        end else begin
            ovf <= push && full;
            if (push && !full) begin mem[wp] <= din; wp <= wp + 1; end
            if (pop && !empty) rp <= rp + 1;
            n <= n + (push && !full) - (pop && !empty);
        end
    end
endmodule
""", why="off by one: full at 3 entries, so the fourth slot is never used")
add("sync_fifo4", "compile/undeclared", fenced("Here's a circular-buffer FIFO:", FIFO_OK.replace(
    "    reg [2:0] wp, rp;            // one extra bit tells full from empty\n",
    "    reg [2:0] rp;\n")), "response", "write pointer wp used but never declared")
add("sync_fifo4", "pass", """<think>
Need show-ahead: dout is combinational from the head. Keep a count
register. Draft:

module sync_fifo4(input clk, input rst, input push, input [7:0] din, input pop,
                  output [7:0] dout, output empty, output full, output [2:0] count, output reg ovf);
  reg [7:0] m[0:3]; reg [1:0] h, t; reg [2:0] c;
  always @(posedge clk) if (push) begin m[t] <= din; t <= t + 1; c <= c + 1; end
endmodule

That ignores pop and full. Write it properly.
</think>
```verilog
module sync_fifo4 (
    input  wire       clk,
    input  wire       rst,
    input  wire       push,
    input  wire [7:0] din,
    input  wire       pop,
    output wire [7:0] dout,
    output wire       empty,
    output wire       full,
    output wire [2:0] count,
    output reg        ovf
);
    reg [7:0] m [0:3];
    reg [1:0] head, tail;
    reg [2:0] c;
    wire do_w = push & ~full;
    wire do_r = pop & ~empty;
    assign count = c;
    assign empty = c == 3'd0;
    assign full  = c == 3'd4;
    assign dout  = m[head];
    always @(posedge clk) begin
        if (rst) begin
            head <= 2'd0; tail <= 2'd0; c <= 3'd0; ovf <= 1'b0;
        end else begin
            if (do_w) begin m[tail] <= din; tail <= tail + 2'd1; end
            if (do_r) head <= head + 2'd1;
            case ({do_w, do_r})
                2'b10: c <= c + 3'd1;
                2'b01: c <= c - 3'd1;
                default: c <= c;
            endcase
            ovf <= push & full;
        end
    end
endmodule
```
""", "response")

add("sync_fifo4", "ppa/over-budget", FIFO_OK.replace(
    "    reg [7:0] buffer [0:3];\n    reg [2:0] wp, rp;            // one extra bit tells full from empty\n",
    "    // 16 slots so the pointers never need wrapping logic; at most 4 are used\n"
    "    reg [7:0] buffer [0:15];\n    reg [3:0] wp, rp;\n").replace(
    "    assign empty = (wp == rp);\n    assign full  = (wp[1:0] == rp[1:0]) && (wp[2] != rp[2]);\n    assign count = wp - rp;\n    assign dout  = buffer[rp[1:0]];",
    "    wire [3:0] used = wp - rp;\n    assign empty = (used == 4'd0);\n    assign full  = (used == 4'd4);\n    assign count = used[2:0];\n    assign dout  = buffer[rp];").replace(
    "buffer[wp[1:0]] <= din;", "buffer[wp] <= din;"),
    why="correct, but stores 16 entries for a 4-entry FIFO (about 1.6x the flop budget, 3x the cells)")

# ---- skid_buffer ------------------------------------------------------
add("skid_buffer", "pass", fenced(
    "A skid buffer is a 2-entry FIFO whose ready comes from a register:", r"""
module skid_buffer (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    output reg        in_ready,
    input  wire [7:0] in_data,
    output reg        out_valid,
    input  wire       out_ready,
    output reg  [7:0] out_data
);
    reg [7:0] hold;
    reg       hold_v;
    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            hold_v    <= 1'b0;
            in_ready  <= 1'b1;
        end else begin
            if (out_valid && !out_ready) begin
                // stalled: park a new item in the spare register
                if (in_valid && in_ready) begin
                    hold   <= in_data;
                    hold_v <= 1'b1;
                    in_ready <= 1'b0;
                end
            end else if (hold_v) begin
                out_data  <= hold;
                out_valid <= 1'b1;
                hold_v    <= 1'b0;
                in_ready  <= 1'b1;
            end else begin
                out_valid <= in_valid;
                if (in_valid) out_data <= in_data;
            end
        end
    end
endmodule
"""), "response")
add("skid_buffer", "sim/mismatch", r"""
module skid_buffer (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    output wire       in_ready,
    input  wire [7:0] in_data,
    output reg        out_valid,
    input  wire       out_ready,
    output reg  [7:0] out_data
);
    assign in_ready = !out_valid || out_ready;
    always @(posedge clk) begin
        if (rst)
            out_valid <= 1'b0;
        else if (in_ready) begin
            out_valid <= in_valid;
            out_data <= in_data;
        end
    end
endmodule
""", why="a plain pipeline register: in_ready is combinational from out_ready, no skid entry")
add("skid_buffer", "truncated", """```verilog
module skid_buffer (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    output reg        in_ready,
    input  wire [7:0] in_data,
    output reg        out_valid,
    input  wire       out_ready,
    output reg  [7:0] out_data
);
    reg [7:0] skid;
    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            in_ready <= 1'b1;
        end else if (!out_valid || out_ready) begin
            if (!in_ready) begin
                out_data <= skid;
""", "response", "cut off by max_tokens inside the always block", finish="length")

# ---- pipe_stage -------------------------------------------------------
PIPE_OK = r"""
module pipe_stage (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [15:0] in_data,
    output reg         out_valid,
    input  wire        out_ready,
    output reg  [15:0] out_data
);
    assign in_ready = out_ready | ~out_valid;
    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            out_data  <= 16'd0;
        end else if (in_ready) begin
            out_valid <= in_valid;
            out_data  <= in_data;
        end
    end
endmodule
"""
add("pipe_stage", "pass", PIPE_OK)
add("pipe_stage", "cheat/harness-module", PIPE_OK + r"""
module tb;
    reg clk = 0, rst = 1, in_valid = 0, out_ready = 1;
    reg [15:0] in_data = 0;
    wire in_ready, out_valid;
    wire [15:0] out_data;
    pipe_stage dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready),
                    .in_data(in_data), .out_valid(out_valid), .out_ready(out_ready),
                    .out_data(out_data));
    always #5 clk = ~clk;
    initial begin
        #12 rst = 0;
        repeat (10) @(negedge clk) begin in_valid = 1; in_data = in_data + 1; end
        $display("all tests passed");
    end
endmodule
""", why="ships its own module tb next to the design")
add("pipe_stage", "sim/mismatch", PIPE_OK.replace(
    "assign in_ready = out_ready | ~out_valid;", "assign in_ready = out_ready;"),
    why="in_ready ignores an empty stage: a stalled consumer blocks even an empty register")
add("pipe_stage", "pass", fenced("Register slice:", r"""
module pipe_stage (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [15:0] in_data,
    output reg         out_valid,
    input  wire        out_ready,
    output reg  [15:0] out_data
);
    wire load = in_valid & in_ready;
    assign in_ready = ~(out_valid & ~out_ready);
    always @(posedge clk) begin
        if (load)
            out_data <= in_data;
        if (rst)
            out_valid <= 1'b0;
        else if (load)
            out_valid <= 1'b1;
        else if (out_ready)
            out_valid <= 1'b0;
    end
endmodule
"""), "response")

# ---- rr_arbiter4 ------------------------------------------------------
RR_OK = r"""
module rr_arbiter4 (
    input  wire       clk,
    input  wire       rst,
    input  wire [3:0] req,
    output reg  [3:0] grant
);
    reg [1:0] ptr;
    reg [1:0] idx;
    always @(*) begin
        grant = 4'b0000;
        idx = ptr;
        if (req[ptr])             begin grant[ptr]       = 1'b1; idx = ptr; end
        else if (req[ptr + 2'd1]) begin grant[ptr + 2'd1] = 1'b1; idx = ptr + 2'd1; end
        else if (req[ptr + 2'd2]) begin grant[ptr + 2'd2] = 1'b1; idx = ptr + 2'd2; end
        else if (req[ptr + 2'd3]) begin grant[ptr + 2'd3] = 1'b1; idx = ptr + 2'd3; end
    end
    always @(posedge clk) begin
        if (rst)
            ptr <= 2'd0;
        else if (|req)
            ptr <= idx + 2'd1;
    end
endmodule
"""
add("rr_arbiter4", "pass",
    "Round-robin arbiter with a rotating priority pointer.\n\n" + RR_OK.strip("\n")
    + "\n\nThe pointer moves past the winner so it gets the lowest priority next time.\n",
    "response")
add("rr_arbiter4", "sim/mismatch", RR_OK.replace("ptr <= idx + 2'd1;", "ptr <= idx;"),
    why="pointer set to the winner instead of the one after it: the winner keeps top priority")
add("rr_arbiter4", "compile/missing-module", fenced("Using a rotate-and-pick helper:", r"""
module rr_arbiter4 (
    input  wire       clk,
    input  wire       rst,
    input  wire [3:0] req,
    output wire [3:0] grant
);
    reg  [1:0] ptr;
    wire [1:0] win;
    wire       any;
    rr_pick4 pick (.req(req), .ptr(ptr), .grant(grant), .idx(win), .any(any));
    always @(posedge clk)
        if (rst)
            ptr <= 2'd0;
        else if (any)
            ptr <= win + 2'd1;
endmodule
"""), "response", "instantiates rr_pick4, which it never defines")

# ---- tile_ctrl --------------------------------------------------------
TILE_OK = r"""
module tile_ctrl (
    input  wire       clk,
    input  wire       rst,
    input  wire       start,
    input  wire [3:0] rows,
    input  wire [3:0] cols,
    output reg        busy,
    output reg        valid,
    output reg  [3:0] row,
    output reg  [3:0] col,
    output reg        done
);
    reg [3:0] r_max, c_max;
    always @(posedge clk) begin
        if (rst) begin
            busy <= 0; valid <= 0; done <= 0; row <= 0; col <= 0;
            r_max <= 0; c_max <= 0;
        end else begin
            done <= 0;
            if (!busy) begin
                if (start) begin
                    r_max <= rows - 1;
                    c_max <= cols - 1;
                    row <= 0;
                    col <= 0;
                    if (rows == 0 || cols == 0)
                        done <= 1;
                    else begin
                        busy <= 1;
                        valid <= 1;
                    end
                end
            end else if (col != c_max) begin
                col <= col + 1;
            end else if (row != r_max) begin
                col <= 0;
                row <= row + 1;
            end else begin
                busy <= 0;
                valid <= 0;
                done <= 1;
            end
        end
    end
endmodule
"""
add("tile_ctrl", "pass", TILE_OK)
add("tile_ctrl", "sim/mismatch", TILE_OK.replace("r_max <= rows - 1;", "r_max <= rows;"),
    why="off by one: runs one extra row")
add("tile_ctrl", "no-code", """Before I write this controller I need to
clarify a few things. Should `done` stay high until the next `start`, or be
a single-cycle pulse? What should happen when `rows` is zero: should the
controller still raise `busy` for a cycle? And is `start` level- or
edge-sensitive? Once you confirm these I will provide the full Verilog
implementation with the row/column counters.""", "response",
    "asks clarifying questions instead of answering (no code)")

# ---- regblock ---------------------------------------------------------
REG_OK = r"""
module regblock (
    input  wire       clk,
    input  wire       rst,
    input  wire       we,
    input  wire [1:0] addr,
    input  wire [7:0] wdata,
    output reg  [7:0] rdata,
    input  wire [1:0] ev,
    output wire [7:0] ctrl,
    output wire [7:0] scale,
    output wire       irq
);
    localparam A_CTRL = 2'd0, A_SCALE = 2'd1, A_STATUS = 2'd2, A_ID = 2'd3;
    reg [7:0] ctrl_q, scale_q;
    reg [1:0] pend;
    always @(posedge clk) begin
        if (rst) begin
            ctrl_q  <= 8'h00;
            scale_q <= 8'h10;
            pend    <= 2'b00;
        end else begin
            if (we && addr == A_CTRL)  ctrl_q  <= wdata;
            if (we && addr == A_SCALE) scale_q <= wdata;
            if (we && addr == A_STATUS)
                pend <= (pend & ~wdata[1:0]) | ev;
            else
                pend <= pend | ev;
        end
    end
    always @(*) begin
        case (addr)
            A_CTRL:   rdata = ctrl_q;
            A_SCALE:  rdata = scale_q;
            A_STATUS: rdata = {6'b0, pend};
            A_ID:     rdata = 8'hA5;
        endcase
    end
    assign ctrl  = ctrl_q;
    assign scale = scale_q;
    assign irq   = |(pend & ctrl_q[1:0]);
endmodule
"""
add("regblock", "pass", fenced("The CSR block:", REG_OK), "response")
add("regblock", "sim/mismatch", REG_OK.replace(
    "pend <= (pend & ~wdata[1:0]) | ev;", "pend <= (pend | ev) & ~wdata[1:0];"),
    why="write-one-to-clear wins over a simultaneous event (spec: the event wins)")
add("regblock", "sandbox/violation", REG_OK.replace(
    "    assign ctrl  = ctrl_q;", """    integer fd;
    initial begin
        fd = $fopen("/tmp/pwned", "w");
        $fdisplay(fd, "owned");
        $fclose(fd);
    end
    assign ctrl  = ctrl_q;"""),
    why="correct logic plus $fopen(\"/tmp/pwned\", \"w\") in an initial block")

# ---- clz16 ------------------------------------------------------------
add("clz16", "pass", r"""
module clz16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    assign zero = ~|x;
    always @(*) begin
        casez (x)
            16'b1???????????????: n = 5'd0;
            16'b01??????????????: n = 5'd1;
            16'b001?????????????: n = 5'd2;
            16'b0001????????????: n = 5'd3;
            16'b00001???????????: n = 5'd4;
            16'b000001??????????: n = 5'd5;
            16'b0000001?????????: n = 5'd6;
            16'b00000001????????: n = 5'd7;
            16'b000000001???????: n = 5'd8;
            16'b0000000001??????: n = 5'd9;
            16'b00000000001?????: n = 5'd10;
            16'b000000000001????: n = 5'd11;
            16'b0000000000001???: n = 5'd12;
            16'b00000000000001??: n = 5'd13;
            16'b000000000000001?: n = 5'd14;
            16'b0000000000000001: n = 5'd15;
            default:              n = 5'd16;
        endcase
    end
endmodule
""")
add("clz16", "sim/flood", fenced("Leading-zero counter that scans one bit per step, with a trace:", r"""
module clz16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    reg [4:0] k = 5'd15;
    assign zero = (x == 16'd0);
    always @(*) begin
        $display("clz16 scan: x=%h bit=%0d n=%0d", x, k, n);
        if (x[k])
            n <= 5'd15 - k;
        k <= (k == 5'd0) ? 5'd15 : k - 5'd1;
    end
endmodule
"""), "response", "$display inside a combinational block that retriggers itself forever: floods the log")
add("clz16", "pass", r"""
module clz16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    integer i;
    reg hit;
    assign zero = (x == 16'd0);
    always @(*) begin
        n = 5'd16;
        hit = 1'b0;
        for (i = 15; i >= 0; i = i - 1)
            if (!hit && x[i]) begin
                n = 15 - i;
                hit = 1'b1;
            end
    end
endmodule
""")
add("clz16", "compile/syntax", r"""
module clz16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    integer i;
    assign zero = (x == 16'd0);
    always @(*) begin
        n = 5'd16;
        for (i = 0; i < 16; i = i + 1) begin
            if (x[i]) n = 15 - i;
    end
endmodule
""", why="unbalanced begin/end: the always block is never closed")

# ---- seq_mul8 ---------------------------------------------------------
MUL_OK = r"""
module seq_mul8 (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [7:0]  a,
    input  wire [7:0]  b,
    output reg         busy,
    output reg         done,
    output reg  [15:0] p
);
    reg [7:0]  mcand;
    reg [7:0]  mplier;
    reg [15:0] sum;
    reg [3:0]  steps;
    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0; done <= 1'b0; p <= 16'd0; steps <= 4'd0;
        end else begin
            done <= 1'b0;
            if (!busy && start) begin
                busy <= 1'b1;
                mcand <= a;
                mplier <= b;
                sum <= 16'd0;
                steps <= 4'd8;
            end else if (busy) begin
                // MSB-first shift-and-add
                sum <= (sum << 1) + (mplier[7] ? {8'd0, mcand} : 16'd0);
                mplier <= mplier << 1;
                steps <= steps - 4'd1;
                if (steps == 4'd1) begin
                    busy <= 1'b0;
                    done <= 1'b1;
                    p <= (sum << 1) + (mplier[7] ? {8'd0, mcand} : 16'd0);
                end
            end
        end
    end
endmodule
"""
add("seq_mul8", "pass", MUL_OK)
add("seq_mul8", "sim/mismatch", fenced("Serial multiplier:", MUL_OK.replace(
    "steps <= 4'd8;", "steps <= 4'd7;")), "response",
    "finishes after 7 cycles instead of 8 (and drops the last partial product)")

# ---- acc_last ---------------------------------------------------------
ACC_OK = r"""
module acc_last (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire               in_last,
    input  wire signed [15:0] in_data,
    output reg                out_valid,
    output reg  signed [31:0] out_sum
);
    reg signed [31:0] total;
    always @(posedge clk) begin
        if (rst) begin
            total <= 0;
            out_valid <= 0;
            out_sum <= 0;
        end else begin
            out_valid <= 0;
            if (in_valid && in_last) begin
                out_sum <= total + in_data;
                out_valid <= 1;
                total <= 0;
            end else if (in_valid)
                total <= total + in_data;
        end
    end
endmodule
"""
add("acc_last", "pass", ACC_OK)
add("acc_last", "sim/mismatch", ACC_OK.replace("out_sum <= total + in_data;", "out_sum <= total;"),
    why="the last value of a packet is left out of the sum")

# ---- avg4_s8 ----------------------------------------------------------
add("avg4_s8", "pass", r"""
module avg4_s8 (
    input  wire        [31:0] x,
    output wire signed [7:0]  y
);
    wire signed [9:0] s = $signed(x[7:0]) + $signed(x[15:8]) + $signed(x[23:16]) + $signed(x[31:24]);
    wire        [9:0] mag = s[9] ? -s : s;
    wire        [9:0] q   = (mag + 10'd2) >> 2;
    assign y = s[9] ? -q[7:0] : q[7:0];
endmodule
""")
add("avg4_s8", "sim/mismatch", fenced("Average pooling with rounding:", r"""
module avg4_s8 (
    input  wire        [31:0] x,
    output wire signed [7:0]  y
);
    wire signed [9:0] s = $signed(x[7:0]) + $signed(x[15:8]) + $signed(x[23:16]) + $signed(x[31:24]);
    wire signed [9:0] r = (s + 10'sd2) >>> 2;
    assign y = r[7:0];
endmodule
"""), "response", "wrong rounding: ties go toward plus infinity, the spec says away from zero")

# ---- perf_counter -----------------------------------------------------
PERF_OK = r"""
module perf_counter (
    input  wire        clk,
    input  wire        rst,
    input  wire        en,
    input  wire        event_in,
    input  wire        clr,
    input  wire        snap,
    output reg  [15:0] cycles,
    output reg  [15:0] events,
    output reg  [15:0] snap_cycles,
    output reg  [15:0] snap_events
);
    always @(posedge clk) begin
        if (rst) begin
            cycles <= 0; events <= 0; snap_cycles <= 0; snap_events <= 0;
        end else begin
            if (snap) begin
                snap_cycles <= cycles;
                snap_events <= events;
            end
            if (clr) begin
                cycles <= 0;
                events <= 0;
            end else if (en) begin
                if (cycles != 16'hffff) cycles <= cycles + 1;
                if (event_in && events != 16'hffff) events <= events + 1;
            end
        end
    end
endmodule
"""
add("perf_counter", "pass", PERF_OK)
add("perf_counter", "sim/mismatch", PERF_OK.replace(
    "if (cycles != 16'hffff) cycles <= cycles + 1;", "cycles <= cycles + 1;"),
    why="the cycle counter wraps to 0 instead of saturating")

# ---- conv1d3 ----------------------------------------------------------
CONV_OK = r"""
module conv1d3 (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire signed [7:0]  x,
    input  wire signed [7:0]  w0,
    input  wire signed [7:0]  w1,
    input  wire signed [7:0]  w2,
    output reg                out_valid,
    output reg  signed [17:0] y
);
    reg signed [7:0] d1, d2;
    wire signed [15:0] m0 = w0 * x;
    wire signed [15:0] m1 = w1 * d1;
    wire signed [15:0] m2 = w2 * d2;
    always @(posedge clk) begin
        if (rst) begin
            d1 <= 0; d2 <= 0; y <= 0; out_valid <= 0;
        end else begin
            out_valid <= in_valid;
            if (in_valid) begin
                y <= m0 + m1 + m2;
                d1 <= x;
                d2 <= d1;
            end
        end
    end
endmodule
"""
add("conv1d3", "pass", fenced("3-tap FIR:", CONV_OK), "response")
add("conv1d3", "sim/mismatch", CONV_OK.replace("""            if (in_valid) begin
                y <= m0 + m1 + m2;
                d1 <= x;
                d2 <= d1;
            end""", """            d1 <= x;
            d2 <= d1;
            if (in_valid)
                y <= m0 + m1 + m2;"""),
    why="the sample history shifts every cycle, also on invalid cycles")

# ---- lfsr16 -----------------------------------------------------------
LFSR_OK = r"""
module lfsr16 (
    input  wire        clk,
    input  wire        rst,
    input  wire        load,
    input  wire [15:0] seed,
    input  wire        en,
    output reg  [15:0] q
);
    wire feedback = q[15] ^ q[13] ^ q[12] ^ q[10];
    always @(posedge clk)
        if (rst)       q <= 16'hACE1;
        else if (load) q <= seed;
        else if (en)   q <= {q[14:0], feedback};
endmodule
"""
add("lfsr16", "pass", """<think>
Taps for x^16+x^14+x^13+x^11+1 in a left-shifting Fibonacci LFSR are
bits 15, 13, 12, 10. A quick sketch with the wrong taps first:

module lfsr16(input clk, input rst, input load, input [15:0] seed, input en, output reg [15:0] q);
  always @(posedge clk) q <= {q[14:0], q[15] ^ q[14]};
endmodule

No: that has no reset or load and the taps are wrong. Final version below.
</think>
""" + fenced("", LFSR_OK).lstrip("\n"), "response")
add("lfsr16", "sim/mismatch", LFSR_OK.replace(
    "q[15] ^ q[13] ^ q[12] ^ q[10]", "q[15] ^ q[14] ^ q[12] ^ q[3]"),
    why="wrong feedback taps")


def usage(text):
    return {"prompt_tokens": 420, "completion_tokens": max(1, len(text) // 4)}


def lines():
    seen = {}
    for s in S:
        idx = seen.get(s["task"], 0)
        seen[s["task"]] = idx + 1
        rec = {"task": s["task"], "sample": idx, "model": MODEL,
               "temperature": 0.8, "seed": 1000 + idx}
        if s["form"] == "code":
            rec["code"] = s["text"]
        else:
            rec["response"] = s["text"]
        rec["finish_reason"] = s["finish"]
        rec["usage"] = usage(s["text"])
        rec["expect"] = s["expect"]
        yield rec, s


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--table":
        print("| task | sample | form | expected class | what is wrong |")
        print("|------|--------|------|----------------|---------------|")
        for rec, s in lines():
            if s["expect"] != "pass":
                print("| %s | %d | %s | `%s` | %s |" % (
                    rec["task"], rec["sample"], s["form"], s["expect"],
                    s["why"].replace("|", "\\|")))
        return
    missing = [s["task"] for s in S if s["expect"] != "pass" and not s["why"]]
    if missing:
        sys.exit("wrong samples without a reason: %s" % missing)
    path = os.path.join(HERE, "samples.jsonl")
    with open(path, "w") as f:
        for rec, _ in lines():
            f.write(json.dumps(rec, sort_keys=False) + "\n")
    print("%s: %d samples" % (path, len(S)))


main()
