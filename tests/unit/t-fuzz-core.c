#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz/camp-int.h"
#include "tap.h"

/*
 * The core-file parser (errors name the key path), wrapper generation
 * per memory kind, and the checkpoint pieces round-tripping (coverage
 * map hex, programs on disk).
 */

static struct tmpdir dir = TMPDIR_INIT;

static char *write_core(const char *text)
{
	char *p = tmpdir_file(&dir, "core.json");

	if (!p || buf_write_file(p, text, strlen(text)))
		exit(1);
	return p;
}

#define GOOD                                                            \
	"\"sources\": [\"${FZV}/c.v\"], \"top\": \"c\", \"clock\": \"clk\","  \
	"\"reset\": {\"name\": \"rst\", \"active\": \"high\"},"               \
	"\"memory\": {\"kind\": \"hf_cpu\", \"size\": 65536}"

static int load(struct fuzz_core **c, const char *text)
{
	static const char *const names[] = { "FZV" };
	static const char *const values[] = { "/x" };
	struct fuzz_vars v = { names, values, 1 };
	char *p = write_core(text);
	int rc = fuzz_core_load(c, p, &v, NULL, 0);

	free(p);
	return rc;
}

static void bad(const char *text, const char *want)
{
	struct fuzz_core *c = NULL;
	int rc = load(&c, text);

	is_int(rc, ERR_USAGE, want);
	has_str(err_last(), want, want);
	ok(!strchr(err_last(), '\n'), "one line");
	fuzz_core_free(c);
}

static void test_bad_input(void)
{
	bad("{", "core.json");
	bad("[]", "(top): expected a JSON object");
	bad("{\"top\": \"c\"}", "sources: missing");
	bad("{\"sources\": [\"a.v\"], \"top\": 3}",
	    "top: expected a non-empty string");
	bad("{\"sources\": [\"a.v\"], \"top\": \"c\", \"clock\": \"clk\","
	    "\"reset\": {\"name\": \"rst\"}, \"memory\": {\"kind\": \"hf_cpu\"}}",
	    "reset.active: missing");
	bad("{\"sources\": [\"a.v\"], \"top\": \"c\", \"clock\": \"clk\","
	    "\"reset\": {\"name\": \"rst\", \"active\": \"high\"},"
	    "\"memory\": {\"kind\": \"axi\"}}",
	    "memory.kind: expected \"hf_cpu\" or \"picorv32\"");
	bad("{\"sources\": [\"a.v\"], \"top\": \"c\", \"clock\": \"clk\","
	    "\"reset\": {\"name\": \"rst\", \"active\": \"high\"},"
	    "\"memory\": {\"kind\": \"hf_cpu\", \"size\": 1000}}",
	    "memory.size: expected a power of two");
	bad("{\"sources\": [\"${NOPE_NOT_SET}/a.v\"]}",
	    "sources[0]: 'NOPE_NOT_SET' is not set");
	bad("{" GOOD ", \"isa\": {\"fence_i\": \"maybe\"}}",
	    "isa.fence_i: expected \"nop\" or \"illegal\"");
	bad("{" GOOD ", \"quirks\": [\"odd\"]}", "quirks[0]: expected");
	bad("{" GOOD ", \"coverage\": [\"a..b\"]}", "coverage[0]:");
	bad("{" GOOD ", \"defines\": [\"A B\"]}", "defines[0]:");
	bad("{" GOOD ", \"reset_pc\": 2}", "reset_pc: not word aligned");
}

static void test_good(void)
{
	struct fuzz_core *c = NULL;
	struct fuzz_define d;
	int rc = load(&c, "{" GOOD ", \"defines\": {\"A\": 1, \"B\": true},"
			  "\"parameters\": {\"RESET_PC\": 0},"
			  "\"isa\": {\"fence_i\": \"illegal\"},"
			  "\"quirks\": [\"load_rmask_word\"],"
			  "\"coverage\": [\"u.state\"]}");

	is_int(rc, 0, "a good core file parses");
	if (rc)
		return;
	is_str(c->sources[0], "/x/c.v", "${VAR} expanded");
	is_int((int)c->ndefines, 2, "two defines");
	is_str(c->defines[0].value, "1", "define value");
	ok(!c->defines[1].value, "plain define");
	ok(!c->fence_i_nop, "fence.i illegal");
	ok(c->quirks & FUZZ_QUIRK_LOAD_RMASK_WORD, "quirk");
	is_str(c->params[0], "RESET_PC=0", "parameter");
	is_int(fuzz_define_parse(&d, "X=1;rm"), ERR_USAGE,
	       "a define value cannot carry shell or Verilog syntax");
	fuzz_define_release(&d);
	fuzz_core_free(c);
}

static void test_wrapper(void)
{
	struct fuzz_core *c = NULL;
	struct buf w = BUF_INIT;
	int rc = load(&c, "{" GOOD ", \"coverage\": [\"u.state\", \"mode\"]}");

	is_int(rc, 0, "core for the wrapper");
	if (rc)
		return;
	is_int(fuzz_wrapper_verilog(&w, c), 0, "hf_cpu wrapper");
	has_str(w.data, "module hf_fuzz_top", "top module");
	has_str(w.data, "reg [31:0] ram [0:WORDS-1]", "RAM array");
	has_str(w.data, "localparam WORDS = 16384;", "RAM size");
	has_str(w.data, "wire [31:0] imem_rdata = ram[widx(imem_addr)];",
		"combinational fetch");
	has_str(w.data, ".rst(rst)", "active-high reset");
	has_str(w.data, ".rvfi_mem_wdata(rvfi_mem_wdata)", "RVFI");
	has_str(w.data, "assign cov = {dut.u.state, dut.mode};",
		"coverage by hierarchical reference");
	buf_reset(&w);
	c->mem = FUZZ_MEM_PICORV32;
	c->reset_active_low = true;
	is_int(fuzz_wrapper_verilog(&w, c), 0, "picorv32 wrapper");
	has_str(w.data, "wire mem_ready = mem_valid;", "valid/ready responder");
	has_str(w.data, ".rst(!rst)", "active-low reset");
	has_str(w.data, ".mem_instr(mem_instr)", "mem_instr");
	buf_release(&w);
	fuzz_core_free(c);
}

