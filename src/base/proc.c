#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/clock.h"
#include "base/err.h"
#include "base/log.h"
#include "base/proc.h"

extern char **environ;

volatile sig_atomic_t proc_interrupted;

char *proc_which(const char *name)
{
	const char *path = getenv("PATH");
	struct buf b = BUF_INIT;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : strdup(name);
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t n = end ? (size_t)(end - path) : strlen(path);
		struct stat st;

		buf_reset(&b);
		if (n)
			buf_add(&b, path, n);
		else
			buf_addch(&b, '.');
		buf_addch(&b, '/');
		buf_addstr(&b, name);
		if (!stat(b.data, &st) && S_ISREG(st.st_mode) &&
		    !access(b.data, X_OK))
			return buf_detach(&b, NULL);
		path += n;
		if (*path == ':')
			path++;
	}
	buf_release(&b);
	return NULL;
}

/* --- the bubblewrap command line ----------------------------------- */

struct argvec {
	const char **v;
	size_t n, alloc;
	char **owned; /* strings we allocated, freed with the vector */
	size_t nowned;
};

static int argvec_push(struct argvec *a, const char *s)
{
	if (a->n + 2 > a->alloc) {
		size_t na = a->alloc ? a->alloc * 2 : 64;
		const char **nv = realloc(a->v, na * sizeof(*nv));

		if (!nv)
			return err_set(ERR_FAIL, "out of memory");
		a->v = nv;
		a->alloc = na;
	}
	a->v[a->n++] = s;
	a->v[a->n] = NULL;
	return 0;
}

static int argvec_own(struct argvec *a, char *s)
{
	char **no;

	if (!s)
		return err_set(ERR_FAIL, "out of memory");
	no = realloc(a->owned, (a->nowned + 1) * sizeof(*no));
	if (!no) {
		free(s);
		return err_set(ERR_FAIL, "out of memory");
	}
	a->owned = no;
	a->owned[a->nowned++] = s;
	return argvec_push(a, s);
}

