// npu_requant (alternative implementation): the same requantizer as
// ../npu_requant.v with the rounding and saturation written differently.
// Round half up is floor((p + 2^(s-1)) / 2^s); here it is computed as
// floor((floor(p / 2^(s-1)) + 1) / 2), which is the same number, with no
// rounding constant.  Saturation looks at the bits above bit 7 instead
// of comparing with -128 and 127.  The product is the same signed `*`.
// The gate proves it equivalent to the golden requantizer.
module npu_requant (
	input  wire [31:0] acc,
	input  wire [15:0] scale,
	input  wire [4:0]  shift,
	input  wire [7:0]  zp,
	output wire [7:0]  q
);
	wire signed [48:0] acc_x = {{17{acc[31]}}, acc};
	wire signed [48:0] scl_x = {33'd0, scale};
	wire signed [48:0] prod = acc_x * scl_x;
	reg signed [49:0] t, y;
	reg sat_hi, sat_lo;

	always @(*) begin
		if (shift == 5'd0) begin
			t = $signed({prod[48], prod});
		end else begin
			t = $signed({prod[48], prod}) >>> (shift - 5'd1);
			t = (t + 50'sd1) >>> 1;
		end
		y = t + {{42{zp[7]}}, zp};
		// in range iff bits 49..7 are all copies of the sign
		sat_hi = !y[49] && |y[48:7];
		sat_lo = y[49] && !(&y[48:7]);
	end

	assign q = sat_hi ? 8'h7f : sat_lo ? 8'h80 : y[7:0];
endmodule
