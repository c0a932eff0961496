#include "config.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/strv.h"
#include "fuzz/fuzz-int.h"

/*
 * Verilate a core once: the wrapper and the shim are generated/read, a
 * SHA-256 over the sources, the core file, the defines, the wrapper, the
 * shim and `verilator --version` names <cache>/fuzz/<key>/, and the model
 * is built there (in a private temporary directory renamed into place, so
 * concurrent builders never see half a model).  Every tool runs through
 * proc_run(), sandboxed, with only the build directory writable.
 */

#ifndef HWFORGE_SRCDIR
#define HWFORGE_SRCDIR "."
#endif

#define BUILD_TIMEOUT_MS (600 * 1000)
#define SRC_MAX		 (64u << 20)
#define VINC		 "/usr/share/verilator/include"

int fuzz__shim_text(struct buf *out, const char *name)
{
	static const char *const dirs[] = { HWFORGE_DATADIR "/fuzz",
					    HWFORGE_SRCDIR "/share/fuzz" };

	for (size_t i = 0; i < 2; i++) {
		char *p = str_fmt("%s/%s", dirs[i], name);
		int rc;

		if (!p)
			return err_set(ERR_FAIL, "out of memory");
		rc = buf_read_file(out, p, 1u << 20);
		free(p);
		if (rc != ERR_NOTFOUND)
			return rc;
	}
	return err_set(ERR_NOTFOUND, "cannot find the fuzz shim '%s' in '%s'",
		       name, dirs[0]);
}

