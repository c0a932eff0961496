module relu_clamp (
    input  wire signed [7:0] x,
    input  wire        [6:0] hi,
    output wire        [6:0] y
);
    assign y = x[7] ? 7'd0 : (x[6:0] > hi ? hi : x[6:0]);
endmodule