static void test_checkpoint_pieces(void)
{
	uint8_t *a = calloc(1, FUZZ_COV_BYTES), *b = calloc(1, FUZZ_COV_BYTES);
	uint32_t words[] = { 0x00100093, 0xdeadbeef, 0x00100073 };
	struct rv_prog p = { .insn = words, .n = 3, .prologue = 1 }, q;
	struct buf h = BUF_INIT;
	char *path = tmpdir_file(&dir, "p.hex");

	a[0] = 0x81;
	a[FUZZ_COV_BYTES - 1] = 0x7e;
	is_int(fuzz__cov_hex(&h, a), 0, "coverage to hex");
	is_int(fuzz__cov_unhex(b, h.data), 0, "coverage from hex");
	ok(!memcmp(a, b, FUZZ_COV_BYTES), "coverage round-trips");
	is_int((int)fuzz__cov_count(b), 8, "points counted");
	is_int(fuzz__cov_unhex(b, "00"), ERR_USAGE, "short map refused");
	is_int(fuzz__prog_write(path, &p), 0, "program written");
	is_int(fuzz__prog_read(path, &q), 0, "program read");
	ok(q.n == 3 && q.prologue == 1 && !memcmp(q.insn, words, sizeof(words)),
	   "program round-trips");
	rv_prog_release(&q);
	free(path);
	buf_release(&h);
	free(a);
	free(b);
}

/* state.json written by one campaign restores into another, exactly. */
static void test_state_round_trip(void)
{
	struct fuzz_opts o = FUZZ_OPTS_INIT;
	static char top[] = "c";
	struct fuzz_core core = { .top = top, .ram_size = 65536 };
	uint32_t w1[] = { 0x00100093, 0x00100073 }, w2[] = { 0x00000013 };
	struct camp a, b;
	struct rv_prog p;
	char *sub = tmpdir_file(&dir, "camp");
	char *cdir = str_fmt("%s/corpus", sub), *stale = NULL;
	uint8_t *fm;
	int rc = 0;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	o.core = &core;
	o.seed = 99;
	fuzz__mkdirs(cdir);
	a.o = b.o = &o;
	a.core = b.core = &core;
	a.dir = b.dir = sub;
	a.stride = b.stride = 1;
	a.cov = calloc(1, FUZZ_COV_BYTES);
	b.cov = calloc(1, FUZZ_COV_BYTES);
	a.sched = b.sched = fuzz_sched_find("uniform");
	a.sched->init(&a.sched_state);
	b.sched->init(&b.sched_state);
	a.imports = calloc(1, sizeof(size_t));
	b.imports = calloc(1, sizeof(size_t));
	buf_init(&a.history);
	buf_init(&b.history);
	p = (struct rv_prog){ .insn = malloc(sizeof(w1)), .n = 2, .prologue = 1 };
	memcpy(p.insn, w1, sizeof(w1));
	rc |= fuzz__corpus_add(&a, &p, -1, -1, true);
	p = (struct rv_prog){ .insn = malloc(sizeof(w2)), .n = 1 };
	memcpy(p.insn, w2, sizeof(w2));
	rc |= fuzz__corpus_add(&a, &p, 0, -1, true);
	a.cov[7] = 0x5a;
	fm = fuzz__family_map(&a, 0);
	fm[3] = 0x81;
	a.next = 512;
	a.st.tests = 512;
	a.st.hangs = 2;
	is_int(rc, 0, "corpus written");
	is_int(fuzz__checkpoint(&a), 0, "checkpoint");
	/* what a killed run wrote after its checkpoint */
	stale = str_fmt("%s/000002.hex", cdir);
	buf_write_file(stale, "# prologue 0\n00000013\n", 21);
	is_int(fuzz__restore(&b), 0, "restore");
	is_int((int)b.next, 512, "next test");
	is_int((int)b.st.tests, 512, "tests");
	is_int((int)b.st.hangs, 2, "hangs");
	is_int((int)b.ncorpus, 2, "corpus entries");
	is_int((int)b.nfamilies, 1, "families");
	ok(b.ncorpus == 2 && b.corpus[0].prog.n == 2 &&
	   b.corpus[0].prog.insn[1] == 0x00100073 && b.corpus[1].family == 0,
	   "corpus contents");
	ok(!memcmp(a.cov, b.cov, FUZZ_COV_BYTES), "coverage map");
	ok(b.nfmaps && b.fmaps[0] && b.fmaps[0][3] == 0x81, "family map");
	ok(access(stale, F_OK) != 0, "entry written after the checkpoint removed");
	a.dir = b.dir = NULL;
	fuzz__camp_release(&a);
	fuzz__camp_release(&b);
	free(stale);
	free(cdir);
	free(sub);
}

int main(void)
{
	if (tmpdir_create(&dir, "t-fuzz-core"))
		return 1;
	test_bad_input();
	test_good();
	test_wrapper();
	test_checkpoint_pieces();
	test_state_round_trip();
	tmpdir_remove(&dir);
	return done();
}
