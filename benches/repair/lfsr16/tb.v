// Also checks that the sequence from ACE1 first returns to ACE1 after
// exactly 65535 steps (maximal length).
module tb;
    reg clk, rst, load, en;
    reg  [15:0] seed;
    wire [15:0] q;
    reg  [15:0] m;
    integer errors, checks, cyc, rs, period;

    lfsr16 dut (.clk(clk), .rst(rst), .load(load), .seed(seed), .en(en), .q(q));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) m = 16'hace1;
            else if (load) m = seed;
            else if (en) m = {m[14:0], m[15] ^ m[13] ^ m[12] ^ m[10]};
            @(negedge clk);
            checks = checks + 1;
            if (q !== m) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d rst=%b load=%b en=%b seed=%h exp=%h got=%h",
                             cyc, rst, load, en, seed, m, q);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; rs = 2; cyc = 0; m = 0;
        rst = 1; load = 0; en = 0; seed = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 2000; cyc = cyc + 1) begin
            en = ($random(rs) % 4) != 0;
            load = ($random(rs) % 40) == 0;
            seed = $random(rs);
            if (cyc == 500) begin load = 1; seed = 0; end
            rst = ($random(rs) % 300) == 0;
            step;
        end
        // period: only a few checks on the way, to stay fast
        rst = 1; step; rst = 0; load = 0; en = 1; period = 0;
        @(posedge clk); #1 period = 1;
        while (q !== 16'hace1 && period < 70000) begin
            @(posedge clk); #1 period = period + 1;
        end
        if (q !== 16'hace1 || period != 65535) begin
            errors = errors + 1;
            $display("MISMATCH period: exp=65535 got=%0d (q=%h)", period, q);
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS lfsr16: %0d checks", checks);
        $finish;
    end
    initial begin #2000000; $fatal(1, "timeout"); end
endmodule
