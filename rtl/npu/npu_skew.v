// npu_skew: input skew buffer.  Lane i of the N-lane input vector is
// delayed by i enabled steps, so that row (or column) i of the systolic
// array sees its operand stream i steps after row 0.  clr zeroes every
// stage.  Each lane is its own shift register in its own generate block.
module npu_skew #(
	parameter N = 4,
	parameter W = 8
) (
	input  wire           clk,
	input  wire           rst,
	input  wire           en,
	input  wire           clr,
	input  wire [N*W-1:0] din,
	output wire [N*W-1:0] dout
);
	genvar i;
	generate
		for (i = 0; i < N; i = i + 1) begin : lane
			if (i == 0) begin : pass
				assign dout[W-1:0] = din[W-1:0];
			end else if (i == 1) begin : one
				reg [W-1:0] sr;
				always @(posedge clk)
					if (rst || clr)
						sr <= {W{1'b0}};
					else if (en)
						sr <= din[W*i +: W];
				assign dout[W*i +: W] = sr;
			end else begin : many
				reg [i*W-1:0] sr;
				always @(posedge clk)
					if (rst || clr)
						sr <= {(i*W){1'b0}};
					else if (en)
						sr <= {sr[(i-1)*W-1:0], din[W*i +: W]};
				assign dout[W*i +: W] = sr[i*W-1 -: W];
			end
		end
	endgenerate
endmodule
