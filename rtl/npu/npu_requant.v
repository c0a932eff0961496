// npu_requant: int32 accumulator -> int8, combinational.
//
//   p   = acc * scale                      (scale unsigned 16 bit, exact)
//   r   = shift == 0 ? 0 : 1 << (shift-1)  (round half up: toward +inf)
//   y   = ((p + r) >>> shift) + zp         (arithmetic shift, exact)
//   q   = y < -128 ? -128 : y > 127 ? 127 : y   (saturate after zp)
//
// Widths: |acc * scale| < 2^47 and r <= 2^30, so p + r fits 49 bits
// signed; adding the 8-bit zero point needs one more bit.
module npu_requant (
	input  wire signed [31:0] acc,
	input  wire        [15:0] scale,
	input  wire        [4:0]  shift,
	input  wire signed [7:0]  zp,
	output wire signed [7:0]  q
);
	wire signed [16:0] scale_s = {1'b0, scale};
	wire signed [48:0] acc_x = {{17{acc[31]}}, acc};
	wire signed [48:0] scl_x = {{32{scale_s[16]}}, scale_s};
	wire signed [48:0] prod = acc_x * scl_x;
	wire        [48:0] one = 49'd1;
	wire signed [48:0] rnd = (shift == 5'd0) ? 49'sd0
				: $signed(one << (shift - 5'd1));
	wire signed [48:0] sum = prod + rnd;
	wire signed [48:0] shf = sum >>> shift;
	wire signed [49:0] y = {shf[48], shf} + {{42{zp[7]}}, zp};

	assign q = (y < -50'sd128) ? -8'sd128
		 : (y > 50'sd127) ? 8'sd127
		 : y[7:0];
endmodule
