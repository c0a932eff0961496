module perf_counter (
    input  wire        clk,
    input  wire        rst,
    input  wire        en,
    input  wire        event_in,
    input  wire        clr,
    input  wire        snap,
    output reg  [15:0] cycles,
    output reg  [15:0] events,
    output reg  [15:0] snap_cycles,
    output reg  [15:0] snap_events
);
    always @(posedge clk) begin
        if (rst) begin
            cycles <= 16'd0;
            events <= 16'd0;
            snap_cycles <= 16'd0;
            snap_events <= 16'd0;
        end else begin
            if (clr) begin
                cycles <= 16'd0;
                events <= 16'd0;
            end else if (en) begin
                if (~&cycles) cycles <= cycles + 16'd1;
                if (event_in && ~&events) events <= events + 16'd1;
            end
            if (snap) begin
                snap_cycles <= cycles;
                snap_events <= events;
            end
        end
    end
endmodule
