module conv1d3 (
    input  wire               clk,
    input  wire               rst,
    input  wire               in_valid,
    input  wire signed [7:0]  x,
    input  wire signed [7:0]  w0,
    input  wire signed [7:0]  w1,
    input  wire signed [7:0]  w2,
    output reg                out_valid,
    output reg  signed [17:0] y
);
    reg signed [7:0] x1, x2;
    wire signed [17:0] acc = w0 * x + w1 * x1 + w2 * x2;
    always @(posedge clk) begin
        if (rst) begin
            x1 <= 8'sd0;
            x2 <= 8'sd0;
            y <= 18'sd0;
            out_valid <= 1'b0;
        end else begin
            out_valid <= in_valid;
            if (in_valid) begin
                y <= acc;
                x1 <= x;
                x2 <= x1;
            end
        end
    end
endmodule
