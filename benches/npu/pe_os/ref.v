module pe_os (
    input  wire               clk,
    input  wire               rst,
    input  wire               clr,
    input  wire               valid_in,
    input  wire signed [7:0]  a_in,
    input  wire signed [7:0]  b_in,
    output reg                valid_out,
    output reg  signed [7:0]  a_out,
    output reg  signed [7:0]  b_out,
    output reg  signed [31:0] acc
);
    wire signed [15:0] p = a_in * b_in;
    wire signed [31:0] pe = {{16{p[15]}}, p};
    always @(posedge clk) begin
        if (rst) begin
            valid_out <= 1'b0;
            a_out <= 8'sd0;
            b_out <= 8'sd0;
            acc <= 32'sd0;
        end else begin
            valid_out <= valid_in;
            a_out <= a_in;
            b_out <= b_in;
            case ({clr, valid_in})
                2'b11: acc <= pe;
                2'b10: acc <= 32'sd0;
                2'b01: acc <= acc + pe;
                default: ;
            endcase
        end
    end
endmodule
