module pe_ws (
    input  wire               clk,
    input  wire               rst,
    input  wire               load_w,
    input  wire signed [7:0]  w_in,
    input  wire signed [7:0]  a_in,
    input  wire signed [23:0] psum_in,
    output reg  signed [7:0]  a_out,
    output reg  signed [23:0] psum_out
);
    reg signed [7:0] w;
    wire signed [15:0] p = a_in * w;
    always @(posedge clk) begin
        if (rst) begin
            w <= 8'sd0;
            a_out <= 8'sd0;
            psum_out <= 24'sd0;
        end else begin
            if (load_w) w <= w_in;
            a_out <= a_in;
            psum_out <= psum_in + {{8{p[15]}}, p};
        end
    end
endmodule
