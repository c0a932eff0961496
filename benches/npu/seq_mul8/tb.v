// The model counts down a cycle budget; operands change randomly while the
// unit is busy to catch designs that read them after edge 0.
module tb;
    reg clk, rst, start;
    reg  [7:0] a, b;
    wire busy, done;
    wire [15:0] p;
    integer left, mb, md, mp, la, lb, errors, checks, cyc, seed, runs;

    seq_mul8 dut (.clk(clk), .rst(rst), .start(start), .a(a), .b(b), .busy(busy), .done(done), .p(p));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mb = 0; md = 0; mp = 0; end
            else if (!mb) begin
                md = 0;
                if (start) begin mb = 1; left = 8; la = a; lb = b; end
            end else begin
                left = left - 1;
                if (left == 0) begin mb = 0; md = 1; mp = la * lb; runs = runs + 1; end
            end
            @(negedge clk);
            checks = checks + 1;
            if (busy !== mb[0] || done !== md[0] || (!mb && p !== mp[15:0])) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d start=%b a=%0d b=%0d exp=(busy=%0d done=%0d p=%0d) got=(busy=%b done=%b p=%0d)",
                             cyc, start, la, lb, mb, md, mp, busy, done, p);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 8888; cyc = 0; mb = 0; md = 0; mp = 0; runs = 0;
        rst = 1; start = 0; a = 0; b = 0;
        @(negedge clk); step;
        rst = 0;
        start = 1; a = 255; b = 255; step;
        for (cyc = 1; cyc < 4000; cyc = cyc + 1) begin
            start = ($random(seed) % 3) == 0;
            a = $random(seed); b = $random(seed);
            if (cyc % 50 == 0) a = 0;
            rst = ($random(seed) % 900) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS seq_mul8: %0d checks, %0d products", checks, runs);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
