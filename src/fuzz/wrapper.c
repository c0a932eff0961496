#include "config.h"

#include <assert.h>
#include <string.h>

#include "fuzz/fuzz-int.h"

/*
 * The trusted Verilog around a core: a RAM as a reg array (addresses alias
 * modulo its size, fetches too), the memory interface of the core's kind,
 * RVFI and a coverage vector brought out to ports of hf_fuzz_top.  The
 * same wrapper is Verilated for the in-process harness and compiled by
 * Icarus for reproduction.
 */

static const char *const rvfi_ports[][2] = {
	{ "valid", "" },          { "order", "[63:0] " },
	{ "insn", "[31:0] " },    { "trap", "" },
	{ "halt", "" },           { "intr", "" },
	{ "rs1_addr", "[4:0] " }, { "rs2_addr", "[4:0] " },
	{ "rs1_rdata", "[31:0] " }, { "rs2_rdata", "[31:0] " },
	{ "rd_addr", "[4:0] " },  { "rd_wdata", "[31:0] " },
	{ "pc_rdata", "[31:0] " }, { "pc_wdata", "[31:0] " },
	{ "mem_addr", "[31:0] " }, { "mem_rmask", "[3:0] " },
	{ "mem_wmask", "[3:0] " }, { "mem_rdata", "[31:0] " },
	{ "mem_wdata", "[31:0] " },
};
#define NRVFI (sizeof(rvfi_ports) / sizeof(*rvfi_ports))

static unsigned log2u(uint32_t v)
{
	unsigned n = 0;

	while ((1u << n) < v)
		n++;
	return n;
}

static int ports(struct buf *b)
{
	int rc = buf_addstr(b, "module hf_fuzz_top (\n\tinput clk,\n\tinput rst,\n");

	for (size_t i = 0; i < NRVFI; i++)
		rc |= buf_addf(b, "\toutput %srvfi_%s,\n", rvfi_ports[i][1],
			       rvfi_ports[i][0]);
	rc |= buf_addf(b, "\toutput [%u:0] cov\n);\n", FUZZ_COV_WIDTH - 1);
	return rc;
}

static int ram(struct buf *b, const struct fuzz_core *c)
{
	unsigned aw = log2u(c->ram_size / 4);

	return buf_addf(b,
			"\tlocalparam WORDS = %u;\n"
			"\treg [31:0] ram [0:WORDS-1] /*verilator public_flat_rw*/;\n"
			"\tfunction [%u:0] widx(input [31:0] a);\n"
			"\t\twidx = a[%u:2];\n"
			"\tendfunction\n",
			c->ram_size / 4, aw - 1, aw + 1);
}

/* The ram's write port: bus's byte strobes on <bus>_valid. */
static int store(struct buf *b, const char *bus)
{
	int rc = buf_addf(b,
			  "\talways @(posedge clk)\n\t\tif (%s_valid && "
			  "|%s_wstrb) begin\n",
			  bus, bus);

	for (int i = 0; i < 4; i++)
		rc |= buf_addf(
			b,
			"\t\t\tif (%s_wstrb[%d]) ram[widx(%s_addr)][%d:%d] "
			"<= %s_wdata[%d:%d];\n",
			bus, i, bus, 8 * i + 7, 8 * i, bus, 8 * i + 7, 8 * i);
	return rc | buf_addstr(b, "\t\tend\n");
}

static int reset_pin(struct buf *b, const struct fuzz_core *c)
{
	return buf_addf(b, "\t\t.%s(%s),\n\t\t.%s(clk),\n", c->reset,
			c->reset_active_low ? "!rst" : "rst", c->clock);
}

int fuzz__instance_start(struct buf *b, const struct fuzz_core *c)
{
	int rc = buf_addf(b, "\t%s ", c->top);

	if (c->nparams) {
		rc |= buf_addstr(b, "#(\n");
		for (size_t i = 0; i < c->nparams; i++) {
			const char *eq = strchr(c->params[i], '=');

			rc |= buf_addf(b, "\t\t.%.*s(%s)%s\n",
				       (int)(eq - c->params[i]), c->params[i],
				       eq + 1, i + 1 < c->nparams ? "," : "");
		}
		rc |= buf_addstr(b, "\t) ");
	}
	return rc | buf_addstr(b, "dut (\n");
}

