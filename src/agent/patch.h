#ifndef AGENT_PATCH_H
#define AGENT_PATCH_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

/*
 * Patches from the model: a strict unified-diff reader and applier, a
 * whole-module replacement, and a unified-diff writer (fix.patch).
 *
 * Reading (patch_parse):
 * - Prose before, between and after the diff is ignored.  If the reply has
 *   ``` fences and at least one fenced block holds a diff header, only
 *   fenced text is read (prose outside can never be taken for hunk lines).
 * - "diff --git a/X b/Y" and its extended lines (index, mode, ...) are
 *   optional and skipped.  A file starts at a "--- OLD" line directly
 *   followed by "+++ NEW"; text after a tab is dropped; "a/" and "b/"
 *   prefixes are removed; "/dev/null" means a new (old side) or deleted
 *   (new side) file.  Several files may follow one another.
 * - A hunk is "@@ -l[,n] +l[,n] @@ anything".  Its body is the following
 *   lines starting with ' ', '-', '+' or "\ No newline at end of file"
 *   (a marker after the last line of a side); an empty line counts as an
 *   empty context line only while the stated counts still need lines.
 *   The body ends at the first other line, at "@@", "diff --git", or at a
 *   "--- " line followed by "+++ " (a header always wins).
 * - Counts: the body is trusted.  Stated counts that disagree with the
 *   body are ignored and reported as one warning line each.
 * - Not a diff (no file header, a hunk before any header, a malformed
 *   "@@" line, a header with no hunk, a hunk with no lines): patch/parse,
 *   naming the line of the reply.
 *
 * Applying (patch_apply), to in-memory texts, all files or none:
 * - A patch path is looked up exactly, then as a path suffix at a '/'
 *   boundary in either direction (the model wrote "npu_pe.v" for
 *   "rtl/npu/npu_pe.v"); if none or several given files fit: patch/no-file.
 * - Context and removed lines must equal the file's lines byte for byte
 *   (with PATCH_IGNORE_TRAILING_WS, trailing blanks, tabs and CRs are not
 *   compared; context keeps the file's own text).  No fuzz: no context
 *   line is ever dropped.
 * - Hunks of a file apply in order and never overlap.  A hunk is tried at
 *   its stated line (shifted by the offset of the previous hunk), then at
 *   distance 1, 2, ... before and after, like patch(1); the nearest match
 *   wins; two matches at the same distance: patch/ambiguous.  No match:
 *   patch/context, with the first differing line at the best partial
 *   match ('hunk 2 of F: line 14 expected "...", found "..."').  A hunk
 *   with no old lines inserts exactly at its stated line.  A "\ No
 *   newline" marker on the old side pins the hunk to the end of the file.
 * - The end-of-file newline changes only when a hunk reaching the end of
 *   the file carries a marker: a new-side marker drops it, an old-side
 *   marker alone adds it; with no marker it is kept.
 * - A new file (--- /dev/null) must not exist; a deleted one must end
 *   empty.  The same file may appear twice; the second sees the first.
 *
 * Writing (patch_diff): LCS on lines (common head and tail trimmed
 * first; if the rest exceeds 4M line pairs it is written as one
 * replacement, still correct but larger), 3 lines of context, a/ b/ prefixes,
 * "diff --git" headers, "new/deleted file mode 100644", "\ No newline at end of
 * file".  It is accepted by `git apply` and `patch -p1`.  An empty new file
 * cannot be expressed (there is no hunk) and is written as a header only.
 *
 * Return values: 0 on success; a positive enum patch_class when the patch
 * does not apply (err filled); ERR_FAIL when out of memory.
 */

enum patch_class {
	PATCH_OK = 0,
	PATCH_PARSE, /* patch/parse: not a diff (nor a module) */
	PATCH_NO_FILE, /* patch/no-file: names a file (module) not given */
	PATCH_CONTEXT, /* patch/context: a hunk matches nowhere */
	PATCH_AMBIGUOUS, /* patch/ambiguous: equally near matches */
};

/* "patch/parse", ...; "ok" for PATCH_OK. */
const char *patch_class_name(enum patch_class c);

/* Why a patch failed: the class and one line (untrusted text escaped). */
struct patch_err {
	enum patch_class cls;
	char msg[512];
};

enum patch_flags {
	PATCH_IGNORE_TRAILING_WS = (1 << 0),
};

/* A set of named file texts; text NULL means absent (deleted). */
struct patch_text {
	char *path;
	char *text;
};
struct patch_files {
	struct patch_text *v;
	size_t n;
};
#define PATCH_FILES_INIT { .v = NULL, .n = 0 }

/* Add a copy, or replace the text of an existing path (text may be NULL). */
int patch_files_set(struct patch_files *f, const char *path, const char *text);
/* Borrowed text of path, or NULL (absent). */
const char *patch_files_get(const struct patch_files *f, const char *path);
int patch_files_copy(struct patch_files *out, const struct patch_files *in);
void patch_files_release(struct patch_files *f);

struct patch_line {
	char op; /* ' ', '-' or '+' */
	bool nonl; /* followed by "\ No newline at end of file" */
	char *s; /* without the op and the newline */
};
struct patch_hunk {
	long ostart, ocount, nstart, ncount; /* as stated in the header */
	struct patch_line *l;
	size_t n;
	int at; /* 1-based line of the "@@" in the reply */
};
struct patch_file {
	char *old_path, *new_path; /* NULL for /dev/null */
	struct patch_hunk *h;
	size_t n;
	int at;
};
struct patch {
	struct patch_file *f;
	size_t n;
	struct buf warn; /* warnings, one per line */
};
#define PATCH_INIT { .f = NULL, .n = 0, .warn = BUF_INIT }

/* True if the text holds a unified-diff file header or git diff header. */
bool patch_text_has_diff(const char *text);
int patch_parse(struct patch *out, const char *text, struct patch_err *err);
void patch_release(struct patch *p);

/* out receives a copy of in with the patch applied (untouched on failure). */
int patch_apply(const struct patch *p, const struct patch_files *in,
		struct patch_files *out, unsigned flags, struct patch_err *err);

/*
 * Replace whole modules: every "module NAME ... endmodule" in the reply
 * (fenced text only if there are fences; "module" must begin a line)
 * replaces the module of that name (comments and strings skipped) in the
 * one given file defining it.  No module in the reply: patch/parse; NAME
 * defined in no file: patch/no-file; in several: patch/ambiguous.
 */
int patch_replace_modules(const char *reply, const struct patch_files *in,
			  struct patch_files *out, struct patch_err *err);

/*
 * The model's answer as new texts: a diff if the reply holds one
 * (patch_text_has_diff), else whole modules.  Parse warnings are appended
 * to warn (may be NULL).
 */
int patch_from_reply(const char *reply, const struct patch_files *in,
		     struct patch_files *out, unsigned flags,
		     struct patch_err *err, struct buf *warn);

/*
 * Append a unified diff from old to new (paths in old's order, then new
 * ones) to out; *touched (may be NULL) gets the number of '-' and '+'
 * lines, the size of the change.
 */
int patch_diff(struct buf *out, const struct patch_files *old,
	       const struct patch_files *new, size_t *touched);

#endif
