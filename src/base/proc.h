#ifndef BASE_PROC_H
#define BASE_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/*
 * Run an external tool: argv only (never a shell), in its own process
 * group, stdout and stderr captured by one poll loop with per-stream caps,
 * a wall-clock deadline after which the whole group gets SIGTERM, then
 * SIGKILL, CPU/memory/file-size limits, and optionally a bubblewrap
 * sandbox: read-only system directories, no network, no /home, only
 * `sandbox_dir` writable.  Thread-safe: may be called from pool workers.
 */
enum proc_sandbox {
	PROC_SANDBOX_NONE = 0, /* trusted tool, no isolation */
	PROC_SANDBOX_AUTO,     /* bwrap when it works here, else limits only */
	PROC_SANDBOX_REQUIRE,  /* ERR_NOTFOUND when bwrap cannot be used */
};

struct proc_opts {
	const char *const *argv; /* argv[0] looked up in PATH */
	const char *cwd;         /* NULL: inherit */
	const char *stdin_data;  /* NULL: stdin reads EOF */
	size_t stdin_len;
	int timeout_ms;          /* required, > 0 */
	int kill_grace_ms;       /* SIGTERM -> SIGKILL delay */
	size_t max_output;       /* per stream; excess dropped, flagged */
	bool kill_on_flood;      /* kill the group once a stream passes cap */
	long cpu_seconds;        /* RLIMIT_CPU; 0: none */
	size_t mem_bytes;        /* RLIMIT_AS; 0: none */
	size_t file_bytes;       /* RLIMIT_FSIZE; 0: none */
	enum proc_sandbox sandbox;
	const char *sandbox_dir; /* the one writable directory; default cwd */
	bool sandbox_proc;       /* mount /proc inside (yosys finds itself so) */
	const char *const *sandbox_ro; /* extra read-only paths, NULL-ended */
};
#define PROC_OPTS_INIT                                                   \
	{ .timeout_ms = 60000, .kill_grace_ms = 500,                     \
	  .max_output = 16u << 20 }

struct proc_result {
	int exit_code;   /* or 128+signal, like a shell */
	int signal;      /* the signal that ended it, 0 if it exited */
	bool timed_out;  /* the deadline passed and the group was killed */
	bool truncated;  /* a stream passed max_output */
	bool flooded;    /* ... and kill_on_flood killed the group */
	bool sandboxed;  /* ran inside bwrap */
	long elapsed_ms;
	struct buf out, err;
};
#define PROC_RESULT_INIT { .out = BUF_INIT, .err = BUF_INIT }

/*
 * The limits of one tool run, in one struct: proc_limits_apply() is the
 * one place they become proc_opts (verify's runner, synth, bench's
 * simulations all go through it).  A zero field takes the default:
 * wall 60 s, CPU wall + 1 s, memory (RLIMIT_AS) 4 GiB, files 64 MiB,
 * output 16 MiB per stream.  kill_on_flood kills the group once a stream
 * passes output_bytes (simulations: a design printing forever).
 */
struct proc_limits {
	int wall_s;
	long cpu_s;
	size_t mem_bytes;
	size_t output_bytes;
	size_t file_bytes;
	bool kill_on_flood;
};
#define PROC_LIMITS_INIT { .wall_s = 60 }
#define PROC_DEFAULT_MEM_BYTES  ((size_t)4 << 30)
#define PROC_DEFAULT_FILE_BYTES ((size_t)64 << 20)
void proc_limits_apply(struct proc_opts *po, const struct proc_limits *l);

/*
 * 0 once the child ran and was reaped, whatever its status (a failing
 * tool is data); ERR_NOTFOUND if argv[0] is not found (or bwrap is
 * required and unusable), ERR_INTR if proc_interrupted was set while it
 * ran (the group is killed first), ERR_FAIL otherwise.  Always call
 * proc_result_release().
 */
int proc_run(struct proc_result *res, const struct proc_opts *opts);
void proc_result_release(struct proc_result *res);

/* Find a program in PATH; returns a malloc'd absolute path or NULL. */
char *proc_which(const char *name);

/* Whether bwrap works on this machine (probed once, cached). */
bool proc_sandbox_available(void);

/* Set by the CLI's SIGINT/SIGTERM handler; the runner kills and unwinds. */
extern volatile sig_atomic_t proc_interrupted;

#endif
