module regblock (
    input  wire       clk,
    input  wire       rst,
    input  wire       we,
    input  wire [1:0] addr,
    input  wire [7:0] wdata,
    output reg  [7:0] rdata,
    input  wire [1:0] ev,
    output wire [7:0] ctrl,
    output wire [7:0] scale,
    output wire       irq
);
    reg [7:0] r_ctrl, r_scale;
    reg [1:0] r_stat;
    wire [1:0] clr = (we && addr == 2'd2) ? wdata[1:0] : 2'b00;
    always @(posedge clk) begin
        if (rst) begin
            r_ctrl <= 8'h00;
            r_scale <= 8'h10;
            r_stat <= 2'b00;
        end else begin
            if (we && addr == 2'd0) r_ctrl <= wdata;
            if (we && addr == 2'd1) r_scale <= wdata;
            r_stat <= (r_stat & ~clr) | ev;
        end
    end
    always @(*) begin
        case (addr)
            2'd0: rdata = r_ctrl;
            2'd1: rdata = r_scale;
            2'd2: rdata = {6'd0, r_stat};
            default: rdata = 8'ha5;
        endcase
    end
    assign ctrl = r_ctrl;
    assign scale = r_scale;
    assign irq = |(r_stat & r_ctrl[1:0]);
endmodule
