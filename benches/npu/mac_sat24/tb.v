// Random phases plus long saturating runs in both directions; the
// asynchronous reset is pulsed between clock edges.
module tb;
    reg clk, rst_n, en;
    reg  signed [7:0]  a, b;
    wire signed [23:0] acc;
    wire               sat;
    integer m, ms, errors, checks, cyc, seed, s;

    mac_sat24 dut (.clk(clk), .rst_n(rst_n), .en(en), .a(a), .b(b), .acc(acc), .sat(sat));

    always #5 clk = ~clk;

    task check;
        begin
            checks = checks + 1;
            if (acc !== m[23:0] || sat !== ms[0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d en=%b a=%0d b=%0d exp=(acc=%0d sat=%0d) got=(acc=%0d sat=%b)",
                             cyc, en, a, b, m, ms, acc, sat);
            end
        end
    endtask

    task step;
        begin
            @(posedge clk);
            if (en) begin
                s = m + a * b;
                if (s > 8388607) begin s = 8388607; ms = 1; end
                if (s < -8388608) begin s = -8388608; ms = 1; end
                m = s;
            end
            @(negedge clk);
            check;
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 8; m = 0; ms = 0; cyc = 0;
        en = 0; a = 0; b = 0; rst_n = 1;
        #2 rst_n = 0;          // asynchronous: no clock edge needed
        #2 check;
        @(negedge clk) rst_n = 1;
        for (cyc = 1; cyc < 2500; cyc = cyc + 1) begin
            en = ($random(seed) % 4) != 0;
            a = $random(seed); b = $random(seed);
            if (cyc >= 300 && cyc < 900) begin en = 1; a = -128; b = -128; end
            if (cyc >= 900 && cyc < 2000) begin en = 1; a = 127; b = -128; end
            if (cyc == 2100 || cyc == 2300) begin
                #1 rst_n = 0; m = 0; ms = 0;
                #1 check;
                #1 rst_n = 1;
            end
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS mac_sat24: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
