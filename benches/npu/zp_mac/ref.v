module zp_mac (
    input  wire               clk,
    input  wire               rst,
    input  wire               clr,
    input  wire               en,
    input  wire        [7:0]  x,
    input  wire        [7:0]  w,
    input  wire        [7:0]  zx,
    input  wire        [7:0]  zw,
    output reg  signed [31:0] acc
);
    wire signed [8:0]  dx = {1'b0, x} - {1'b0, zx};
    wire signed [8:0]  dw = {1'b0, w} - {1'b0, zw};
    wire signed [17:0] p  = dx * dw;
    always @(posedge clk) begin
        if (rst || clr)
            acc <= 32'sd0;
        else if (en)
            acc <= acc + {{14{p[17]}}, p};
    end
endmodule
