module round_shift32 (
    input  wire signed [31:0] x,
    input  wire        [4:0]  sh,
    output wire signed [31:0] y
);
    wire signed [32:0] xe   = {x[31], x};
    wire signed [32:0] half = (sh == 5'd0) ? 33'sd0 : (33'sd1 <<< (sh - 5'd1));
    wire signed [32:0] t    = xe + half;
    wire signed [32:0] q    = t >>> sh;
    assign y = q[31:0];
endmodule
