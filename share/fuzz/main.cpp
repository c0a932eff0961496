// hwforge fuzz: a process-per-test main around the same shim (only for
// the throughput bench's comparison).  Usage: model.exe IMAGE.hex
// MAX_CYCLES STALL RESET_CYCLES; prints one line per RVFI retirement in
// the Icarus testbench's format, then "END <cycles> <why>".
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

struct hfz_rvfi {
	uint64_t order;
	uint32_t insn, trap, halt, intr;
	uint32_t rs1_addr, rs2_addr, rs1_rdata, rs2_rdata;
	uint32_t rd_addr, rd_wdata, pc_rdata, pc_wdata;
	uint32_t mem_addr, mem_rmask, mem_wmask, mem_rdata, mem_wdata;
};
typedef int (*hfz_cb)(void *payload, const struct hfz_rvfi *r);
extern "C" void *hfz_new(void);
extern "C" void hfz_delete(void *);
extern "C" void hfz_load(void *, const uint32_t *, size_t, uint32_t);
extern "C" int hfz_run(void *, uint64_t, uint64_t, unsigned, hfz_cb, void *,
		       uint64_t *, uint8_t *);

static int print(void *, const hfz_rvfi *r)
{
	printf("R %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x %x\n", r->insn,
	       r->trap, r->halt, r->rs1_addr, r->rs2_addr, r->rs1_rdata,
	       r->rs2_rdata, r->rd_addr, r->rd_wdata, r->pc_rdata, r->pc_wdata,
	       r->mem_addr, r->mem_rmask, r->mem_wmask, r->mem_rdata,
	       r->mem_wdata);
	return r->trap || r->halt;
}

int main(int argc, char **argv)
{
	std::vector<uint32_t> w;
	unsigned first = 0, x;
	uint64_t cycles = 0;
	char line[64];
	FILE *f;
	int end;

	if (argc != 5)
		return 2;
	f = fopen(argv[1], "r");
	if (!f)
		return 2;
	while (fgets(line, sizeof(line), f))
		if (line[0] == '@')
			first = (unsigned)strtoul(line + 1, NULL, 16);
		else if (sscanf(line, "%x", &x) == 1)
			w.push_back(x);
	fclose(f);
	void *m = hfz_new();
	hfz_load(m, w.data(), w.size(), first);
	end = hfz_run(m, strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0),
		      (unsigned)strtoul(argv[4], NULL, 0), print, NULL, &cycles,
		      NULL);
	printf("END %llu %d\n", (unsigned long long)cycles, end);
	hfz_delete(m);
	return 0;
}
