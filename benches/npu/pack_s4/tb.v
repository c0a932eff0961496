// Every value in each lane (the lanes are independent: x1 walks a
// permutation of 0..255 while x0 counts), then seeded random pairs.  The
// model rounds with truncating integer division corrected to floor.
module tb;
    reg  signed [7:0] x0, x1;
    wire [7:0] y;
    wire [1:0] sat;
    reg  [7:0] ey;
    reg  [1:0] es;
    integer errors, checks, i, k, v, q, r, seed;

    pack_s4 dut (.x0(x0), .x1(x1), .y(y), .sat(sat));

    initial begin
        errors = 0; checks = 0; seed = 44;
        for (i = 0; i < 2048 + 256; i = i + 1) begin
            if (i < 256) begin x0 = i; x1 = i * 37 + 11; end
            else begin x0 = $random(seed); x1 = $random(seed); end
            #1;
            for (k = 0; k < 2; k = k + 1) begin
                v = k ? x1 : x0;
                v = v + 2;
                q = v / 4; r = v % 4;            // truncating division
                if (r < 0) q = q - 1;            // -> floor
                es[k] = (q > 7) || (q < -8);
                if (q > 7) q = 7;
                if (q < -8) q = -8;
                ey[4*k +: 4] = q[3:0];
            end
            checks = checks + 1;
            if (y !== ey || sat !== es) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x0=%0d x1=%0d exp=(y=%h sat=%b) got=(y=%h sat=%b)",
                             checks, x0, x1, ey, es, y, sat);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS pack_s4: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