static int instance_head(struct buf *b, const struct fuzz_core *c)
{
	int rc = fuzz__instance_start(b, c);

	rc |= reset_pin(b, c);
	for (size_t i = 0; i < NRVFI; i++)
		rc |= buf_addf(b, "\t\t.rvfi_%s(rvfi_%s),\n", rvfi_ports[i][0],
			       rvfi_ports[i][0]);
	return rc;
}

/*
 * A core's memory bus: the wires the wrapper declares, the prefix of the
 * <bus>_valid, _addr, _wstrb and _wdata wires that write the ram (store),
 * and the bus pins of the instance.
 */
struct mem_bus {
	const char *wires;
	const char *bus;
	const char *pins;
};

static const struct mem_bus mem_buses[] = {
	/* combinational imem/dmem ports, our rtl/cpu */
	[FUZZ_MEM_HF_CPU] = {
		.wires = "\twire [31:0] imem_addr, dmem_addr, dmem_wdata;\n"
			 "\twire dmem_valid;\n\twire [3:0] dmem_wstrb;\n"
			 "\twire [31:0] imem_rdata = ram[widx(imem_addr)];\n"
			 "\twire [31:0] dmem_rdata = ram[widx(dmem_addr)];\n",
		.bus = "dmem",
		.pins = "\t\t.imem_addr(imem_addr),\n"
			"\t\t.imem_rdata(imem_rdata),\n"
			"\t\t.dmem_valid(dmem_valid),\n"
			"\t\t.dmem_addr(dmem_addr),\n"
			"\t\t.dmem_wstrb(dmem_wstrb),\n"
			"\t\t.dmem_wdata(dmem_wdata),\n"
			"\t\t.dmem_rdata(dmem_rdata)\n\t);\n",
	},
	/* picorv32's bus, answered in the same cycle (mem_ready = mem_valid) */
	[FUZZ_MEM_PICORV32] = {
		.wires = "\twire mem_valid, mem_instr;\n"
			 "\twire [31:0] mem_addr, mem_wdata;\n"
			 "\twire [3:0] mem_wstrb;\n"
			 "\twire mem_ready = mem_valid;\n"
			 "\twire [31:0] mem_rdata = ram[widx(mem_addr)];\n",
		.bus = "mem",
		.pins = "\t\t.mem_valid(mem_valid),\n"
			"\t\t.mem_instr(mem_instr),\n"
			"\t\t.mem_ready(mem_ready),\n"
			"\t\t.mem_addr(mem_addr),\n"
			"\t\t.mem_wdata(mem_wdata),\n"
			"\t\t.mem_wstrb(mem_wstrb),\n"
			"\t\t.mem_rdata(mem_rdata),\n"
			"\t\t.pcpi_wr(1'b0), .pcpi_rd(32'd0),\n"
			"\t\t.pcpi_wait(1'b0), .pcpi_ready(1'b0),\n"
			"\t\t.irq(32'd0)\n\t);\n",
	},
};

/* The ram port of the wrapper and the instance, over c's memory bus. */
static int mem(struct buf *b, const struct fuzz_core *c)
{
	const struct mem_bus *m;
	int rc;

	assert((size_t)c->mem < sizeof(mem_buses) / sizeof(*mem_buses));
	m = &mem_buses[c->mem];
	rc = buf_addstr(b, m->wires);

	rc |= store(b, m->bus);
	rc |= instance_head(b, c);
	return rc | buf_addstr(b, m->pins);
}

/*
 * The coverage vector: the core file's control registers through
 * hierarchical references, or (none listed) a decode of the retired
 * instruction, so every core gets some signal.
 */
static int cov(struct buf *b, const struct fuzz_core *c)
{
	int rc = 0;

	if (!c->ncov)
		return buf_addstr(b,
				  "\tassign cov = {rvfi_valid, rvfi_insn[6:2], "
				  "rvfi_insn[14:12], rvfi_insn[30], rvfi_trap, "
				  "rvfi_mem_rmask, rvfi_mem_wmask, "
				  "rvfi_rd_addr == 5'd0, "
				  "rvfi_rs1_addr == rvfi_rd_addr, "
				  "rvfi_rs2_addr == rvfi_rd_addr};\n");
	rc |= buf_addstr(b, "\tassign cov = {");
	for (size_t i = 0; i < c->ncov; i++)
		rc |= buf_addf(b, "%sdut.%s", i ? ", " : "", c->cov_signals[i]);
	return rc | buf_addstr(b, "};\n");
}

