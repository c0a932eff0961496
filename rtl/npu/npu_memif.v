// npu_memif: the host memory port and the scratchpad arbiter.  While the
// controller is busy it owns both scratchpad ports and the host sees
// ready low (its requests are not accepted); while idle the host owns
// them.  A host request is accepted when req && ready; an accepted read
// returns its byte with rvalid high exactly one cycle later.
module npu_memif #(
	parameter AW = 7
) (
	input  wire          clk,
	input  wire          rst,
	input  wire          busy,
	// host side
	input  wire          h_req,
	input  wire          h_we,
	input  wire [AW-1:0] h_addr,
	input  wire [7:0]    h_wdata,
	output wire          h_ready,
	output reg           h_rvalid,
	output wire [7:0]    h_rdata,
	// controller side
	input  wire          c_re,
	input  wire [AW-1:0] c_raddr,
	input  wire          c_we,
	input  wire [AW-1:0] c_waddr,
	input  wire [7:0]    c_wdata,
	// scratchpad side
	output wire          s_we,
	output wire [AW-1:0] s_waddr,
	output wire [7:0]    s_wdata,
	output wire          s_re,
	output wire [AW-1:0] s_raddr,
	input  wire [7:0]    s_rdata
);
	wire h_acc = h_req && h_ready;

	assign h_ready = !busy;
	assign s_we = busy ? c_we : (h_acc && h_we);
	assign s_waddr = busy ? c_waddr : h_addr;
	assign s_wdata = busy ? c_wdata : h_wdata;
	assign s_re = busy ? c_re : (h_acc && !h_we);
	assign s_raddr = busy ? c_raddr : h_addr;
	assign h_rdata = s_rdata;

	always @(posedge clk)
		if (rst)
			h_rvalid <= 1'b0;
		else
			h_rvalid <= h_acc && !h_we;
endmodule
