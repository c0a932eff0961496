module pack_s4 (
    input  wire signed [7:0] x0,
    input  wire signed [7:0] x1,
    output wire        [7:0] y,
    output wire        [1:0] sat
);
    function [4:0] q4;   // {sat, value}
        input signed [7:0] x;
        reg signed [8:0] t;
        reg signed [6:0] r;
        begin
            t = x + 9'sd2;
            r = t >>> 2;
            if (r > 7) q4 = {1'b1, 4'h7};
            else if (r < -8) q4 = {1'b1, 4'h8};
            else q4 = {1'b0, r[3:0]};
        end
    endfunction
    wire [4:0] a = q4(x0);
    wire [4:0] b = q4(x1);
    assign y = {b[3:0], a[3:0]};
    assign sat = {b[4], a[4]};
endmodule
