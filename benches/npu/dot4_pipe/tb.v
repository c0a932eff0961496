// A 2-deep model pipeline of expected sums; back-to-back inputs, gaps and
// resets in the middle of a burst.
module tb;
    reg clk, rst, in_valid;
    reg  [31:0] a, b;
    wire out_valid;
    wire signed [17:0] y;
    integer e0, e1, v0, v1, k, ai, bi, s, errors, checks, cyc, seed;

    dot4_pipe dut (.clk(clk), .rst(rst), .in_valid(in_valid), .a(a), .b(b), .out_valid(out_valid), .y(y));

    always #5 clk = ~clk;

    task step;
        begin
            s = 0;
            for (k = 0; k < 4; k = k + 1) begin
                ai = (a >> (8 * k)) & 255; if (ai > 127) ai = ai - 256;
                bi = (b >> (8 * k)) & 255; if (bi > 127) bi = bi - 256;
                s = s + ai * bi;
            end
            @(posedge clk);
            e1 = e0; v1 = rst ? 0 : v0;
            e0 = s;  v0 = rst ? 0 : in_valid;
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== v1[0] || (v1 && y !== e1[17:0])) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d exp=(out_valid=%0d y=%0d) got=(out_valid=%b y=%0d)",
                             cyc, v1, e1, out_valid, y);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 64; cyc = 0; v0 = 0; v1 = 0; e0 = 0; e1 = 0;
        rst = 1; in_valid = 1; a = 0; b = 0;
        @(negedge clk); step; step;
        rst = 0;
        a = 32'h80808080; b = 32'h80808080; step;
        a = 32'h7f7f7f7f; b = 32'h80808080; step;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            in_valid = ($random(seed) % 4) != 0;
            a = $random(seed); b = $random(seed);
            rst = ($random(seed) % 300) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS dot4_pipe: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
