// Includes a 70000-cycle stretch without clr to reach saturation.
module tb;
    reg clk, rst, en, event_in, clr, snap;
    wire [15:0] cycles, events, snap_cycles, snap_events;
    integer mc, me, sc, se, errors, checks, cyc, seed;

    perf_counter dut (.clk(clk), .rst(rst), .en(en), .event_in(event_in), .clr(clr), .snap(snap),
                      .cycles(cycles), .events(events), .snap_cycles(snap_cycles), .snap_events(snap_events));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mc = 0; me = 0; sc = 0; se = 0; end
            else begin
                if (snap) begin sc = mc; se = me; end
                if (clr) begin mc = 0; me = 0; end
                else if (en) begin
                    if (mc < 65535) mc = mc + 1;
                    if (event_in && me < 65535) me = me + 1;
                end
            end
            @(negedge clk);
            checks = checks + 1;
            if (cycles !== mc[15:0] || events !== me[15:0] || snap_cycles !== sc[15:0] || snap_events !== se[15:0]) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d en=%b ev=%b clr=%b snap=%b exp=(%0d %0d %0d %0d) got=(%0d %0d %0d %0d)",
                             cyc, en, event_in, clr, snap, mc, me, sc, se, cycles, events, snap_cycles, snap_events);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 31337; cyc = 0;
        rst = 1; en = 0; event_in = 0; clr = 0; snap = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            en = ($random(seed) % 4) != 0;
            event_in = $random(seed);
            clr = ($random(seed) % 200) == 0;
            snap = ($random(seed) % 10) == 0;
            rst = ($random(seed) % 1000) == 0;
            step;
        end
        clr = 0; snap = 0; rst = 0; en = 1; event_in = 1;
        for (cyc = 3000; cyc < 73000; cyc = cyc + 1) begin
            snap = (cyc % 5000) == 0;
            event_in = cyc % 50 != 0;   // ~68600 events: saturates too
            step;
        end
        snap = 1; step;
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS perf_counter: %0d checks", checks);
        $finish;
    end
    initial begin #2000000; $fatal(1, "timeout"); end
endmodule
