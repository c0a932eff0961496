module tb;
    reg  [7:0] req, mask;
    wire [2:0] idx;
    wire       valid;
    wire [7:0] onehot;
    reg  [7:0] eo;
    integer errors, checks, i, k, e, ev;

    prio_enc8 dut (.req(req), .mask(mask), .idx(idx), .valid(valid), .onehot(onehot));

    initial begin
        errors = 0; checks = 0;
        // every req against 16 masks (none, all, single bits, patterns)
        for (i = 0; i < 4096; i = i + 1) begin
            req = i[7:0];
            case (i[11:8])
                0: mask = 8'h00; 1: mask = 8'hff; 2: mask = 8'h80; 3: mask = 8'h01;
                4: mask = 8'hf0; 5: mask = 8'h0f; 6: mask = 8'haa; 7: mask = 8'h55;
                8: mask = 8'hc0; 9: mask = 8'h7f; 10: mask = 8'hfe; 11: mask = 8'h18;
                12: mask = 8'h40; 13: mask = 8'h20; 14: mask = 8'h3c; default: mask = i[7:0] ^ 8'h5a;
            endcase
            #1;
            e = 0; ev = 0;
            for (k = 0; k < 8; k = k + 1)
                if (req[k] && !mask[k]) begin e = k; ev = 1; end
            eo = ev ? (8'd1 << e) : 8'd0;
            checks = checks + 1;
            if (idx !== e[2:0] || valid !== ev[0] || onehot !== eo) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d req=%b mask=%b exp=(idx=%0d valid=%0d onehot=%b) got=(idx=%0d valid=%b onehot=%b)",
                             checks, req, mask, e, ev, eo, idx, valid, onehot);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS prio_enc8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
