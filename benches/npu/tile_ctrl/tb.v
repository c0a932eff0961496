// Model: an explicit list of remaining (row, col) pairs walked in the tb.
module tb;
    reg clk, rst, start;
    reg  [3:0] rows, cols;
    wire busy, valid, done;
    wire [3:0] row, col;
    integer mb, md, mr, mc, lr, lc, errors, checks, cyc, seed, runs;

    tile_ctrl dut (.clk(clk), .rst(rst), .start(start), .rows(rows), .cols(cols), .busy(busy),
                   .valid(valid), .row(row), .col(col), .done(done));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mb = 0; md = 0; end
            else if (!mb) begin
                md = 0;
                if (start) begin
                    lr = rows; lc = cols; mr = 0; mc = 0; runs = runs + 1;
                    if (lr == 0 || lc == 0) md = 1; else mb = 1;
                end
            end else begin
                mc = mc + 1;
                if (mc == lc) begin mc = 0; mr = mr + 1; end
                if (mr == lr) begin mb = 0; md = 1; end
            end
            @(negedge clk);
            checks = checks + 1;
            if (busy !== mb[0] || valid !== mb[0] || done !== md[0] ||
                (mb && (row !== mr[3:0] || col !== mc[3:0]))) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d start=%b rows=%0d cols=%0d exp=(busy=%0d valid=%0d done=%0d row=%0d col=%0d) got=(busy=%b valid=%b done=%b row=%0d col=%0d)",
                             cyc, start, rows, cols, mb, mb, md, mr, mc, busy, valid, done, row, col);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 88; cyc = 0; mb = 0; md = 0; runs = 0;
        rst = 1; start = 0; rows = 0; cols = 0;
        @(negedge clk); step;
        rst = 0;
        start = 1; rows = 1; cols = 1; step;
        start = 0; step; step;
        start = 1; rows = 0; cols = 5; step;
        start = 1; rows = 15; cols = 15; step;
        for (cyc = 1; cyc < 4000; cyc = cyc + 1) begin
            start = ($random(seed) % 3) == 0;
            rows = $random(seed) % 6; cols = $random(seed) % 7;
            if (cyc % 97 == 0) rows = 0;
            rst = ($random(seed) % 700) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS tile_ctrl: %0d checks, %0d runs", checks, runs);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
