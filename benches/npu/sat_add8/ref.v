// Reference: signed 8-bit saturating add.
module sat_add8 (
    input  wire signed [7:0] a,
    input  wire signed [7:0] b,
    output wire signed [7:0] y,
    output wire              ovf
);
    wire [7:0] s = a + b;
    // Overflow: operands share a sign that the wrapped sum does not.
    wire pos_ovf = ~a[7] & ~b[7] & s[7];
    wire neg_ovf = a[7] & b[7] & ~s[7];
    assign ovf = pos_ovf | neg_ovf;
    assign y = pos_ovf ? 8'sh7f : neg_ovf ? 8'sh80 : s;
endmodule
