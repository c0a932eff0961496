module tb;
    reg         [31:0] x;
    wire signed [7:0]  y;
    integer errors, checks, i, k, v, s, m, e, seed;

    avg4_s8 dut (.x(x), .y(y));

    task check;
        begin
            #1;
            s = 0;
            for (k = 0; k < 4; k = k + 1) begin
                v = (x >> (8 * k)) & 255; if (v > 127) v = v - 256;
                s = s + v;
            end
            m = s < 0 ? -s : s;
            e = (m + 2) / 4;
            if (s < 0) e = -e;
            checks = checks + 1;
            if (y !== e[7:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH check=%0d x=%h sum=%0d exp=%0d got=%0d", checks, x, s, e, y);
            end
        end
    endtask

    initial begin
        errors = 0; checks = 0; seed = 5;
        // every sum -512..508 reachable through one varying byte plus fixed ones
        for (i = 0; i < 1024; i = i + 1) begin
            x = {i[7:0], i[7:0] ^ 8'h80, 8'h80 + i[9:8], 8'h7f - i[9:8]}; check;
        end
        x = 32'h80808080; check;
        x = 32'h7f7f7f7f; check;
        x = 32'h00000002; check;
        x = 32'h000000fe; check;
        x = 32'h000000ff; check;
        for (i = 0; i < 5000; i = i + 1) begin
            x = $random(seed);
            if (i % 3 == 0) x = x & 32'h030303ff;
            check;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS avg4_s8: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
