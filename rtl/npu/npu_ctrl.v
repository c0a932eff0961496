// npu_ctrl: tiles C[M x NC] = A[M x K] * B[K x NC] over the N x N array.
//
// Operands are int8, row-major in the scratchpad: A[m][k] at a + m*K + k,
// B[k][n] at b + k*NC + n; the int8 result C[m][n] is written at
// c + m*NC + n.  For each output tile (rows tm0..tm0+N-1, columns
// tn0..tn0+N-1), in row-major tile order:
//   CLR    clear the array (accumulators and skew buffers)
//   LOAD   for each k: read column k of the A tile and row k of the B tile
//          (2N reads, pipelined: one issued per cycle, data a cycle
//          later); lanes outside the matrix are not read and load zero
//   STEP   push both vectors into the array (one enabled step)
//   FLUSH  2N-2 steps of zero vectors drain the skew
//   WB     N*N cycles: select accumulator (i,j) (acc_sel = i*N+j); the
//          top requantizes it; write it if (row, col) is inside C
// A start is accepted only when idle.  The configuration is latched and
// checked first: all dimensions nonzero, every region inside the 2^AW
// byte scratchpad, C overlapping neither A nor B; otherwise bad pulses
// and nothing is accessed.  Addresses are computed XW bits wide, so they
// cannot wrap.
module npu_ctrl #(
	parameter N = 4,
	parameter DIMW = 8,
	parameter AW = 7
) (
	input  wire            clk,
	input  wire            rst,
	input  wire            start,
	input  wire [DIMW-1:0] cfg_m,
	input  wire [DIMW-1:0] cfg_k,
	input  wire [DIMW-1:0] cfg_n,
	input  wire [AW-1:0]   cfg_a,
	input  wire [AW-1:0]   cfg_b,
	input  wire [AW-1:0]   cfg_c,
	output wire            busy,
	output reg             done,
	output reg             bad,
	output wire            mem_re,
	output wire [AW-1:0]   mem_raddr,
	input  wire [7:0]      mem_rdata,
	output wire            mem_we,
	output wire [AW-1:0]   mem_waddr,
	output wire            arr_clr,
	output wire            arr_en,
	output wire [N*8-1:0]  arr_a,
	output wire [N*8-1:0]  arr_b,
	output wire [SW-1:0]   acc_sel
);
	localparam SW = (N > 1) ? $clog2(N * N) : 1;
	localparam EW = $clog2(2 * N) + 1;
	localparam XW = AW + 2 * DIMW + 1;
	localparam [XW-1:0] DEPTH = 1 << AW;
	localparam [XW-1:0] NX = N;
	localparam [EW-1:0] LAST_E = 2 * N - 1;
	localparam [EW-1:0] NE = N;
	localparam [EW:0] LAST_FL = (N > 1) ? 2 * N - 3 : 0;
	localparam [SW-1:0] LAST_SEL = N * N - 1;

	localparam [3:0] S_IDLE = 4'd0, S_CHECK = 4'd1, S_CLR = 4'd2,
			 S_LOAD = 4'd3, S_LWAIT = 4'd4, S_STEP = 4'd5,
			 S_FLUSH = 4'd6, S_WB = 4'd7, S_NEXT = 4'd8;

	reg [3:0] st;
	reg [DIMW-1:0] m, k, n;
	reg [AW-1:0] a0, b0, c0;
	reg [DIMW:0] tm0, tn0, kk;        // tile origin, current k
	reg [EW-1:0] e;                   // LOAD element: 0..N-1 A, N..2N-1 B
	reg [EW:0] fl;                    // FLUSH step
	reg pend, pend_z, pend_a;
	reg [N*8-1:0] avec, bvec;
	reg [SW-1:0] sel;
	reg [DIMW:0] wi, wj;
	reg [XW-1:0] a_tile, c_tile, a_ptr, b_krow, b_ptr, c_rowp, c_ptr;

	// zero-extended copies of the latched configuration
	wire [XW-1:0] mx = {{(XW-DIMW){1'b0}}, m};
	wire [XW-1:0] kx = {{(XW-DIMW){1'b0}}, k};
	wire [XW-1:0] nx = {{(XW-DIMW){1'b0}}, n};
	wire [XW-1:0] ax = {{(XW-AW){1'b0}}, a0};
	wire [XW-1:0] bx = {{(XW-AW){1'b0}}, b0};
	wire [XW-1:0] cx = {{(XW-AW){1'b0}}, c0};
	wire [XW-1:0] tn0x = {{(XW-DIMW-1){1'b0}}, tn0};
	wire [XW-1:0] kkx = {{(XW-DIMW-1){1'b0}}, kk};
	wire [XW-1:0] a_end = ax + mx * kx;
	wire [XW-1:0] b_end = bx + kx * nx;
	wire [XW-1:0] c_end = cx + mx * nx;
	wire cfg_ok = m != 0 && k != 0 && n != 0 && a_end <= DEPTH &&
		      b_end <= DEPTH && c_end <= DEPTH &&
		      (c_end <= ax || cx >= a_end) &&
		      (c_end <= bx || cx >= b_end);

	// the lane being loaded and whether it lies inside the matrix
	wire is_a = e < NE;
	wire [EW-1:0] lane = is_a ? e : e - NE;
	wire [DIMW:0] lane_x = {{(DIMW+1-EW){1'b0}}, lane};
	wire [DIMW:0] row_l = tm0 + lane_x;
	wire [DIMW:0] col_l = tn0 + lane_x;
	wire lane_ok = is_a ? row_l < {1'b0, m} : col_l < {1'b0, n};
	// only the low AW bits leave; cfg_ok keeps the rest zero when read
	/* verilator lint_off UNUSEDSIGNAL */
	wire [XW-1:0] rd_x = is_a ? a_ptr : b_ptr;
	/* verilator lint_on UNUSEDSIGNAL */

	// write-back position
	wire wb_ok = tm0 + wi < {1'b0, m} && tn0 + wj < {1'b0, n};
	wire [DIMW:0] last_ij = N - 1;
	wire last_k = kk + 1'b1 == {1'b0, k};
	wire last_tn = tn0 + N >= {1'b0, n};
	wire last_tm = tm0 + N >= {1'b0, m};

	assign busy = st != S_IDLE;
	assign mem_re = st == S_LOAD && lane_ok;
	assign mem_raddr = rd_x[AW-1:0];
	assign mem_we = st == S_WB && wb_ok;
	assign mem_waddr = c_ptr[AW-1:0];
	assign arr_clr = st == S_CLR;
	assign arr_en = st == S_STEP || st == S_FLUSH;
	assign arr_a = st == S_STEP ? avec : {(N*8){1'b0}};
	assign arr_b = st == S_STEP ? bvec : {(N*8){1'b0}};
	assign acc_sel = sel;

	// capture the byte read in the previous cycle: lanes are loaded in
	// order, so each vector is a shift register (lane 0 ends lowest)
	wire [7:0] cap = pend_z ? 8'd0 : mem_rdata;

	always @(posedge clk) begin
		if (rst || st == S_CLR) begin
			avec <= {(N*8){1'b0}};
			bvec <= {(N*8){1'b0}};
		end else if (pend) begin
			if (pend_a)
				avec <= {cap, avec[N*8-1:8]};
			else
				bvec <= {cap, bvec[N*8-1:8]};
		end
	end

	always @(posedge clk) begin
		done <= 1'b0;
		bad <= 1'b0;
		pend <= 1'b0;
		if (rst) begin
			st <= S_IDLE;
			{m, k, n} <= {(3*DIMW){1'b0}};
			{a0, b0, c0} <= {(3*AW){1'b0}};
			{tm0, tn0, kk, wi, wj} <= {(5*(DIMW+1)){1'b0}};
			{a_tile, c_tile, a_ptr, b_krow, b_ptr, c_rowp, c_ptr}
				<= {(7*XW){1'b0}};
			e <= {EW{1'b0}};
			fl <= {(EW+1){1'b0}};
			pend_a <= 1'b0;
			pend_z <= 1'b0;
			sel <= {SW{1'b0}};
		end else begin
			case (st)
			S_IDLE:
				if (start) begin
					{m, k, n} <= {cfg_m, cfg_k, cfg_n};
					{a0, b0, c0} <= {cfg_a, cfg_b, cfg_c};
					st <= S_CHECK;
				end
			S_CHECK:
				if (cfg_ok) begin
					tm0 <= {(DIMW+1){1'b0}};
					tn0 <= {(DIMW+1){1'b0}};
					a_tile <= ax;
					c_tile <= cx;
					st <= S_CLR;
				end else begin
					bad <= 1'b1;
					st <= S_IDLE;
				end
			S_CLR: begin
				kk <= {(DIMW+1){1'b0}};
				e <= {EW{1'b0}};
				a_ptr <= a_tile;
				b_krow <= bx;
				b_ptr <= bx + tn0x;
				st <= S_LOAD;
			end
			S_LOAD: begin
				pend <= 1'b1;
				pend_a <= is_a;
				pend_z <= !lane_ok;
				if (is_a)
					a_ptr <= a_ptr + kx;
				else
					b_ptr <= b_ptr + 1'b1;
				e <= e + 1'b1;
				if (e == LAST_E)
					st <= S_LWAIT;
			end
			S_LWAIT:
				st <= S_STEP;
			S_STEP: begin
				kk <= kk + 1'b1;
				e <= {EW{1'b0}};
				a_ptr <= a_tile + kkx + 1'b1;
				b_krow <= b_krow + nx;
				b_ptr <= b_krow + nx + tn0x;
				fl <= {(EW+1){1'b0}};
				sel <= {SW{1'b0}};
				wi <= {(DIMW+1){1'b0}};
				wj <= {(DIMW+1){1'b0}};
				c_rowp <= c_tile + tn0x;
				c_ptr <= c_tile + tn0x;
				if (!last_k)
					st <= S_LOAD;
				else if (N > 1)
					st <= S_FLUSH;
				else
					st <= S_WB;
			end
			S_FLUSH: begin
				fl <= fl + 1'b1;
				if (fl == LAST_FL)
					st <= S_WB;
			end
			S_WB: begin
				sel <= sel + 1'b1;
				if (wj == last_ij) begin
					wj <= {(DIMW+1){1'b0}};
					wi <= wi + 1'b1;
					c_rowp <= c_rowp + nx;
					c_ptr <= c_rowp + nx;
				end else begin
					wj <= wj + 1'b1;
					c_ptr <= c_ptr + 1'b1;
				end
				if (sel == LAST_SEL)
					st <= S_NEXT;
			end
			S_NEXT:
				if (last_tn && last_tm) begin
					done <= 1'b1;
					st <= S_IDLE;
				end else begin
					if (last_tn) begin
						tn0 <= {(DIMW+1){1'b0}};
						tm0 <= tm0 + N;
						a_tile <= a_tile + NX * kx;
						c_tile <= c_tile + NX * nx;
					end else begin
						tn0 <= tn0 + N;
					end
					st <= S_CLR;
				end
			default:
				st <= S_IDLE;
			endcase
		end
	end
endmodule
