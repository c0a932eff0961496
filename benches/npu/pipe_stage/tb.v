// Random valid/ready patterns (including long stalls and full-rate bursts);
// the model is a one-slot queue.  in_ready is checked before each edge,
// outputs after it.
module tb;
    reg clk, rst, in_valid, out_ready;
    reg  [15:0] in_data;
    wire in_ready, out_valid;
    wire [15:0] out_data;
    reg  mv;
    reg  [15:0] md;
    integer errors, checks, cyc, seed, mode, eready;

    pipe_stage dut (.clk(clk), .rst(rst), .in_valid(in_valid), .in_ready(in_ready), .in_data(in_data),
                    .out_valid(out_valid), .out_ready(out_ready), .out_data(out_data));

    always #5 clk = ~clk;

    task fail(input [8*12-1:0] what);
        begin
            errors = errors + 1;
            if (errors <= 5)
                $display("MISMATCH cycle=%0d %0s in_valid=%b out_ready=%b exp=(in_ready=%0d out_valid=%b out_data=%h) got=(in_ready=%b out_valid=%b out_data=%h)",
                         cyc, what, in_valid, out_ready, eready, mv, md, in_ready, out_valid, out_data);
        end
    endtask

    task step;
        begin
            #1;
            eready = !mv || out_ready;
            checks = checks + 1;
            if (in_ready !== eready[0]) fail("comb");
            @(posedge clk);
            if (rst) mv = 0;
            else if (eready) begin
                mv = in_valid;
                if (in_valid) md = in_data;
            end
            @(negedge clk);
            checks = checks + 1;
            if (out_valid !== mv || (mv && out_data !== md)) fail("after-edge");
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 4; cyc = 0; mv = 0; md = 0;
        rst = 1; in_valid = 0; out_ready = 0; in_data = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            mode = (cyc / 300) % 4;
            in_valid = mode == 1 ? 1 : ($random(seed) % 2 != 0);
            out_ready = mode == 1 ? 1 : mode == 2 ? ($random(seed) % 8 == 0) : ($random(seed) % 2 != 0);
            in_data = $random(seed);
            rst = ($random(seed) % 500) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS pipe_stage: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
