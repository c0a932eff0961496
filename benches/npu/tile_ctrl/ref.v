module tile_ctrl (
    input  wire       clk,
    input  wire       rst,
    input  wire       start,
    input  wire [3:0] rows,
    input  wire [3:0] cols,
    output reg        busy,
    output reg        valid,
    output reg  [3:0] row,
    output reg  [3:0] col,
    output reg        done
);
    reg [3:0] nr, nc;
    wire last_col = (col == nc - 4'd1);
    wire last_row = (row == nr - 4'd1);
    always @(posedge clk) begin
        if (rst) begin
            busy <= 1'b0;
            valid <= 1'b0;
            done <= 1'b0;
            row <= 4'd0;
            col <= 4'd0;
            nr <= 4'd0;
            nc <= 4'd0;
        end else if (!busy) begin
            done <= 1'b0;
            row <= 4'd0;
            col <= 4'd0;
            if (start) begin
                nr <= rows;
                nc <= cols;
                if (rows == 4'd0 || cols == 4'd0)
                    done <= 1'b1;
                else begin
                    busy <= 1'b1;
                    valid <= 1'b1;
                end
            end
        end else if (last_col && last_row) begin
            busy <= 1'b0;
            valid <= 1'b0;
            done <= 1'b1;
        end else if (last_col) begin
            col <= 4'd0;
            row <= row + 4'd1;
        end else
            col <= col + 4'd1;
    end
endmodule
