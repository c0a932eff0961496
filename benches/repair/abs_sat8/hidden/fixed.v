module abs_sat8 (
    input  wire signed [7:0] x,
    output wire signed [7:0] y,
    output wire              sat
);
    assign sat = (x == -8'sd128);
    assign y = sat ? 8'sd127 : (x[7] ? -x : x);
endmodule
