module requant_s8 (
    input  wire signed [31:0] acc,
    input  wire        [15:0] mult,
    input  wire        [4:0]  shift,
    input  wire signed [7:0]  zp,
    output wire signed [7:0]  y
);
    wire signed [48:0] p    = acc * $signed({1'b0, mult});
    wire signed [49:0] half = (shift == 5'd0) ? 50'sd0 : (50'sd1 <<< (shift - 5'd1));
    wire signed [49:0] t    = p + half;
    wire signed [49:0] r    = t >>> shift;
    wire signed [50:0] v    = r + zp;
    assign y = (v > 51'sd127) ? 8'sd127 : (v < -51'sd128) ? -8'sd128 : v[7:0];
endmodule
