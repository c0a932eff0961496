module bias_relu_pipe (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire signed [31:0] acc,
    input  wire signed [31:0] bias,
    output reg                out_valid,
    output reg         [14:0] y
);
    wire signed [32:0] s = acc + bias;
    wire neg = s[32];
    wire big = ~s[32] & (|s[31:15]);
    always @(posedge clk) begin
        out_valid <= rst ? 1'b0 : in_valid;
        y <= neg ? 15'd0 : big ? 15'h7fff : s[14:0];
    end
endmodule
