module tb;
    reg clk, rst, clr, en;
    reg  [7:0] x, w, zx, zw;
    wire signed [31:0] acc;
    reg  signed [31:0] m;
    integer errors, checks, cyc, seed, dx, dw;

    zp_mac dut (.clk(clk), .rst(rst), .clr(clr), .en(en), .x(x), .w(w), .zx(zx), .zw(zw), .acc(acc));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            dx = x; dx = dx - zx;
            dw = w; dw = dw - zw;
            if (rst || clr) m = 0;
            else if (en) m = m + dx * dw;
            @(negedge clk);
            checks = checks + 1;
            if (acc !== m) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d x=%0d w=%0d zx=%0d zw=%0d en=%b clr=%b exp=%0d got=%0d",
                             cyc, x, w, zx, zw, en, clr, m, acc);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 77; m = 0; cyc = 0;
        rst = 1; clr = 0; en = 1; x = 1; w = 1; zx = 0; zw = 0;
        step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            en = ($random(seed) % 5) != 0;
            clr = ($random(seed) % 50) == 0;
            rst = ($random(seed) % 300) == 0;
            x = $random(seed); w = $random(seed);
            if (cyc % 500 == 0) begin zx = $random(seed); zw = $random(seed); end
            if (cyc >= 2000 && cyc < 2600) begin
                en = 1; clr = 0; rst = 0; x = 0; zx = 255; w = 0; zw = 255;   // +65025 per cycle
            end
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS zp_mac: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
