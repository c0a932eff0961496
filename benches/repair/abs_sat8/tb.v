module tb;
    reg  signed [7:0] x;
    wire signed [7:0] y;
    wire              sat;
    integer errors, checks, i, xv, ey;

    abs_sat8 dut (.x(x), .y(y), .sat(sat));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 256; i = i + 1) begin
            x = i;
            #1;
            xv = x;
            ey = xv < 0 ? -xv : xv;
            if (ey > 127) ey = 127;
            checks = checks + 1;
            if (y !== ey[7:0] || sat !== (xv == -128)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%0d exp=(y=%0d sat=%0d) got=(y=%0d sat=%b)",
                             checks, x, ey, xv == -128, y, sat);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS abs_sat8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
