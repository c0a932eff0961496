module tb;
    reg clk, rst, in_valid, in_last;
    reg  signed [15:0] in_data;
    wire out_valid;
    wire signed [31:0] out_sum;
    reg  signed [31:0] run, es;
    integer ev, errors, checks, cyc, seed, packets;

    acc_last dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_last(in_last), .in_data(in_data),
                  .out_valid(out_valid), .out_sum(out_sum));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin run = 0; es = 0; ev = 0; end
            else begin
                ev = in_valid && in_last;
                if (in_valid) begin
                    if (in_last) begin es = run + in_data; run = 0; packets = packets + 1; end
                    else run = run + in_data;
                end
            end
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== ev[0] || out_sum !== es) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d in_valid=%b in_last=%b in_data=%0d exp=(out_valid=%0d out_sum=%0d) got=(out_valid=%b out_sum=%0d)",
                             cyc, in_valid, in_last, in_data, ev, es, out_valid, out_sum);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 9; cyc = 0; run = 0; es = 0; ev = 0; packets = 0;
        rst = 1; in_valid = 0; in_last = 0; in_data = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            in_valid = ($random(seed) % 3) != 0;
            in_last = ($random(seed) % 6) == 0;
            in_data = $random(seed);
            if (cyc >= 1000 && cyc < 1200) begin in_valid = 1; in_last = cyc == 1199; in_data = 16'h8000; end
            if (cyc >= 1500 && cyc < 1520) begin in_valid = 1; in_last = 1; end   // 1-value packets
            rst = ($random(seed) % 500) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS acc_last: %0d checks, %0d packets", checks, packets);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
