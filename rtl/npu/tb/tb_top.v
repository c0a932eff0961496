// tb_top: self-checking testbench of npu_top (128-byte scratchpad, the
// array size npu_top defaults to: N = 4, or NPU_N if defined).  vectors_top.vh (from the golden model tests/npu/npu-model)
// loads A and B through the host memory port, configures the registers,
// starts the GEMM, waits for it and compares every byte of C with the
// model; A, B and a guard byte after C must be unchanged.  Rejected
// configurations must set ERR without touching memory.
module tb_top;
	reg clk = 1'b0;
	reg rst = 1'b1;
	reg reg_we = 1'b0;
	reg [2:0] reg_addr = 3'd0;
	reg [31:0] reg_wdata = 32'd0;
	wire [31:0] reg_rdata;
	reg mem_req = 1'b0, mem_we = 1'b0;
	reg [6:0] mem_addr = 7'd0;
	reg [7:0] mem_wdata = 8'd0;
	wire mem_ready, mem_rvalid, irq;
	wire [7:0] mem_rdata;
	integer errors = 0, checks = 0, gemms = 0, cycles;
	reg [31:0] rd;
	reg [7:0] bytev;

	npu_top #(.AW(7)) dut (
		.clk(clk), .rst(rst),
		.reg_we(reg_we), .reg_addr(reg_addr), .reg_wdata(reg_wdata),
		.reg_rdata(reg_rdata),
		.mem_req(mem_req), .mem_we(mem_we), .mem_addr(mem_addr),
		.mem_wdata(mem_wdata), .mem_ready(mem_ready),
		.mem_rvalid(mem_rvalid), .mem_rdata(mem_rdata), .irq(irq)
	);

	always #5 clk = ~clk;

	task fail(input [8*80-1:0] what);
		begin
			errors = errors + 1;
			if (errors <= 5)
				$display("mismatch in GEMM %0d: %0s", gemms,
					 what);
		end
	endtask

	task reg_wr(input [2:0] a, input [31:0] d);
		begin
			@(negedge clk);
			reg_we = 1'b1;
			reg_addr = a;
			reg_wdata = d;
			@(negedge clk);
			reg_we = 1'b0;
		end
	endtask

	task reg_rd(input [2:0] a, output [31:0] d);
		begin
			@(negedge clk);
			reg_addr = a;
			#1 d = reg_rdata;
		end
	endtask

	task host_wr(input [6:0] a, input [7:0] d);
		begin
			@(negedge clk);
			rst = 1'b0;
			mem_req = 1'b1;
			mem_we = 1'b1;
			mem_addr = a;
			mem_wdata = d;
			@(negedge clk);
			mem_req = 1'b0;
			mem_we = 1'b0;
		end
	endtask

	task host_rd(input [6:0] a, output [7:0] d);
		begin
			@(negedge clk);
			mem_req = 1'b1;
			mem_we = 1'b0;
			mem_addr = a;
			@(negedge clk);
			mem_req = 1'b0;
			if (mem_rvalid !== 1'b1)
				fail("no rvalid one cycle after a read");
			d = mem_rdata;
		end
	endtask

	task expect_mem(input [6:0] a, input [7:0] x);
		begin
			host_rd(a, bytev);
			checks = checks + 1;
			if (bytev !== x) begin
				errors = errors + 1;
				if (errors <= 5)
					$display("mismatch in GEMM %0d at byte %0d: expected %0d, got %0d",
						 gemms, a, $signed(x),
						 $signed(bytev));
			end
		end
	endtask

	task gemm(input [7:0] m, input [7:0] k, input [7:0] n,
		  input [6:0] a, input [6:0] b, input [6:0] c,
		  input [15:0] scale, input [4:0] shift, input [7:0] zp,
		  input [7:0] lo, input [7:0] hi, input ok);
		begin
			gemms = gemms + 1;
			reg_wr(3'd2, {8'd0, n, k, m});
			reg_wr(3'd3, {25'd0, a});
			reg_wr(3'd4, {25'd0, b});
			reg_wr(3'd5, {25'd0, c});
			reg_wr(3'd6, {11'd0, shift, scale});
			reg_wr(3'd7, {8'd0, hi, lo, zp});
			reg_rd(3'd2, rd);
			if (rd !== {8'd0, n, k, m})
				fail("DIMS does not read back");
			reg_wr(3'd0, 32'd1);
			// the NPU owns the scratchpad now
			if (mem_ready !== 1'b0 && ok)
				fail("mem_ready high while busy");
			reg_wr(3'd2, 32'h00ffffff);   // ignored while busy
			cycles = 0;
			while (irq !== 1'b1 && cycles < 20000) begin
				@(negedge clk);
				cycles = cycles + 1;
			end
			reg_rd(3'd1, rd);
			checks = checks + 1;
			if (rd !== (ok ? 32'd2 : 32'd4))
				fail("STATUS is not DONE (or ERR) at the end");
			reg_rd(3'd2, rd);
			if (ok && rd !== {8'd0, n, k, m})
				fail("DIMS written while busy");
		end
	endtask

	initial begin
		@(negedge clk);
		@(negedge clk);
		rst = 1'b0;
		reg_rd(3'd1, rd);
		if (rd !== 32'd0)
			fail("STATUS after reset is not 0");
`include "vectors_top.vh"
		if (errors != 0)
			$fatal(1, "tb_top: %0d errors in %0d checks", errors,
			       checks);
		$display("tb_top: all %0d checks of %0d GEMMs passed", checks,
			 gemms);
		$finish;
	end
endmodule
