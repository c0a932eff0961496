module skid_buffer (
    input  wire       clk,
    input  wire       rst,
    input  wire       in_valid,
    output reg        in_ready,
    input  wire [7:0] in_data,
    output reg        out_valid,
    input  wire       out_ready,
    output reg  [7:0] out_data
);
    reg [7:0] skid;
    wire in_fire  = in_valid & in_ready;
    wire out_free = ~out_valid | out_ready;   // output register may load
    always @(posedge clk) begin
        if (rst) begin
            out_valid <= 1'b0;
            in_ready <= 1'b1;
        end else if (out_free) begin
            if (!in_ready) begin              // skid full: drain it first
                out_data <= skid;
                out_valid <= 1'b1;
                in_ready <= 1'b1;
            end else begin
                out_data <= in_data;
                out_valid <= in_valid;
            end
        end else if (in_fire) begin          // output stalled: catch in skid
            skid <= in_data;
            in_ready <= 1'b0;
        end
    end
endmodule
