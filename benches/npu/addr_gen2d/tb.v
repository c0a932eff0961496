// The model recomputes base + r*stride + c by multiplication every cycle.
module tb;
    reg clk, rst, start, ready;
    reg  [15:0] base, stride;
    reg  [3:0] rows, cols;
    wire valid, last;
    wire [15:0] addr;
    reg  [15:0] lb, ls, ea;
    integer mv, r, c, nr, nc, el, errors, checks, cyc, seed, consumed;

    addr_gen2d dut (.clk(clk), .rst(rst), .start(start), .base(base), .stride(stride), .rows(rows),
                    .cols(cols), .ready(ready), .valid(valid), .addr(addr), .last(last));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) mv = 0;
            else if (!mv) begin
                if (start && rows != 0 && cols != 0) begin
                    mv = 1; lb = base; ls = stride; nr = rows; nc = cols; r = 0; c = 0;
                end
            end else if (ready) begin
                consumed = consumed + 1;
                c = c + 1;
                if (c == nc) begin c = 0; r = r + 1; end
                if (r == nr) mv = 0;
            end
            @(negedge clk);
            ea = lb + r * ls + c;
            el = mv && r == nr - 1 && c == nc - 1;
            checks = checks + 1;
            if (valid !== mv[0] || (mv && (addr !== ea || last !== el[0])) || (!mv && last !== 1'b0)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d ready=%b r=%0d c=%0d exp=(valid=%0d addr=%h last=%0d) got=(valid=%b addr=%h last=%b)",
                             cyc, ready, r, c, mv, ea, el, valid, addr, last);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 2024; cyc = 0; mv = 0; consumed = 0;
        lb = 0; ls = 0; r = 0; c = 0; nr = 1; nc = 1;
        rst = 1; start = 0; ready = 0; base = 0; stride = 0; rows = 0; cols = 0;
        @(negedge clk); step;
        rst = 0;
        start = 1; base = 16'hfff0; stride = 16'h0100; rows = 15; cols = 15; ready = 1; step;
        start = 0;
        for (cyc = 1; cyc < 4000; cyc = cyc + 1) begin
            start = ($random(seed) % 4) == 0;
            base = $random(seed); stride = $random(seed);
            rows = $random(seed) % 5; cols = $random(seed) % 6;
            ready = (cyc / 500) % 2 ? 1 : ($random(seed) % 3 != 0);
            rst = ($random(seed) % 800) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS addr_gen2d: %0d checks, %0d addresses", checks, consumed);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
