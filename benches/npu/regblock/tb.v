// Random bus traffic; after every edge all four registers are read back
// through the combinational read port.
module tb;
    reg clk, rst, we;
    reg  [1:0] addr, ev;
    reg  [7:0] wdata;
    wire [7:0] rdata, ctrl, scale;
    wire irq;
    reg  [7:0] mreg [0:3];
    reg  [7:0] exp;
    integer k, errors, checks, cyc, seed;

    regblock dut (.clk(clk), .rst(rst), .we(we), .addr(addr), .wdata(wdata), .rdata(rdata),
                  .ev(ev), .ctrl(ctrl), .scale(scale), .irq(irq));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mreg[0] = 0; mreg[1] = 8'h10; mreg[2] = 0; end
            else begin
                if (we && addr < 2) mreg[addr] = wdata;
                if (we && addr == 2) mreg[2] = mreg[2] & ~(wdata & 8'h03);
                mreg[2] = mreg[2] | ev;
            end
            @(negedge clk);
            we = 0;
            for (k = 0; k < 4; k = k + 1) begin
                addr = k;
                #1;
                exp = mreg[k];
                checks = checks + 1;
                if (rdata !== exp || ctrl !== mreg[0] || scale !== mreg[1] ||
                    irq !== |(mreg[2][1:0] & mreg[0][1:0])) begin
                    errors = errors + 1;
                    if (errors <= 5)
                        $display("MISMATCH cycle=%0d read addr=%0d exp=(rdata=%h ctrl=%h scale=%h irq=%0d) got=(rdata=%h ctrl=%h scale=%h irq=%b)",
                                 cyc, k, exp, mreg[0], mreg[1], |(mreg[2][1:0] & mreg[0][1:0]), rdata, ctrl, scale, irq);
                end
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 101; cyc = 0;
        mreg[3] = 8'ha5;
        rst = 1; we = 0; addr = 0; wdata = 0; ev = 0;
        @(negedge clk); step;
        rst = 0;
        we = 1; addr = 3; wdata = 8'h00; step;                 // RO: ignored
        ev = 2'b11; step;
        ev = 2'b01; we = 1; addr = 2; wdata = 8'hff; step;    // event wins on bit 0
        ev = 0; we = 1; addr = 0; wdata = 8'h03; step;
        for (cyc = 1; cyc < 1500; cyc = cyc + 1) begin
            we = $random(seed); addr = $random(seed); wdata = $random(seed);
            ev = ($random(seed) % 5 == 0) ? $random(seed) : 2'b00;
            rst = ($random(seed) % 300) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS regblock: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
