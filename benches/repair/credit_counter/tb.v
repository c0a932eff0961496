module tb;
    reg clk, rst, send, ret;
    reg  [3:0] init;
    wire [3:0] credits;
    wire can_send, err;
    integer mc, me, errors, checks, cyc, seed;

    credit_counter dut (.clk(clk), .rst(rst), .init(init), .send(send), .ret(ret),
                        .credits(credits), .can_send(can_send), .err(err));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin mc = init; me = 0; end
            else begin
                if (send && mc == 0) me = 1;
                if (ret && mc == 15) me = 1;
                mc = mc - ((send && mc > 0) ? 1 : 0) + ((ret && mc < 15) ? 1 : 0);
            end
            @(negedge clk);
            checks = checks + 1;
            if (credits !== mc[3:0] || err !== me[0] || can_send !== (mc != 0)) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d send=%b ret=%b exp=(credits=%0d err=%0d can_send=%0d) got=(credits=%0d err=%b can_send=%b)",
                             cyc, send, ret, mc, me, mc != 0, credits, err, can_send);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 15; cyc = 0; mc = 0; me = 0;
        rst = 1; init = 4; send = 0; ret = 0;
        @(negedge clk); step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            case ((cyc / 50) % 3)
                0: begin send = $random(seed) % 3 == 0; ret = $random(seed) % 3 != 0; end
                1: begin send = $random(seed) % 3 != 0; ret = $random(seed) % 3 == 0; end
                default: begin send = $random(seed) % 2 == 0; ret = $random(seed) % 2 == 0; end
            endcase
            init = $random(seed);
            rst = ($random(seed) % 100) == 0;
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS credit_counter: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
