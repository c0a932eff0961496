// Exhaustive over the 256 inputs; model uses integer floor division.
module tb;
    reg  signed [7:0] x;
    wire signed [7:0] y;
    integer errors, checks, i, xv, ey;

    leaky_relu8 dut (.x(x), .y(y));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 256; i = i + 1) begin
            x = i;
            #1;
            xv = x;
            if (xv >= 0) ey = xv;
            else ey = -((-xv + 7) / 8);   // floor(x/8) for negative x
            checks = checks + 1;
            if (y !== ey[7:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d exp=%0d got=%0d", checks, x, ey, y);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS leaky_relu8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
