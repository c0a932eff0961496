#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#include "base/proc.h"
#include "base/tmpdir.h"
#include "fuzz/rv-int.h"
#include "tap.h"

/*
 * The ISS against qemu-riscv32 (Debian's qemu-user) on random programs.
 * Each generated program (no traps) becomes a static RV32 Linux ELF we
 * write here: one RWX PT_LOAD segment holding the whole RAM window at
 * its base, entry at reset_pc, and in place of the end marker an
 * epilogue that stores x1..x31 through a base register, write(2)s the
 * whole RAM to stdout and exits.  The ISS runs the same image up to the
 * epilogue's first ecall; its RAM must equal qemu's byte for byte (the
 * register dump included).
 *
 * HWFORGE_ISS_QEMU_N programs (default 200, about 12 s),
 * HWFORGE_ISS_QEMU_SEED the first seed (default 1).  With
 * HWFORGE_ISS_QEMU_MUTATE=1 (the default) every other program also gets
 * 1-4 random mutations of any kind; those the ISS does not run cleanly
 * to the epilogue (a trap, a loop, an access outside the window or into
 * the code) are counted and left out, the rest must agree too.  The
 * last lines give ISS and qemu speeds (benches/perf/iss-vs-qemu runs
 * 10,000 unmutated by default).
 */

#define RAM_BASE 0x10000u
#define RAM_SIZE 0x10000u
#define FILE_OFF 0x1000u

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* CPU seconds of this thread: the machine may be shared, so speeds are
 * per CPU-second, the ISS's and qemu's (from wait4) alike. */
static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned long env_num(const char *name, unsigned long def)
{
	const char *v = getenv(name);
	char *end;
	unsigned long n;

	if (!v || !*v)
		return def;
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno || *end) {
		printf("Bail out! bad %s '%s'\n", name, v);
		exit(1);
	}
	return n;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/* ELF32 header, one program header, code at FILE_OFF. */
static int write_elf(const char *path, const uint32_t *w, size_t n)
{
	uint8_t h[FILE_OFF] = { 0x7f, 'E', 'L', 'F', 1, 1, 1, 0 };
	uint8_t *ph = h + 52;
	size_t code = n * 4;
	uint8_t *img = malloc(code);
	FILE *f;
	int rc = 0;

	if (!img)
		return -1;
	put16(h + 16, 2); /* ET_EXEC */
	put16(h + 18, 243); /* EM_RISCV */
	put32(h + 20, 1);
	put32(h + 24, RAM_BASE); /* entry */
	put32(h + 28, 52); /* phoff */
	put16(h + 40, 52);
	put16(h + 42, 32);
	put16(h + 44, 1);
	put16(h + 46, 40);
	put32(ph + 0, 1); /* PT_LOAD */
	put32(ph + 4, FILE_OFF);
	put32(ph + 8, RAM_BASE);
	put32(ph + 12, RAM_BASE);
	put32(ph + 16, (uint32_t)code);
	put32(ph + 20, RAM_SIZE);
	put32(ph + 24, 7); /* RWX */
	put32(ph + 28, 0x1000);
	for (size_t i = 0; i < n; i++)
		put32(img + 4 * i, w[i]);
	f = fopen(path, "wb");
	if (!f) {
		free(img);
		return -1;
	}
	if (fwrite(h, 1, sizeof(h), f) != sizeof(h) ||
	    fwrite(img, 1, code, f) != code)
		rc = -1;
	if (fclose(f))
		rc = -1;
	/* qemu-user, like execve, wants the execute bit */
	if (chmod(path, 0700))
		rc = -1;
	free(img);
	return rc;
}

/* The program with its marker replaced by the dump-and-exit epilogue;
 * *ecall_at gets the index of the first ecall.  0 or -1. */
