// npu_pe: int8 x int8 -> int32 multiply-accumulate processing element of
// the output-stationary systolic array.  Operands enter from the left (a)
// and the top (b), are multiplied and added to the local accumulator, and
// leave registered to the right and bottom neighbours.  Everything moves
// only when en is high; clr zeroes the accumulator and the operand
// registers (zeros then flow through the array and add nothing).
module npu_pe (
	input  wire               clk,
	input  wire               rst,
	input  wire               en,
	input  wire               clr,
	input  wire signed [7:0]  a_in,
	input  wire signed [7:0]  b_in,
	output reg  signed [7:0]  a_out,
	output reg  signed [7:0]  b_out,
	output reg  signed [31:0] acc
);
	// full-precision product: -128 * -128 = 16384 needs all 16 bits
	wire signed [15:0] prod = a_in * b_in;

	always @(posedge clk) begin
		if (rst || clr) begin
			a_out <= 8'sd0;
			b_out <= 8'sd0;
			acc <= 32'sd0;
		end else if (en) begin
			a_out <= a_in;
			b_out <= b_in;
			acc <= acc + {{16{prod[15]}}, prod};
		end
	end
endmodule
