module tb;
    reg clk, rst, in_valid;
    reg  signed [7:0] x, w0, w1, w2;
    wire out_valid;
    wire signed [17:0] y;
    integer h1, h2, ey, ev, errors, checks, cyc, seed;

    conv1d3 dut (.clk(clk), .rst(rst), .in_valid(in_valid), .x(x), .w0(w0), .w1(w1), .w2(w2),
                 .out_valid(out_valid), .y(y));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin h1 = 0; h2 = 0; ey = 0; ev = 0; end
            else begin
                ev = in_valid;
                if (in_valid) begin
                    ey = w0 * x + w1 * h1 + w2 * h2;
                    h2 = h1; h1 = x;
                end
            end
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== ev[0] || y !== ey[17:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d in_valid=%b x=%0d w=(%0d,%0d,%0d) exp=(out_valid=%0d y=%0d) got=(out_valid=%b y=%0d)",
                             cyc, in_valid, x, w0, w1, w2, ev, ey, out_valid, y);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 333; cyc = 0; h1 = 0; h2 = 0; ey = 0; ev = 0;
        rst = 1; in_valid = 0; x = 0; w0 = 1; w1 = 2; w2 = 3;
        @(negedge clk); step;
        rst = 0;
        in_valid = 1; x = 10; step;       // history starts at zero
        x = -128; w0 = -128; w1 = -128; w2 = -128; step; step; step;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            in_valid = ($random(seed) % 4) != 0;
            x = $random(seed);
            if (cyc % 64 == 0) begin w0 = $random(seed); w1 = $random(seed); w2 = $random(seed); end
            rst = ($random(seed) % 500) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS conv1d3: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