static int with_epilogue(struct rv_prog *out, const struct rv_prog *p,
			 const struct rv_isa *isa, size_t *ecall_at)
{
	uint8_t reg[32];
	uint32_t val[32], e[48], *w;
	size_t k = 0;
	int rc;

	if (rv_prog_bases(p, isa, reg, val) < 1)
		return -1;
	for (uint32_t r = 1; r < 32; r++)
		e[k++] = rv_enc_s(-2048 + 4 * (int32_t)r, r, reg[0], 2);
	e[k++] = rv_enc_i(1, 0, 0, 10, 0x13); /* a0 = 1 */
	e[k++] = rv_enc_u(RAM_BASE >> 12, 11, 0x37); /* a1 = RAM */
	e[k++] = rv_enc_u(RAM_SIZE >> 12, 12, 0x37); /* a2 = size */
	e[k++] = rv_enc_i(64, 0, 0, 17, 0x13); /* write */
	*ecall_at = p->n - 1 + k;
	e[k++] = RV_INSN_ECALL;
	e[k++] = rv_enc_i(0, 0, 0, 10, 0x13);
	e[k++] = rv_enc_i(93, 0, 0, 17, 0x13); /* exit */
	e[k++] = RV_INSN_ECALL;
	w = malloc((p->n - 1 + k) * sizeof(*w));
	if (!w)
		return -1;
	memcpy(w, p->insn, (p->n - 1) * sizeof(*w));
	memcpy(w + p->n - 1, e, k * sizeof(*w));
	rc = rv_prog_set(out, w, p->n - 1 + k, p->prologue);
	free(w);
	return rc;
}

struct totals {
	unsigned long agree, disagree, errors, mutated, filtered;
	unsigned long long insns;
	double iss_s, reset_s, qemu_s, qemu_wall;
};

/*
 * Run qemu-riscv32 on path, stdout into out (up to cap bytes).  Our own
 * spawn rather than proc_run(): its poll loop naps 50 ms once the pipes
 * close before the child is reaped, 60 % of a qemu run here.  A trusted
 * tool on our own programs, so no sandbox.  0 or -1; *status as from
 * waitpid (-1 on timeout, after SIGKILL).
 */
static int run_qemu(const char *path, uint8_t *out, size_t cap, size_t *len,
		    int *status, double *cpu)
{
	struct rusage ru;
	char *const argv[] = { (char *)"qemu-riscv32", (char *)path, NULL };
	posix_spawn_file_actions_t fa;
	double deadline = now() + 20;
	int p[2], rc;
	pid_t pid;

	*len = 0;
	if (pipe(p))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, p[1], 1);
	posix_spawn_file_actions_addclose(&fa, p[0]);
	rc = posix_spawnp(&pid, "qemu-riscv32", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(p[1]);
	if (rc) {
		close(p[0]);
		return -1;
	}
	for (;;) {
		struct pollfd pfd = { .fd = p[0], .events = POLLIN };
		ssize_t r;

		if (now() > deadline) {
			kill(pid, SIGKILL);
			break;
		}
		if (poll(&pfd, 1, 1000) <= 0)
			continue;
		if (*len < cap)
			r = read(p[0], out + *len, cap - *len);
		else
			r = read(p[0], (uint8_t[256]){ 0 }, 256);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		if (*len < cap)
			*len += (size_t)r;
	}
	close(p[0]);
	while (wait4(pid, status, 0, &ru) < 0)
		if (errno != EINTR)
			return -1;
	*cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec * 1e-6;
	if (now() > deadline)
		*status = -1;
	return 0;
}

/*
 * Run the ISS over img to its epilogue's first ecall.  1 when it got
 * there within `limit` steps without a trap and every fetch and access
 * stayed where qemu-user (no aliasing, no misaligned traps, its own
 * view of code writes) must agree: fetches inside the image, loads and
 * stores inside the RAM window, no store into the code.  0 otherwise.
 */
static int iss_run(struct rv_iss *s, const struct rv_prog *img, size_t ecall_at,
		   size_t limit, size_t *steps)
{
	uint32_t code_end = RAM_BASE + 4 * (uint32_t)img->n;
	struct rv_commit c = { 0 };
	int clean = 1;

	*steps = 0;
	while (!s->halted && *steps < limit) {
		rv_iss_step(s, &c);
		++*steps;
		if (c.pc_rdata < RAM_BASE || c.pc_rdata >= code_end)
			clean = 0;
		if ((c.mem_rmask || c.mem_wmask) &&
		    (c.mem_addr < RAM_BASE ||
		     c.mem_addr >= RAM_BASE + RAM_SIZE))
			clean = 0;
		if (c.mem_wmask && c.mem_addr < code_end)
			clean = 0;
	}
	if (!s->halted || !c.trap || c.pc_rdata != RAM_BASE + 4 * ecall_at)
		clean = 0;
	return clean;
}

