// npu_top: the NPU.  An N x N systolic array, its tiling controller, the
// requantizer and activation on the write-back path, a 2^AW-byte
// scratchpad, a register port and a host memory port.  See README.md for
// the register map.  The array size defaults to NPU_N (4 unless defined,
// e.g. -DNPU_N=2 for a smaller build).
`ifndef NPU_N
`define NPU_N 4
`endif
module npu_top #(
	parameter N = `NPU_N,
	parameter AW = 7
) (
	input  wire          clk,
	input  wire          rst,
	// register port: combinational read, write on the clock edge
	input  wire          reg_we,
	input  wire [2:0]    reg_addr,
	/* verilator lint_off UNUSEDSIGNAL */
	input  wire [31:0]   reg_wdata,       // bits 31:24 are reserved
	/* verilator lint_on UNUSEDSIGNAL */
	output reg  [31:0]   reg_rdata,
	// host memory port (scratchpad bytes; only while not busy)
	input  wire          mem_req,
	input  wire          mem_we,
	input  wire [AW-1:0] mem_addr,
	input  wire [7:0]    mem_wdata,
	output wire          mem_ready,
	output wire          mem_rvalid,
	output wire [7:0]    mem_rdata,
	output wire          irq
);
	localparam SW = (N > 1) ? $clog2(N * N) : 1;

	reg [7:0] r_m, r_k, r_n;
	reg [AW-1:0] r_a, r_b, r_c;
	reg [15:0] r_scale;
	reg [4:0] r_shift;
	reg [7:0] r_zp, r_lo, r_hi;
	reg st_done, st_err;

	wire busy, done, bad;
	wire start = reg_we && reg_addr == 3'd0 && reg_wdata[0] && !busy;
	wire cfg_we = reg_we && !busy;

	always @(posedge clk) begin
		if (rst) begin
			{r_m, r_k, r_n} <= 24'd0;
			{r_a, r_b, r_c} <= {(3*AW){1'b0}};
			r_scale <= 16'd1;
			r_shift <= 5'd0;
			r_zp <= 8'd0;
			r_lo <= 8'h80;
			r_hi <= 8'h7f;
			st_done <= 1'b0;
			st_err <= 1'b0;
		end else begin
			if (start) begin
				st_done <= 1'b0;
				st_err <= 1'b0;
			end
			if (done)
				st_done <= 1'b1;
			if (bad)
				st_err <= 1'b1;
			if (cfg_we)
				case (reg_addr)
				3'd2: {r_n, r_k, r_m} <= reg_wdata[23:0];
				3'd3: r_a <= reg_wdata[AW-1:0];
				3'd4: r_b <= reg_wdata[AW-1:0];
				3'd5: r_c <= reg_wdata[AW-1:0];
				3'd6: {r_shift, r_scale} <= reg_wdata[20:0];
				3'd7: {r_hi, r_lo, r_zp} <= reg_wdata[23:0];
				default: ;
				endcase
		end
	end

	always @(*)
		case (reg_addr)
		3'd1: reg_rdata = {29'd0, st_err, st_done, busy};
		3'd2: reg_rdata = {8'd0, r_n, r_k, r_m};
		3'd3: reg_rdata = {{(32-AW){1'b0}}, r_a};
		3'd4: reg_rdata = {{(32-AW){1'b0}}, r_b};
		3'd5: reg_rdata = {{(32-AW){1'b0}}, r_c};
		3'd6: reg_rdata = {11'd0, r_shift, r_scale};
		3'd7: reg_rdata = {8'd0, r_hi, r_lo, r_zp};
		default: reg_rdata = 32'd0;
		endcase

	assign irq = st_done || st_err;

	wire c_re, c_we, arr_clr, arr_en;
	wire [AW-1:0] c_raddr, c_waddr;
	wire [7:0] s_rdata;
	wire [N*8-1:0] arr_a, arr_b;
	wire [SW-1:0] acc_sel;
	wire [N*N*32-1:0] acc_flat;

	npu_ctrl #(.N(N), .DIMW(8), .AW(AW)) ctrl (
		.clk(clk), .rst(rst), .start(start),
		.cfg_m(r_m), .cfg_k(r_k), .cfg_n(r_n),
		.cfg_a(r_a), .cfg_b(r_b), .cfg_c(r_c),
		.busy(busy), .done(done), .bad(bad),
		.mem_re(c_re), .mem_raddr(c_raddr), .mem_rdata(s_rdata),
		.mem_we(c_we), .mem_waddr(c_waddr),
		.arr_clr(arr_clr), .arr_en(arr_en),
		.arr_a(arr_a), .arr_b(arr_b), .acc_sel(acc_sel)
	);

	npu_array #(.N(N)) array (
		.clk(clk), .rst(rst), .en(arr_en), .clr(arr_clr),
		.a_vec(arr_a), .b_vec(arr_b), .acc_flat(acc_flat)
	);

	wire [31:0] acc = acc_flat[acc_sel*32 +: 32];
	wire [7:0] q, y;

	npu_requant requant (
		.acc(acc), .scale(r_scale), .shift(r_shift), .zp(r_zp), .q(q)
	);
	npu_act act (.x(q), .lo(r_lo), .hi(r_hi), .y(y));

	wire s_we, s_re;
	wire [AW-1:0] s_waddr, s_raddr;
	wire [7:0] s_wdata;

	npu_memif #(.AW(AW)) memif (
		.clk(clk), .rst(rst), .busy(busy),
		.h_req(mem_req), .h_we(mem_we), .h_addr(mem_addr),
		.h_wdata(mem_wdata), .h_ready(mem_ready),
		.h_rvalid(mem_rvalid), .h_rdata(mem_rdata),
		.c_re(c_re), .c_raddr(c_raddr), .c_we(c_we),
		.c_waddr(c_waddr), .c_wdata(y),
		.s_we(s_we), .s_waddr(s_waddr), .s_wdata(s_wdata),
		.s_re(s_re), .s_raddr(s_raddr), .s_rdata(s_rdata)
	);

	npu_spad #(.AW(AW)) spad (
		.clk(clk), .we(s_we), .waddr(s_waddr), .wdata(s_wdata),
		.re(s_re), .raddr(s_raddr), .rdata(s_rdata)
	);
endmodule
