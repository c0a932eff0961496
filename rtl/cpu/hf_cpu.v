// hf_cpu: an in-order five-stage RV32I core with an RVFI retirement port,
// the fuzzer's own target (rtl/cpu/README.md describes the pipeline).
//
//   IF  pc drives imem_addr; the word comes back the same cycle
//   ID  decode, register read (bypassed from WB), load-use stall
//   EX  ALU, branch/jump resolution (redirect + flush), trap detection,
//       operands forwarded from EX/MEM and MEM/WB
//   MEM dmem access (combinational read, write at posedge), load align
//   WB  the RVFI registers themselves; the register file is written from
//       them at the next edge
//
// Injectable bugs: each `ifdef HF_CPU_BUG_<NAME>` below is one realistic
// small change, documented in rtl/cpu/BUGS.md.  Without any define this is
// the reference core.
module hf_cpu #(parameter [31:0] RESET_PC = 32'h0000_0000) (
  input  wire        clk,
  input  wire        rst,
  output wire [31:0] imem_addr,
  input  wire [31:0] imem_rdata,
  output wire        dmem_valid,
  output wire [31:0] dmem_addr,
  output wire [3:0]  dmem_wstrb,
  output wire [31:0] dmem_wdata,
  input  wire [31:0] dmem_rdata,
  output reg         rvfi_valid,
  output reg  [63:0] rvfi_order,
  output reg  [31:0] rvfi_insn,
  output reg         rvfi_trap,
  output reg         rvfi_halt,
  output reg         rvfi_intr,
  output reg  [1:0]  rvfi_mode,
  output reg  [1:0]  rvfi_ixl,
  output reg  [4:0]  rvfi_rs1_addr,
  output reg  [4:0]  rvfi_rs2_addr,
  output reg  [31:0] rvfi_rs1_rdata,
  output reg  [31:0] rvfi_rs2_rdata,
  output reg  [4:0]  rvfi_rd_addr,
  output reg  [31:0] rvfi_rd_wdata,
  output reg  [31:0] rvfi_pc_rdata,
  output reg  [31:0] rvfi_pc_wdata,
  output reg  [31:0] rvfi_mem_addr,
  output reg  [3:0]  rvfi_mem_rmask,
  output reg  [3:0]  rvfi_mem_wmask,
  output reg  [31:0] rvfi_mem_rdata,
  output reg  [31:0] rvfi_mem_wdata
);

  localparam [6:0] OP_LUI    = 7'b0110111;
  localparam [6:0] OP_AUIPC  = 7'b0010111;
  localparam [6:0] OP_JAL    = 7'b1101111;
  localparam [6:0] OP_JALR   = 7'b1100111;
  localparam [6:0] OP_BRANCH = 7'b1100011;
  localparam [6:0] OP_LOAD   = 7'b0000011;
  localparam [6:0] OP_STORE  = 7'b0100011;
  localparam [6:0] OP_IMM    = 7'b0010011;
  localparam [6:0] OP_REG    = 7'b0110011;
  localparam [6:0] OP_FENCE  = 7'b0001111;

  localparam [3:0] ALU_ADD  = 4'd0;
  localparam [3:0] ALU_SUB  = 4'd1;
  localparam [3:0] ALU_SLL  = 4'd2;
  localparam [3:0] ALU_SLT  = 4'd3;
  localparam [3:0] ALU_SLTU = 4'd4;
  localparam [3:0] ALU_XOR  = 4'd5;
  localparam [3:0] ALU_SRL  = 4'd6;
  localparam [3:0] ALU_SRA  = 4'd7;
  localparam [3:0] ALU_OR   = 4'd8;
  localparam [3:0] ALU_AND  = 4'd9;
  localparam [3:0] ALU_B    = 4'd10;   // pass operand b (LUI)

  // ------------------------------------------------------------------
  // Pipeline registers
  // ------------------------------------------------------------------
  reg [31:0] pc;            // IF: the address being fetched
  reg        halted;        // a trap reached EX: fetch nothing more

  reg        fd_valid;      // IF/ID
  reg [31:0] fd_pc;
  reg [31:0] fd_insn;

  reg        de_valid;      // ID/EX
  reg [31:0] de_pc;
  reg [31:0] de_insn;
  reg [31:0] de_imm;
  reg [4:0]  de_rs1;        // 0 when the instruction reads no rs1
  reg [4:0]  de_rs2;        // 0 when the instruction reads no rs2
  reg [4:0]  de_rd;         // 0 when the instruction writes no register
  reg [31:0] de_rs1_val;
  reg [31:0] de_rs2_val;
  reg [3:0]  de_alu;
  reg        de_a_pc;       // ALU operand a is the pc (AUIPC)
  reg        de_b_imm;      // ALU operand b is the immediate
  reg        de_load;
  reg        de_store;
  reg        de_branch;
  reg        de_jal;
  reg        de_jalr;
  reg        de_illegal;    // illegal encoding, ECALL, EBREAK, CSR: trap
  reg [2:0]  de_f3;

  reg        em_valid;      // EX/MEM
  reg [31:0] em_pc;
  reg [31:0] em_pc_next;
  reg [31:0] em_insn;
  reg        em_trap;
  reg [4:0]  em_rd;
  reg [31:0] em_result;     // ALU result, link address, or memory address
  reg [4:0]  em_rs1;
  reg [4:0]  em_rs2;
  reg [31:0] em_rs1_val;
  reg [31:0] em_rs2_val;
  reg        em_load;
  reg        em_store;
  reg [2:0]  em_f3;

  reg [63:0] order_cnt;     // the order of the next retirement

  // MEM/WB is the RVFI register set: the register file is written from it.
  wire       wb_wen = rvfi_valid && rvfi_rd_addr != 5'd0;

  // ------------------------------------------------------------------
  // Register file (x0 reads as 0; never written)
  // ------------------------------------------------------------------
  reg [31:0] rf [0:31];