/* 1-4 mutations of any kind (every other seed, when asked). */
static int mutate(struct rv_prog *p, const struct rv_isa *isa, struct rv_rng *r)
{
	uint32_t k = 1 + rv_rng_below(r, 4);

	for (uint32_t i = 0; i < k; i++)
		if (rv_mutate(p, (enum rv_mut)rv_rng_below(r, RV_MUT_COUNT),
			      isa, r))
			return -1;
	return 0;
}

static int one(struct rv_iss *s, const struct rv_isa *isa, uint64_t seed,
	       bool mut, const char *elf, struct totals *t)
{
	struct rv_gen_opts o = { .no_traps = true };
	struct rv_prog p = RV_PROG_INIT, img = RV_PROG_INIT;
	static uint8_t q[RAM_SIZE + 1];
	struct rv_rng r;
	uint8_t reg[32];
	uint32_t val[32];
	size_t ecall_at, steps = 0, qlen;
	double t0, t1, qcpu;
	int rc = -1, st, clean;

	rv_rng_seed(&r, seed);
	o.len = 1 + rv_rng_below(&r, 2000);
	if (rv_gen(&p, isa, &o, &r) || (mut && mutate(&p, isa, &r)))
		goto out;
	if (mut)
		t->mutated++;
	if (rv_prog_bases(&p, isa, reg, val) < 1) {
		/* a mutation wrote every base register: nowhere to dump */
		t->filtered++;
		rc = 0;
		goto out;
	}
	if (with_epilogue(&img, &p, isa, &ecall_at))
		goto out;
	t0 = cpu_now();
	rv_iss_reset(s, img.insn, img.n);
	t->reset_s += cpu_now() - t0;
	t0 = cpu_now();
	clean = iss_run(s, &img, ecall_at, mut ? 100000 : img.n + 1, &steps);
	t1 = cpu_now();
	if (!clean && mut) {
		/* trapped, looped or left the window: no common ground */
		t->filtered++;
		rc = 0;
		goto out;
	}
	if (!clean) {
		printf("# seed %llu: a generated program did not run clean "
		       "to the epilogue\n",
		       (unsigned long long)seed);
		t->disagree++;
		rc = 0;
		goto out;
	}
	/* speeds count only what both ran (left-out programs may loop) */
	t->iss_s += t1 - t0;
	t->insns += steps;
	if (write_elf(elf, img.insn, img.n))
		goto out;
	t0 = now();
	if (run_qemu(elf, q, sizeof(q), &qlen, &st, &qcpu))
		goto out;
	t->qemu_wall += now() - t0;
	t->qemu_s += qcpu;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || qlen != RAM_SIZE) {
		printf("# seed %llu: qemu status %d, %zu bytes\n",
		       (unsigned long long)seed, st, qlen);
		t->disagree++;
		rc = 0;
		goto out;
	}
	if (memcmp(q, s->mem, RAM_SIZE)) {
		uint32_t dump = val[0] - 2048 - RAM_BASE;

		for (uint32_t off = 0; off < RAM_SIZE; off += 4) {
			uint32_t a = rv_iss_read_word(s, RAM_BASE + off);
			uint32_t b = (uint32_t)q[off] |
				     (uint32_t)q[off + 1] << 8 |
				     (uint32_t)q[off + 2] << 16 |
				     (uint32_t)q[off + 3] << 24;

			if (a == b)
				continue;
			if (off > dump && off < dump + 128)
				printf("# seed %llu: x%u iss 0x%08x qemu 0x%08x\n",
				       (unsigned long long)seed,
				       (off - dump) / 4, a, b);
			else
				printf("# seed %llu: mem 0x%08x iss 0x%08x "
				       "qemu 0x%08x\n",
				       (unsigned long long)seed, RAM_BASE + off,
				       a, b);
			break;
		}
		t->disagree++;
	} else {
		t->agree++;
	}
	rc = 0;
out:
	if (rc)
		t->errors++;
	rv_prog_release(&p);
	rv_prog_release(&img);
	return rc;
}

/*
 * The ISS alone: one 30,000-instruction program (no traps, 1 MiB of
 * RAM) run `reps` times; instructions per CPU-second, resets included.
 */
