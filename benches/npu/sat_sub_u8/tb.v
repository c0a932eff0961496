module tb;
    reg  [7:0] a, b;
    wire [7:0] y;
    wire       borrow;
    integer errors, checks, i, av, bv, e;

    sat_sub_u8 dut (.a(a), .b(b), .y(y), .borrow(borrow));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 65536; i = i + 1) begin
            {a, b} = i;
            #1;
            av = a; bv = b;
            e = av >= bv ? av - bv : 0;
            checks = checks + 1;
            if (y !== e[7:0] || borrow !== (av < bv)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d a=%0d b=%0d exp=(y=%0d borrow=%0d) got=(y=%0d borrow=%b)",
                             checks, a, b, e, av < bv, y, borrow);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS sat_sub_u8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