int fuzz_wrapper_verilog(struct buf *out, const struct fuzz_core *c)
{
	int rc;

	if (c->target == FUZZ_TARGET_NPU)
		return fuzz__npu_wrapper(out, c);
	rc = buf_addf(out,
			  "// generated by hwforge fuzz for top '%s': trusted "
			  "wrapper, do not edit\n"
			  "/* verilator lint_off WIDTH */\n"
			  "/* verilator lint_off PINMISSING */\n"
			  "/* verilator lint_off UNUSED */\n",
			  c->top);

	rc |= ports(out);
	rc |= ram(out, c);
	rc |= mem(out, c);
	rc |= cov(out, c);
	rc |= buf_addstr(out, "endmodule\n");
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

/*
 * The Icarus testbench: loads image.hex into the wrapper's RAM, holds
 * reset, then prints each retirement prefixed by a nonce the design cannot
 * know, so nothing the core prints can pass for a record.
 */
int fuzz__icarus_tb(struct buf *out, const struct fuzz_core *c,
		    const char *nonce)
{
	int rc = buf_addf(out,
			  "// generated by hwforge fuzz: trusted Icarus testbench\n"
			  "module hf_fuzz_tb;\n"
			  "\treg clk = 0, rst = 1;\n");

	for (size_t i = 0; i < NRVFI; i++)
		rc |= buf_addf(out, "\twire %srvfi_%s;\n", rvfi_ports[i][1],
			       rvfi_ports[i][0]);
	rc |= buf_addf(out, "\twire [%u:0] cov;\n", FUZZ_COV_WIDTH - 1);
	rc |= buf_addstr(out, "\thf_fuzz_top top (.clk(clk), .rst(rst),\n");
	for (size_t i = 0; i < NRVFI; i++)
		rc |= buf_addf(out, "\t\t.rvfi_%s(rvfi_%s),\n", rvfi_ports[i][0],
			       rvfi_ports[i][0]);
	rc |= buf_addstr(out, "\t\t.cov(cov));\n");
	rc |= buf_addf(
		out,
		"\tinteger i, cyc, quiet, budget, stall, done;\n"
		"\tinitial begin\n"
		"\t\tif (!$value$plusargs(\"budget=%%d\", budget)) budget = 100000;\n"
		"\t\tif (!$value$plusargs(\"stall=%%d\", stall)) stall = 2000;\n"
		"\t\tfor (i = 0; i < %u; i = i + 1) top.ram[i] = 0;\n"
		"\t\t$readmemh(\"image.hex\", top.ram);\n"
		"\t\tfor (i = 0; i < %u; i = i + 1) begin\n"
		"\t\t\t#1 clk = 1; #1 clk = 0;\n"
		"\t\tend\n"
		"\t\trst = 0; done = 0; quiet = 0;\n"
		"\t\tfor (cyc = 0; cyc < budget && !done; cyc = cyc + 1) begin\n"
		"\t\t\t#1 clk = 1; #1;\n"
		"\t\t\tif (rvfi_valid) begin\n"
		"\t\t\t\tquiet = 0;\n"
		"\t\t\t\t$display(\"%s R %%h %%h %%h %%h %%h %%h %%h %%h %%h %%h "
		"%%h %%h %%h %%h %%h %%h\",\n"
		"\t\t\t\t\trvfi_insn, rvfi_trap, rvfi_halt, rvfi_rs1_addr,\n"
		"\t\t\t\t\trvfi_rs2_addr, rvfi_rs1_rdata, rvfi_rs2_rdata,\n"
		"\t\t\t\t\trvfi_rd_addr, rvfi_rd_wdata, rvfi_pc_rdata,\n"
		"\t\t\t\t\trvfi_pc_wdata, rvfi_mem_addr, rvfi_mem_rmask,\n"
		"\t\t\t\t\trvfi_mem_wmask, rvfi_mem_rdata, rvfi_mem_wdata);\n"
		"\t\t\t\tif (rvfi_trap || rvfi_halt) done = 1;\n"
		"\t\t\tend else begin\n"
		"\t\t\t\tquiet = quiet + 1;\n"
		"\t\t\t\tif (quiet >= stall) done = 2;\n"
		"\t\t\tend\n"
		"\t\t\tclk = 0;\n"
		"\t\tend\n"
		"\t\t$display(\"%s END %%0d %%0d\", cyc, done);\n"
		"\t\t$finish;\n"
		"\tend\n"
		"endmodule\n",
		c->ram_size / 4, c->reset_cycles, nonce, nonce);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}
