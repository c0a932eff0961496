module tb;
    reg clk, rst, in_valid;
    reg  signed [7:0] x;
    wire out_valid;
    wire signed [7:0] y;
    integer g [0:3];
    integer n, k, ey, ev, best, errors, checks, cyc, seed;

    maxpool_stream dut (.clk(clk), .rst(rst), .in_valid(in_valid), .x(x), .out_valid(out_valid), .y(y));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            ev = 0;
            if (rst) begin n = 0; ey = 0; end
            else if (in_valid) begin
                g[n] = x; n = n + 1;
                if (n == 4) begin
                    best = g[0];
                    for (k = 1; k < 4; k = k + 1) if (g[k] > best) best = g[k];
                    ey = best; ev = 1; n = 0;
                end
            end
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== ev[0] || y !== ey[7:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d in_valid=%b x=%0d exp=(out_valid=%0d y=%0d) got=(out_valid=%b y=%0d)",
                             cyc, in_valid, x, ev, ey, out_valid, y);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 6; cyc = 0; n = 0; ey = 0;
        rst = 1; in_valid = 0; x = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            in_valid = ($random(seed) % 3) != 0;
            x = $random(seed);
            if ((cyc / 100) % 4 == 1) x = -128 + ($random(seed) & 3);   // all negative, ties
            if ((cyc / 100) % 4 == 2) in_valid = 1;
            rst = ($random(seed) % 400) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS maxpool_stream: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
