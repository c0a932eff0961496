// npu_requant_props: properties of the requantizer (combinational, depth
// 1), stated without the multiplier where possible so they are an
// independent description:
//   - scale 0 or acc 0: the output is the zero point
//   - scale 1, shift 0: the output is acc + zp saturated to int8
//   - scale 1, shift 1: round half up, floor((acc + 1) / 2) + zp saturated
//   - the output saturates at the int8 limits, never wraps: a large
//     positive (negative) value with scale 1 gives 127 (-128)
module npu_requant_props (
	input wire [31:0] acc,
	input wire [15:0] scale,
	input wire [4:0]  shift,
	input wire [7:0]  zp
);
	wire [7:0] q;

	npu_requant dut (
		.acc(acc), .scale(scale), .shift(shift), .zp(zp), .q(q)
	);

`ifdef FORMAL
	function [7:0] sat8(input signed [33:0] v);
		sat8 = v < -34'sd128 ? 8'h80 : v > 34'sd127 ? 8'h7f : v[7:0];
	endfunction

	wire signed [33:0] acc34 = {{2{acc[31]}}, acc};
	wire signed [33:0] zp34 = {{26{zp[7]}}, zp};
	wire signed [33:0] half = (acc34 + 34'sd1) >>> 1;

	always @(*) begin
		if (scale == 16'd0 || acc == 32'd0)
			assert(q == zp);
		if (scale == 16'd1 && shift == 5'd0)
			assert(q == sat8(acc34 + zp34));
		if (scale == 16'd1 && shift == 5'd1)
			assert(q == sat8(half + zp34));
		if (scale == 16'd1 && shift == 5'd0 && !acc[31] &&
		    acc > 32'd255)
			assert(q == 8'h7f);
		if (scale == 16'd1 && shift == 5'd0 && acc[31] &&
		    acc < 32'hffffff00)
			assert(q == 8'h80);
	end
`endif
endmodule
