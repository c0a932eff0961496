module accum_bank (
    input  wire               clk,
    input  wire               rst,
    input  wire               clr_all,
    input  wire               wen,
    input  wire        [1:0]  waddr,
    input  wire signed [15:0] din,
    input  wire        [1:0]  raddr,
    output wire signed [19:0] rdata
);
    reg signed [19:0] acc [0:3];
    integer i;
    always @(posedge clk) begin
        if (rst || clr_all) begin
            for (i = 0; i < 4; i = i + 1)
                acc[i] <= 20'sd0;
        end else if (wen)
            acc[waddr] <= acc[waddr] + {{4{din[15]}}, din};
    end
    assign rdata = acc[raddr];
endmodule
