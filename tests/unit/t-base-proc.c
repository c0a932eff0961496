#include "config.h"

#include <glob.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/base.h"
#include "tap.h"

static int run(struct proc_result *r, const char *const *argv, int timeout_ms)
{
	struct proc_opts o = PROC_OPTS_INIT;

	o.argv = argv;
	o.timeout_ms = timeout_ms;
	o.kill_grace_ms = 200;
	return proc_run(r, &o);
}

static void test_exit_and_capture(void)
{
	static const char *const argv[] = {
		"sh", "-c", "echo out; echo err >&2; exit 7", NULL
	};
	struct proc_result r = PROC_RESULT_INIT;

	is_int(run(&r, argv, 10000), 0, "ran");
	is_int(r.exit_code, 7, "exit status");
	is_str(r.out.data, "out\n", "stdout captured");
	is_str(r.err.data, "err\n", "stderr captured");
	ok(!r.timed_out && !r.truncated, "no timeout, no truncation");
	proc_result_release(&r);
}

static void test_not_found(void)
{
	static const char *const argv[] = { "hwforge-no-such-tool", NULL };
	struct proc_result r = PROC_RESULT_INIT;

	is_int(run(&r, argv, 1000), ERR_NOTFOUND, "missing tool: ERR_NOTFOUND");
	has_str(err_last(), "hwforge-no-such-tool", "message names the tool");
	proc_result_release(&r);
}

static void test_timeout_kills_group(void)
{
	/* The grandchild would outlive a pid-only kill and hold the pipe. */
	static const char *const argv[] = {
		"sh", "-c", "sleep 30 & sleep 30; echo never", NULL
	};
	struct proc_result r = PROC_RESULT_INIT;

	is_int(run(&r, argv, 300), 0, "ran");
	ok(r.timed_out, "timed out");
	ok(r.elapsed_ms < 5000, "returned soon after the deadline");
	ok(r.signal == SIGTERM || r.signal == SIGKILL, "killed by a signal");
	ok(!strstr(r.out.data, "never"), "did not finish");
	proc_result_release(&r);
}

static void test_leftovers_swept(void)
{
	/* The tool exits at once; its background child keeps stdout open. */
	static const char *const argv[] = {
		"sh", "-c", "sleep 30 & echo started; exit 0", NULL
	};
	struct proc_result r = PROC_RESULT_INIT;

	is_int(run(&r, argv, 20000), 0, "ran");
	is_int(r.exit_code, 0, "exit status of the tool itself");
	ok(!r.timed_out, "not a timeout: the tool finished");
	ok(r.elapsed_ms < 5000, "leftover holding the pipe was killed");
	is_str(r.out.data, "started\n", "output before exit kept");
	proc_result_release(&r);
}

static void test_output_cap(void)
{
	static const char *const argv[] = { "yes", NULL };
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;

	o.argv = argv;
	o.timeout_ms = 10000;
	o.max_output = 4096;
	o.kill_on_flood = true;
	is_int(proc_run(&r, &o), 0, "ran");
	ok(r.truncated && r.flooded, "flood detected and killed");
	is_int(r.out.len, 4096, "output capped at max_output");
	ok(!r.timed_out, "ended by the flood, not the deadline");
	proc_result_release(&r);
}

static void test_stdin(void)
{
	static const char *const argv[] = { "wc", "-c", NULL };
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	size_t n = 1u << 20;
	char *data = malloc(n);

	memset(data, 'x', n);
	o.argv = argv;
	o.stdin_data = data;
	o.stdin_len = n;
	is_int(proc_run(&r, &o), 0, "ran");
	buf_rtrim(&r.out);
	is_str(r.out.data, "1048576", "1 MiB through stdin without deadlock");
	proc_result_release(&r);
	free(data);
}

static void test_limits(void)
{
	static const char *const argv[] = {
		"sh", "-c", "head -c 200000 /dev/zero > big; echo done", NULL
	};
	struct tmpdir t = TMPDIR_INIT;
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	struct stat st;
	char *big;

	tmpdir_create(&t, "test");
	o.argv = argv;
	o.cwd = t.path;
	o.file_bytes = 65536;
	is_int(proc_run(&r, &o), 0, "ran");
	big = tmpdir_file(&t, "big");
	ok(!stat(big, &st) && st.st_size <= 65536, "file size limit enforced");
	free(big);
	proc_result_release(&r);
	tmpdir_remove(&t);
}

static void test_sandbox(void)
{
	static const char *const argv[] = {
		"sh", "-c",
		"echo inside > ok.txt; echo x > /tmp/hwforge-escape-$$ && "
		"echo escaped; cat /etc/hostname >/dev/null 2>&1 && echo readetc;"
		" ls /root >/dev/null 2>&1 && echo readroot; exit 0",
		NULL
	};
	struct tmpdir t = TMPDIR_INIT;
	struct proc_opts o = PROC_OPTS_INIT;
	struct proc_result r = PROC_RESULT_INIT;
	char *okf;

	if (!proc_sandbox_available()) {
		/*
		 * bwrap missing (a tool: required in CI), or present but
		 * unable to make namespaces (a container, a chroot): then
		 * these six checks are skipped, named, unless the sandbox is
		 * required too.
		 */
		char *bw = proc_which("bwrap");
		const char *rt = getenv("HWFORGE_TEST_REQUIRE_TOOLS");
		const char *rs = getenv("HWFORGE_TEST_REQUIRE_SANDBOX");

		if ((!bw && rt && !strcmp(rt, "1")) || (rs && !strcmp(rs, "1")))
			ok(0, "the sandbox (bwrap) is required but not usable");
		else
			skip_n(6, bw ? "bwrap cannot create namespaces here"
				     : "bwrap not installed");
		free(bw);
		return;
	}
	tmpdir_create(&t, "test");
	o.argv = argv;
	o.cwd = t.path;
	o.sandbox = PROC_SANDBOX_REQUIRE;
	is_int(proc_run(&r, &o), 0, "ran sandboxed");
	ok(r.sandboxed, "result says sandboxed");
	okf = tmpdir_file(&t, "ok.txt");
	ok(access(okf, F_OK) == 0, "own directory is writable");
	ok(!strstr(r.out.data, "readetc"), "host /etc is not visible");
	ok(!strstr(r.out.data, "readroot"), "/root is not visible");
	/* /tmp inside is a private tmpfs: nothing lands in the host's /tmp */
	{
		glob_t g;

		ok(glob("/tmp/hwforge-escape-*", 0, NULL, &g) == GLOB_NOMATCH,
		   "no file escapes into the host /tmp");
		globfree(&g);
	}
	free(okf);
	proc_result_release(&r);
	tmpdir_remove(&t);
}

static void test_interrupt(void)
{
	static const char *const argv[] = { "sleep", "30", NULL };
	struct proc_result r = PROC_RESULT_INIT;

	proc_interrupted = 1;
	is_int(run(&r, argv, 10000), ERR_INTR, "interrupt before start");
	proc_interrupted = 0;
	proc_result_release(&r);
}

int main(void)
{
	test_exit_and_capture();
	test_not_found();
	test_timeout_kills_group();
	test_leftovers_swept();
	test_output_cap();
	test_stdin();
	test_limits();
	test_sandbox();
	test_interrupt();
	return done();
}
