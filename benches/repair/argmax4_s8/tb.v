// Ties are stressed by drawing values from a small set half of the time.
module tb;
    reg         [31:0] x;
    wire signed [7:0]  max;
    wire        [1:0]  idx;
    integer errors, checks, i, k, v, bv, bi, seed;

    argmax4_s8 dut (.x(x), .max(max), .idx(idx));

    task check;
        begin
            #1;
            bv = -1000; bi = 0;
            for (k = 0; k < 4; k = k + 1) begin
                v = (x >> (8 * k)) & 255; if (v > 127) v = v - 256;
                if (v > bv) begin bv = v; bi = k; end
            end
            checks = checks + 1;
            if (max !== bv[7:0] || idx !== bi[1:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%h exp=(max=%0d idx=%0d) got=(max=%0d idx=%0d)",
                             checks, x, bv, bi, max, idx);
            end
        end
    endtask

    initial begin
        errors = 0; checks = 0; seed = 3;
        x = 32'h80808080; check;
        x = 32'h7f7f7f7f; check;
        x = 32'h7f80807f; check;
        x = 32'h00ff0000; check;
        x = 32'h01000001; check;
        for (i = 0; i < 5000; i = i + 1) begin
            x = $random(seed);
            if (i % 2) x = x & 32'h83838383;   // few distinct values -> ties
            check;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS argmax4_s8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
