module sat_sub_u8 (
    input  wire [7:0] a,
    input  wire [7:0] b,
    output wire [7:0] y,
    output wire       borrow
);
    wire [8:0] d = {1'b0, a} - {1'b0, b};
    assign borrow = d[8];
    assign y = d[8] ? 8'd0 : d[7:0];
endmodule
