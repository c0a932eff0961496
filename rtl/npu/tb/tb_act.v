// tb_act: self-checking testbench of npu_act (combinational clamp);
// vectors_act.vh comes from the golden model tests/npu/npu-model.
module tb_act;
	reg [7:0] x = 8'd0, lo = 8'd0, hi = 8'd0;
	wire [7:0] y;
	integer errors = 0, checks = 0;

	npu_act dut (.x(x), .lo(lo), .hi(hi), .y(y));

	task act_vec(input [7:0] vx, input [7:0] vlo, input [7:0] vhi,
		     input [7:0] xy);
		begin
			x = vx;
			lo = vlo;
			hi = vhi;
			#1;
			checks = checks + 1;
			if (y !== xy) begin
				errors = errors + 1;
				if (errors <= 5)
					$display("mismatch at vector %0d: x=%0d lo=%0d hi=%0d: expected %0d, got %0d",
						 checks, $signed(vx),
						 $signed(vlo), $signed(vhi),
						 $signed(xy), $signed(y));
			end
		end
	endtask

	initial begin
`include "vectors_act.vh"
		if (errors != 0)
			$fatal(1, "tb_act: %0d of %0d vectors failed", errors,
			       checks);
		$display("tb_act: all %0d vectors passed", checks);
		$finish;
	end
endmodule
