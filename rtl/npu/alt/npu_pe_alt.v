// npu_pe (alternative implementation): the same int8 MAC PE as
// ../npu_pe.v written differently: one always block per register, the
// control decoded by a case on {rst|clr, en}, the product sign-extended
// by a mux instead of a replication.  The multiply is the same signed `*`
// (formal equivalence of differently built multipliers does not finish
// at 8 bits); everything around it differs.  The gate proves it
// equivalent to the golden PE.
module npu_pe (
	input  wire        clk,
	input  wire        rst,
	input  wire        en,
	input  wire        clr,
	input  wire [7:0]  a_in,
	input  wire [7:0]  b_in,
	output reg  [7:0]  a_out,
	output reg  [7:0]  b_out,
	output reg  [31:0] acc
);
	wire signed [15:0] p = $signed(a_in) * $signed(b_in);
	wire signed [31:0] p32 = {p[15] ? 16'hffff : 16'h0000, p};
	wire [1:0] op = {rst | clr, en};

	always @(posedge clk)
		casez (op)
		2'b1?: acc <= 32'd0;
		2'b01: acc <= $signed(acc) + p32;
		default: acc <= acc;
		endcase

	always @(posedge clk)
		casez (op)
		2'b1?: a_out <= 8'd0;
		2'b01: a_out <= a_in;
		default: a_out <= a_out;
		endcase

	always @(posedge clk)
		casez (op)
		2'b1?: b_out <= 8'd0;
		2'b01: b_out <= b_in;
		default: b_out <= b_out;
		endcase
endmodule
