// Exhaustive over all 65536 inputs; the model compares the remainder to 8.
module tb;
    reg  signed [15:0] x;
    wire signed [11:0] y;
    wire               sat;
    integer errors, checks, i, q, r, e, es;

    rne_shift16 dut (.x(x), .y(y), .sat(sat));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 65536; i = i + 1) begin
            x = i;
            #1;
            q = x >>> 4;               // integer floor
            r = x - q * 16;            // 0..15
            if (r > 8 || (r == 8 && (q % 2) != 0)) q = q + 1;
            es = 0;
            e = q;
            if (q > 2047) begin e = 2047; es = 1; end
            if (q < -2048) begin e = -2048; es = 1; end
            checks = checks + 1;
            if (y !== e[11:0] || sat !== es[0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d exp=(y=%0d sat=%0d) got=(y=%0d sat=%b)",
                             checks, x, e, es, y, sat);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS rne_shift16: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
