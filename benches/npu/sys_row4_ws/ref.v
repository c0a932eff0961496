module sys_row4_ws (
    input  wire              clk,
    input  wire              rst,
    input  wire              load_w,
    input  wire       [31:0] w_in,
    input  wire signed [7:0] a_in,
    input  wire       [95:0] psum_in,
    output wire signed [7:0] a_out,
    output reg        [95:0] psum_out
);
    reg  signed [7:0] w   [0:3];
    reg  signed [7:0] act [0:3];   // activation register of each PE
    wire signed [7:0] ain [0:3];   // activation seen by each PE this cycle
    assign ain[0] = a_in;
    assign ain[1] = act[0];
    assign ain[2] = act[1];
    assign ain[3] = act[2];
    assign a_out  = act[3];
    integer i;
    always @(posedge clk) begin
        for (i = 0; i < 4; i = i + 1) begin
            if (rst) begin
                w[i] <= 8'sd0;
                act[i] <= 8'sd0;
                psum_out[24*i +: 24] <= 24'd0;
            end else begin
                if (load_w) w[i] <= w_in[8*i +: 8];
                act[i] <= ain[i];
                psum_out[24*i +: 24] <= $signed(psum_in[24*i +: 24]) + ain[i] * w[i];
            end
        end
    end
endmodule
