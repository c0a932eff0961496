// npu_pe_props: the PE's accumulator follows acc' = acc + a*b when
// enabled, holds when not, and is zero after clr or reset; the operand
// registers forward the inputs exactly when enabled.  Reset in cycle 0.
module npu_pe_props (
	input wire       clk,
	input wire       rst,
	input wire       en,
	input wire       clr,
	input wire [7:0] a_in,
	input wire [7:0] b_in
);
	wire [7:0] a_out, b_out;
	wire [31:0] acc;

	npu_pe dut (
		.clk(clk), .rst(rst), .en(en), .clr(clr),
		.a_in(a_in), .b_in(b_in),
		.a_out(a_out), .b_out(b_out), .acc(acc)
	);

`ifdef FORMAL
	reg init = 1'b1;
	reg [31:0] want = 32'd0;
	wire signed [15:0] p = $signed(a_in) * $signed(b_in);

	always @(posedge clk)
		init <= 1'b0;
	always @(*)
		if (init)
			assume(rst);

	// the reference accumulator, written independently
	always @(posedge clk)
		if (rst || clr)
			want <= 32'd0;
		else if (en)
			want <= want + {{16{p[15]}}, p};

	always @(posedge clk)
		if (!init) begin
			assert(acc == want);
			if ($past(rst) || $past(clr))
				assert(acc == 32'd0 && a_out == 8'd0 &&
				       b_out == 8'd0);
			else if ($past(en))
				assert(a_out == $past(a_in) &&
				       b_out == $past(b_in));
			else
				assert(a_out == $past(a_out) &&
				       b_out == $past(b_out));
		end
`endif
endmodule
