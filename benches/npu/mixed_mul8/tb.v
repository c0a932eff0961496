// Exhaustive: all 65536 operand pairs.
module tb;
    reg         [7:0]  a;
    reg  signed [7:0]  w;
    wire signed [15:0] p;
    integer errors, checks, i, av, wv, e;

    mixed_mul8 dut (.a(a), .w(w), .p(p));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 65536; i = i + 1) begin
            {a, w} = i;
            #1;
            av = a; wv = w;
            e = av * wv;
            checks = checks + 1;
            if (p !== e[15:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d a=%0d w=%0d exp=%0d got=%0d", checks, a, w, e, p);
            end
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS mixed_mul8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
