// tb_pe: self-checking testbench of npu_pe.  Every vector of
// vectors_pe.vh (written by the golden model tests/npu/npu-model) is one
// clock cycle: inputs, then the expected registers after the edge.
module tb_pe;
	reg clk = 1'b0;
	reg rst = 1'b1, en = 1'b0, clr = 1'b0;
	reg [7:0] a = 8'd0, b = 8'd0;
	wire [7:0] a_out, b_out;
	wire [31:0] acc;
	integer errors = 0, checks = 0;

	npu_pe dut (
		.clk(clk), .rst(rst), .en(en), .clr(clr),
		.a_in(a), .b_in(b), .a_out(a_out), .b_out(b_out), .acc(acc)
	);

	always #5 clk = ~clk;

	task pe_vec(input r, input c, input e, input [7:0] va,
		    input [7:0] vb, input [31:0] xacc, input [7:0] xa,
		    input [7:0] xb);
		begin
			@(negedge clk);
			rst = r;
			clr = c;
			en = e;
			a = va;
			b = vb;
			@(posedge clk);
			#1;
			checks = checks + 1;
			if (acc !== xacc || a_out !== xa || b_out !== xb) begin
				errors = errors + 1;
				if (errors <= 5)
					$display("mismatch at vector %0d: rst=%b clr=%b en=%b a=%0d b=%0d: expected acc=%0d a_out=%0d b_out=%0d, got acc=%0d a_out=%0d b_out=%0d",
						 checks, r, c, e, $signed(va),
						 $signed(vb), $signed(xacc),
						 $signed(xa), $signed(xb),
						 $signed(acc), $signed(a_out),
						 $signed(b_out));
			end
		end
	endtask

	initial begin
`include "vectors_pe.vh"
		if (errors != 0)
			$fatal(1, "tb_pe: %0d of %0d vectors failed", errors,
			       checks);
		$display("tb_pe: all %0d vectors passed", checks);
		$finish;
	end
endmodule
