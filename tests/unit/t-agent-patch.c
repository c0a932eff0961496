#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "agent/patch.h"
#include "base/buf.h"
#include "base/err.h"
#include "base/proc.h"
#include "base/tmpdir.h"
#include "tap.h"

/* The patch reader, applier and writer; round trips through git and patch. */

static const char *counter_v =
	"module counter(input clk, input rst, output reg [3:0] q);\n"
	"\talways @(posedge clk)\n"
	"\t\tif (rst)\n"
	"\t\t\tq <= 4'd0;\n"
	"\t\telse\n"
	"\t\t\tq <= q - 4'd1;\n"
	"endmodule\n";

static const char *counter_fixed =
	"module counter(input clk, input rst, output reg [3:0] q);\n"
	"\talways @(posedge clk)\n"
	"\t\tif (rst)\n"
	"\t\t\tq <= 4'd0;\n"
	"\t\telse\n"
	"\t\t\tq <= q + 4'd1;\n"
	"endmodule\n";

static const char *fix_hunk = "@@ -4,3 +4,3 @@\n"
			      " \t\t\tq <= 4'd0;\n"
			      " \t\telse\n"
			      "-\t\t\tq <= q - 4'd1;\n"
			      "+\t\t\tq <= q + 4'd1;\n";

static void files1(struct patch_files *f, const char *path, const char *t)
{
	patch_files_set(f, path, t);
}

/* Parse and apply; returns the result class, out holds the new texts. */
static int run_patch(const char *reply, const struct patch_files *in,
		     struct patch_files *out, unsigned flags,
		     struct patch_err *e, struct buf *warn)
{
	memset(e, 0, sizeof(*e));
	return patch_from_reply(reply, in, out, flags, e, warn);
}

static void test_parse_forms(void)
{
	struct patch p;
	struct patch_err e;
	struct buf r = BUF_INIT;

	buf_addf(&r,
		 "Here is the fix: the counter counted down.\n\n"
		 "```diff\ndiff --git a/rtl/c.v b/rtl/c.v\n"
		 "index 1234567..89abcde 100644\n"
		 "--- a/rtl/c.v\t2024-01-01\n+++ b/rtl/c.v\n%s"
		 "```\n- this bullet is prose, outside the fence\n",
		 fix_hunk);
	is_int(patch_parse(&p, r.data, &e), 0, "fenced git diff with prose");
	is_int(p.n, 1, "one file");
	is_str(p.f[0].old_path, "rtl/c.v", "a/ prefix removed, tab dropped");
	is_str(p.f[0].new_path, "rtl/c.v", "b/ prefix removed");
	is_int(p.f[0].n, 1, "one hunk");
	is_int(p.f[0].h[0].n, 4, "four hunk lines (the bullet is not one)");
	is_int(p.f[0].h[0].ostart, 4, "stated old start");
	is_int(p.warn.len, 0, "no warning when counts agree");
	patch_release(&p);

	buf_reset(&r);
	buf_addf(&r, "--- c.v\n+++ c.v\n@@ -4,3 +4,3 @@ module counter\n"
		     " \t\t\tq <= 4'd0;\n \t\telse\n-\t\t\tq <= q - 4'd1;\n"
		     "+\t\t\tq <= q + 4'd1;\n\\ No newline at end of file\n"
		     "--- /dev/null\n+++ b/new.v\n@@ -0,0 +1,2 @@\n"
		     "+module n;\n+endmodule\n\nThat is all.\n");
	is_int(patch_parse(&p, r.data, &e), 0, "bare paths, two files");
	is_int(p.n, 2, "two files");
	is_str(p.f[0].old_path, "c.v", "path without prefix kept");
	ok(p.f[0].h[0].l[3].nonl, "no-newline marker on the last + line");
	ok(!p.f[1].old_path, "/dev/null old side is NULL");
	is_str(p.f[1].new_path, "new.v", "new file path");
	is_int(p.f[1].h[0].n, 2, "blank line after a complete hunk ends it");
	patch_release(&p);

	is_int(patch_parse(&p, "I think the bug is in line 6.\n", &e),
	       PATCH_PARSE, "prose only: patch/parse");
	is_str(e.msg, "not a diff: no \"--- \"/\"+++ \" file header",
	       "parse reason");
	is_int(patch_parse(&p, "text\n@@ -1,2 +1,2 @@\n-a\n+b\n", &e),
	       PATCH_PARSE, "hunk without file header");
	is_str(e.msg, "not a diff: line 2: hunk before any ---/+++ file header",
	       "reason names the line");
	is_int(patch_parse(&p, "--- a/x\n+++ b/x\n@@ -1,2 +1,x @@\n-a\n", &e),
	       PATCH_PARSE, "malformed hunk header");
	is_str(e.msg,
	       "not a diff: line 3: malformed hunk header \"@@ -1,2 +1,x @@\"",
	       "malformed header reason");
	is_int(patch_parse(&p, "--- a/x\n+++ b/x\n@@ -1 +1 @@\nprose\n", &e),
	       PATCH_PARSE, "hunk with no lines");
	is_str(patch_class_name(PATCH_CONTEXT), "patch/context", "class name");
	buf_release(&r);
}

