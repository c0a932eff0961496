module addr_gen2d (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [15:0] base,
    input  wire [15:0] stride,
    input  wire [3:0]  rows,
    input  wire [3:0]  cols,
    input  wire        ready,
    output reg         valid,
    output reg  [15:0] addr,
    output wire        last
);
    reg [15:0] row_base, l_stride;
    reg [3:0]  r, c, nr, nc;
    wire end_col = (c == nc - 4'd1);
    wire end_row = (r == nr - 4'd1);
    assign last = valid & end_col & end_row;
    always @(posedge clk) begin
        if (rst) begin
            valid <= 1'b0;
        end else if (!valid) begin
            if (start && rows != 4'd0 && cols != 4'd0) begin
                valid <= 1'b1;
                row_base <= base;
                l_stride <= stride;
                addr <= base;
                nr <= rows;
                nc <= cols;
                r <= 4'd0;
                c <= 4'd0;
            end
        end else if (ready) begin
            if (end_col && end_row)
                valid <= 1'b0;
            else if (end_col) begin
                c <= 4'd0;
                r <= r + 4'd1;
                row_base <= row_base + l_stride;
                addr <= row_base + l_stride;
            end else begin
                c <= c + 4'd1;
                addr <= addr + 16'd1;
            end
        end
    end
endmodule
