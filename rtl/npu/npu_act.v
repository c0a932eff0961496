// npu_act: activation on the int8 output, combinational clamp to
// [lo, hi].  ReLU in the quantized domain is lo = zero point, hi = 127;
// lo = -128, hi = 127 is the identity.  If lo > hi the output is hi.
module npu_act (
	input  wire signed [7:0] x,
	input  wire signed [7:0] lo,
	input  wire signed [7:0] hi,
	output wire signed [7:0] y
);
	wire signed [7:0] m = (x < lo) ? lo : x;

	assign y = (m > hi) ? hi : m;
endmodule
