module tb;
    reg clk, rst, clr, valid_in;
    reg  signed [7:0]  a_in, b_in;
    wire               valid_out;
    wire signed [7:0]  a_out, b_out;
    wire signed [31:0] acc;
    reg  signed [31:0] macc;
    reg  signed [7:0]  ma, mb;
    reg                mv;
    integer errors, checks, cyc, seed;

    pe_os dut (.clk(clk), .rst(rst), .clr(clr), .valid_in(valid_in), .a_in(a_in), .b_in(b_in),
               .valid_out(valid_out), .a_out(a_out), .b_out(b_out), .acc(acc));

    always #5 clk = ~clk;

    task step;
        begin
            @(posedge clk);
            if (rst) begin macc = 0; ma = 0; mb = 0; mv = 0; end
            else begin
                ma = a_in; mb = b_in; mv = valid_in;
                if (clr) macc = valid_in ? a_in * b_in : 0;
                else if (valid_in) macc = macc + a_in * b_in;
            end
            @(negedge clk);
            checks = checks + 1;
            if (acc !== macc || a_out !== ma || b_out !== mb || valid_out !== mv) begin
                errors = errors + 1;
                if (errors <= 5)
                    $display("MISMATCH cycle=%0d a=%0d b=%0d v=%b clr=%b exp=(acc=%0d a=%0d b=%0d v=%b) got=(acc=%0d a=%0d b=%0d v=%b)",
                             cyc, a_in, b_in, valid_in, clr, macc, ma, mb, mv, acc, a_out, b_out, valid_out);
            end
        end
    endtask

    initial begin
        clk = 0; errors = 0; checks = 0; seed = 31; cyc = 0;
        rst = 1; clr = 0; valid_in = 1; a_in = 1; b_in = 1;
        step;
        rst = 0;
        for (cyc = 1; cyc < 3000; cyc = cyc + 1) begin
            valid_in = ($random(seed) % 3) != 0;
            clr = ($random(seed) % 20) == 0;
            rst = ($random(seed) % 500) == 0;
            a_in = $random(seed); b_in = $random(seed);
            step;
        end
        if (errors != 0) $fatal(1, "%0d mismatches in %0d checks", errors, checks);
        $display("PASS pe_os: %0d checks", checks);
        $finish;
    end
    initial begin #1000000; $fatal(1, "timeout"); end
endmodule
