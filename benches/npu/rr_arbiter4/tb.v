// Grant is checked combinationally before every edge; the model keeps its
// own pointer.  A fairness check: with all four requesting, each gets one
// grant in every window of four cycles.
module tb;
    reg clk, rst;
    reg  [3:0] req;
    wire [3:0] grant;
    reg  [3:0] eg;
    integer mptr, k, idx, errors, checks, cyc, seed;

    rr_arbiter4 dut (.clk(clk), .rst(rst), .req(req), .grant(grant));

    always #5 clk = ~clk;

    task step;
        begin
            #1;
            eg = 0; idx = -1;
            for (k = 0; k < 4; k = k + 1)
                if (idx < 0 && req[(mptr + k) % 4]) idx = (mptr + k) % 4;
            if (idx >= 0) eg[idx] = 1'b1;
            checks = checks + 1;
            if (grant !== eg) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d req=%b ptr=%0d exp=%b got=%b", cyc, req, mptr, eg, grant);
            end
            @(posedge clk);
            if (rst) mptr = 0;
            else if (idx >= 0) mptr = (idx + 1) % 4;
            @(negedge clk);
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 17; cyc = 0; mptr = 0;
        rst = 1; req = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            req = $random(seed);
            if ((cyc / 200) % 3 == 1) req = 4'b1111;
            if ((cyc / 200) % 3 == 2) req = req & 4'b1010;
            rst = ($random(seed) % 400) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS rr_arbiter4: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
