// npu_spad: scratchpad SRAM model, 2^AW bytes, one write port and one
// read port, both synchronous.  Read data appears the cycle after re and
// holds until the next read; a read of the address being written in the
// same cycle returns the old byte.  No reset (it is a RAM).
module npu_spad #(
	parameter AW = 7
) (
	input  wire          clk,
	input  wire          we,
	input  wire [AW-1:0] waddr,
	input  wire [7:0]    wdata,
	input  wire          re,
	input  wire [AW-1:0] raddr,
	output reg  [7:0]    rdata
);
	reg [7:0] mem [0:(1 << AW) - 1];

	always @(posedge clk) begin
		if (we)
			mem[waddr] <= wdata;
		if (re)
			rdata <= mem[raddr];
	end
endmodule
