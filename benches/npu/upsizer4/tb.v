// Model: a byte queue; a word is the first four queued bytes.  Producer and
// consumer stall randomly, with full-rate stretches.
module tb;
    reg clk, rst, in_valid, out_ready;
    reg  [7:0] in_data;
    wire in_ready, out_valid;
    wire [31:0] out_data;
    reg  [31:0] mw;
    integer n, ein, eout, errors, checks, cyc, seed, mode, words;

    upsizer4 dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                  .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data));

    always #5 clk = ~clk;

    task check(input integer when);
        begin
            checks = checks + 1;
            if (out_valid !== (n == 4) || in_ready !== (n != 4 || out_ready) ||
                (n == 4 && out_data !== mw)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d phase=%0d count=%0d out_ready=%b exp=(out_valid=%0d in_ready=%0d out_data=%h) got=(out_valid=%b in_ready=%b out_data=%h)",
                             cyc, when, n, out_ready, n == 4, n != 4 || out_ready, mw, out_valid, in_ready, out_data);
            end
        end
    endtask

    task step;
        begin
            #1 check(0);
            @(posedge clk);
            if (rst) n = 0;
            else begin
                eout = (n == 4) && out_ready;
                ein = in_valid && (n != 4 || out_ready);
                if (eout) begin n = 0; words = words + 1; end
                if (ein) begin mw[8*n +: 8] = in_data; n = n + 1; end
            end
            @(negedge clk);
            check(1);
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 48; cyc = 0; n = 0; words = 0; mw = 0;
        rst = 1; in_valid = 0; out_ready = 0; in_data = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            mode = (cyc / 200) % 4;
            in_valid = mode == 1 ? 1 : ($random(seed) % 3 != 0);
            out_ready = mode == 1 ? 1 : mode == 2 ? ($random(seed) % 5 == 0) : ($random(seed) % 2 != 0);
            in_data = $random(seed);
            rst = ($random(seed) % 600) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS upsizer4: %0d checks, %0d words", checks, words);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
