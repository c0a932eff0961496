module tb;
    reg clk, rst, load_w;
    reg  signed [7:0]  w_in, a_in;
    reg  signed [23:0] psum_in;
    wire signed [7:0]  a_out;
    wire signed [23:0] psum_out;
    reg  signed [7:0]  mw, ma;
    reg  signed [23:0] mp;
    integer errors, checks, cyc, seed;

    pe_ws dut (.clk(clk), .rst(rst), .load_w(load_w), .w_in(w_in), .a_in(a_in),
               .psum_in(psum_in), .a_out(a_out), .psum_out(psum_out));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mw = 0; ma = 0; mp = 0; end
            else begin
                mp = psum_in + a_in * mw;      // old weight
                ma = a_in;
                if (load_w) mw = w_in;
            end
            @(negedge clk);
            checks = checks + 1;
            if (a_out !== ma || psum_out !== mp) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d a_in=%0d psum_in=%0d w=%0d load_w=%b exp=(a=%0d psum=%0d) got=(a=%0d psum=%0d)",
                             cyc, a_in, psum_in, mw, load_w, ma, mp, a_out, psum_out);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 12; cyc = 0;
        rst = 1; load_w = 1; w_in = 9; a_in = 3; psum_in = 100;
        step;
        rst = 0; load_w = 0;
        step;                                 // weight must still be 0
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            load_w = ($random(seed) % 8) == 0;
            rst = ($random(seed) % 400) == 0;
            w_in = $random(seed); a_in = $random(seed); psum_in = $random(seed);
            if (cyc % 7 == 0) psum_in = 24'h7fffff;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS pe_ws: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