`ifndef SYNTHESIS
  integer i;
  initial begin
    for (i = 0; i < 32; i = i + 1)
      rf[i] = 32'd0;
  end
`endif
  always @(posedge clk) begin
    if (wb_wen)
      rf[rvfi_rd_addr] <= rvfi_rd_wdata;
  end

  // ------------------------------------------------------------------
  // ID: decode
  // ------------------------------------------------------------------
  wire [6:0] id_op  = fd_insn[6:0];
  wire [4:0] id_rd  = fd_insn[11:7];
  wire [2:0] id_f3  = fd_insn[14:12];
  wire [4:0] id_rs1f = fd_insn[19:15];
  wire [4:0] id_rs2f = fd_insn[24:20];
  wire [6:0] id_f7  = fd_insn[31:25];

  wire [31:0] imm_i = {{20{fd_insn[31]}}, fd_insn[31:20]};
  wire [31:0] imm_s = {{20{fd_insn[31]}}, fd_insn[31:25], fd_insn[11:7]};
  wire [31:0] imm_b = {{20{fd_insn[31]}}, fd_insn[7], fd_insn[30:25],
                       fd_insn[11:8], 1'b0};
  wire [31:0] imm_u = {fd_insn[31:12], 12'd0};
  wire [31:0] imm_j = {{12{fd_insn[31]}}, fd_insn[19:12], fd_insn[20],
                       fd_insn[30:21], 1'b0};

  reg        id_use1, id_use2, id_wr;
  reg        id_load, id_store, id_branch, id_jal, id_jalr, id_illegal;
  reg        id_a_pc, id_b_imm;
  reg [3:0]  id_alu;
  reg [31:0] id_imm;

  always @* begin
    id_use1 = 1'b0;
    id_use2 = 1'b0;
    id_wr = 1'b0;
    id_load = 1'b0;
    id_store = 1'b0;
    id_branch = 1'b0;
    id_jal = 1'b0;
    id_jalr = 1'b0;
    id_illegal = 1'b0;
    id_a_pc = 1'b0;
    id_b_imm = 1'b1;
    id_alu = ALU_ADD;
    id_imm = imm_i;
    case (id_op)
      OP_LUI: begin
        id_wr = 1'b1;
        id_alu = ALU_B;
        id_imm = imm_u;
      end
      OP_AUIPC: begin
        id_wr = 1'b1;
        id_a_pc = 1'b1;
        id_imm = imm_u;
      end
      OP_JAL: begin
        id_wr = 1'b1;
        id_jal = 1'b1;
        id_imm = imm_j;
      end
      OP_JALR: begin
        id_wr = 1'b1;
        id_use1 = 1'b1;
        id_jalr = 1'b1;
        id_illegal = id_f3 != 3'd0;
      end
      OP_BRANCH: begin
        id_use1 = 1'b1;
        id_use2 = 1'b1;
        id_branch = 1'b1;
        id_imm = imm_b;
        id_illegal = id_f3 == 3'd2 || id_f3 == 3'd3;
      end
      OP_LOAD: begin
        id_wr = 1'b1;
        id_use1 = 1'b1;
        id_load = 1'b1;
        id_illegal = id_f3 == 3'd3 || id_f3 == 3'd6 || id_f3 == 3'd7;
      end
      OP_STORE: begin
        id_use1 = 1'b1;
        id_use2 = 1'b1;
        id_store = 1'b1;
        id_imm = imm_s;
        id_illegal = id_f3[2] || id_f3 == 3'd3;
      end
      OP_IMM: begin
        id_wr = 1'b1;
        id_use1 = 1'b1;
        case (id_f3)
`ifdef HF_CPU_BUG_ADDI_FUNCT7_SUB
          // shares the OP decode: funct7 == 0x20 selects SUB for ADDI too
          3'd0: id_alu = (id_f7 == 7'h20) ? ALU_SUB : ALU_ADD;
`else
          3'd0: id_alu = ALU_ADD;
`endif
          3'd1: begin
            id_alu = ALU_SLL;
            id_illegal = id_f7 != 7'h00;
          end
          3'd2: id_alu = ALU_SLT;
          3'd3: id_alu = ALU_SLTU;
          3'd4: id_alu = ALU_XOR;
          3'd5: begin
            id_alu = id_f7[5] ? ALU_SRA : ALU_SRL;
            id_illegal = id_f7 != 7'h00 && id_f7 != 7'h20;
          end
          3'd6: id_alu = ALU_OR;
          default: id_alu = ALU_AND;
        endcase
      end
      OP_REG: begin
        id_wr = 1'b1;
        id_use1 = 1'b1;
        id_use2 = 1'b1;
        id_b_imm = 1'b0;
        case (id_f3)
          3'd0: id_alu = id_f7[5] ? ALU_SUB : ALU_ADD;
          3'd1: id_alu = ALU_SLL;
          3'd2: id_alu = ALU_SLT;
          3'd3: id_alu = ALU_SLTU;
          3'd4: id_alu = ALU_XOR;
          3'd5: id_alu = id_f7[5] ? ALU_SRA : ALU_SRL;
          3'd6: id_alu = ALU_OR;
          default: id_alu = ALU_AND;
        endcase
        if (id_f3 == 3'd0 || id_f3 == 3'd5)
          id_illegal = id_f7 != 7'h00 && id_f7 != 7'h20;
        else
          id_illegal = id_f7 != 7'h00;
      end
      OP_FENCE: begin
        // FENCE and FENCE.I retire as nops; other fields are ignored
        id_illegal = id_f3[2:1] != 2'b00;
      end
      default: begin
        // SYSTEM (ECALL, EBREAK, CSR*) and every other opcode trap
        id_illegal = 1'b1;
      end
    endcase
    if (id_illegal) begin
      id_use1 = 1'b0;
      id_use2 = 1'b0;
      id_wr = 1'b0;
      id_load = 1'b0;
      id_store = 1'b0;
      id_branch = 1'b0;
      id_jal = 1'b0;
      id_jalr = 1'b0;
    end
  end

  wire [4:0] id_rs1 = id_use1 ? id_rs1f : 5'd0;
  wire [4:0] id_rs2 = id_use2 ? id_rs2f : 5'd0;

  // register read, bypassed from the instruction in WB
  wire [31:0] id_rs1_val = (id_rs1 == 5'd0) ? 32'd0 :
                           (wb_wen && rvfi_rd_addr == id_rs1) ? rvfi_rd_wdata :
                           rf[id_rs1];
`ifdef HF_CPU_BUG_ID_BYPASS_RS2
  // copy-pasted from the rs1 line: compares WB's rd with rs1
  wire [31:0] id_rs2_val = (id_rs2 == 5'd0) ? 32'd0 :
                           (wb_wen && rvfi_rd_addr == id_rs1) ? rvfi_rd_wdata :
                           rf[id_rs2];
`else
  wire [31:0] id_rs2_val = (id_rs2 == 5'd0) ? 32'd0 :
                           (wb_wen && rvfi_rd_addr == id_rs2) ? rvfi_rd_wdata :
                           rf[id_rs2];
`endif

  // load-use hazard: the load in EX has its data only in MEM
  wire hz_rs1 = id_rs1 != 5'd0 && id_rs1 == de_rd
`ifdef HF_CPU_BUG_LOADUSE_RS1_EQ_RD
                // "an instruction that overwrites its own source need not wait"
                && id_rd != id_rs1
`endif
`ifdef HF_CPU_BUG_LOADUSE_BRANCH
                && !id_branch
`endif
                ;
  wire hz_rs2 = id_rs2 != 5'd0 && id_rs2 == de_rd
`ifdef HF_CPU_BUG_LOADUSE_BRANCH
                && !id_branch
`endif
                ;
  wire id_stall = fd_valid && de_valid && de_load && (hz_rs1 || hz_rs2);

`ifdef HF_CPU_BUG_STALL_STALE_OPERAND
  // the operands read in the first cycle of a stall are kept for the
  // cycle the stall ends: a register written back during the stall (by
  // the instruction just before the load) is missed
  reg        held;
  reg [31:0] held_rs1, held_rs2;
  always @(posedge clk) begin
    held <= id_stall;
    if (id_stall && !held) begin
      held_rs1 <= id_rs1_val;
      held_rs2 <= id_rs2_val;
    end
  end
  wire [31:0] id_rs1_op = held ? held_rs1 : id_rs1_val;
  wire [31:0] id_rs2_op = held ? held_rs2 : id_rs2_val;
`else
  wire [31:0] id_rs1_op = id_rs1_val;
  wire [31:0] id_rs2_op = id_rs2_val;
`endif

  // ------------------------------------------------------------------
  // EX
  // ------------------------------------------------------------------
  wire fwd1_mem = em_valid && em_rd != 5'd0 && em_rd == de_rs1;
  wire fwd1_wb  = wb_wen && rvfi_rd_addr == de_rs1;
  wire fwd2_mem = em_valid && em_rd != 5'd0 && em_rd == de_rs2
`ifdef HF_CPU_BUG_FWD_RS2_SAME_RS1
                  // "the rs1 path already forwards that register"
                  && de_rs2 != de_rs1
`endif
                  ;
  wire fwd2_wb  = wb_wen && rvfi_rd_addr == de_rs2;

  wire [31:0] ex_rs1 = de_rs1 == 5'd0 ? 32'd0 :
                       fwd1_mem ? em_result :
                       fwd1_wb ? rvfi_rd_wdata : de_rs1_val;
`ifdef HF_CPU_BUG_FWD_PRIORITY_RS2
  // the older result (MEM/WB) wins over the newer one (EX/MEM)
  wire [31:0] ex_rs2 = de_rs2 == 5'd0 ? 32'd0 :
                       fwd2_wb ? rvfi_rd_wdata :
                       fwd2_mem ? em_result : de_rs2_val;
`else
  wire [31:0] ex_rs2 = de_rs2 == 5'd0 ? 32'd0 :
                       fwd2_mem ? em_result :
                       fwd2_wb ? rvfi_rd_wdata : de_rs2_val;
`endif

  // store data has its own mux (it is only needed in MEM)
`ifdef HF_CPU_BUG_STORE_NO_WB_FWD
  wire [31:0] ex_st_data = de_rs2 == 5'd0 ? 32'd0 :
                           fwd2_mem ? em_result : de_rs2_val;
`else
  wire [31:0] ex_st_data = ex_rs2;
`endif

  wire [31:0] alu_a = de_a_pc ? de_pc : ex_rs1;
  wire [31:0] alu_b = de_b_imm ? de_imm : ex_rs2;
`ifdef HF_CPU_BUG_SLL_SHAMT4
  wire [4:0]  sll_amt = {1'b0, alu_b[3:0]};
`else
  wire [4:0]  sll_amt = alu_b[4:0];
`endif

`ifdef HF_CPU_BUG_SUB_CARRY16
  // a subtractor in two 16-bit halves: the upper half's carry-in is
  // taken from the low half's sum before the +1 of the two's complement
  wire [16:0] sub_lo0 = {1'b0, alu_a[15:0]} + {1'b0, ~alu_b[15:0]};
  wire [15:0] sub_lo = sub_lo0[15:0] + 16'd1;
  wire [15:0] sub_hi = alu_a[31:16] + ~alu_b[31:16] + {15'd0, sub_lo0[16]};
  wire [31:0] sub_y = {sub_hi, sub_lo};
`else
  wire [31:0] sub_y = alu_a - alu_b;
`endif

  reg [31:0] alu_y;
  always @* begin
    case (de_alu)
      ALU_ADD:  alu_y = alu_a + alu_b;
      ALU_SUB:  alu_y = sub_y;
      ALU_SLL:  alu_y = alu_a << sll_amt;
      ALU_SLT:  alu_y = {31'd0, $signed(alu_a) < $signed(alu_b)};
`ifdef HF_CPU_BUG_SLTU_SIGNED
      ALU_SLTU: alu_y = {31'd0, $signed(alu_a) < $signed(alu_b)};
`else
      ALU_SLTU: alu_y = {31'd0, alu_a < alu_b};
`endif
      ALU_XOR:  alu_y = alu_a ^ alu_b;
      ALU_SRL:  alu_y = alu_a >> alu_b[4:0];
`ifdef HF_CPU_BUG_SRA_AS_SRL
      ALU_SRA:  alu_y = alu_a >> alu_b[4:0];
`else
      ALU_SRA:  alu_y = $signed(alu_a) >>> alu_b[4:0];
`endif
      ALU_OR:   alu_y = alu_a | alu_b;
      ALU_AND:  alu_y = alu_a & alu_b;
      default:  alu_y = alu_b;
    endcase
  end

  // branches
  wire br_eq  = ex_rs1 == ex_rs2;
  wire br_lt  = $signed(ex_rs1) < $signed(ex_rs2);
  wire br_ltu = ex_rs1 < ex_rs2;
  reg  br_cond;
  always @* begin
    case (de_f3)
      3'd0: br_cond = br_eq;
      3'd1: br_cond = !br_eq;
      3'd4: br_cond = br_lt;
      3'd5: br_cond = !br_lt;
      3'd6: br_cond = br_ltu;
      default: br_cond = !br_ltu;
    endcase
  end

`ifdef HF_CPU_BUG_JALR_NO_FWD
  // the target adder reads the register value straight from ID/EX
  wire [31:0] jalr_sum = (de_rs1 == 5'd0 ? 32'd0 : de_rs1_val) + de_imm;
`else
  wire [31:0] jalr_sum = ex_rs1 + de_imm;
`endif
  wire [31:0] ex_target = de_jalr ? (jalr_sum & ~32'd1) : de_pc + de_imm;
  wire [31:0] ex_link = de_pc + 32'd4;
  wire        ex_take = de_jal || de_jalr || (de_branch && br_cond);
`ifdef HF_CPU_BUG_JALR_MISALIGN_NOTRAP
  wire        ex_tmis = ex_take && !de_jalr && ex_target[1];
`else
  wire        ex_tmis = ex_take && ex_target[1];
`endif

  // memory address alignment (alu_y is the address for loads and stores)
  reg ex_mmis;
  always @* begin
    case (de_f3[1:0])
      2'd0: ex_mmis = 1'b0;
`ifdef HF_CPU_BUG_LH_MISALIGN_OFF1
      // "only a halfword that crosses the word boundary is misaligned"
      2'd1: ex_mmis = alu_y[1:0] == 2'b11;
`else
      2'd1: ex_mmis = alu_y[0];
`endif
      default: ex_mmis = alu_y[1:0] != 2'b00;
    endcase
    if (!(de_load || de_store))
      ex_mmis = 1'b0;
  end

  wire ex_trap = de_valid && (de_illegal || ex_tmis || ex_mmis);
  wire ex_redirect = de_valid && !ex_trap && ex_take;
  wire [31:0] ex_pc_next = ex_take ? ex_target : ex_link;

  // ------------------------------------------------------------------
  // IF and the pipeline registers
  // ------------------------------------------------------------------
  assign imem_addr = pc;

  always @(posedge clk) begin
    if (rst) begin
      pc <= RESET_PC;
      halted <= 1'b0;
      fd_valid <= 1'b0;
    end else if (ex_trap) begin
      halted <= 1'b1;
      fd_valid <= 1'b0;
    end else if (ex_redirect) begin
      pc <= ex_target;
`ifdef HF_CPU_BUG_JAL_NO_FLUSH
      fd_valid <= fd_valid && de_jal;
`else
      fd_valid <= 1'b0;
`endif
    end else if (!id_stall) begin
      fd_valid <= !halted;
      if (!halted)
        pc <= pc + 32'd4;
    end
    if (!id_stall && !(ex_trap || ex_redirect)) begin
      fd_pc <= pc;
      fd_insn <= imem_rdata;
    end
  end

  always @(posedge clk) begin
    if (rst)
      de_valid <= 1'b0;
    else if (ex_trap)
      de_valid <= 1'b0;
    else if (ex_redirect)
`ifdef HF_CPU_BUG_ECALL_SHADOW
      // "a trap is never lost": a trapping instruction survives the flush
      de_valid <= fd_valid && id_illegal;
`else
      de_valid <= 1'b0;
`endif
    else
      de_valid <= fd_valid && !id_stall;
    de_pc <= fd_pc;
    de_insn <= fd_insn;
    de_imm <= id_imm;
    de_rs1 <= id_rs1;
    de_rs2 <= id_rs2;
    de_rd <= id_wr ? id_rd : 5'd0;
    de_rs1_val <= id_rs1_op;
    de_rs2_val <= id_rs2_op;
    de_alu <= id_alu;
    de_a_pc <= id_a_pc;
    de_b_imm <= id_b_imm;
    de_load <= id_load;
    de_store <= id_store;
    de_branch <= id_branch;
    de_jal <= id_jal;
    de_jalr <= id_jalr;
    de_illegal <= id_illegal;
    de_f3 <= id_f3;
  end

  always @(posedge clk) begin
    if (rst)
      em_valid <= 1'b0;
    else
      em_valid <= de_valid;
    em_pc <= de_pc;
    em_pc_next <= ex_pc_next;
    em_insn <= de_insn;
    em_trap <= ex_trap;
    em_rd <= ex_trap ? 5'd0 : de_rd;
    em_result <= (de_jal || de_jalr) ? ex_link : alu_y;
    em_rs1 <= de_rs1;
    em_rs2 <= de_rs2;
    em_rs1_val <= ex_rs1;
    em_rs2_val <= de_store ? ex_st_data : ex_rs2;
    em_load <= de_load && !ex_trap;
    em_store <= de_store && !ex_trap;
    em_f3 <= de_f3;
  end

  // ------------------------------------------------------------------
  // MEM
  // ------------------------------------------------------------------
  wire [1:0] mem_off = em_result[1:0];
  wire [4:0] mem_sh = {mem_off, 3'b000};
  reg  [3:0] mem_mask;      // byte lanes touched
  always @* begin
    case (em_f3[1:0])
      2'd0: mem_mask = 4'b0001 << mem_off;
      2'd1: mem_mask = 4'b0011 << mem_off;
      default: mem_mask = 4'b1111;
    endcase
  end
  wire [31:0] lane_bits = {{8{mem_mask[3]}}, {8{mem_mask[2]}},
                           {8{mem_mask[1]}}, {8{mem_mask[0]}}};
  wire [31:0] st_data = em_rs2_val << mem_sh;

  assign dmem_valid = em_valid && (em_load || em_store);
  assign dmem_addr = {em_result[31:2], 2'b00};
  assign dmem_wstrb = (em_valid && em_store) ? mem_mask : 4'b0000;
  assign dmem_wdata = st_data & lane_bits;

  reg  [7:0]  ld_byte;
  wire [15:0] ld_half = mem_off[1] ? dmem_rdata[31:16] : dmem_rdata[15:0];
  reg        lb_sign, lh_sign;
  always @* begin
    case (mem_off)
      2'd0: ld_byte = dmem_rdata[7:0];
      2'd1: ld_byte = dmem_rdata[15:8];
      2'd2: ld_byte = dmem_rdata[23:16];
      default: ld_byte = dmem_rdata[31:24];
    endcase
    case (mem_off)
      2'd0: lb_sign = dmem_rdata[7];
      2'd1: lb_sign = dmem_rdata[15];
      2'd2: lb_sign = dmem_rdata[23];
`ifdef HF_CPU_BUG_LB_SIGN_OFF3
      default: lb_sign = dmem_rdata[23];
`else
      default: lb_sign = dmem_rdata[31];
`endif
    endcase
`ifdef HF_CPU_BUG_LH_SIGN_OFF2
    lh_sign = dmem_rdata[15];
`else
    lh_sign = mem_off[1] ? dmem_rdata[31] : dmem_rdata[15];
`endif
  end
  reg [31:0] ld_val;
  always @* begin
    case (em_f3)
      3'd0: ld_val = {{24{lb_sign}}, ld_byte};
      3'd1: ld_val = {{16{lh_sign}}, ld_half};
      3'd4: ld_val = {24'd0, ld_byte};
      3'd5: ld_val = {16'd0, ld_half};
      default: ld_val = dmem_rdata;
    endcase
  end

  // ------------------------------------------------------------------
  // WB: the RVFI registers
  // ------------------------------------------------------------------
  always @(posedge clk) begin
    if (rst) begin
      rvfi_valid <= 1'b0;
      order_cnt <= 64'd0;
    end else begin
      rvfi_valid <= em_valid;
      if (em_valid)
        order_cnt <= order_cnt + 64'd1;
    end
    rvfi_order <= order_cnt;
    rvfi_insn <= em_insn;
    rvfi_trap <= em_trap;
    rvfi_halt <= em_trap;
    rvfi_intr <= 1'b0;
    rvfi_mode <= 2'd3;
    rvfi_ixl <= 2'd1;
    rvfi_rs1_addr <= em_rs1;
    rvfi_rs2_addr <= em_rs2;
    rvfi_rs1_rdata <= em_rs1_val;
    rvfi_rs2_rdata <= em_rs2_val;
    rvfi_rd_addr <= em_rd;
    rvfi_rd_wdata <= em_rd == 5'd0 ? 32'd0 : em_load ? ld_val : em_result;
    rvfi_pc_rdata <= em_pc;
    rvfi_pc_wdata <= em_pc_next;
    rvfi_mem_addr <= (em_load || em_store) ? dmem_addr : 32'd0;
    rvfi_mem_rmask <= em_load ? mem_mask : 4'b0000;
    rvfi_mem_wmask <= em_store ? mem_mask : 4'b0000;
    rvfi_mem_rdata <= em_load ? (dmem_rdata & lane_bits) : 32'd0;
    rvfi_mem_wdata <= em_store ? (st_data & lane_bits) : 32'd0;
  end

endmodule
