// Reads both before the edge (old value, same address as the write half of
// the time) and after it.
module tb;
    reg clk, rst, clr_all, wen;
    reg  [1:0] waddr, raddr;
    reg  signed [15:0] din;
    wire signed [19:0] rdata;
    reg  signed [19:0] m [0:3];
    integer k, errors, checks, cyc, seed;

    accum_bank dut (.clk(clk), .rst(rst), .clr_all(clr_all), .wen(wen), .waddr(waddr), .din(din),
                    .raddr(raddr), .rdata(rdata));

    always #10 clk = ~clk;   // room for five #1 reads per half period

    task rd_check(input integer a);
        begin
            raddr = a;
            #1;
            checks = checks + 1;
            if (rdata !== m[a]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d raddr=%0d wen=%b waddr=%0d din=%0d exp=%0d got=%0d",
                             cyc, a, wen, waddr, din, m[a], rdata);
            end
        end
    endtask

    task step;
        begin
            rd_check(($random(seed) % 2) ? waddr : $random(seed) & 3);
            @(posedge clk);
            if (rst || clr_all) for (k = 0; k < 4; k = k + 1) m[k] = 0;
            else if (wen) m[waddr] = m[waddr] + din;
            @(negedge clk);
            for (k = 0; k < 4; k = k + 1) rd_check(k);
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 404; cyc = 0;
        for (k = 0; k < 4; k = k + 1) m[k] = 0;
        rst = 1; clr_all = 0; wen = 0; waddr = 0; din = 0; raddr = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 2000; cyc = cyc + 1) begin
            wen = ($random(seed) % 4) != 0;
            waddr = $random(seed);
            din = $random(seed);
            clr_all = ($random(seed) % 150) == 0;
            if (cyc >= 500 && cyc < 560) begin wen = 1; waddr = 2; din = 16'h7fff; clr_all = 0; end
            rst = ($random(seed) % 600) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS accum_bank: %0d checks", checks);
        $finish;
    end
    initial begin #2000000; $fatal(1, "timeout"); end
endmodule
