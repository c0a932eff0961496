// Model: an array used as a shifting queue.  Phases bias push/pop so the
// FIFO spends time full, empty, and in between.
module tb;
    reg clk, rst, push, pop;
    reg  [7:0] din;
    wire [7:0] dout;
    wire empty, full, ovf;
    wire [2:0] count;
    reg  [7:0] q [0:3];
    integer n, k, errors, checks, cyc, seed, pp, po, eovf, pushes;

    sync_fifo4 dut (.clk(clk), .rst(rst), .push(push), .din(din), .pop(pop), .dout(dout),
                    .empty(empty), .full(full), .count(count), .ovf(ovf));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin n = 0; eovf = 0; end
            else begin
                pp = push && n < 4;
                po = pop && n > 0;
                eovf = push && n == 4;
                if (po) begin
                    for (k = 0; k < 3; k = k + 1) q[k] = q[k + 1];
                    n = n - 1;
                end
                if (pp) begin q[n] = din; n = n + 1; pushes = pushes + 1; end
            end
            @(negedge clk);
            checks = checks + 1;
            if (count !== n[2:0] || empty !== (n == 0) || full !== (n == 4) || ovf !== eovf[0]
                || (n > 0 && dout !== q[0])) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d push=%b pop=%b din=%h exp=(count=%0d dout=%h ovf=%0d) got=(count=%0d empty=%b full=%b dout=%h ovf=%b)",
                             cyc, push, pop, din, n, q[0], eovf, count, empty, full, dout, ovf);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 55; cyc = 0; n = 0; eovf = 0; pushes = 0;
        rst = 1; push = 0; pop = 0; din = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            case ((cyc / 100) % 3)
                0: begin push = $random(seed) % 4 != 0; pop = $random(seed) % 4 == 0; end
                1: begin push = $random(seed) % 4 == 0; pop = $random(seed) % 4 != 0; end
                default: begin push = $random(seed) % 2 != 0; pop = $random(seed) % 2 != 0; end
            endcase
            din = $random(seed);
            rst = ($random(seed) % 600) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS sync_fifo4: %0d checks, %0d pushes", checks, pushes);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
