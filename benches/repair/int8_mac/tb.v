// Inputs change on the falling edge; outputs are checked after each rising
// edge against a model updated in step.  Long runs of -128*-128 exercise
// 32-bit wrap-around after the accumulator is preloaded near the limit.
module tb;
    reg clk, rst, en, clr;
    reg  signed [7:0]  a, b;
    wire signed [31:0] acc;
    reg  signed [31:0] m;
    integer errors, checks, cyc, seed;

    int8_mac dut (.clk(clk), .rst(rst), .en(en), .clr(clr), .a(a), .b(b), .acc(acc));

    always #5 clk = ~clk;

    task step;   // one clock: model update at the edge, check after it
        begin
            @(posedge clk);
            if (rst) m = 0;
            else if (clr) m = en ? a * b : 0;
            else if (en) m = m + a * b;
            @(negedge clk);
            checks = checks + 1;
            if (acc !== m) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d rst=%b clr=%b en=%b a=%0d b=%0d exp=%0d got=%0d",
                             cyc, rst, clr, en, a, b, m, acc);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 42; m = 0;
        rst = 1; en = 1; clr = 0; a = 5; b = 7;
        cyc = 0;
        step; step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            en = ($random(seed) % 8) != 0;
            clr = ($random(seed) % 16) == 0;
            rst = ($random(seed) % 200) == 0;
            a = $random(seed); b = $random(seed);
            if (cyc >= 1000 && cyc < 1400) begin a = -128; b = -128; clr = 0; rst = 0; en = 1; end
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS int8_mac: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
