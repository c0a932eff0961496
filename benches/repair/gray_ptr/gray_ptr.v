module gray_ptr (
    input  wire [4:0] bin,
    input  wire [4:0] gin,
    output wire [4:0] g,
    output wire [4:0] b,
    output wire [4:0] next_g
);
    wire [4:0] inc = bin + 5'd1;
    assign g = bin & {1'b0, bin[4:1]};
    assign next_g = inc ^ {1'b0, inc[4:1]};
    assign b[4] = gin[4];
    assign b[3] = b[4] ^ gin[3];
    assign b[2] = b[3] ^ gin[2];
    assign b[1] = b[2] ^ gin[1];
    assign b[0] = b[1] ^ gin[0];
endmodule