static void test_apply_exact_offset(void)
{
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT, big = BUF_INIT, bigfix = BUF_INIT;
	int rc;

	files1(&in, "rtl/counter.v", counter_v);
	buf_addf(&r, "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n%s", fix_hunk);
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "exact hunk applies");
	is_str(patch_files_get(&out, "rtl/counter.v"), counter_fixed,
	       "exact result");
	is_str(patch_files_get(&in, "rtl/counter.v"), counter_v,
	       "input untouched");

	/* the same hunk, 5 lines further down: found at an offset */
	buf_addstr(&big, "// a\n// b\n// c\n// d\n// e\n");
	buf_addstr(&big, counter_v);
	buf_addstr(&bigfix, "// a\n// b\n// c\n// d\n// e\n");
	buf_addstr(&bigfix, counter_fixed);
	patch_files_set(&in, "rtl/counter.v", big.data);
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "hunk applies at an offset");
	is_str(patch_files_get(&out, "rtl/counter.v"), bigfix.data,
	       "offset result");

	/* the model wrote the bare file name */
	buf_reset(&r);
	buf_addf(&r, "--- counter.v\n+++ counter.v\n%s", fix_hunk);
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "bare name resolves to rtl/counter.v");

	/* trailing white space: strict by default, optional leniency */
	buf_reset(&r);
	buf_addstr(&r, "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n"
		       "@@ -9,3 +9,3 @@\n \t\t\tq <= 4'd0;  \n \t\telse\n"
		       "-\t\t\tq <= q - 4'd1;\n+\t\t\tq <= q + 4'd1;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "trailing blanks differ: strict fails");
	rc = run_patch(r.data, &in, &out, PATCH_IGNORE_TRAILING_WS, &e, NULL);
	is_int(rc, 0, "PATCH_IGNORE_TRAILING_WS applies");
	is_str(patch_files_get(&out, "rtl/counter.v"), bigfix.data,
	       "context keeps the file's own text");

	patch_files_release(&in);
	patch_files_release(&out);
	buf_release(&r);
	buf_release(&big);
	buf_release(&bigfix);
}

