// Corner vectors (all -128, all 127, mixed) then seeded random vectors.
module tb;
    reg         [31:0] a, b;
    wire signed [17:0] y;
    integer errors, checks, i, k, e, ai, bi, seed;

    dot4_s8 dut (.a(a), .b(b), .y(y));

    task check;
        begin
            #1;
            e = 0;
            for (k = 0; k < 4; k = k + 1) begin
                ai = (a >> (8 * k)) & 255; if (ai > 127) ai = ai - 256;
                bi = (b >> (8 * k)) & 255; if (bi > 127) bi = bi - 256;
                e = e + ai * bi;
            end
            checks = checks + 1;
            if (y !== e[17:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d a=%h b=%h exp=%0d got=%0d", checks, a, b, e, y);
            end
        end
    endtask

    initial begin
        errors = 0; checks = 0; seed = 7;
        a = 32'h80808080; b = 32'h80808080; check;
        a = 32'h7f7f7f7f; b = 32'h80808080; check;
        a = 32'h7f7f7f7f; b = 32'h7f7f7f7f; check;
        a = 32'h00000000; b = 32'hffffffff; check;
        a = 32'hffffffff; b = 32'hffffffff; check;
        a = 32'h80000001; b = 32'h80000001; check;
        a = 32'h01020304; b = 32'hfffefdfc; check;
        for (i = 0; i < 4000; i = i + 1) begin
            a = $random(seed); b = $random(seed);
            check;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS dot4_s8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
