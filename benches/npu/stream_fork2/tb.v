// The producer holds each item (valid and data stable) until it is
// consumed, as the valid/ready rules require; the tb keeps its own record
// of which consumer already has the current item and checks the handshake
// signals against it every cycle.
module tb;
    reg clk, rst, in_valid, a_ready, b_ready;
    reg  [15:0] in_data;
    wire in_ready, a_valid, b_valid;
    wire [15:0] a_data, b_data;
    integer got_a, got_b, ea, eb, er, errors, checks, cyc, seed, items, na, nb, consumed;

    stream_fork2 dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                      .a_valid(a_valid), .a_ready(a_ready), .a_data(a_data),
                      .b_valid(b_valid), .b_ready(b_ready), .b_data(b_data));

    always #5 clk = ~clk;

    task step;
        begin
            #1;
            ea = in_valid && !got_a;
            eb = in_valid && !got_b;
            er = (a_ready || got_a) && (b_ready || got_b);
            checks = checks + 1;
            if (a_valid !== ea[0] || b_valid !== eb[0] || in_ready !== er[0] ||
                (ea && a_data !== in_data) || (eb && b_data !== in_data)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d in_valid=%b a_ready=%b b_ready=%b delivered=(%0d,%0d) exp=(a_valid=%0d b_valid=%0d in_ready=%0d) got=(a_valid=%b b_valid=%b in_ready=%b)",
                             cyc, in_valid, a_ready, b_ready, got_a, got_b, ea, eb, er, a_valid, b_valid, in_ready);
            end
            @(posedge clk);
            consumed = rst || !in_valid || er;
            if (rst) begin got_a = 0; got_b = 0; end
            else if (in_valid && er) begin
                if (ea && a_ready) na = na + 1;
                if (eb && b_ready) nb = nb + 1;
                got_a = 0; got_b = 0; items = items + 1;
            end else begin
                if (ea && a_ready) begin got_a = 1; na = na + 1; end
                if (eb && b_ready) begin got_b = 1; nb = nb + 1; end
            end
            @(negedge clk);
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 2; cyc = 0; got_a = 0; got_b = 0;
        items = 0; na = 0; nb = 0;
        rst = 1; in_valid = 0; a_ready = 0; b_ready = 0; in_data = 0;
        @(negedge clk); step;
        rst = 0;
        consumed = 1;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            if (consumed) begin
                in_valid = ($random(seed) % 4) != 0;
                in_data = $random(seed);
            end
            a_ready = (cyc / 250) % 3 == 1 ? 1 : ($random(seed) % 2 != 0);
            b_ready = (cyc / 250) % 3 == 1 ? 1 : ($random(seed) % 3 == 0);
            rst = ($random(seed) % 700) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS stream_fork2: %0d checks, %0d items, %0d/%0d deliveries", checks, items, na, nb);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
