module clamp_s16_s8 (
    input  wire signed [15:0] x,
    output wire signed [7:0]  y,
    output wire               sat
);
    // In range iff bits [15:7] are all equal (pure sign extension).
    wire in_range = (x[15:7] == 9'h000) || (x[15:7] == 9'h1ff);
    assign sat = ~in_range;
    assign y = in_range ? x[7:0] : (x[15] ? 8'h7f : 8'h80);
endmodule
