module avg4_s8 (
    input  wire        [31:0] x,
    output wire signed [7:0]  y
);
    wire signed [9:0] s = $signed(x[7:0]) + $signed(x[15:8])
                        + $signed(x[23:16]) + $signed(x[31:24]);
    // Ties away from zero: bias by +2 for s >= 0, by +1 for s < 0, then floor.
    wire signed [9:0] t = s + (s[9] ? 10'sd1 : 10'sd2);
    wire signed [9:0] q = t >>> 2;
    assign y = q[7:0];
endmodule
