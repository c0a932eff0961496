module acc_last (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire               in_last,
    input  wire signed [15:0] in_data,
    output reg                out_valid,
    output reg  signed [31:0] out_sum
);
    reg  signed [31:0] run;
    wire signed [31:0] nxt = run + {{16{in_data[15]}}, in_data};
    always @(posedge clk) begin
        if (rst) begin
            run <= 32'sd0;
            out_valid <= 1'b0;
            out_sum <= 32'sd0;
        end else begin
            out_valid <= in_valid | in_last;
            if (in_valid) begin
                if (in_last) begin
                    out_sum <= nxt;
                    run <= 32'sd0;
                end else
                    run <= nxt;
            end
        end
    end
endmodule
