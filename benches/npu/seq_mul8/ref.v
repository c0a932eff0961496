module seq_mul8 (
    input  wire        clk,
    input  wire        rst,
    input  wire        start,
    input  wire [7:0]  a,
    input  wire [7:0]  b,
    output reg         busy,
    output reg         done,
    output reg  [15:0] p
);
    reg [7:0]  ma;
    reg [15:0] mb, acc;
    reg [2:0]  cnt;
    wire [15:0] nxt = acc + (ma[0] ? mb : 16'd0);
    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            done <= 1'b0;
            p <= 16'd0;
        end else if (!busy) begin
            done <= 1'b0;
            if (start) begin
                busy <= 1'b1;
                ma <= a;
                mb <= {8'd0, b};
                acc <= 16'd0;
                cnt <= 3'd0;
            end
        end else begin
            acc <= nxt;
            ma <= ma >> 1;
            mb <= mb << 1;
            cnt <= cnt + 3'd1;
            if (cnt == 3'd7) begin
                busy <= 1'b0;
                done <= 1'b1;
                p <= nxt;
            end
        end
    end
endmodule
