#ifndef VERIFY_VERIFY_INT_H
#define VERIFY_VERIFY_INT_H

/*
 * Private helpers shared inside src/verify (the formal stages may use them
 * too).  Not part of the public contract in verify.h.
 */
#include <stdbool.h>
#include <stddef.h>

#include "base/vlex.h"
#include "base/strv.h"
#include "verify/verify.h"

/* ---- running tools on untrusted input --------------------------------- */

enum vrun_flags {
	VRUN_FLOOD = 1 << 0, /* simulation: 1 MiB output cap, kill on flood */
	VRUN_PROC = 1 << 1, /* mount /proc (Yosys locates itself via it) */
	VRUN_TRUSTED = 1 << 2, /* no sandbox (trusted input only) */
};

#define VRUN_MEM_BYTES	PROC_DEFAULT_MEM_BYTES
#define VRUN_FILE_BYTES PROC_DEFAULT_FILE_BYTES
#define VRUN_SIM_OUTPUT ((size_t)1 << 20)

/*
 * proc_limits_apply() for verify's runs: VRUN_FLOOD caps the output
 * (l->output_bytes, default 1 MiB) and kills on flood; without it the
 * runner's default output cap applies.  VRUN_PROC mounts /proc.
 */
void vrun_limits(struct proc_opts *po, const struct proc_limits *l,
		 unsigned flags);

/*
 * Run argv with cwd = dir and the standard limits for one check: sandbox
 * o->sandbox with `dir` the only writable directory, `ro` (NULL-ended,
 * may be NULL) extra read-only paths, wall timeout o->timeout_s, CPU
 * limit the same, 4 GiB memory, 64 MiB files, and (VRUN_FLOOD) 1 MiB of
 * output per stream with the group killed past it.  stdin_data may be
 * NULL.  Returns what proc_run() returns.
 */
int vrun_tool(struct proc_result *res, const struct verify_opts *o,
	      const char *dir, const char *const *argv, const char *const *ro,
	      const char *stdin_data, size_t stdin_len, unsigned flags);

/* vrun_tool() with another output cap for VRUN_FLOOD. */
int vrun_tool_cap(struct proc_result *res, const struct verify_opts *o,
		  const char *dir, const char *const *argv,
		  const char *const *ro, const char *stdin_data,
		  size_t stdin_len, unsigned flags, size_t max_output);

/*
 * One check's run directory: <tmp>/dut holds copies of the design (the
 * only directory a design's runs may write), <tmp>/ref copies of the
 * references.  Names are relative to their directory.
 */
struct vrun_dir {
	struct tmpdir td;
	char *dut, *ref;
	char **dut_names, **ref_names; /* NULL-ended */
	char **ref_dirs; /* the references' own directories */
	struct verify_iface ref_iface; /* read once, shared by the stages */
	bool have_ref_iface;
};
int vrun_dir_open(struct vrun_dir *d, const struct verify_opts *o);
void vrun_dir_close(struct vrun_dir *d);

/*
 * Copy the untrusted files into dir as "<prefix><i>_<basename>" (so two
 * inputs with the same base name cannot collide, and nothing the design
 * names can point outside dir).  *out gets a NULL-ended array of the new
 * base names (relative to dir); free it with strv_free().
 */
int vrun_copy_inputs(char ***out, const char *dir, const char *const *files,
		     size_t n, const char *prefix);

/*
 * The directories of trusted files, absolute, de-duplicated, NULL-ended:
 * bind them read-only into the sandbox and pass them as include dirs.
 */
int vrun_ro_dirs(char ***out, const char *const *files, size_t n);
/* An absolute version of path (malloc'd), or NULL on failure. */
char *vrun_abspath(const char *path);

/*
 * Map a name the tools print ("u0_alu.v") back to the user's path
 * (files[0]); returns `name` itself when it is not one of ours.
 */
const char *vrun_user_path(const char *name, const char *const *files, size_t n,
			   const char *prefix);

/* ---- the check pipeline (check.c) ---------------------------------------- */

/* verify_run() for the DIFF and TB harness kinds. */
int vcheck_run(struct verify_verdict *out, const struct verify_job *job);

/* ---- typed evidence (evidence.c) ------------------------------------- */

/* Read a stage's evidence JSON into the typed form (replacing *e). */
int verify_evidence_from_json(struct verify_evidence *e, const cJSON *j);

/* ---- inputs ----------------------------------------------------------- */

/*
 * Read one input file with the checks of verify_validate(): ERR_USAGE
 * naming `what` and the path when it is missing, empty, binary or > 8 MiB.
 */
int verify_read_input(struct buf *b, const char *path, const char *what);
/* The one module of files no other module mentions (malloc'd). */
int verify_detect_top(char **out, const char *const *files, size_t n);

/* ---- compile ------------------------------------------------------------ */

