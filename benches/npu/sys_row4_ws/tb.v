// Model: per-PE weight, activation and psum arrays updated from the old
// values (highest PE first); checks every lane every cycle.
module tb;
    reg clk, rst, load_w;
    reg  [31:0] w_in;
    reg  signed [7:0] a_in;
    reg  [95:0] psum_in;
    wire signed [7:0] a_out;
    wire [95:0] psum_out;
    integer mw [0:3];
    integer ma [0:3];
    reg  [95:0] mp;
    integer i, act, wv, errors, checks, cyc, seed;

    sys_row4_ws dut (.clk(clk), .rst(rst), .load_w(load_w), .w_in(w_in), .a_in(a_in),
                     .psum_in(psum_in), .a_out(a_out), .psum_out(psum_out));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            for (i = 3; i >= 0; i = i - 1) begin
                if (rst) begin mw[i] = 0; ma[i] = 0; mp[24*i +: 24] = 0; end
                else begin
                    act = (i == 0) ? a_in : ma[i - 1];
                    mp[24*i +: 24] = psum_in[24*i +: 24] + act * mw[i];
                    ma[i] = act;
                    if (load_w) begin
                        wv = (w_in >> (8 * i)) & 255; if (wv > 127) wv = wv - 256;
                        mw[i] = wv;
                    end
                end
            end
            @(negedge clk);
            checks = checks + 1;
            if (psum_out !== mp || a_out !== ma[3][7:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d a_in=%0d load_w=%b exp=(a_out=%0d psum=%h) got=(a_out=%0d psum=%h)",
                             cyc, a_in, load_w, ma[3], mp, a_out, psum_out);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 1234; cyc = 0;
        rst = 1; load_w = 0; w_in = 0; a_in = 0; psum_in = 0;
        @(negedge clk); step;
        rst = 0;
        load_w = 1; w_in = 32'h807f02ff; step;
        load_w = 0;
        for (cyc = 1; cyc < 2000; cyc = cyc + 1) begin
            load_w = ($random(seed) % 50) == 0;
            w_in = $random(seed);
            a_in = $random(seed);
            psum_in = {$random(seed), $random(seed), $random(seed)};
            if (cyc % 5 == 0) psum_in = 0;
            rst = ($random(seed) % 400) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS sys_row4_ws: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