static void test_failures(void)
{
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT;
	const char *twice = "x\n\ta = 1;\n\tb = 2;\ny\nz\n\ta = 1;\n\tb = 2;\n";
	int rc;

	/* context mismatch: the precise reason */
	files1(&in, "rtl/counter.v", counter_v);
	buf_addstr(&r, "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n"
		       "@@ -4,3 +4,3 @@\n \t\t\tq <= 4'd0;\n \t\telse begin\n"
		       "-\t\t\tq <= q - 4'd1;\n+\t\t\tq <= q + 4'd1;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "context mismatch: patch/context");
	is_int(e.cls, PATCH_CONTEXT, "class in err");
	is_str(e.msg,
	       "hunk 1 of rtl/counter.v: line 5 expected \"\\x09\\x09else "
	       "begin\", found \"\\x09\\x09else\"",
	       "exact context reason");
	is_int(out.n, 0, "nothing written on failure");

	/* no match at all, stated past the end */
	buf_reset(&r);
	buf_addstr(&r, "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n"
		       "@@ -40,2 +40,2 @@\n-wire w;\n+wire v;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "line found nowhere");
	is_str(e.msg,
	       "hunk 1 of rtl/counter.v: line 7 expected \"wire w;\", found "
	       "\"endmodule\"",
	       "reason at the nearest place");

	/* ambiguous: two equal blocks, equally near the stated line */
	patch_files_set(&in, "t.v", twice);
	buf_reset(&r);
	buf_addstr(&r, "--- a/t.v\n+++ b/t.v\n@@ -4,2 +4,2 @@\n"
		       " \ta = 1;\n-\tb = 2;\n+\tb = 3;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_AMBIGUOUS, "equally near twice: patch/ambiguous");
	is_str(e.msg,
	       "hunk 1 of t.v: matches at lines 2 and 6, equally near line 4",
	       "ambiguous reason");
	/* stated at line 6: the nearer one wins */
	buf_reset(&r);
	buf_addstr(&r, "--- a/t.v\n+++ b/t.v\n@@ -5,2 +5,2 @@\n"
		       " \ta = 1;\n-\tb = 2;\n+\tb = 3;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "one nearer match applies");
	is_str(patch_files_get(&out, "t.v"),
	       "x\n\ta = 1;\n\tb = 2;\ny\nz\n\ta = 1;\n\tb = 3;\n",
	       "the nearer block changed");
	patch_files_release(&out);

	/* a file that was not given */
	buf_reset(&r);
	buf_addstr(&r,
		   "--- a/rtl/alu.v\n+++ b/rtl/alu.v\n@@ -1 +1 @@\n-a\n+b\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_NO_FILE, "unknown file: patch/no-file");
	is_str(e.msg,
	       "patch names rtl/alu.v, which is not among the given files",
	       "no-file reason");

	/* several files, the second fails: nothing is applied */
	buf_reset(&r);
	buf_addf(&r,
		 "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n%s"
		 "--- a/t.v\n+++ b/t.v\n@@ -1,2 +1,2 @@\n x\n-\ta = 9;\n"
		 "+\ta = 1;\n",
		 fix_hunk);
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "second file fails");
	has_str(e.msg, "hunk 1 of t.v: line 2 expected", "names the file");
	is_int(out.n, 0, "first file not applied either");
	is_str(patch_files_get(&in, "rtl/counter.v"), counter_v,
	       "input unchanged");

	/* a new file that already exists */
	buf_reset(&r);
	buf_addstr(&r, "--- /dev/null\n+++ b/t.v\n@@ -0,0 +1 @@\n+x\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "creating an existing file fails");

	patch_files_release(&in);
	buf_release(&r);
}

static void test_counts_newfile(void)
{
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT, w = BUF_INIT;
	int rc;

	files1(&in, "rtl/counter.v", counter_v);
	/* counts wrong both ways: the body is trusted */
	buf_addstr(&r, "```\n--- a/rtl/counter.v\n+++ b/rtl/counter.v\n"
		       "@@ -4,7 +4,2 @@\n \t\t\tq <= 4'd0;\n \t\telse\n"
		       "-\t\t\tq <= q - 4'd1;\n+\t\t\tq <= q + 4'd1;\n```\n");
	rc = run_patch(r.data, &in, &out, 0, &e, &w);
	is_int(rc, 0, "wrong counts still apply");
	is_str(patch_files_get(&out, "rtl/counter.v"), counter_fixed,
	       "wrong counts: result");
	is_str(w.data,
	       "hunk 1 of rtl/counter.v: header says -4,7 +4,2 but the body "
	       "has -3 +3 lines; the body is used\n",
	       "wrong counts: warning");

	/* a new file next to an edit */
	buf_reset(&r);
	buf_addf(&r,
		 "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n%s"
		 "--- /dev/null\n+++ b/rtl/top.v\n@@ -0,0 +1,3 @@\n"
		 "+module top;\n+\tcounter u();\n+endmodule\n",
		 fix_hunk);
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "edit plus new file");
	is_str(patch_files_get(&out, "rtl/top.v"),
	       "module top;\n\tcounter u();\nendmodule\n", "new file text");
	is_str(patch_files_get(&out, "rtl/counter.v"), counter_fixed,
	       "edited file");

	/* no newline at the end: the marker drops it */
	buf_reset(&r);
	buf_addstr(&r, "--- a/rtl/counter.v\n+++ b/rtl/counter.v\n"
		       "@@ -7 +7 @@\n-endmodule\n+endmodule // counter\n"
		       "\\ No newline at end of file\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "marker on the new side");
	has_str(patch_files_get(&out, "rtl/counter.v"),
		"\t\t\tq <= q - 4'd1;\nendmodule // counter",
		"last line replaced");
	ok(out.n && patch_files_get(
			    &out,
			    "rtl/counter.v")[strlen(patch_files_get(
						     &out, "rtl/counter.v")) -
					     1] != '\n',
	   "no newline at the end");

	patch_files_release(&in);
	patch_files_release(&out);
	buf_release(&r);
	buf_release(&w);
}

/* What models get wrong in the body: blank lines, line numbers. */
static void test_model_slips(void)
{
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT, want = BUF_INIT;
	const char *t = "module m;\n\twire a;\n\n\twire b;\n\tassign a = 0;"
			"\n\tassign b = 1;\n\n\twire c;\n\tassign c = a;\n"
			"endmodule\n";
	int rc;

	files1(&in, "m.v", t);
	/* a blank context line written as an empty line (space dropped) */
	buf_addstr(&r, "--- a/m.v\n+++ b/m.v\n@@ -2,3 +2,3 @@\n \twire a;\n"
		       "\n-\twire b;\n+\twire b, d;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "empty line taken as empty context");
	has_str(patch_files_get(&out, "m.v"), "\twire a;\n\n\twire b, d;\n",
		"blank context result");

	/* both hunks stated 10 lines too low: the offset carries over */
	buf_reset(&r);
	buf_addstr(&r, "--- a/m.v\n+++ b/m.v\n@@ -14,2 +14,2 @@\n"
		       " \twire b;\n-\tassign a = 0;\n+\tassign a = 1;\n"
		       "@@ -18,2 +18,2 @@\n \twire c;\n-\tassign c = a;\n"
		       "+\tassign c = b;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "two hunks at a shared offset");
	buf_addstr(&want, "module m;\n\twire a;\n\n\twire b;\n\tassign a = "
			  "1;\n\tassign b = 1;\n\n\twire c;\n\tassign c = "
			  "b;\nendmodule\n");
	is_str(patch_files_get(&out, "m.v"), want.data, "both hunks applied");

	/* hunks out of order: the second may not match before the first */
	buf_reset(&r);
	buf_addstr(&r, "--- a/m.v\n+++ b/m.v\n@@ -8,2 +8,2 @@\n \twire c;\n"
		       "-\tassign c = a;\n+\tassign c = b;\n@@ -4,2 +4,2 @@\n"
		       " \twire b;\n-\tassign a = 0;\n+\tassign a = 1;\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "hunks never overlap or go back");
	has_str(e.msg, "hunk 2 of m.v:", "second hunk named");

	/* a deletion that removes everything */
	buf_reset(&r);
	buf_addstr(&r, "--- a/m.v\n+++ /dev/null\n@@ -1,3 +0,0 @@\n"
		       "-module m;\n-\twire a;\n-\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_CONTEXT, "deleting with lines left fails");
	has_str(e.msg, "is deleted by the patch but lines remain",
		"deletion reason");
	patch_files_release(&in);
	patch_files_release(&out);
	buf_release(&r);
	buf_release(&want);
}

static void test_modules(void)
{
	struct patch_files in = PATCH_FILES_INIT, out = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT, want = BUF_INIT;
	const char *other = "// helper\nmodule inc(input [3:0] a, output [3:0] "
			    "y);\n\tassign y = a + 1; /* module x */\nendmodule"
			    "\n\n// end of file\n";
	int rc;

	files1(&in, "rtl/counter.v", counter_v);
	files1(&in, "rtl/inc.v", other);
	buf_addf(&r, "The module inc has an off-by-one; here is the whole "
		     "module:\n\n```verilog\nmodule inc(input [3:0] a, output "
		     "[3:0] y);\n\tassign y = a + 4'd1;\nendmodule\n```\n"
		     "This module endmodule is prose.\n");
	rc = run_patch(r.data, &in, &out, 0, &e, NULL);
	is_int(rc, 0, "whole module replaces");
	buf_addstr(&want, "// helper\nmodule inc(input [3:0] a, output [3:0] "
			  "y);\n\tassign y = a + 4'd1;\nendmodule\n\n// end "
			  "of file\n");
	is_str(patch_files_get(&out, "rtl/inc.v"), want.data,
	       "module text replaced, surroundings kept");
	is_str(patch_files_get(&out, "rtl/counter.v"), counter_v,
	       "other file unchanged");

	/* unfenced, with prose that starts like a module header */
	rc = run_patch("module inc is off by one.\nmodule inc (input [3:0] a, "
		       "output [3:0] y);\n\tassign y = a + 4'd1;\nendmodule\n"
		       "Done.\n",
		       &in, &out, 0, &e, NULL);
	is_int(rc, 0, "unfenced module after prose");
	has_str(patch_files_get(&out, "rtl/inc.v"),
		"// helper\nmodule inc (input [3:0] a, output [3:0] y);\n\t"
		"assign y = a + 4'd1;\nendmodule\n\n// end of file\n",
		"prose not taken into the module");
	rc = run_patch("module alu; endmodule\n", &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_NO_FILE, "unknown module: patch/no-file");
	is_str(e.msg, "module alu is not defined in any given file",
	       "unknown module reason");
	rc = run_patch("Please check the clock.\n", &in, &out, 0, &e, NULL);
	is_int(rc, PATCH_PARSE, "neither diff nor module");
	has_str(e.msg, "neither a unified diff nor a complete module",
		"neither reason");
	patch_files_release(&in);
	patch_files_release(&out);
	buf_release(&r);
	buf_release(&want);
}

/* ---- the real tools ---- */

/* Run argv in dir; stdout into out (may be NULL); exit status or -1. */
static int run(const char *dir, const char *const argv[], struct buf *out)
{
	int fd[2], st;
	pid_t pid;
	char chunk[4096];
	ssize_t n;

	if (pipe(fd) < 0)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		int nul = open("/dev/null", O_RDONLY);

		if (chdir(dir) < 0)
			_exit(127);
		dup2(nul, 0);
		dup2(fd[1], 1);
		close(fd[0]);
		close(fd[1]);
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	close(fd[1]);
	while ((n = read(fd[0], chunk, sizeof(chunk))) > 0)
		if (out)
			buf_add(out, chunk, (size_t)n);
	close(fd[0]);
	if (waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static int write_set(const char *dir, const struct patch_files *f)
{
	for (size_t i = 0; i < f->n; i++) {
		struct buf p = BUF_INIT;
		char *slash;
		int rc = 0;

		buf_addf(&p, "%s/%s", dir, f->v[i].path);
		for (slash = strchr(p.data + strlen(dir) + 1, '/'); slash;
		     slash = strchr(slash + 1, '/')) {
			*slash = '\0';
			mkdir(p.data, 0700);
			*slash = '/';
		}
		if (f->v[i].text)
			rc = buf_write_file(p.data, f->v[i].text,
					    strlen(f->v[i].text));
		else
			unlink(p.data);
		buf_release(&p);
		if (rc)
			return rc;
	}
	return 0;
}

/* Do the files in dir equal the set (absent ones absent)? */
static bool same_set(const char *dir, const struct patch_files *f)
{
	bool same = true;

	for (size_t i = 0; i < f->n; i++) {
		struct buf p = BUF_INIT, t = BUF_INIT;
		int rc;

		buf_addf(&p, "%s/%s", dir, f->v[i].path);
		rc = buf_read_file(&t, p.data, 0);
		if (f->v[i].text ? rc || strcmp(t.data, f->v[i].text)
				 : rc != ERR_NOTFOUND) {
			printf("# differs: %s\n", f->v[i].path);
			same = false;
		}
		buf_release(&p);
		buf_release(&t);
	}
	return same;
}

static char *read_src(const char *rel)
{
	const char *top = getenv("TOP_SRCDIR");
	struct buf p = BUF_INIT, t = BUF_INIT;

	buf_addf(&p, "%s/%s", top ? top : "..", rel);
	if (buf_read_file(&t, p.data, 0) < 0) {
		printf("# cannot read %s\n", p.data);
		buf_release(&p);
		return strdup("");
	}
	buf_release(&p);
	return buf_detach(&t, NULL);
}

static bool same_set_mem(const struct patch_files *a,
			 const struct patch_files *b)
{
	for (size_t i = 0; i < b->n; i++) {
		const char *x = patch_files_get(a, b->v[i].path);
		const char *y = b->v[i].text;

		if ((x == NULL) != (y == NULL) || (x && strcmp(x, y))) {
			printf("# differs in memory: %s\n", b->v[i].path);
			return false;
		}
	}
	return true;
}

struct pair {
	const char *name;
	struct patch_files old, new;
};

static void round_trip(const struct tmpdir *td, struct pair *pr)
{
	struct buf d = BUF_INIT, repo = BUF_INIT, pf = BUF_INIT;
	struct buf gd = BUF_INIT, name = BUF_INIT;
	struct patch_files mine = PATCH_FILES_INIT, merged = PATCH_FILES_INIT;
	struct patch_files oldfull = PATCH_FILES_INIT;
	struct patch_err e;
	struct patch p;
	size_t touched = 0;
	static int seq;
	int rc;

	/* the expected end state lists every path of both sides */
	patch_files_copy(&merged, &pr->old);
	for (size_t i = 0; i < merged.n; i++)
		patch_files_set(&merged, merged.v[i].path,
				patch_files_get(&pr->new, merged.v[i].path));
	for (size_t i = 0; i < pr->new.n; i++)
		patch_files_set(&merged, pr->new.v[i].path, pr->new.v[i].text);
	/* and the start state too: paths only the new side has are absent */
	patch_files_copy(&oldfull, &merged);
	for (size_t i = 0; i < oldfull.n; i++)
		patch_files_set(&oldfull, oldfull.v[i].path,
				patch_files_get(&pr->old, oldfull.v[i].path));

	patch_diff(&d, &pr->old, &pr->new, &touched);
	buf_addf(&repo, "%s/r%d", td->path, seq++);
	mkdir(repo.data, 0700);
	buf_addf(&pf, "%s.patch", repo.data);
	buf_write_file(pf.data, d.data, d.len);
	{
		const char *init[] = { "git", "init", "-q", ".", NULL };
		const char *chk[] = { "git", "apply", "--check", pf.data,
				      NULL };
		const char *app[] = { "git", "apply", pf.data, NULL };
		const char *pdry[] = { "patch",
				       "-p1",
				       "-s",
				       "--dry-run",
				       "--no-backup-if-mismatch",
				       "-i",
				       pf.data,
				       NULL };
		const char *pap[] = { "patch", "-p1",
				      "-s",    "--no-backup-if-mismatch",
				      "-i",    pf.data,
				      NULL };

		run(repo.data, init, NULL);
		write_set(repo.data, &pr->old);
		buf_addf(&name, "%s: git apply --check", pr->name);
		is_int(run(repo.data, chk, NULL), 0, name.data);
		buf_reset(&name);
		buf_addf(&name, "%s: git apply gives new", pr->name);
		ok(run(repo.data, app, NULL) == 0 &&
			   same_set(repo.data, &merged),
		   name.data);
		write_set(repo.data, &oldfull);
		buf_reset(&name);
		buf_addf(&name, "%s: patch -p1 --dry-run", pr->name);
		is_int(run(repo.data, pdry, NULL), 0, name.data);
		buf_reset(&name);
		buf_addf(&name, "%s: patch -p1 gives new", pr->name);
		ok(run(repo.data, pap, NULL) == 0 &&
			   same_set(repo.data, &merged),
		   name.data);
		write_set(repo.data, &oldfull);
	}
	/* our own applier on our own diff */
	rc = patch_parse(&p, d.data, &e);
	if (!rc)
		rc = patch_apply(&p, &pr->old, &mine, 0, &e);
	buf_reset(&name);
	buf_addf(&name, "%s: own diff applies to new", pr->name);
	ok(!rc && same_set_mem(&mine, &merged), name.data);
	if (rc)
		printf("# %s: %s\n", patch_class_name(rc), e.msg);
	patch_release(&p);
	patch_files_release(&mine);
	/* a diff written by git diff, applied by us */
	{
		const char *add[] = { "git", "add", "-A", ".", NULL };
		const char *diff[] = { "git", "diff", "--no-color",
				       "--no-ext-diff", NULL };

		run(repo.data, add, NULL);
		write_set(repo.data, &merged);
		for (size_t i = 0; i < pr->new.n; i++)
			if (!patch_files_get(&pr->old, pr->new.v[i].path)) {
				const char *nadd[] = { "git",
						       "add",
						       "-N",
						       "--",
						       pr->new.v[i].path,
						       NULL };

				run(repo.data, nadd, NULL);
			}
		run(repo.data, diff, &gd);
		rc = patch_parse(&p, gd.data, &e);
		if (!rc)
			rc = patch_apply(&p, &pr->old, &mine, 0, &e);
		buf_reset(&name);
		buf_addf(&name, "%s: git diff applies with ours", pr->name);
		ok(!rc && same_set_mem(&mine, &merged), name.data);
		if (rc)
			printf("# %s: %s\n%s", patch_class_name(rc), e.msg,
			       gd.data);
		patch_release(&p);
	}
	printf("# %s: %zu lines touched\n", pr->name, touched);
	patch_files_release(&mine);
	patch_files_release(&merged);
	patch_files_release(&oldfull);
	buf_release(&d);
	buf_release(&gd);
	buf_release(&repo);
	buf_release(&pf);
	buf_release(&name);
}

static void add_pair(struct pair *v, size_t *n, const char *name,
		     const char *path, const char *old, const char *new)
{
	struct pair *p = &v[(*n)++];

	memset(p, 0, sizeof(*p));
	p->name = name;
	if (old)
		patch_files_set(&p->old, path, old);
	if (new)
		patch_files_set(&p->new, path, new);
	else
		patch_files_set(&p->new, path, NULL);
}

static void test_round_trips(void)
{
	struct tmpdir td = TMPDIR_INIT;
	struct pair v[16];
	size_t n = 0;
	char *pe = read_src("rtl/npu/npu_pe.v");
	char *pe_mut = read_src("tests/fixtures/npu/pe_mut_arith.v");
	char *rq = read_src("rtl/npu/npu_requant.v");
	char *rq_mut = read_src("tests/fixtures/npu/requant_mut_round.v");
	char *ctrl = read_src("rtl/npu/npu_ctrl.v");
	char *ctrl_mut = read_src("tests/fixtures/npu/ctrl_mut_oob.v");
	char *top = read_src("rtl/npu/npu_top.v");
	struct buf top2 = BUF_INIT, top3 = BUF_INIT;
	char *git = proc_which("git"), *pat = proc_which("patch");

	require_tool(git != NULL, "git");
	require_tool(pat != NULL, "patch");
	ok(*pe && *pe_mut && *rq && *ctrl && *top, "NPU sources read");
	/* the repair direction: mutant -> fixed */
	add_pair(v, &n, "npu_pe repair", "rtl/npu/npu_pe.v", pe_mut, pe);
	add_pair(v, &n, "npu_ctrl repair", "rtl/npu/npu_ctrl.v", ctrl_mut,
		 ctrl);
	/* two files at once */
	add_pair(v, &n, "two files", "rtl/npu/npu_pe.v", pe_mut, pe);
	patch_files_set(&v[n - 1].old, "rtl/npu/npu_requant.v", rq_mut);
	patch_files_set(&v[n - 1].new, "rtl/npu/npu_requant.v", rq);
	/* edits far apart in one file: several hunks */
	buf_addstr(&top2, "// top of file\n");
	buf_addstr(&top2, top);
	buf_setlen(&top2, top2.len - 1);
	buf_addstr(&top2, " // the end\n// appended\n");
	add_pair(v, &n, "npu_top hunks", "rtl/npu/npu_top.v", top, top2.data);
	/* newline at end of file: dropped, added, kept missing */
	buf_addstr(&top3, top);
	buf_setlen(&top3, top3.len - 1);
	add_pair(v, &n, "drop final newline", "rtl/npu/npu_top.v", top,
		 top3.data);
	add_pair(v, &n, "add final newline", "rtl/npu/npu_top.v", top3.data,
		 top);
	add_pair(v, &n, "no newline both", "c.v", "a\nb\nc", "a\nB\nc");
	add_pair(v, &n, "no newline, append", "c.v", "a\nb", "a\nb\nc");
	add_pair(v, &n, "counter fix", "rtl/counter.v", counter_v,
		 counter_fixed);
	add_pair(v, &n, "new file", "rtl/new.v", NULL, counter_v);
	add_pair(v, &n, "deleted file", "rtl/old.v", counter_v, NULL);
	add_pair(v, &n, "replace all", "x.v", "a\nb\n", "c\nd\ne\n");
	add_pair(v, &n, "to empty", "x.v", "a\nb\n", "");

	if (tmpdir_create(&td, "t-patch") < 0) {
		ok(0, "tmpdir");
		return;
	}
	for (size_t i = 0; i < n; i++)
		round_trip(&td, &v[i]);
	{
		size_t t = 0;
		struct buf d = BUF_INIT;

		patch_diff(&d, &v[0].old, &v[0].new, &t);
		is_int(t, 3, "npu_pe repair touches 3 lines");
		printf("%s", d.data);
		buf_release(&d);
	}
	for (size_t i = 0; i < n; i++) {
		patch_files_release(&v[i].old);
		patch_files_release(&v[i].new);
	}
	tmpdir_remove(&td);
	buf_release(&top2);
	buf_release(&top3);
	free(pe);
	free(pe_mut);
	free(rq);
	free(rq_mut);
	free(ctrl);
	free(ctrl_mut);
	free(top);
	free(git);
	free(pat);
}

static unsigned long rnd_state = 12345;

static unsigned rnd(unsigned n)
{
	rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
	return (unsigned)((rnd_state >> 33) % n);
}

/* A random edit of text: deletions, insertions, changes, the last newline. */
static char *mutate(const char *text, int k)
{
	struct buf b = BUF_INIT;
	const char *p = text;
	unsigned nl = 0, edits = 1 + rnd(6);
	unsigned at[8];

	for (const char *q = text; *q; q++)
		nl += *q == '\n';
	for (unsigned i = 0; i < edits; i++)
		at[i] = rnd(nl + 1);
	for (unsigned ln = 0; *p || ln <= nl; ln++) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
		bool del = false;

		for (unsigned i = 0; i < edits; i++) {
			if (at[i] != ln)
				continue;
			switch (rnd(3)) {
			case 0:
				del = true;
				break;
			case 1:
				buf_addf(&b, "\t// inserted %d.%u\n", k, i);
				break;
			default:
				buf_addf(&b, "\twire w%d_%u;\n", k, i);
				del = true;
			}
		}
		if (!del)
			buf_add(&b, p, len);
		if (!*p)
			break;
		p += len;
	}
	if (rnd(8) == 0 && b.len && b.data[b.len - 1] == '\n')
		buf_setlen(&b, b.len - 1);
	return buf_detach(&b, NULL);
}

static void test_random(void)
{
	char *top = read_src("rtl/npu/npu_top.v");
	int bad = 0, n = 300;
	size_t sum = 0;
	struct tmpdir td = TMPDIR_INIT;

	for (int k = 0; k < n; k++) {
		struct pair pr;
		char *nw = mutate(top, k);
		struct buf d = BUF_INIT;
		struct patch p;
		struct patch_err e;
		struct patch_files got = PATCH_FILES_INIT;
		size_t t = 0;

		memset(&pr, 0, sizeof(pr));
		pr.name = "random";
		patch_files_set(&pr.old, "rtl/npu/npu_top.v", top);
		patch_files_set(&pr.new, "rtl/npu/npu_top.v", nw);
		patch_diff(&d, &pr.old, &pr.new, &t);
		sum += t;
		if (strcmp(top, nw) &&
		    (patch_parse(&p, d.data, &e) ||
		     patch_apply(&p, &pr.old, &got, 0, &e) ||
		     strcmp(patch_files_get(&got, "rtl/npu/npu_top.v"), nw))) {
			if (!bad++)
				printf("# first failing diff (%s):\n%s", e.msg,
				       d.data);
		}
		if (strcmp(top, nw))
			patch_release(&p);
		/* a few through git, patch and git diff as well */
		if (k < 6) {
			if (!td.path && tmpdir_create(&td, "t-patch-r") < 0)
				ok(0, "tmpdir");
			else
				round_trip(&td, &pr);
		}
		patch_files_release(&got);
		patch_files_release(&pr.old);
		patch_files_release(&pr.new);
		buf_release(&d);
		free(nw);
	}
	is_int(bad, 0, "300 random edits of npu_top.v: own diff, own apply");
	printf("# random edits: %zu lines touched in all\n", sum);
	tmpdir_remove(&td);
	free(top);
}

/* Cut and damaged diffs: a class or success, never a crash (ASan builds). */
static void test_damaged(void)
{
	char *pe = read_src("rtl/npu/npu_pe.v");
	char *pe_mut = read_src("tests/fixtures/npu/pe_mut_arith.v");
	struct patch_files a = PATCH_FILES_INIT, b = PATCH_FILES_INIT;
	struct buf d = BUF_INIT;
	int bad = 0, applied = 0;

	patch_files_set(&a, "rtl/npu/npu_pe.v", pe_mut);
	patch_files_set(&b, "rtl/npu/npu_pe.v", pe);
	patch_diff(&d, &a, &b, NULL);
	for (size_t cut = 0; cut <= d.len; cut++) {
		char *t = strndup(d.data, cut);
		struct patch_files out = PATCH_FILES_INIT;
		struct patch_err e;
		int rc;

		if (cut && rnd(2))
			t[rnd((unsigned)cut)] ^= 0x20;
		rc = patch_from_reply(t, &a, &out, 0, &e, NULL);
		if (rc < 0 || rc > PATCH_AMBIGUOUS || (rc && !e.msg[0]))
			bad++;
		applied += rc == 0;
		patch_files_release(&out);
		free(t);
	}
	is_int(bad, 0, "every damaged diff gets a class and a reason");
	ok(applied > 0, "some cuts still apply (whole hunks)");
	buf_release(&d);
	patch_files_release(&a);
	patch_files_release(&b);
	free(pe);
	free(pe_mut);
}

/*
 * A file line that looks like a Markdown fence: as a context line of a
 * diff it is " ```...", which must not open or close a fenced block, bare
 * or inside a fenced reply (found by fz-patch).
 */
static void test_fence_lines(void)
{
	static const char *old_text =
		"module m(input a, output y);\n"
		"```verilog\n"
		"  ```\n"
		"assign y = a;\n"
		"endmodule\n";
	static const char *new_text =
		"module m(input a, output y);\n"
		"```verilog\n"
		"  ```\n"
		"assign y = ~a;\n"
		"endmodule\n";
	struct patch_files a = PATCH_FILES_INIT, b = PATCH_FILES_INIT;
	struct patch_files got = PATCH_FILES_INIT, got2 = PATCH_FILES_INIT;
	struct buf d = BUF_INIT, r = BUF_INIT;
	struct patch p;
	struct patch_err e;

	patch_files_set(&a, "m.v", old_text);
	patch_files_set(&b, "m.v", new_text);
	patch_diff(&d, &a, &b, NULL);
	ok(strstr(d.data, "\n ```verilog\n   ```\n") != NULL,
	   "the fence-like lines are context lines of the diff");
	is_int(patch_parse(&p, d.data, &e), 0, "bare diff parses");
	is_int(patch_apply(&p, &a, &got, 0, &e), 0, "and applies");
	is_str(patch_files_get(&got, "m.v"), new_text, "to the new text");
	patch_release(&p);

	buf_addf(&r, "The fix:\n\n```diff\n%s```\nThat is all.\n", d.data);
	is_int(patch_from_reply(r.data, &a, &got2, 0, &e, NULL), 0,
	       "fenced reply with fence-like context lines applies");
	is_str(patch_files_get(&got2, "m.v"), new_text, "to the new text");

	/* one fence-like line: an unclosed "block" that hid the header */
	patch_files_release(&got);
	patch_files_set(&a, "m.v", "```x\nassign y = a;\n");
	patch_files_set(&b, "m.v", "```x\nassign y = ~a;\n");
	buf_reset(&d);
	patch_diff(&d, &a, &b, NULL);
	is_int(patch_parse(&p, d.data, &e), 0, "one fence-like line: parses");
	is_int(patch_apply(&p, &a, &got, 0, &e), 0, "and applies");
	is_str(patch_files_get(&got, "m.v"), "```x\nassign y = ~a;\n",
	       "to the new text");
	patch_release(&p);

	patch_files_release(&a);
	patch_files_release(&b);
	patch_files_release(&got);
	patch_files_release(&got2);
	buf_release(&d);
	buf_release(&r);
}

/* A new file's path must stay under the caller's directory (fz-patch). */
static void test_new_paths(void)
{
	static const char *const bad[] = { "", "../x.v", "/etc/x.v",
					   "rtl/../../x.v", "rtl/", "./x.v",
					   "a//b.v", NULL };
	struct patch_files in = PATCH_FILES_INIT;
	struct patch_err e;
	struct buf r = BUF_INIT;

	patch_files_set(&in, "rtl/a.v", "module a;\nendmodule\n");
	for (size_t i = 0; bad[i]; i++) {
		struct patch_files out = PATCH_FILES_INIT;
		struct patch p;
		char name[64];
		int rc;

		buf_reset(&r);
		buf_addf(&r, "--- /dev/null\n+++ %s\n@@ -0,0 +1,1 @@\n+x\n",
			 bad[i]);
		rc = patch_parse(&p, r.data, &e);
		if (!rc) {
			rc = patch_apply(&p, &in, &out, 0, &e);
			patch_release(&p);
		}
		snprintf(name, sizeof(name), "new file '%s' refused", bad[i]);
		ok(rc != 0 && e.msg[0], name);
		patch_files_release(&out);
	}
	{
		struct patch_files out = PATCH_FILES_INIT;
		struct patch p;

		is_int(patch_parse(&p, "--- /dev/null\n+++ b/rtl/n.v\n"
				       "@@ -0,0 +1,1 @@\n+x\n",
				   &e),
		       0, "a relative new file parses");
		is_int(patch_apply(&p, &in, &out, 0, &e), 0, "and is created");
		is_str(patch_files_get(&out, "rtl/n.v"), "x\n", "with its line");
		patch_release(&p);
		patch_files_release(&out);
	}
	patch_files_release(&in);
	buf_release(&r);
}

int main(void)
{
	test_parse_forms();
	test_apply_exact_offset();
	test_failures();
	test_counts_newfile();
	test_model_slips();
	test_modules();
	test_round_trips();
	test_random();
	test_damaged();
	test_fence_lines();
	test_new_paths();
	return done();
}