static double iss_speed(int reps, unsigned long long *insns, bool *ended)
{
	struct rv_gen_opts o = { .len = 30000, .no_traps = true };
	struct rv_prog p = RV_PROG_INIT;
	struct rv_isa isa;
	struct rv_iss s;
	struct rv_commit c;
	struct rv_rng r;
	double t0, dt;

	*insns = 0;
	*ended = false;
	rv_isa_default(&isa);
	isa.ram_size = 1u << 20;
	rv_rng_seed(&r, 99);
	if (rv_gen(&p, &isa, &o, &r) || rv_iss_init(&s, &isa))
		return 0;
	t0 = cpu_now();
	for (int i = 0; i < reps; i++) {
		rv_iss_reset(&s, p.insn, p.n);
		while (!s.halted) {
			rv_iss_step(&s, &c);
			++*insns;
		}
		*ended = c.trap && c.pc_rdata == 4 * (p.n - 1);
	}
	dt = cpu_now() - t0;
	rv_iss_release(&s);
	rv_prog_release(&p);
	return dt > 0 ? (double)*insns / dt : 0;
}

int main(void)
{
	unsigned long n = env_num("HWFORGE_ISS_QEMU_N", 200);
	unsigned long seed0 = env_num("HWFORGE_ISS_QEMU_SEED", 1);
	unsigned long mut = env_num("HWFORGE_ISS_QEMU_MUTATE", 1);
	struct tmpdir td = TMPDIR_INIT;
	struct proc_result res = PROC_RESULT_INIT;
	struct proc_opts po = PROC_OPTS_INIT;
	const char *ver[] = { "qemu-riscv32", "--version", NULL };
	struct totals t = { 0 };
	unsigned long long alone;
	double speed;
	bool ended;
	struct rv_isa isa;
	struct rv_iss s;
	char *elf;

	po.argv = ver;
	po.timeout_ms = 20000;
	require_tool(proc_run(&res, &po) == 0 && res.exit_code == 0,
		     "qemu-riscv32 (qemu-user)");
	proc_result_release(&res);
	rv_isa_default(&isa);
	isa.ram_base = RAM_BASE;
	isa.ram_size = RAM_SIZE;
	isa.reset_pc = RAM_BASE;
	if (rv_iss_init(&s, &isa) || tmpdir_create(&td, "rv-qemu")) {
		printf("Bail out! %s\n", "cannot set up");
		return 1;
	}
	elf = tmpdir_file(&td, "prog.elf");
	if (!elf)
		return 1;
	for (unsigned long i = 0; i < n && t.errors == 0; i++)
		one(&s, &isa, seed0 + i, mut && (i & 1), elf, &t);
	is_int(t.errors, 0, "every program generated and run");
	is_int(t.disagree, 0, "the ISS agrees with qemu-riscv32");
	is_int(t.agree + t.filtered, n, "agreements");
	ok(!mut || t.agree - (n - t.mutated) > t.mutated / 4,
	   "most mutated programs are comparable");
	printf("# programs %lu (mutated %lu, of them not comparable %lu) "
	       "agree %lu disagree %lu\n",
	       n, t.mutated, t.filtered, t.agree, t.disagree);
	printf("# iss: %llu instructions in %.3f CPU-s stepping: %.1f M/s; "
	       "with the %u-byte reset per program %.3f CPU-s: %.1f M/s\n",
	       t.insns, t.iss_s,
	       t.iss_s > 0 ? (double)t.insns / t.iss_s / 1e6 : 0.0, RAM_SIZE,
	       t.iss_s + t.reset_s,
	       (double)t.insns / (t.iss_s + t.reset_s + 1e-9) / 1e6);
	printf("# qemu: %llu instructions in %.3f CPU-s (%.3f s wall; a "
	       "process each): %.3f M/s\n",
	       t.insns, t.qemu_s, t.qemu_wall,
	       t.qemu_s > 0 ? (double)t.insns / t.qemu_s / 1e6 : 0.0);
	printf("# iss/qemu speed ratio per CPU-second (reset included): %.1f\n",
	       t.qemu_s / (t.iss_s + t.reset_s + 1e-9));
	speed = iss_speed(100, &alone, &ended);
	printf("# iss alone: %llu instructions of one 30,000-instruction "
	       "program: %.1f M/s per CPU-second\n",
	       alone, speed / 1e6);
	ok(ended, "the long program runs to its end marker");
	if (t.disagree || t.errors) {
		td.keep = true;
		printf("# kept %s (the last program)\n", elf);
	}
	free(elf);
	tmpdir_remove(&td);
	rv_iss_release(&s);
	return done();
}