static void argvec_release(struct argvec *a)
{
	for (size_t i = 0; i < a->nowned; i++)
		free(a->owned[i]);
	free(a->owned);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

static int push3(struct argvec *a, const char *x, const char *y, const char *z)
{
	if (argvec_push(a, x) || argvec_push(a, y))
		return ERR_FAIL;
	return z ? argvec_push(a, z) : 0;
}

/* /bin, /lib ... are symlinks into /usr on merged-/usr systems. */
static int add_symlink(struct argvec *a, const char *dir)
{
	char target[4096];
	struct stat st;
	ssize_t n;

	if (lstat(dir, &st))
		return 0;
	if (!S_ISLNK(st.st_mode))
		return push3(a, "--ro-bind", dir, dir);
	n = readlink(dir, target, sizeof(target) - 1);
	if (n <= 0)
		return 0;
	target[n] = '\0';
	if (argvec_push(a, "--symlink") || argvec_own(a, strdup(target)))
		return ERR_FAIL;
	return argvec_push(a, dir);
}

static int build_bwrap_argv(struct argvec *a, const char *bwrap,
			    const char *prog, const struct proc_opts *o)
{
	static const char *const roots[] = { "/bin", "/sbin", "/lib",
					     "/lib32", "/lib64", "/libx32" };
	static const char *const etc[] = { "/etc/ld.so.cache",
					   "/etc/ld.so.conf",
					   "/etc/ld.so.conf.d",
					   "/etc/alternatives",
					   "/etc/localtime" };
	const char *dir = o->sandbox_dir ? o->sandbox_dir : o->cwd;
	int rc = 0;

	rc |= argvec_push(a, bwrap);
	rc |= argvec_push(a, "--die-with-parent");
	rc |= argvec_push(a, "--new-session");
	rc |= argvec_push(a, "--unshare-all");
	rc |= push3(a, "--ro-bind", "/usr", "/usr");
	for (size_t i = 0; i < sizeof(roots) / sizeof(*roots); i++)
		rc |= add_symlink(a, roots[i]);
	for (size_t i = 0; i < sizeof(etc) / sizeof(*etc); i++)
		rc |= push3(a, "--ro-bind-try", etc[i], etc[i]);
	rc |= push3(a, "--dev", "/dev", NULL);
	rc |= push3(a, "--tmpfs", "/tmp", NULL);
	if (o->sandbox_proc)
		rc |= push3(a, "--proc", "/proc", NULL);
	/* The program itself may live outside /usr (e.g. /opt/tool/bin). */
	if (strncmp(prog, "/usr/", 5)) {
		char *d = strdup(prog), *slash = d ? strrchr(d, '/') : NULL;

		if (slash && slash != d)
			*slash = '\0';
		rc |= argvec_push(a, "--ro-bind-try");
		rc |= argvec_own(a, d);
		rc |= argvec_push(a, d ? d : "/");
	}
	for (size_t i = 0; o->sandbox_ro && o->sandbox_ro[i]; i++)
		rc |= push3(a, "--ro-bind-try", o->sandbox_ro[i],
			    o->sandbox_ro[i]);
	if (dir)
		rc |= push3(a, "--bind", dir, dir);
	if (o->cwd)
		rc |= push3(a, "--chdir", o->cwd, NULL);
	rc |= argvec_push(a, "--clearenv");
	rc |= push3(a, "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin");
	rc |= push3(a, "--setenv", "LANG", "C");
	if (dir) {
		rc |= push3(a, "--setenv", "HOME", dir);
		rc |= push3(a, "--setenv", "TMPDIR", dir);
	}
	rc |= argvec_push(a, "--");
	rc |= argvec_own(a, strdup(prog));
	for (size_t i = 1; o->argv[i]; i++)
		rc |= argvec_push(a, o->argv[i]);
	return rc ? err_set(ERR_FAIL, "out of memory") : 0;
}

static pthread_once_t sandbox_once = PTHREAD_ONCE_INIT;
static char *bwrap_path;
static bool bwrap_works;

static int spawn(pid_t *pid, const char *path, const char *const *argv,
		 const struct proc_opts *o, int in_fd, int out_fd, int err_fd);

static void probe_sandbox(void)
{
	static const char *const argv[] = { "true", NULL };
	struct argvec a = { 0 };
	struct proc_opts o = PROC_OPTS_INIT;
	char *t = proc_which("true");
	pid_t pid;
	int st, nul;

	bwrap_path = proc_which("bwrap");
	if (!bwrap_path || !t)
		goto done;
	o.argv = argv;
	if (build_bwrap_argv(&a, bwrap_path, t, &o))
		goto done;
	nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (nul < 0)
		goto done;
	if (!spawn(&pid, bwrap_path, a.v, &o, nul, nul, nul)) {
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		bwrap_works = WIFEXITED(st) && WEXITSTATUS(st) == 0;
	}
	close(nul);
done:
	argvec_release(&a);
	free(t);
}

/*
 * Said once per process, by whichever command first runs a tool without
 * the sandbox it asked for (check, gen, gate, bench alike), and only when
 * one runs: a usage error alone stays one line.
 */
static pthread_once_t warn_once = PTHREAD_ONCE_INIT;

static void warn_unsandboxed(void)
{
	log_warn("bwrap not usable (%s); tools run with resource limits "
		 "only, not isolated (README: \"The sandbox\"; "
		 "HWFORGE_SANDBOX=none to silence)",
		 bwrap_path ? "it cannot create namespaces here"
			    : "not installed");
}

bool proc_sandbox_available(void)
{
	pthread_once(&sandbox_once, probe_sandbox);
	return bwrap_works;
}

/* --- fork and exec --------------------------------------------------- */

static void set_limit(int res, unsigned long long soft, unsigned long long hard)
{
	struct rlimit rl = { .rlim_cur = soft, .rlim_max = hard };

	setrlimit(res, &rl);
}

/*
 * fork+execve rather than posix_spawn: the child must set rlimits, which
 * posix_spawn cannot.  Between fork and exec only async-signal-safe calls
 * are made; an exec failure is reported through a CLOEXEC pipe.
 */
static int spawn(pid_t *pid, const char *path, const char *const *argv,
		 const struct proc_opts *o, int in_fd, int out_fd, int err_fd)
{
	int ep[2], child_errno = 0;
	struct sigaction dfl;
	sigset_t empty;
	ssize_t n;
	pid_t p;

	if (pipe2(ep, O_CLOEXEC))
		return err_set_errno(ERR_FAIL, "pipe");
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	sigemptyset(&empty);
	p = fork();
	if (p < 0) {
		close(ep[0]);
		close(ep[1]);
		return err_set_errno(ERR_FAIL, "fork");
	}
	if (!p) {
		setpgid(0, 0);
		sigaction(SIGPIPE, &dfl, NULL);
		sigaction(SIGINT, &dfl, NULL);
		sigaction(SIGTERM, &dfl, NULL);
		sigaction(SIGQUIT, &dfl, NULL);
		sigprocmask(SIG_SETMASK, &empty, NULL);
		if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 ||
		    dup2(err_fd, 2) < 0)
			goto fail;
		if (o->cwd && chdir(o->cwd))
			goto fail;
		if (o->cpu_seconds > 0)
			set_limit(RLIMIT_CPU, (unsigned long long)o->cpu_seconds,
				  (unsigned long long)o->cpu_seconds + 1);
		if (o->mem_bytes)
			set_limit(RLIMIT_AS, o->mem_bytes, o->mem_bytes);
		if (o->file_bytes)
			set_limit(RLIMIT_FSIZE, o->file_bytes, o->file_bytes);
		set_limit(RLIMIT_CORE, 0, 0);
		execve(path, (char *const *)argv, environ);
fail:
		child_errno = errno;
		n = write(ep[1], &child_errno, sizeof(child_errno));
		(void)n;
		_exit(127);
	}
	setpgid(p, p); /* both sides, so kill(-p) works at once */
	close(ep[1]);
	do
		n = read(ep[0], &child_errno, sizeof(child_errno));
	while (n < 0 && errno == EINTR);
	close(ep[0]);
	if (n == (ssize_t)sizeof(child_errno)) {
		int st;

		while (waitpid(p, &st, 0) < 0 && errno == EINTR)
			;
		errno = child_errno;
		return err_set_errno(child_errno == ENOENT ? ERR_NOTFOUND :
							     ERR_FAIL,
				     "cannot run '%s'", argv[0]);
	}
	*pid = p;
	return 0;
}

