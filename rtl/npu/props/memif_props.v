// npu_memif_props: the host port's valid/ready handshake.  ready is low
// exactly while the controller is busy; rvalid is high exactly one cycle
// after an accepted read (req && ready && !we); while busy the scratchpad
// ports carry only the controller's requests, while idle only the host's.
module npu_memif_props (
	input wire       clk,
	input wire       rst,
	input wire       busy,
	input wire       h_req,
	input wire       h_we,
	input wire [3:0] h_addr,
	input wire [7:0] h_wdata,
	input wire       c_re,
	input wire [3:0] c_raddr,
	input wire       c_we,
	input wire [3:0] c_waddr,
	input wire [7:0] c_wdata,
	input wire [7:0] s_rdata
);
	wire h_ready, h_rvalid, s_we, s_re;
	wire [7:0] h_rdata, s_wdata;
	wire [3:0] s_waddr, s_raddr;

	npu_memif #(.AW(4)) dut (
		.clk(clk), .rst(rst), .busy(busy),
		.h_req(h_req), .h_we(h_we), .h_addr(h_addr),
		.h_wdata(h_wdata), .h_ready(h_ready), .h_rvalid(h_rvalid),
		.h_rdata(h_rdata),
		.c_re(c_re), .c_raddr(c_raddr), .c_we(c_we),
		.c_waddr(c_waddr), .c_wdata(c_wdata),
		.s_we(s_we), .s_waddr(s_waddr), .s_wdata(s_wdata),
		.s_re(s_re), .s_raddr(s_raddr), .s_rdata(s_rdata)
	);

`ifdef FORMAL
	reg init = 1'b1;

	always @(posedge clk)
		init <= 1'b0;
	always @(*) begin
		if (init)
			assume(rst);
		assert(h_ready == !busy);
		assert(h_rdata == s_rdata);
		if (busy)
			assert(s_we == c_we && s_re == c_re &&
			       (!s_we || (s_waddr == c_waddr &&
					  s_wdata == c_wdata)) &&
			       (!s_re || s_raddr == c_raddr));
		else
			assert(s_we == (h_req && h_we) &&
			       s_re == (h_req && !h_we) &&
			       (!s_we || (s_waddr == h_addr &&
					  s_wdata == h_wdata)) &&
			       (!s_re || s_raddr == h_addr));
	end
	always @(posedge clk)
		if (!init) begin
			if ($past(rst))
				assert(!h_rvalid);
			else
				assert(h_rvalid == ($past(h_req) &&
						    $past(h_ready) &&
						    !$past(h_we)));
		end
`endif
endmodule
