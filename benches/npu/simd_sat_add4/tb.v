module tb;
    reg  [31:0] a, b;
    wire [31:0] y;
    wire [3:0]  sat;
    reg  [31:0] ey;
    reg  [3:0]  es;
    integer errors, checks, i, k, av, bv, s, seed;

    simd_sat_add4 dut (.a(a), .b(b), .y(y), .sat(sat));

    task check;
        begin
            #1;
            for (k = 0; k < 4; k = k + 1) begin
                av = (a >> (8 * k)) & 255; if (av > 127) av = av - 256;
                bv = (b >> (8 * k)) & 255; if (bv > 127) bv = bv - 256;
                s = av + bv;
                es[k] = (s > 127) || (s < -128);
                if (s > 127) s = 127;
                if (s < -128) s = -128;
                ey[8*k +: 8] = s[7:0];
            end
            checks = checks + 1;
            if (y !== ey || sat !== es) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d a=%h b=%h exp=(y=%h sat=%b) got=(y=%h sat=%b)",
                             checks, a, b, ey, es, y, sat);
            end
        end
    endtask

    initial begin
        errors = 0; checks = 0; seed = 11;
        a = 32'h7f80ff01; b = 32'h0180ff7f; check;
        a = 32'h7f7f7f7f; b = 32'h7f7f7f7f; check;
        a = 32'h80808080; b = 32'hffffffff; check;
        a = 32'h00ff00ff; b = 32'h00010001; check;
        for (i = 0; i < 5000; i = i + 1) begin
            a = $random(seed); b = $random(seed); check;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS simd_sat_add4: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
