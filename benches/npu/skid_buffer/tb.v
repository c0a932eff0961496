// Model: a FIFO of capacity 2 whose flags are computed from the state before
// each edge.  Ready/valid patterns switch between random, full rate and
// heavy back-pressure.
module tb;
    reg clk, rst, in_valid, out_ready;
    reg  [7:0] in_data;
    wire in_ready, out_valid;
    wire [7:0] out_data;
    reg  [7:0] q0, q1;
    integer n, errors, checks, cyc, seed, mode, ein, eout, sent, recv;

    skid_buffer dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                     .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data));

    always #5 clk = ~clk;

    task check;
        begin
            checks = checks + 1;
            if (in_ready !== (n < 2) || out_valid !== (n > 0) || (n > 0 && out_data !== q0)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d count=%0d exp=(in_ready=%0d out_valid=%0d out_data=%h) got=(in_ready=%b out_valid=%b out_data=%h)",
                             cyc, n, n < 2, n > 0, q0, in_ready, out_valid, out_data);
            end
        end
    endtask

    task step;
        begin
            #1 check;        // in_ready must not depend on this cycle's inputs
            @(posedge clk);
            if (rst) n = 0;
            else begin
                ein = in_valid && n < 2;
                eout = out_ready && n > 0;
                if (eout) begin q0 = q1; n = n - 1; recv = recv + 1; end
                if (ein) begin
                    if (n == 0) q0 = in_data; else q1 = in_data;
                    n = n + 1; sent = sent + 1;
                end
            end
            @(negedge clk);
            check;
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 21; cyc = 0; n = 0; sent = 0; recv = 0;
        rst = 1; in_valid = 0; out_ready = 0; in_data = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            mode = (cyc / 250) % 4;
            in_valid = mode == 1 ? 1 : ($random(seed) % 2 != 0);
            out_ready = mode == 1 ? 1 : mode == 2 ? ($random(seed) % 6 == 0) : ($random(seed) % 2 != 0);
            in_data = $random(seed);
            rst = ($random(seed) % 700) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS skid_buffer: %0d checks, %0d items in, %0d out", checks, sent, recv);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
