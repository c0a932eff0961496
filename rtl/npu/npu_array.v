// npu_array: N x N output-stationary systolic array of npu_pe with input
// skew buffers on the left (A rows) and top (B columns).  Per enabled
// step the caller presents one column of A (a_vec, lane i = row i) and one
// row of B (b_vec, lane j = column j); PE (i,j) accumulates
// A[i][k] * B[k][j] in step k + i + j.  After K steps plus 2N-2 steps of
// zero vectors every accumulator holds its dot product.
// The inter-PE links are per-instance wires of each generate block.
module npu_array #(
	parameter N = 4
) (
	input  wire            clk,
	input  wire            rst,
	input  wire            en,
	input  wire            clr,
	input  wire [N*8-1:0]  a_vec,
	input  wire [N*8-1:0]  b_vec,
	output wire [N*N*32-1:0] acc_flat  // PE (i,j) at bits (i*N+j)*32
);
	wire [N*8-1:0] a_sk, b_sk;

	npu_skew #(.N(N), .W(8)) skew_a (
		.clk(clk), .rst(rst), .en(en), .clr(clr),
		.din(a_vec), .dout(a_sk)
	);
	npu_skew #(.N(N), .W(8)) skew_b (
		.clk(clk), .rst(rst), .en(en), .clr(clr),
		.din(b_vec), .dout(b_sk)
	);

	genvar i, j;
	generate
		for (i = 0; i < N; i = i + 1) begin : row
			for (j = 0; j < N; j = j + 1) begin : col
				// the last column's a_o and last row's b_o leave the array
				/* verilator lint_off UNUSEDSIGNAL */
				wire [7:0] a_o, b_o;
				/* verilator lint_on UNUSEDSIGNAL */
				wire [7:0] a_i, b_i;
				wire [31:0] acc;
				if (j == 0) begin : al
					assign a_i = a_sk[8*i +: 8];
				end else begin : an
					assign a_i = row[i].col[j-1].a_o;
				end
				if (i == 0) begin : bt
					assign b_i = b_sk[8*j +: 8];
				end else begin : bn
					assign b_i = row[i-1].col[j].b_o;
				end
				npu_pe pe (
					.clk(clk), .rst(rst), .en(en), .clr(clr),
					.a_in(a_i), .b_in(b_i),
					.a_out(a_o), .b_out(b_o), .acc(acc)
				);
				assign acc_flat[(i*N+j)*32 +: 32] = acc;
			end
		end
	endgenerate
endmodule
