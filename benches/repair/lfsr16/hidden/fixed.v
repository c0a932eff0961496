module lfsr16 (
    input  wire        clk,
    input  wire        rst,
    input  wire        load,
    input  wire [15:0] seed,
    input  wire        en,
    output reg  [15:0] q
);
    wire fb = ^(q & 16'hb400);   // bits 15, 13, 12, 10
    always @(posedge clk) begin
        if (rst)
            q <= 16'hace1;
        else if (load)
            q <= seed;
        else if (en)
            q <= {q[14:0], fb};
    end
endmodule
