module argmax4_s8 (
    input  wire        [31:0] x,
    output wire signed [7:0]  max,
    output wire        [1:0]  idx
);
    wire signed [7:0] v0 = x[7:0], v1 = x[15:8], v2 = x[23:16], v3 = x[31:24];
    // Tournament: a later element wins only when strictly greater.
    wire        l_sel = v1 > v0;
    wire signed [7:0] l = l_sel ? v1 : v0;
    wire        r_sel = v3 > v2;
    wire signed [7:0] r = r_sel ? v3 : v2;
    wire        f_sel = r > l;
    assign max = f_sel ? r : l;
    assign idx = f_sel ? {1'b1, r_sel} : {1'b0, l_sel};
endmodule
