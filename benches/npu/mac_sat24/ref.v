module mac_sat24 (
    input  wire               clk,
    input  wire               rst_n,
    input  wire               en,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [23:0] acc,
    output reg                sat
);
    wire signed [15:0] p = a * b;
    wire signed [24:0] s = acc + p;          // 25 bits: exact
    wire hi = (s[24:23] == 2'b01);
    wire lo = (s[24:23] == 2'b10);
    always @(posedge clk or negedge rst_n) begin
        if (!rst_n) begin
            acc <= 24'sd0;
            sat <= 1'b0;
        end else if (en) begin
            acc <= hi ? 24'h7fffff : lo ? 24'h800000 : s[23:0];
            if (hi | lo) sat <= 1'b1;
        end
    end
endmodule
