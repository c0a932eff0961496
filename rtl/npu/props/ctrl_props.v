// npu_ctrl_props: properties of the tiling controller, checked by bounded
// model checking (yosys-smtbmc).  A small instance (N = 2, dimensions up
// to 3, a 16-byte scratchpad) with every input free: the solver picks the
// configuration, when start comes, the bytes read.  The wrapper shadows
// the configuration the controller accepted and computes the operand
// regions itself, then asserts, on the controller's ports only:
//   - no read outside A or B and no write outside C (out-of-bounds
//     addresses).  (Rejecting a configuration that does not fit is not
//     asserted here: the products it needs made z3 six times slower; the
//     top testbench covers rejected configurations.)
//   - no access before a start was accepted
//   - busy rises only on start; done and bad come only from busy and
//     are never high together; the array never clears and steps at once
module npu_ctrl_props (
	input wire       clk,
	input wire       rst,
	input wire       start,
	input wire [1:0] cfg_m,
	input wire [1:0] cfg_k,
	input wire [1:0] cfg_n,
	input wire [3:0] cfg_a,
	input wire [3:0] cfg_b,
	input wire [3:0] cfg_c,
	input wire [7:0] mem_rdata
);
	localparam N = 2;
	wire busy, done, bad, mem_re, mem_we, arr_clr, arr_en;
	wire [3:0] mem_raddr, mem_waddr;
	wire [N*8-1:0] arr_a, arr_b;
	wire [1:0] acc_sel;

	npu_ctrl #(.N(N), .DIMW(2), .AW(4)) dut (
		.clk(clk), .rst(rst), .start(start),
		.cfg_m(cfg_m), .cfg_k(cfg_k), .cfg_n(cfg_n),
		.cfg_a(cfg_a), .cfg_b(cfg_b), .cfg_c(cfg_c),
		.busy(busy), .done(done), .bad(bad),
		.mem_re(mem_re), .mem_raddr(mem_raddr), .mem_rdata(mem_rdata),
		.mem_we(mem_we), .mem_waddr(mem_waddr),
		.arr_clr(arr_clr), .arr_en(arr_en),
		.arr_a(arr_a), .arr_b(arr_b), .acc_sel(acc_sel)
	);

`ifdef FORMAL
	reg init = 1'b1;
	reg seen = 1'b0;            // a start was accepted since reset
	reg [1:0] m, k, n;
	reg [3:0] a, b, c;

	always @(posedge clk) begin
		init <= 1'b0;
		if (rst) begin
			seen <= 1'b0;
		end else if (start && !busy) begin
			seen <= 1'b1;
			{m, k, n} <= {cfg_m, cfg_k, cfg_n};
			{a, b, c} <= {cfg_a, cfg_b, cfg_c};
		end
	end

	always @(*)
		if (init)
			assume(rst);

	wire [7:0] a_end = a + m * k;
	wire [7:0] b_end = b + k * n;
	wire [7:0] c_end = c + m * n;
	wire in_a = mem_raddr >= a && mem_raddr < a_end;
	wire in_b = mem_raddr >= b && mem_raddr < b_end;
	wire in_c = mem_waddr >= c && mem_waddr < c_end;

	always @(*) begin
		if (!init && !rst) begin
			if (!seen)
				assert(!mem_re && !mem_we);
			if (mem_re)
				assert(seen && (in_a || in_b));
			if (mem_we)
				assert(seen && in_c);
			assert(!(done && bad));
			assert(!(arr_clr && arr_en));
		end
	end

	always @(posedge clk)
		if (!init && !$past(rst) && !rst) begin
			if (busy && !$past(busy))
				assert($past(start));
			if (done || bad)
				assert($past(busy) && !busy);
		end
`endif
endmodule
