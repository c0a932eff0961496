module credit_counter (
    input  wire       clk,
    input  wire       rst,
    input  wire [3:0] init,
    input  wire       send,
    input  wire       ret,
    output reg  [3:0] credits,
    output wire       can_send,
    output reg        err
);
    wire s_ok = send & (credits != 4'd0);
    wire r_ok = ret & (credits != 4'd15);
    assign can_send = (credits != 4'd0);
    always @(posedge clk) begin
        if (rst) begin
            credits <= init;
            err <= 1'b0;
        end else begin
            credits <= credits + {3'd0, r_ok} - {3'd0, s_ok};
            if ((send & ~s_ok) | (ret & ~r_ok)) err <= 1'b1;
        end
    end
endmodule
