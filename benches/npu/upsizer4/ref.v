module upsizer4 (
    input  wire        clk,
    input  wire        rst,
    input  wire        in_valid,
    output wire        in_ready,
    input  wire [7:0]  in_data,
    output wire        out_valid,
    input  wire        out_ready,
    output wire [31:0] out_data
);
    reg [31:0] word;
    reg [2:0]  count;
    wire drain = out_valid & out_ready;
    wire fill  = in_valid & in_ready;
    wire [2:0] base = drain ? 3'd0 : count;
    assign out_valid = (count == 3'd4);
    assign in_ready  = ~out_valid | out_ready;
    assign out_data  = word;
    always @(posedge clk) begin
        if (rst)
            count <= 3'd0;
        else begin
            count <= base + {2'd0, fill};
            if (fill)
                word[8*base[1:0] +: 8] <= in_data;
        end
    end
endmodule