/* Line `line` of a file, escaped and capped (empty if there is none). */
int verify_source_line(struct buf *out, const char *path, long line);
/*
 * argv for "iverilog -g2012 [-Wall] -o outfile [-s top] -D... -I... files"
 * (files and incdirs NULL-ended); free with strv_free().
 */
int verify_iverilog_argv(char ***out, const struct verify_opts *o,
			 const char *outfile, const char *top,
			 const char *const *files, const char *const *incdirs,
			 bool wall);
/*
 * The compile stage in a run dir the design files were already copied
 * into (vrun_copy_inputs prefix "d"); leaves dir/dut.vvp behind.
 */
int verify_compile_in(struct verify_stage *out, const struct verify_opts *o,
		      const char *dir, const char *const *names);

/* ---- ports ------------------------------------------------------------- */

/*
 * verify_iface_read() in a run dir: names are paths relative to dir (or
 * absolute, read-only bound by the caller); writes dir/iface-<tag>.json.
 * On a Yosys failure its stderr is appended to log (may be NULL).
 */
int verify_iface_in(struct verify_iface *out, const struct verify_opts *o,
		    const char *dir, const char *const *names, const char *top,
		    const char *tag, struct buf *log);
/*
 * The ports of top from iverilog's compiled program (.port_info lines):
 * free for the design, which is compiled anyway, where Yosys would have to
 * elaborate (and unroll) untrusted code first.
 */
int verify_iface_vvp(struct verify_iface *out, const char *path,
		     const char *top);
/* Append one string per port difference (dut against ref) to diffs. */
int verify_iface_compare(cJSON *diffs, const struct verify_iface *ref,
			 const struct verify_iface *dut);

/* ---- stimulus and harness -------------------------------------------- */

struct verify_stim {
	size_t ncycles;
	size_t nin; /* driven inputs (not the clock) */
	const struct verify_port **in; /* borrowed from the iface */
	char **val; /* [cycle * nin + k]: hex digits */
};
/* Seeded stimulus for every input of f but the clock. */
int verify_stim_make(struct verify_stim *s, const struct verify_iface *f,
		     size_t ncycles, unsigned long seed);
void verify_stim_release(struct verify_stim *s);
/*
 * The differential harness "hwforge_harness" driving `module` with s and
 * printing "<nonce> <cycle> <outputs in binary>" once per cycle, then
 * "<nonce> END".
 */
int verify_harness(struct buf *b, const struct verify_iface *f,
		   const struct verify_stim *s, const char *module,
		   const char *nonce);

/* The sim stage in a check's run dir (differential or testbench). */
int verify_simulate_in(struct verify_stage *out, const struct verify_opts *o,
		       const struct vrun_dir *d);

/* ---- suite testbenches (tbtext.c, adapt.c) ----------------------------- */

/*
 * Copy `text` to out with every identifier in `names` (NULL-ended) given
 * `suffix`, so the candidate cannot name harness modules or instances.
 * Comments and strings are kept as they are.  Appends to out.
 */
int vtb_rename(struct buf *out, const char *text, const char *const *names,
	       const char *suffix);

enum vtb_stamp_flags {
	VTB_DROP_DUMP = 1 << 0, /* remove $dumpfile/$dumpvars ... */
	VTB_MARK_END = 1 << 1,  /* $finish prints "<nonce> END" first */
};
/*
 * Put `nonce` and a space at the start of the first string of every
 * report task of the testbench ($display, $write, $strobe, $monitor,
 * $error, $fatal, ...): only text after the nonce is the testbench's.
 * Appends to out.
 */
int vtb_stamp(struct buf *out, const char *text, const char *nonce,
	      unsigned flags);

/* ---- the Verilog lexer (base/vlex.h) ---------------------------------- */

/* verify_rename_module() is public (verify.h). */

/*
 * Every token of a text, for the readers that look back and ahead (the
 * SVA translator, the assertion judge): *out gets *n tokens followed by
 * the VTOK_EOF token (not counted), owned, free() it; on error *out is
 * what was read so far (also for free()).
 */
int verify_lex_all(struct vtok **out, size_t *n, const char *text, size_t len);

/* Names of the modules a source defines, NULL-ended, in order. */
int verify_module_names(char ***out, const char *src, size_t len);

/* ---- stimulus, harness, evidence helpers ------------------------------ */

/*
 * {"vvp", "yosys", "bwrap"}: verify_tool_versions() without the iverilog
 * probe (four processes); a check reads the compiler's version from the
 * program it compiled instead (verify_ivl_version).  Caller owns it.
 */
cJSON *verify_runtime_versions(void);
/* "Icarus Verilog version 11.0 (stable)" from a compiled .vvp program. */
int verify_ivl_version(struct buf *out, const char *vvp_path);

/* A cJSON string, with the text escaped for terminals and capped. */
cJSON *verify_json_excerpt(const char *s, size_t len, size_t cap);

/* Whether the stage mask asks for a stage (0 means "all that apply"). */
static inline bool verify_want(const struct verify_opts *o, unsigned m)
{
	return !o->stages || (o->stages & m);
}

#endif
