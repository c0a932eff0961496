// Exhaustive check of all 65536 operand pairs against an integer model.
module tb;
    reg  signed [7:0] a, b;
    wire signed [7:0] y;
    wire              ovf;
    integer errors, checks, i, sum, exp_y, exp_o;

    sat_add8 dut (.a(a), .b(b), .y(y), .ovf(ovf));

    initial begin
        errors = 0; checks = 0;
        for (i = 0; i < 65536; i = i + 1) begin
            {a, b} = i;
            #1;
            sum = a + b;
            exp_o = (sum > 127 || sum < -128);
            exp_y = sum > 127 ? 127 : (sum < -128 ? -128 : sum);
            checks = checks + 1;
            if (y !== exp_y[7:0] || ovf !== exp_o[0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d a=%0d b=%0d exp=(y=%0d ovf=%0d) got=(y=%0d ovf=%b)",
                             checks, a, b, exp_y, exp_o, y, ovf);
            end
        end
        if (errors != 0)
            $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS sat_add8: %0d checks", checks);
        $finish;
    end

    initial begin
        #1000000;
        $fatal(1, "timeout");
    end
endmodule
