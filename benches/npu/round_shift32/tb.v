// Corner values x every shift, then seeded random vectors.  The model takes
// the floor quotient and rounds up when the remainder is at least half.
module tb;
    reg  signed [31:0] x;
    reg         [4:0]  sh;
    wire signed [31:0] y;
    integer errors, checks, i, j, seed;
    reg signed [63:0] q, r, p, e;

    round_shift32 dut (.x(x), .sh(sh), .y(y));

    task check;
        begin
            #1;
            p = 64'sd1 << sh;
            q = x;
            q = q >>> sh;            // floor
            r = x - q * p;           // 0 <= r < p
            e = q;
            if (sh != 0 && 2 * r >= p) e = q + 1;
            checks = checks + 1;
            if (y !== e[31:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d sh=%0d exp=%0d got=%0d", checks, x, sh, e, y);
            end
        end
    endtask

    reg signed [31:0] corner [0:11];
    initial begin
        errors = 0; checks = 0; seed = 20261;
        corner[0] = 0; corner[1] = 1; corner[2] = -1; corner[3] = 5; corner[4] = -5;
        corner[5] = -6; corner[6] = -7; corner[7] = 32'h7fffffff; corner[8] = 32'h80000000;
        corner[9] = 32'h80000001; corner[10] = 32'h40000000; corner[11] = -32'sd1024;
        for (j = 0; j < 32; j = j + 1)
            for (i = 0; i < 12; i = i + 1) begin
                x = corner[i]; sh = j; check;
            end
        for (i = 0; i < 5000; i = i + 1) begin
            x = $random(seed); sh = $random(seed);
            if (i % 4 == 0) x = x >>> (i % 29);   // small magnitudes too
            check;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS round_shift32: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
