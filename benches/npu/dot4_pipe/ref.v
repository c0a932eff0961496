module dot4_pipe (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire        [31:0] a,
    input  wire        [31:0] b,
    output reg                out_valid,
    output reg  signed [17:0] y
);
    reg signed [15:0] p [0:3];
    reg               v1;
    integer i;
    always @(posedge clk) begin
        for (i = 0; i < 4; i = i + 1)
            p[i] <= $signed(a[8*i +: 8]) * $signed(b[8*i +: 8]);
        y <= p[0] + p[1] + p[2] + p[3];
        if (rst) begin
            v1 <= 1'b0;
            out_valid <= 1'b0;
        end else begin
            v1 <= in_valid;
            out_valid <= v1;
        end
    end
endmodule
