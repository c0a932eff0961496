module clz16 (
    input  wire [15:0] x,
    output reg  [4:0]  n,
    output wire        zero
);
    // Binary search: halves of 8, 4, 2, 1 bits.
    reg [15:0] v;
    always @(*) begin
        v = x;
        n = 5'd0;
        if (v == 16'd0) n = 5'd16;
        else begin
            if (v[15:8] == 8'd0) begin n = n + 5'd8; v = v << 8; end
            if (v[15:12] == 4'd0) begin n = n + 5'd4; v = v << 3; end
            if (v[15:14] == 2'd0) begin n = n + 5'd2; v = v << 2; end
            if (v[15] == 1'b0) n = n + 5'd1;
        end
    end
    assign zero = (x == 16'd0);
endmodule
