module maxpool_stream (
    input  wire              clk,
    input  wire              rst,
    input  wire              in_valid,
    input  wire signed [7:0] x,
    output reg               out_valid,
    output reg  signed [7:0] y
);
    reg [1:0]        pos;
    reg signed [7:0] best;
    // The first sample of a group replaces the running maximum.
    wire signed [7:0] cand = (pos == 2'd0 || x > best) ? x : best;
    always @(posedge clk) begin
        if (rst) begin
            pos <= 2'd0;
            best <= 8'sd0;
            out_valid <= 1'b0;
            y <= 8'sd0;
        end else begin
            out_valid <= in_valid && pos == 2'd3;
            if (in_valid) begin
                pos <= pos + 2'd1;
                best <= cand;
                if (pos == 2'd3) y <= cand;
            end
        end
    end
endmodule
