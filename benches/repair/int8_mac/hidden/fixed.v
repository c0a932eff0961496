module int8_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               en,
    input  wire               clr,
    input  wire signed [7:0]  a,
    input  wire signed [7:0]  b,
    output reg  signed [31:0] acc
);
    wire signed [15:0] p = a * b;
    always @(posedge clk) begin
        if (rst)
            acc <= 32'sd0;
        else if (clr)
            acc <= en ? {{16{p[15]}}, p} : 32'sd0;
        else if (en)
            acc <= acc + {{16{p[15]}}, p};
    end
endmodule
