module stream_fork2 (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [15:0] in_data,
    output wire        a_valid,
    input  wire        a_ready,
    output wire [15:0] a_data,
    output wire        b_valid,
    input  wire        b_ready,
    output wire [15:0] b_data
);
    reg sent_a, sent_b;
    assign a_valid  = in_valid & ~sent_a;
    assign b_valid  = in_valid & ~sent_b;
    assign in_ready = (a_ready | sent_a) & (b_ready | sent_b);
    assign a_data   = in_data;
    assign b_data   = in_data;
    always @(posedge clk) begin
        if (rst || (in_valid && in_ready)) begin
            sent_a <= 1'b0;
            sent_b <= 1'b0;
        end else begin
            if (a_valid && a_ready) sent_a <= 1'b1;
            if (b_valid && b_ready) sent_b <= 1'b1;
        end
    end
endmodule
