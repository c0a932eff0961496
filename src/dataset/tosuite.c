/*
 * --to-suite DIR: verified pairs become native bench tasks for patch-mode
 * evaluation.  A pair qualifies when both sides compiled and synthesized
 * and the equivalence check refuted "after == before" (the behaviour
 * provably changed).  The task's spec carries the buggy module, the
 * commit message and the counterexample; the fixed module is the
 * reference, so a candidate is scored by equivalence to the fix.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dataset/miner.h"

static bool stage_pass(const cJSON *f, const char *stage)
{
	const cJSON *s = json_get_object(f, stage);
	const char *b = json_get_string(json_get_object(s, "before"), "status");
	const char *a = json_get_string(json_get_object(s, "after"), "status");

	return b && a && !strcmp(b, "pass") && !strcmp(a, "pass");
}

static int write_in(const char *dir, const char *name, const char *text)
{
	char *p = str_fmt("%s/%s", dir, name);
	int rc = p ? buf_write_file(p, text, strlen(text))
		   : err_set(ERR_FAIL, "out of memory");

	free(p);
	return rc;
}

static int spec_text(struct buf *s, const cJSON *r, const cJSON *eq)
{
	const char *msg = json_get_string(r, "message");
	struct buf cex = BUF_INIT;
	int rc;

	rc = buf_addf(s, "# Fix the bug in module `%s`\n\n"
		      "The module below (from %s, `%s` at the parent of commit "
		      "%s) has a bug.\nReturn the whole corrected module; keep "
		      "its name and ports.\n\n## The module\n\n```verilog\n%s```\n\n"
		      "## Evidence\n\nThe fixed design differs from this one (the check ran with this module as the reference): ",
		      json_get_string(r, "module"), json_get_string(r, "repo"),
		      json_get_string(r, "before_path"), json_get_string(r, "commit"),
		      json_get_string(r, "before"));
	rc |= buf_addf(s, "%s\n\n", json_get_string(eq, "reason"));
	if (json_get_array(eq, "counterexample") &&
	    !json_print(&cex, json_get_array(eq, "counterexample"), true))
		rc |= buf_addf(s, "Counterexample (inputs per cycle; `gold` is this "
			       "module, `gate` the fixed one):\n\n```json\n%s\n```\n\n",
			       cex.data);
	buf_release(&cex);
	rc |= buf_addf(s, "## The fixing commit's message\n\n%s\n", msg ? msg : "");
	return rc;
}

/* Width of a Verilog literal such as 8'hfe (1 when unsized). */
static int lit_width(const char *v)
{
	long w = strtol(v, NULL, 10);

	return strchr(v, '\'') && w > 0 && w <= 4096 ? (int)w : 1;
}

/*
 * A trusted testbench replaying a one-cycle (combinational)
 * counterexample: the inputs, then the fixed design's outputs as the
 * expected values.  Returns 1 (no testbench) for longer counterexamples.
 */
static int tb_text(struct buf *b, const char *top, const cJSON *cex)
{
	const cJSON *row = cex ? cex->child : NULL, *in, *gold, *x;
	int rc = 0;

	if (!row || row->next)
		return 1;
	in = json_get_object(row, "inputs");
	gold = json_get_object(row, "gate"); /* the fixed design's outputs */
	if (!gold || !gold->child)
		return 1;
	rc |= buf_addstr(b, "// Replays the counterexample of the mined fix.\n"
			 "module tb;\n");
	for (x = in ? in->child : NULL; x; x = x->next)
		rc |= buf_addf(b, "  reg [%d:0] %s;\n", lit_width(x->valuestring) - 1,
			       x->string);
	for (x = gold->child; x; x = x->next)
		rc |= buf_addf(b, "  wire [%d:0] %s;\n", lit_width(x->valuestring) - 1,
			       x->string);
	rc |= buf_addf(b, "  %s dut(", top);
	for (x = in ? in->child : NULL; x; x = x->next)
		rc |= buf_addf(b, ".%s(%s), ", x->string, x->string);
	for (x = gold->child; x; x = x->next)
		rc |= buf_addf(b, ".%s(%s)%s", x->string, x->string, x->next ? ", " : "");
	rc |= buf_addstr(b, ");\n  initial begin\n");
	for (x = in ? in->child : NULL; x; x = x->next)
		rc |= buf_addf(b, "    %s = %s;\n", x->string, x->valuestring);
	rc |= buf_addstr(b, "    #1;\n");
	for (x = gold->child; x; x = x->next)
		rc |= buf_addf(b, "    if (%s !== %s) $fatal(1, \"%s is %%h, "
			       "expected %s\", %s);\n", x->string, x->valuestring,
			       x->string, x->valuestring, x->string);
	return rc | buf_addstr(b, "    $finish;\n  end\nendmodule\n");
}

