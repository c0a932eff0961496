module pipe_stage (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [15:0] in_data,
    output reg         out_valid,
    input  wire        out_ready,
    output reg  [15:0] out_data
);
    assign in_ready = ~out_valid | out_ready;
    always @(posedge clk) begin
        if (rst)
            out_valid <= 1'b0;
        else if (in_ready)
            out_valid <= in_valid;
    end
    always @(posedge clk)
        if (in_ready && in_valid)
            out_data <= in_data;
endmodule
