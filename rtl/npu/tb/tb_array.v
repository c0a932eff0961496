// tb_array: self-checking testbench of the 4 x 4 npu_array with its skew
// buffers.  Each test of vectors_array.vh (from the golden model
// tests/npu/npu-model) fills A (4 x K), B (K x 4) and the expected int32
// products, then arr_run clears the array, streams K columns/rows plus
// 2N-2 zero steps (with stall cycles in between to exercise en) and
// compares all 16 accumulators.
module tb_array;
	localparam N = 4;
	localparam KMAX = 16;
	reg clk = 1'b0;
	reg rst = 1'b1, en = 1'b0, clr = 1'b0;
	reg [N*8-1:0] a_vec = {(N*8){1'b0}}, b_vec = {(N*8){1'b0}};
	wire [N*N*32-1:0] acc_flat;
	reg [7:0] ta [0:N*KMAX-1];
	reg [7:0] tb_ [0:KMAX*N-1];
	reg [31:0] te [0:N*N-1];
	integer errors = 0, checks = 0, tests = 0;
	integer t, i, j, stall;

	npu_array #(.N(N)) dut (
		.clk(clk), .rst(rst), .en(en), .clr(clr),
		.a_vec(a_vec), .b_vec(b_vec), .acc_flat(acc_flat)
	);

	always #5 clk = ~clk;

	task arr_run(input integer k);
		begin
			tests = tests + 1;
			@(negedge clk);
			rst = 1'b0;
			clr = 1'b1;
			@(negedge clk);
			clr = 1'b0;
			for (t = 0; t < k + 2 * N - 2; t = t + 1) begin
				for (i = 0; i < N; i = i + 1) begin
					a_vec[i*8 +: 8] = t < k ? ta[i*KMAX+t]
							 : 8'd0;
					b_vec[i*8 +: 8] = t < k ? tb_[t*N+i]
							 : 8'd0;
				end
				en = 1'b1;
				@(negedge clk);
				// a stall: nothing may move while en is low
				stall = (t + tests) % 3 == 0;
				if (stall) begin
					en = 1'b0;
					a_vec = {(N*8){1'b1}};
					b_vec = {(N*8){1'b1}};
					@(negedge clk);
				end
			end
			en = 1'b0;
			@(negedge clk);
			for (i = 0; i < N; i = i + 1)
				for (j = 0; j < N; j = j + 1) begin
					checks = checks + 1;
					if (acc_flat[(i*N+j)*32 +: 32] !==
					    te[i*N+j]) begin
						errors = errors + 1;
						if (errors <= 5)
							$display("mismatch in test %0d (K=%0d) at C[%0d][%0d]: expected %0d, got %0d",
								 tests, k, i, j,
								 $signed(te[i*N+j]),
								 $signed(acc_flat[(i*N+j)*32 +: 32]));
					end
				end
		end
	endtask

	initial begin
`include "vectors_array.vh"
		if (errors != 0)
			$fatal(1, "tb_array: %0d of %0d results failed", errors,
			       checks);
		$display("tb_array: all %0d results of %0d tests passed",
			 checks, tests);
		$finish;
	end
endmodule
