// tb_requant: self-checking testbench of npu_requant (combinational);
// vectors_requant.vh comes from the golden model tests/npu/npu-model.
module tb_requant;
	reg [31:0] acc = 32'd0;
	reg [15:0] scale = 16'd0;
	reg [4:0] shift = 5'd0;
	reg [7:0] zp = 8'd0;
	wire [7:0] q;
	integer errors = 0, checks = 0;

	npu_requant dut (
		.acc(acc), .scale(scale), .shift(shift), .zp(zp), .q(q)
	);

	task rq_vec(input [31:0] vacc, input [15:0] vscale,
		    input [4:0] vshift, input [7:0] vzp, input [7:0] xq);
		begin
			acc = vacc;
			scale = vscale;
			shift = vshift;
			zp = vzp;
			#1;
			checks = checks + 1;
			if (q !== xq) begin
				errors = errors + 1;
				if (errors <= 5)
					$display("mismatch at vector %0d: acc=%0d scale=%0d shift=%0d zp=%0d: expected %0d, got %0d",
						 checks, $signed(vacc), vscale,
						 vshift, $signed(vzp),
						 $signed(xq), $signed(q));
			end
		end
	endtask

	initial begin
`include "vectors_requant.vh"
		if (errors != 0)
			$fatal(1, "tb_requant: %0d of %0d vectors failed",
			       errors, checks);
		$display("tb_requant: all %0d vectors passed", checks);
		$finish;
	end
endmodule
