module prio_enc8 (
    input  wire [7:0] req,
    input  wire [7:0] mask,
    output wire [2:0] idx,
    output wire       valid,
    output wire [7:0] onehot
);
    wire [7:0] r = req & ~mask;
    assign valid = |r;
    assign idx = r[7] ? 3'd7 : r[6] ? 3'd6 : r[5] ? 3'd5 : r[4] ? 3'd4 :
                 r[3] ? 3'd3 : r[2] ? 3'd2 : r[1] ? 3'd1 : 3'd0;
    assign onehot = valid ? (8'b1 << idx) : 8'b0;
endmodule
