// The model builds the Gray sequence by walking it: consecutive codes differ
// in one bit and the table is a permutation; b must invert g.
module tb;
    reg  [4:0] bin, gin;
    wire [4:0] g, b, next_g;
    reg  [4:0] tab [0:31];
    reg  [31:0] seen;
    integer errors, checks, i, j, k, d;

    gray_ptr dut (.bin(bin), .gin(gin), .g(g), .b(b), .next_g(next_g));

    initial begin
        errors = 0; checks = 0;
        // reflected Gray code by construction: mirror-and-prefix
        tab[0] = 0; tab[1] = 1;
        for (k = 1; k < 5; k = k + 1)
            for (i = 0; i < (1 << k); i = i + 1)
                tab[(1 << (k + 1)) - 1 - i] = tab[i] | (5'd1 << k);
        seen = 0;
        for (i = 0; i < 32; i = i + 1) begin
            seen[tab[i]] = 1'b1;
            d = tab[i] ^ tab[(i + 1) % 32];
            if (d != 1 && d != 2 && d != 4 && d != 8 && d != 16) $fatal(1, "tb: bad gray table");
        end
        if (seen !== 32'hffffffff) $fatal(1, "tb: gray table not a permutation");
        for (i = 0; i < 32; i = i + 1)
            for (j = 0; j < 32; j = j + 1) begin
                bin = i; gin = tab[j];
                #1;
                checks = checks + 1;
                if (g !== tab[i] || next_g !== tab[(i + 1) % 32] || b !== j[4:0]) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("MISMATCH check=%0d bin=%0d gin=%b exp=(g=%b b=%0d next_g=%b) got=(g=%b b=%0d next_g=%b)",
                                 checks, bin, gin, tab[i], j, tab[(i + 1) % 32], g, b, next_g);
                end
            end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS gray_ptr: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
