// npu_act_props: the activation clamp keeps its output in [lo, hi]
// whenever lo <= hi, passes values inside the range unchanged, and is a
// ReLU (output >= zero point) when lo is the zero point.
module npu_act_props (
	input wire [7:0] x,
	input wire [7:0] lo,
	input wire [7:0] hi
);
	wire [7:0] y;

	npu_act dut (.x(x), .lo(lo), .hi(hi), .y(y));

`ifdef FORMAL
	always @(*) begin
		if ($signed(lo) <= $signed(hi)) begin
			assert($signed(y) >= $signed(lo));
			assert($signed(y) <= $signed(hi));
			if ($signed(x) >= $signed(lo) &&
			    $signed(x) <= $signed(hi))
				assert(y == x);
		end else begin
			assert(y == hi);
		end
	end
`endif
endmodule
