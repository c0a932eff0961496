// Exhaustive over x (256) x hi (128).
module tb;
    reg  signed [7:0] x;
    reg         [6:0] hi;
    wire        [6:0] y;
    integer errors, checks, i, xv, ey;

    relu_clamp dut (.x(x), .hi(hi), .y(y));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 32768; i = i + 1) begin
            {hi, x} = i;
            #1;
            xv = x;
            ey = xv < 0 ? 0 : (xv > hi ? hi : xv);
            checks = checks + 1;
            if (y !== ey[6:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d hi=%0d exp=%0d got=%0d", checks, x, hi, ey, y);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS relu_clamp: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
