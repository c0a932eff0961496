module sync_fifo4 (
    input  wire       clk,
    input  wire       rst,
    input  wire       push,
    input  wire [7:0] din,
    input  wire       pop,
    output wire [7:0] dout,
    output wire       empty,
    output wire       full,
    output wire [2:0] count,
    output reg        ovf
);
    reg [7:0] mem [0:3];
    reg [1:0] rd, wr;
    reg [2:0] n;
    wire do_push = push & (n != 3'd4);
    wire do_pop  = pop & (n != 3'd0);
    assign dout  = mem[rd];
    assign empty = (n == 3'd0);
    assign full  = (n == 3'd4);
    assign count = n;
    always @(posedge clk) begin
        if (rst) begin
            rd <= 2'd0;
            wr <= 2'd0;
            n <= 3'd0;
            ovf <= 1'b0;
        end else begin
            ovf <= push & full;
            if (do_push) begin
                mem[wr] <= din;
                wr <= wr + 2'd1;
            end
            if (do_pop)
                rd <= rd + 2'd1;
            n <= n + {2'd0, do_push} - {2'd0, do_pop};
        end
    end
endmodule
