// tb_cpu: the trusted Icarus testbench for hf_cpu (rtl/cpu/README.md).
//
// A 64 KiB memory (addresses alias modulo its size) with combinational
// reads on both ports, loaded with $readmemh from +prog=FILE (one 32-bit
// word per line, word 0 at address 0).  The core runs until it retires a
// record with rvfi_halt set or +maxcycles=N (default 20000) pass.  The
// architectural register file is rebuilt from the RVFI records alone, so
// the signature does not depend on the core's internals.  At the end it
// prints:
//   retired N            records retired
//   trap PC INSN         the halting record (or "timeout")
//   xK VALUE             x1..x31
//   mADDR VALUE          the words at 0x2000..0x207c
// With +trace every record is printed as it retires.  RVFI sanity errors
// (order not counting from 0, a write to x0, rd_wdata without rd_addr)
// print "FATAL:" lines.
module tb_cpu;
  reg clk = 1'b0;
  reg rst = 1'b1;

  wire [31:0] imem_addr;
  wire [31:0] imem_rdata;
  wire        dmem_valid;
  wire [31:0] dmem_addr;
  wire [3:0]  dmem_wstrb;
  wire [31:0] dmem_wdata;
  wire [31:0] dmem_rdata;
  wire        rvfi_valid;
  wire [63:0] rvfi_order;
  wire [31:0] rvfi_insn;
  wire        rvfi_trap;
  wire        rvfi_halt;
  wire        rvfi_intr;
  wire [1:0]  rvfi_mode;
  wire [1:0]  rvfi_ixl;
  wire [4:0]  rvfi_rs1_addr;
  wire [4:0]  rvfi_rs2_addr;
  wire [31:0] rvfi_rs1_rdata;
  wire [31:0] rvfi_rs2_rdata;
  wire [4:0]  rvfi_rd_addr;
  wire [31:0] rvfi_rd_wdata;
  wire [31:0] rvfi_pc_rdata;
  wire [31:0] rvfi_pc_wdata;
  wire [31:0] rvfi_mem_addr;
  wire [3:0]  rvfi_mem_rmask;
  wire [3:0]  rvfi_mem_wmask;
  wire [31:0] rvfi_mem_rdata;
  wire [31:0] rvfi_mem_wdata;

  hf_cpu dut (
    .clk(clk), .rst(rst),
    .imem_addr(imem_addr), .imem_rdata(imem_rdata),
    .dmem_valid(dmem_valid), .dmem_addr(dmem_addr), .dmem_wstrb(dmem_wstrb),
    .dmem_wdata(dmem_wdata), .dmem_rdata(dmem_rdata),
    .rvfi_valid(rvfi_valid), .rvfi_order(rvfi_order), .rvfi_insn(rvfi_insn),
    .rvfi_trap(rvfi_trap), .rvfi_halt(rvfi_halt), .rvfi_intr(rvfi_intr),
    .rvfi_mode(rvfi_mode), .rvfi_ixl(rvfi_ixl),
    .rvfi_rs1_addr(rvfi_rs1_addr), .rvfi_rs2_addr(rvfi_rs2_addr),
    .rvfi_rs1_rdata(rvfi_rs1_rdata), .rvfi_rs2_rdata(rvfi_rs2_rdata),
    .rvfi_rd_addr(rvfi_rd_addr), .rvfi_rd_wdata(rvfi_rd_wdata),
    .rvfi_pc_rdata(rvfi_pc_rdata), .rvfi_pc_wdata(rvfi_pc_wdata),
    .rvfi_mem_addr(rvfi_mem_addr), .rvfi_mem_rmask(rvfi_mem_rmask),
    .rvfi_mem_wmask(rvfi_mem_wmask), .rvfi_mem_rdata(rvfi_mem_rdata),
    .rvfi_mem_wdata(rvfi_mem_wdata)
  );

  reg [31:0] mem [0:16383];
  reg [31:0] xreg [0:31];
  reg [1023:0] prog;
  integer maxcycles;
  integer cycles;
  integer retired;
  integer k;
  reg trace;

  assign imem_rdata = mem[imem_addr[15:2]];
  assign dmem_rdata = mem[dmem_addr[15:2]];

  always @(posedge clk) begin
    if (dmem_valid) begin
      for (k = 0; k < 4; k = k + 1)
        if (dmem_wstrb[k])
          mem[dmem_addr[15:2]][8*k +: 8] <= dmem_wdata[8*k +: 8];
    end
  end

  always #5 clk = !clk;

  task dump;
    integer j;
    reg [15:0] a;
    begin
      $display("retired %0d", retired);
      for (j = 1; j < 32; j = j + 1)
        $display("x%0d %08x", j, xreg[j]);
      for (j = 0; j < 32; j = j + 1)
      begin
        a = 16'h2000 + 16'd4 * j[15:0];
        $display("m%04x %08x", a, mem[a[15:2]]);
      end
    end
  endtask

  initial begin
    for (k = 0; k < 16384; k = k + 1)
      mem[k] = 32'd0;
    for (k = 0; k < 32; k = k + 1)
      xreg[k] = 32'd0;
    if (!$value$plusargs("prog=%s", prog)) begin
      $display("FATAL: no +prog=FILE");
      $finish;
    end
    $readmemh(prog, mem);
    if (!$value$plusargs("maxcycles=%d", maxcycles))
      maxcycles = 20000;
    trace = $test$plusargs("trace");
    retired = 0;
    cycles = 0;
    repeat (3) @(posedge clk);
    #1 rst = 1'b0;
  end

  // sample the registered RVFI outputs between edges
  always @(negedge clk) begin
    if (!rst) begin
      cycles = cycles + 1;
      if (rvfi_valid) begin
        if (trace)
          $display("rvfi %0d pc %08x insn %08x rd %0d %08x mem %08x r%b w%b %08x %08x trap %0d",
                   rvfi_order, rvfi_pc_rdata, rvfi_insn, rvfi_rd_addr,
                   rvfi_rd_wdata, rvfi_mem_addr, rvfi_mem_rmask,
                   rvfi_mem_wmask, rvfi_mem_rdata, rvfi_mem_wdata, rvfi_trap);
        if (rvfi_order != retired)
          $display("FATAL: rvfi_order %0d, expected %0d", rvfi_order, retired);
        if (rvfi_rd_addr == 5'd0 && rvfi_rd_wdata != 32'd0)
          $display("FATAL: rd_wdata %08x with rd_addr 0", rvfi_rd_wdata);
        if (rvfi_mode != 2'd3 || rvfi_ixl != 2'd1 || rvfi_intr)
          $display("FATAL: mode/ixl/intr");
        retired = retired + 1;
        if (rvfi_rd_addr != 5'd0)
          xreg[rvfi_rd_addr] = rvfi_rd_wdata;
        if (rvfi_halt) begin
          dump;
          $display("trap %08x %08x", rvfi_pc_rdata, rvfi_insn);
          $finish;
        end
      end
      if (cycles >= maxcycles) begin
        dump;
        $display("timeout");
        $finish;
      end
    end
  end
endmodule
