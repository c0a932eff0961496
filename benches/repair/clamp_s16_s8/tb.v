// Exhaustive over all 65536 inputs.
module tb;
    reg  signed [15:0] x;
    wire signed [7:0]  y;
    wire               sat;
    integer errors, checks, i, ey, es;

    clamp_s16_s8 dut (.x(x), .y(y), .sat(sat));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 65536; i = i + 1) begin
            x = i;
            #1;
            if (x > 127) begin ey = 127; es = 1; end
            else if (x < -128) begin ey = -128; es = 1; end
            else begin ey = x; es = 0; end
            checks = checks + 1;
            if (y !== ey[7:0] || sat !== es[0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d exp=(y=%0d sat=%0d) got=(y=%0d sat=%b)",
                             checks, x, ey, es, y, sat);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS clamp_s16_s8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
