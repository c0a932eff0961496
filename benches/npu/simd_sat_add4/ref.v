module simd_sat_add4 (
    input  wire [31:0] a,
    input  wire [31:0] b,
    output wire [31:0] y,
    output wire [3:0]  sat
);
    genvar i;
    generate
        for (i = 0; i < 4; i = i + 1) begin : lane
            wire signed [8:0] s = $signed(a[8*i+7:8*i]) + $signed(b[8*i+7:8*i]);
            wire hi = (s > 9'sd127);
            wire lo = (s < -9'sd128);
            assign sat[i] = hi | lo;
            assign y[8*i+7:8*i] = hi ? 8'h7f : lo ? 8'h80 : s[7:0];
        end
    endgenerate
endmodule
