module tb;
    reg  [15:0] x;
    wire [4:0]  n;
    wire        zero;
    integer errors, checks, i, j, k, e, seed;

    clz16 dut (.x(x), .n(n), .zero(zero));

    initial begin
        errors = 0; checks = 0; seed = 16;
        // every leading-one position, with random bits below it
        for (i = 0; i < 17 * 200; i = i + 1) begin
            j = i / 200;                      // 0..16 = expected count
            x = $random(seed);
            if (j == 16) x = 0;
            else x = (x | 16'h8000) >> j;
            #1;
            e = 16;
            for (k = 0; k < 16; k = k + 1)
                if (x[k]) e = 15 - k;
            checks = checks + 1;
            if (n !== e[4:0] || zero !== (x == 0)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%h exp=(n=%0d zero=%0d) got=(n=%0d zero=%b)",
                             checks, x, e, x == 0, n, zero);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS clz16: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
