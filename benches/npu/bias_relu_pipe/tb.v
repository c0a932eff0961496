module tb;
    reg clk, rst, in_valid;
    reg  signed [31:0] acc, bias;
    wire out_valid;
    wire [14:0] y;
    reg  signed [63:0] s;
    integer ev, ey, errors, checks, cyc, seed;

    bias_relu_pipe dut (.clk(clk), .rst(rst), .in_valid(in_valid), .acc(acc), .bias(bias),
                        .out_valid(out_valid), .y(y));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            s = acc;
            s = s + bias;
            ey = s < 0 ? 0 : (s > 32767 ? 32767 : s);
            ev = rst ? 0 : in_valid;
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== ev[0] || (ev && y !== ey[14:0])) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d acc=%0d bias=%0d exp=(out_valid=%0d y=%0d) got=(out_valid=%b y=%0d)",
                             cyc, acc, bias, ev, ey, out_valid, y);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 5150; cyc = 0;
        rst = 1; in_valid = 1; acc = 0; bias = 0;
        @(negedge clk); step;
        rst = 0;
        acc = 32'h7fffffff; bias = 1; step;
        acc = 32'h80000000; bias = -1; step;
        acc = 32'h7fffffff; bias = 32'h7fffffff; step;
        acc = 32767; bias = 0; step;
        acc = 32768; bias = -1; step;
        acc = 32768; bias = 0; step;
        acc = 0; bias = -1; step;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            in_valid = ($random(seed) % 4) != 0;
            acc = $random(seed); bias = $random(seed);
            if (cyc % 2) begin acc = acc >>> 15; bias = bias >>> 17; end   // near the range
            rst = ($random(seed) % 500) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS bias_relu_pipe: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
