module rr_arbiter4 (
    input  wire       clk,
    input  wire       rst,
    input  wire [3:0] req,
    output reg  [3:0] grant
);
    reg [1:0] ptr;
    reg [1:0] g;
    reg       found;
    integer   k;
    // Rotate so that ptr becomes bit 0, pick the lowest set bit.
    wire [7:0] dbl = {req, req} >> ptr;
    wire [3:0] rot = dbl[3:0];
    always @(*) begin
        found = 1'b0;
        g = 2'd0;
        for (k = 3; k >= 0; k = k - 1)
            if (rot[k]) begin
                found = 1'b1;
                g = k[1:0] + ptr;
            end
        grant = found ? (4'b0001 << g) : 4'b0000;
    end
    always @(posedge clk) begin
        if (rst)
            ptr <= 2'd0;
        else if (found)
            ptr <= g + 2'd1;
    end
endmodule
