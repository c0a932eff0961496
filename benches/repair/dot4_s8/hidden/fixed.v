module dot4_s8 (
    input  wire        [31:0] a,
    input  wire        [31:0] b,
    output wire signed [17:0] y
);
    wire signed [15:0] p0 = $signed(a[7:0])   * $signed(b[7:0]);
    wire signed [15:0] p1 = $signed(a[15:8])  * $signed(b[15:8]);
    wire signed [15:0] p2 = $signed(a[23:16]) * $signed(b[23:16]);
    wire signed [15:0] p3 = $signed(a[31:24]) * $signed(b[31:24]);
    wire signed [16:0] s01 = p0 + p1;
    wire signed [16:0] s23 = p2 + p3;
    assign y = s01 + s23;
endmodule