int fuzz__mkdirs(const char *path)
{
	char *p = strdup(path);
	int rc = 0;

	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	for (char *s = p + 1; !rc; s++) {
		char c = *s;

		if (c != '/' && c)
			continue;
		*s = 0;
		if (mkdir(p, 0777) && errno != EEXIST)
			rc = err_set_errno(ERR_FAIL, "cannot create '%s'", p);
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

static int tool_version(struct buf *out)
{
	static const char *const argv[] = { "verilator", "--version", NULL };
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	int rc;

	po.argv = argv;
	po.timeout_ms = 30000;
	rc = proc_run(&r, &po);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run 'verilator': not found");
	else if (!rc && r.exit_code)
		rc = err_set(ERR_FAIL, "'verilator --version' failed");
	if (!rc)
		rc = buf_add(out, r.out.data, r.out.len);
	proc_result_release(&r);
	return rc;
}

static int cache_key(char out[65], const struct fuzz_core *c,
		     const struct buf *wrapper, const struct buf *shim,
		     const struct buf *version)
{
	struct sha256 h;
	struct buf s = BUF_INIT;
	int rc = 0;

	sha256_init(&h);
	sha256_update(&h, "hwforge-fuzz-1", 15);
	for (size_t i = 0; !rc && i < c->nsources; i++) {
		buf_reset(&s);
		rc = buf_read_file(&s, c->sources[i], SRC_MAX);
		if (rc == ERR_NOTFOUND)
			rc = err_set(ERR_USAGE, "%s: source '%s' does not exist",
				     c->path, c->sources[i]);
		sha256_update(&h, s.data, s.len + 1);
	}
	sha256_update(&h, c->text, strlen(c->text) + 1);
	for (size_t i = 0; i < c->ndefines; i++) {
		sha256_update(&h, c->defines[i].name,
			      strlen(c->defines[i].name) + 1);
		if (c->defines[i].value)
			sha256_update(&h, c->defines[i].value,
				      strlen(c->defines[i].value));
		sha256_update(&h, "\n", 1);
	}
	sha256_update(&h, wrapper->data, wrapper->len + 1);
	sha256_update(&h, shim->data, shim->len + 1);
	sha256_update(&h, version->data, version->len + 1);
	sha256_final_hex(&h, out);
	buf_release(&s);
	return rc;
}

struct argv {
	char **v;
	size_t n;
};

static int av_push(struct argv *a, const char *s)
{
	return strv_push(&a->v, &a->n, s);
}

static void av_free(struct argv *a)
{
	strv_free_n(a->v, a->n);
	memset(a, 0, sizeof(*a));
}

/* The sandbox's read-only binds: `extra`, then the sources' directories. */
static int ro_dirs(struct argv *ro, const struct fuzz_core *c,
		   const char *extra)
{
	int rc = extra ? av_push(ro, extra) : 0;

	if (!rc)
		rc = fuzz__source_dirs(&ro->v, &ro->n, c);
	return rc;
}

static int run_tool(const char *dir, char *const *argv, char *const *ro,
		    enum proc_sandbox sb, struct proc_result *r)
{
	struct proc_opts po = PROC_OPTS_INIT;

	po.argv = (const char *const *)argv;
	po.cwd = dir;
	po.timeout_ms = BUILD_TIMEOUT_MS;
	po.max_output = 4u << 20;
	po.mem_bytes = (size_t)8 << 30;
	po.sandbox = sb;
	po.sandbox_dir = dir;
	po.sandbox_ro = (const char *const *)ro;
	return proc_run(r, &po);
}

/* The first "%Error" line of Verilator's output, escaped, as the reason. */
static int verilator_error(const struct fuzz_core *c, const struct buf *err)
{
	const char *e = strstr(err->data, "%Error");
	const char *nl, *pin = strstr(err->data, "Pin not found: 'rvfi_");
	struct buf b = BUF_INIT;
	int rc;

	if (pin) {
		nl = strchr(pin + 16, '\'');
		buf_add_escaped(&b, pin + 16, nl ? (size_t)(nl - pin - 16) : 10);
		rc = err_set(ERR_USAGE,
			     "core '%s' (%s) has no RVFI port '%s' "
			     "(does it need a define such as RISCV_FORMAL?)",
			     c->name, c->top, b.data);
		buf_release(&b);
		return rc;
	}
	if (!e)
		e = err->data;
	nl = strchr(e, '\n');
	buf_add_escaped(&b, e, nl ? (size_t)(nl - e) : strlen(e));
	rc = err_set(ERR_FAIL, "core '%s' does not Verilate: %s", c->name,
		     b.data);
	buf_release(&b);
	return rc;
}

static int verilate(const char *dir, const struct fuzz_core *c,
		    char *const *ro, enum proc_sandbox sb)
{
	struct proc_result r = PROC_RESULT_INIT;
	struct argv a = { 0 };
	int rc;

	rc = av_push(&a, "verilator");
	rc |= av_push(&a, "--cc");
	rc |= av_push(&a, "-O3");
	rc |= av_push(&a, "--x-assign");
	rc |= av_push(&a, "fast");
	rc |= av_push(&a, "--x-initial");
	rc |= av_push(&a, "fast");
	rc |= av_push(&a, "-Wno-fatal");
	rc |= av_push(&a, "-Wno-lint");
	rc |= av_push(&a, "-Wno-style");
	rc |= av_push(&a, "--top-module");
	rc |= av_push(&a, "hf_fuzz_top");
	rc |= av_push(&a, "--prefix");
	rc |= av_push(&a, "Vhfz");
	rc |= av_push(&a, "-Mdir");
	rc |= av_push(&a, "obj");
	for (size_t i = 0; i < c->ndefines; i++) {
		char *d = c->defines[i].value
				  ? str_fmt("-D%s=%s", c->defines[i].name,
					    c->defines[i].value)
				  : str_fmt("-D%s", c->defines[i].name);

		rc |= d ? av_push(&a, d) : ERR_FAIL;
		free(d);
	}
	rc |= av_push(&a, "wrapper.v");
	for (size_t i = 0; i < c->nsources; i++)
		rc |= av_push(&a, c->sources[i]);
	if (rc) {
		av_free(&a);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = run_tool(dir, a.v, ro, sb, &r);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run 'verilator': not found");
	else if (!rc && (r.exit_code || r.timed_out))
		rc = verilator_error(c, &r.err);
	proc_result_release(&r);
	av_free(&a);
	return rc;
}

/* g++ of the generated C++, the Verilator runtime and the shim. */
static int compile(const char *dir, const struct fuzz_core *c,
		   char *const *ro, enum proc_sandbox sb, bool exe)
{
	struct proc_result r = PROC_RESULT_INIT;
	struct argv a = { 0 };
	char words[64], mask[64];
	int rc;

	snprintf(words, sizeof(words), "-DHFZ_WORDS=%uu", c->ram_size / 4);
	snprintf(mask, sizeof(mask), "-DHFZ_COV_MASK=%uu", FUZZ_COV_BITS - 1);
	rc = av_push(&a, "g++");
	rc |= av_push(&a, "-O2");
	rc |= av_push(&a, "-std=gnu++17");
	rc |= av_push(&a, exe ? "-fPIE" : "-fPIC");
	if (!exe) {
		rc |= av_push(&a, "-shared");
		rc |= av_push(&a, "-fvisibility=hidden");
		rc |= av_push(&a, "-Wl,-Bsymbolic");
	}
	rc |= av_push(&a, "-pthread");
	rc |= av_push(&a, "-w");
	rc |= av_push(&a, words);
	rc |= av_push(&a, mask);
	rc |= av_push(&a, "-Iobj");
	rc |= av_push(&a, "-I" VINC);
	rc |= av_push(&a, "-I" VINC "/vltstd");
	rc |= av_push(&a, "-o");
	rc |= av_push(&a, exe ? "model.exe" : "model.so");
	rc |= av_push(&a, "all.cpp");
	rc |= av_push(&a, VINC "/verilated.cpp");
	rc |= av_push(&a, VINC "/verilated_threads.cpp");
	rc |= av_push(&a, "shim.cpp");
	if (exe)
		rc |= av_push(&a, "main.cpp");
	if (rc) {
		av_free(&a);
		return err_set(ERR_FAIL, "out of memory");
	}
	rc = run_tool(dir, a.v, ro, sb, &r);
	if (rc == ERR_NOTFOUND)
		rc = err_set(ERR_NOTFOUND, "cannot run 'g++': not found");
	else if (!rc && (r.exit_code || r.timed_out)) {
		struct buf b = BUF_INIT;
		const char *e = strstr(r.err.data, "error");
		const char *nl = e ? strchr(e, '\n') : NULL;

		if (!e)
			e = r.err.data;
		buf_add_escaped(&b, e, nl ? (size_t)(nl - e) : strlen(e));
		rc = err_set(ERR_FAIL, "cannot compile the model of '%s': %s",
			     c->name, b.data);
		buf_release(&b);
	}
	proc_result_release(&r);
	av_free(&a);
	(void)c;
	return rc;
}

/*
 * One translation unit that includes every generated .cpp, so the list
 * of files Verilator chose never has to be parsed (and one g++ run).
 */
static int unity(const char *dir)
{
	char *obj = str_fmt("%s/obj", dir), *p = NULL;
	struct buf b = BUF_INIT;
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (!obj)
		return err_set(ERR_FAIL, "out of memory");
	d = opendir(obj);
	if (!d)
		rc = err_set_errno(ERR_FAIL, "cannot open '%s'", obj);
	while (!rc && (e = readdir(d)) != NULL) {
		size_t n = strlen(e->d_name);

		if (n > 4 && !strcmp(e->d_name + n - 4, ".cpp"))
			rc = buf_addf(&b, "#include \"%s\"\n", e->d_name);
	}
	if (d)
		closedir(d);
	if (!rc) {
		p = str_fmt("%s/all.cpp", dir);
		rc = p ? buf_write_file(p, b.data, b.len)
		       : err_set(ERR_FAIL, "out of memory");
	}
	free(p);
	free(obj);
	buf_release(&b);
	return rc;
}

static int write_in(const char *dir, const char *name, const struct buf *b)
{
	return buf_write_in(dir, name, b->data, b->len);
}

static int build_in(const char *dir, const struct fuzz_build_opts *o,
		    const struct buf *wrapper, const struct buf *shim)
{
	struct argv ro = { 0 };
	struct buf mainsrc = BUF_INIT;
	int rc;

	rc = write_in(dir, "wrapper.v", wrapper);
	if (!rc)
		rc = write_in(dir, "shim.cpp", shim);
	if (!rc && o->exe) {
		rc = fuzz__shim_text(&mainsrc, "main.cpp");
		if (!rc)
			rc = write_in(dir, "main.cpp", &mainsrc);
	}
	if (!rc)
		rc = ro_dirs(&ro, o->core, VINC);
	if (!rc)
		rc = verilate(dir, o->core, ro.v, o->sandbox);
	if (!rc)
		rc = unity(dir);
	if (!rc)
		rc = compile(dir, o->core, ro.v, o->sandbox, o->exe);
	av_free(&ro);
	buf_release(&mainsrc);
	return rc;
}

int fuzz__build(char **so_path, const struct fuzz_build_opts *o)
{
	struct buf wrapper = BUF_INIT, shim = BUF_INIT, ver = BUF_INIT;
	char key[65], *final = NULL, *target = NULL, *tmp = NULL;
	const char *name = o->exe ? "model.exe" : "model.so";
	struct stat st;
	int rc;

	*so_path = NULL;
	rc = fuzz_wrapper_verilog(&wrapper, o->core);
	if (!rc)
		rc = fuzz__shim_text(&shim, o->core->target == FUZZ_TARGET_NPU
						    ? "npu-shim.cpp"
						    : "shim.cpp");
	if (!rc)
		rc = tool_version(&ver);
	if (!rc && o->exe)
		rc = buf_addstr(&ver, "exe");
	if (!rc)
		rc = cache_key(key, o->core, &wrapper, &shim, &ver);
	if (rc)
		goto done;
	final = str_fmt("%s/fuzz/%s", o->cache_dir, key);
	target = str_fmt("%s/%s", final ? final : "", name);
	tmp = str_fmt("%s/fuzz/.build-%s-%ld", o->cache_dir, key,
		      (long)getpid());
	if (!final || !target || !tmp) {
		rc = err_set(ERR_FAIL, "out of memory");
		goto done;
	}
	if (!stat(target, &st))
		goto found;
	rc = fuzz__mkdirs(tmp);
	if (!rc) {
		log_info("verilating core '%s' (once; cached in %s)",
			 o->core->name, final);
		rc = build_in(tmp, o, &wrapper, &shim);
	}
	if (!rc && rename(tmp, final) && errno != ENOTEMPTY && errno != EEXIST)
		rc = err_set_errno(ERR_FAIL, "cannot rename '%s'", tmp);
	if (!o->keep_tmp || !rc)
		rm_rf(tmp);
	if (rc)
		goto done;
	if (stat(target, &st)) {
		/* another builder's directory won, without our file kind */
		rc = err_set(ERR_FAIL, "cache entry '%s' lacks '%s'", final,
			     name);
		goto done;
	}
found:
	*so_path = target;
	target = NULL;
done:
	free(final);
	free(target);
	free(tmp);
	buf_release(&wrapper);
	buf_release(&shim);
	buf_release(&ver);
	return rc;
}

int fuzz__model_open(struct fuzz_model *m, const char *so_path)
{
	memset(m, 0, sizeof(*m));
	m->dl = dlopen(so_path, RTLD_NOW | RTLD_LOCAL);
	if (!m->dl)
		return err_set(ERR_FAIL, "cannot load model '%s': %s", so_path,
			       dlerror());
	*(void **)&m->new_ = dlsym(m->dl, "hfz_new");
	*(void **)&m->delete_ = dlsym(m->dl, "hfz_delete");
	*(void **)&m->ram_words = dlsym(m->dl, "hfz_ram_words");
	*(void **)&m->load = dlsym(m->dl, "hfz_load");
	*(void **)&m->run = dlsym(m->dl, "hfz_run");
	*(void **)&m->npu_reset = dlsym(m->dl, "hfz_npu_reset");
	*(void **)&m->npu_cycle = dlsym(m->dl, "hfz_npu_cycle");
	if (!m->new_ || !m->delete_ ||
	    ((!m->ram_words || !m->load || !m->run) &&
	     (!m->npu_reset || !m->npu_cycle))) {
		dlclose(m->dl);
		m->dl = NULL;
		return err_set(ERR_FAIL, "model '%s' lacks the hfz_ API",
			       so_path);
	}
	m->words = m->ram_words ? m->ram_words() : 0;
	m->m = m->new_();
	m->so_path = strdup(so_path);
	if (!m->m || !m->so_path) {
		fuzz__model_close(m);
		return err_set(ERR_FAIL, "out of memory");
	}
	return 0;
}

void fuzz__model_close(struct fuzz_model *m)
{
	if (m->m)
		m->delete_(m->m);
	if (m->dl)
		dlclose(m->dl);
	free(m->so_path);
	memset(m, 0, sizeof(*m));
}
