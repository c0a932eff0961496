module mixed_mul8 (
    input  wire        [7:0]  a,
    input  wire signed [7:0]  w,
    output wire signed [15:0] p
);
    wire signed [8:0]  a9 = {1'b0, a};
    wire signed [16:0] pp = a9 * w;
    assign p = pp[15:0];
endmodule