/* --- the poll loop ----------------------------------------------------- */

struct stream {
	int fd;
	struct buf *b;
};

static void kill_group(pid_t pid, int sig)
{
	kill(-pid, sig);
	if (sig == SIGTERM)
		kill(-pid, SIGCONT);
}

static void drain(struct stream *s, struct proc_result *res,
		  const struct proc_opts *o, bool *flood)
{
	char tmp[65536];
	ssize_t n;

	for (;;) {
		n = read(s->fd, tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (n <= 0) {
			close(s->fd);
			s->fd = -1;
			return;
		}
		if (s->b->len + (size_t)n > o->max_output) {
			size_t room = o->max_output > s->b->len ?
					      o->max_output - s->b->len : 0;

			buf_add(s->b, tmp, room);
			res->truncated = true;
			if (o->kill_on_flood)
				*flood = true;
		} else {
			buf_add(s->b, tmp, (size_t)n);
		}
	}
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 ? -1 : fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

static void record_status(struct proc_result *res, int st)
{
	if (WIFEXITED(st)) {
		res->exit_code = WEXITSTATUS(st);
	} else if (WIFSIGNALED(st)) {
		res->signal = WTERMSIG(st);
		res->exit_code = 128 + res->signal;
	}
}

static int pump(struct proc_result *res, const struct proc_opts *o, pid_t pid,
		int in_w, struct stream *s)
{
	const char *in = o->stdin_data;
	size_t in_left = in ? o->stdin_len : 0;
	long start = mono_ms(), deadline = start + o->timeout_ms, kill_at = -1;
	bool reaped = false, swept = false, flood = false, intr = false;
	long reaped_at = 0;
	int idle_ms = 1, st;

	while (s[0].fd >= 0 || s[1].fd >= 0 || !reaped) {
		struct pollfd pfd[3];
		int n = 0;
		long t = mono_ms();

		if (!reaped && waitpid(pid, &st, WNOHANG) == pid) {
			reaped = true;
			reaped_at = t;
			record_status(res, st);
		}
		if (reaped && !swept && t - reaped_at > 200) {
			/*
			 * The tool is gone but leftovers in its group still hold
			 * our pipes.  One SIGKILL is enough; repeating it would
			 * signal a group id whose leader pid is already free.
			 */
			kill_group(pid, SIGKILL);
			swept = true;
		}
		if (proc_interrupted && !intr) {
			intr = true;
			kill_group(pid, SIGTERM);
			kill_at = t + o->kill_grace_ms;
		}
		if ((flood || t >= deadline) && kill_at < 0 && !reaped) {
			if (flood)
				res->flooded = true;
			else
				res->timed_out = true;
			kill_group(pid, SIGTERM);
			kill_at = t + o->kill_grace_ms;
		}
		if (kill_at >= 0 && t >= kill_at) {
			kill_group(pid, SIGKILL);
			kill_at = t + 1000;
		}
		if (in_w >= 0) {
			pfd[n].fd = in_w;
			pfd[n++].events = POLLOUT;
		}
		for (int i = 0; i < 2; i++)
			if (s[i].fd >= 0) {
				pfd[n].fd = s[i].fd;
				pfd[n++].events = POLLIN;
			}
		if (reaped && s[0].fd < 0 && s[1].fd < 0)
			break;
		/*
		 * With every pipe at EOF the tool is usually exiting: poll for
		 * its status at 1 ms, backing off to 50 ms, rather than 50 ms
		 * at once (which was most of a short tool run).
		 */
		if (poll(pfd, (nfds_t)n, n ? 50 : idle_ms) < 0 &&
		    errno != EINTR)
			break;
		if (!n && idle_ms < 50)
			idle_ms *= 2;
		if (in_w >= 0) {
			ssize_t w = in_left ? write(in_w, in, in_left) : 0;

			if (w > 0) {
				in += w;
				in_left -= (size_t)w;
			}
			if (!in_left || (w < 0 && errno != EAGAIN &&
					 errno != EINTR)) {
				close(in_w);
				in_w = -1;
			}
		}
		for (int i = 0; i < 2; i++)
			if (s[i].fd >= 0)
				drain(&s[i], res, o, &flood);
	}
	if (in_w >= 0)
		close(in_w);
	for (int i = 0; i < 2; i++)
		if (s[i].fd >= 0)
			close(s[i].fd);
	if (!reaped) {
		kill_group(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
		record_status(res, st);
	}
	res->elapsed_ms = mono_ms() - start;
	if (intr)
		return err_set(ERR_INTR, "interrupted");
	return 0;
}

void proc_limits_apply(struct proc_opts *po, const struct proc_limits *l)
{
	int wall = l->wall_s > 0 ? l->wall_s : 60;

	po->timeout_ms = wall * 1000;
	po->cpu_seconds = l->cpu_s > 0 ? l->cpu_s : wall + 1;
	po->mem_bytes = l->mem_bytes ? l->mem_bytes : PROC_DEFAULT_MEM_BYTES;
	po->file_bytes =
		l->file_bytes ? l->file_bytes : PROC_DEFAULT_FILE_BYTES;
	po->max_output = l->output_bytes ? l->output_bytes : (16u << 20);
	po->kill_on_flood = l->kill_on_flood;
}

int proc_run(struct proc_result *res, const struct proc_opts *o)
{
	int inp[2] = { -1, -1 }, outp[2] = { -1, -1 }, errp[2] = { -1, -1 };
	struct argvec a = { 0 };
	const char *const *argv = o->argv;
	char *prog = NULL;
	struct stream s[2];
	pid_t pid;
	int in_w = -1, rc;

	res->exit_code = -1;
	res->signal = 0;
	res->timed_out = res->truncated = res->flooded = false;
	res->sandboxed = false;
	res->elapsed_ms = 0;
	buf_reset(&res->out);
	buf_reset(&res->err);
	if (!o->argv || !o->argv[0] || o->timeout_ms <= 0)
		return err_set(ERR_FAIL, "proc_run: bad options");
	if (proc_interrupted)
		return err_set(ERR_INTR, "interrupted");
	prog = proc_which(o->argv[0]);
	if (!prog)
		return err_set(ERR_NOTFOUND, "cannot run '%s': not found in PATH",
			       o->argv[0]);
	if (o->sandbox != PROC_SANDBOX_NONE) {
		if (proc_sandbox_available()) {
			rc = build_bwrap_argv(&a, bwrap_path, prog, o);
			if (rc)
				goto done;
			argv = a.v;
			free(prog);
			prog = strdup(bwrap_path);
			res->sandboxed = true;
		} else if (o->sandbox == PROC_SANDBOX_REQUIRE) {
			rc = err_set(ERR_NOTFOUND,
				     "sandbox required but bwrap is not usable");
			goto done;
		} else {
			pthread_once(&warn_once, warn_unsandboxed);
		}
	}
	if (pipe2(outp, O_CLOEXEC) || pipe2(errp, O_CLOEXEC) ||
	    pipe2(inp, O_CLOEXEC)) {
		rc = err_set_errno(ERR_FAIL, "pipe");
		goto done;
	}
	rc = spawn(&pid, prog, argv, o, inp[0], outp[1], errp[1]);
	close(inp[0]);
	close(outp[1]);
	close(errp[1]);
	inp[0] = outp[1] = errp[1] = -1;
	if (rc)
		goto done;
	if (o->stdin_data) {
		in_w = inp[1];
		set_nonblock(in_w);
	} else {
		close(inp[1]);
	}
	inp[1] = -1;
	set_nonblock(outp[0]);
	set_nonblock(errp[0]);
	s[0].fd = outp[0];
	s[0].b = &res->out;
	s[1].fd = errp[0];
	s[1].b = &res->err;
	outp[0] = errp[0] = -1; /* pump owns and closes them */
	rc = pump(res, o, pid, in_w, s);
done:
	for (int i = 0; i < 2; i++) {
		if (inp[i] >= 0)
			close(inp[i]);
		if (outp[i] >= 0)
			close(outp[i]);
		if (errp[i] >= 0)
			close(errp[i]);
	}
	argvec_release(&a);
	free(prog);
	return rc;
}

void proc_result_release(struct proc_result *res)
{
	buf_release(&res->out);
	buf_release(&res->err);
}
