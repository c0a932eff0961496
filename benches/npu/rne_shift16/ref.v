module rne_shift16 (
    input  wire signed [15:0] x,
    output wire signed [11:0] y,
    output wire               sat
);
    wire [11:0] ip   = x[15:4];        // floor(x/16)
    wire        g    = x[3];            // half bit
    wire        st   = |x[2:0];         // sticky
    wire        up   = g & (st | ip[0]);
    wire signed [12:0] r = {ip[11], ip} + {12'd0, up};
    assign sat = (r[12] != r[11]);
    assign y   = sat ? 12'h7ff : r[11:0];
endmodule