static bool cex_strings(const cJSON *cex)
{
	for (const cJSON *row = cex ? cex->child : NULL; row; row = row->next)
		for (const char *k = "inputs"; k; k = strcmp(k, "inputs") ? NULL : "gate")
			for (const cJSON *x = json_get_object(row, k) ? json_get_object(row, k)->child : NULL;
			     x; x = x->next)
				if (!cJSON_IsString(x) || strpbrk(x->valuestring, "\";\n") ||
				    strpbrk(x->string, " \";()\n"))
					return false;
	return true;
}

static int one_task(const char *out, const cJSON *r, size_t *n)
{
	const cJSON *f = json_get_object(r, "filters"), *eq = json_get_object(f, "equiv");
	const char *res = json_get_string(eq, "result"), *id = json_get_string(r, "id");
	const char *mod = json_get_string(r, "module");
	struct buf spec = BUF_INIT, tj = BUF_INIT, tb = BUF_INIT;
	const cJSON *cex;
	char *dir;
	int rc = 0;

	if (!f || !res || strcmp(res, "refuted") || !stage_pass(f, "compile") ||
	    !stage_pass(f, "synth") || !id || !mod ||
	    !json_get_string(r, "before") || !json_get_string(r, "after"))
		return 0;
	cex = json_get_array(eq, "counterexample");
	if (!cex_strings(cex) || tb_text(&tb, mod, cex)) {
		buf_release(&tb);
		return 0; /* NEEDSWORK: sequential counterexamples need a clocked tb */
	}
	dir = str_fmt("%s/%s", out, id);
	if (!dir) {
		buf_release(&tb);
		return err_set(ERR_FAIL, "out of memory");
	}
	if (mkdir(dir, 0777) && errno != EEXIST)
		rc = err_set_errno(ERR_FAIL, "%s", dir);
	if (!rc)
		rc = spec_text(&spec, r, eq);
	rc |= buf_addf(&tj, "{\n  \"id\": \"%s\",\n  \"top\": ", id);
	rc |= djson_str(&tj, mod, strlen(mod));
	rc |= buf_addstr(&tj, ",\n  \"spec\": \"spec.md\",\n  \"reference\": "
			 "[\"ref.sv\"],\n  \"testbench\": \"tb.v\",\n  \"tb_top\": \"tb\",\n"
			 "  \"buggy\": \"buggy.sv\",\n  \"source\": ");
	{
		struct buf src = BUF_INIT;
		cJSON *s = cJSON_CreateObject();

		cJSON_AddStringToObject(s, "repo", json_get_string(r, "repo"));
		cJSON_AddStringToObject(s, "commit", json_get_string(r, "commit"));
		cJSON_AddStringToObject(s, "path", json_get_string(r, "path"));
		rc |= json_print(&src, s, false);
		rc |= buf_add(&tj, src.data, src.len);
		cJSON_Delete(s);
		buf_release(&src);
	}
	rc |= buf_addstr(&tj, "\n}\n");
	if (!rc)
		rc = write_in(dir, "task.json", tj.data);
	if (!rc)
		rc = write_in(dir, "spec.md", spec.data);
	if (!rc)
		rc = write_in(dir, "ref.sv", json_get_string(r, "after"));
	if (!rc)
		rc = write_in(dir, "buggy.sv", json_get_string(r, "before"));
	if (!rc)
		rc = write_in(dir, "tb.v", tb.data);
	buf_release(&tb);
	buf_release(&spec);
	buf_release(&tj);
	free(dir);
	*n += !rc;
	return rc;
}

static int from_file(const char *out, const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;

	if (!f)
		return 0;
	while (!rc && (len = getline(&line, &cap, f)) > 0) {
		cJSON *r = NULL;

		if (!strstr(line, "\"result\":\"refuted\""))
			continue; /* most lines: no need to parse */
		if (json_parse(&r, line, (size_t)len, path)) {
			err_clear();
			continue;
		}
		rc = one_task(out, r, n);
		cJSON_Delete(r);
	}
	free(line);
	fclose(f);
	return rc;
}

int dataset_to_suite(const char *out_dir, const char *suite, size_t *ntasks)
{
	DIR *d;
	struct dirent *e;
	int rc = 0;

	*ntasks = 0;
	if (mkdir(suite, 0777) && errno != EEXIST)
		return err_set_errno(ERR_USAGE, "--to-suite %s", suite);
	d = opendir(out_dir);
	if (!d)
		return err_set_errno(ERR_FAIL, "%s", out_dir);
	while (!rc && (e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = str_fmt("%s/%s/records.jsonl", out_dir, e->d_name);
		rc = p ? from_file(suite, p, ntasks) : err_set(ERR_FAIL, "out of memory");
		free(p);
	}
	closedir(d);
	if (!rc)
		rc = write_in(suite, "suite.json",
			      "{\"name\": \"hwforge-mined\", \"version\": 1, "
			      "\"description\": \"bug-fix pairs mined by hwforge "
			      "mine whose behaviour provably differs; patch mode: "
			      "the buggy module in the spec, the fix as the "
			      "reference\"}\n");
	return rc;
}
