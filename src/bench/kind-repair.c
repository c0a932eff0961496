#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/patch.h"
#include "bench/bench.h"
#include "verify/verify.h"

/*
 * The native "repair" suite kind: a task directory holds task.json
 * {"kind": "repair", "id", "top", "design": [buggy files], "evidence":
 * {"testbench", "tb_top"} (what a model may be shown), "hidden":
 * {"reference": [fixed files]} (held out: scoring only)}.  A sample's
 * response is a patch (or whole modules) against the design; it is
 * scored by the held-out check (differential simulation and equivalence
 * against the hidden fixed reference, plus the evidence testbench) and
 * by the size of the patch (lines touched).
 *
 * The suites `hwforge mine --to-suite` writes (src/dataset/tosuite.c)
 * are repair tasks too: "buggy" names the design, "reference" the fix
 * (held out) and "testbench"/"tb_top" the evidence.
 */

/* A task.json that is a repair task: the kind, or mine's "buggy". */
static bool is_repair(const cJSON *j)
{
	const char *k = json_get_string(j, "kind");

	return (k && !strcmp(k, "repair")) || json_get_string(j, "buggy");
}

static char *path_in(const char *dir, const char *name)
{
	return name ? str_fmt("%s/%s", dir, name) : NULL;
}

bool bench_repair_suite(const char *suite)
{
	DIR *d = opendir(suite);
	struct dirent *e;
	bool yes = false;

	while (d && !yes && (e = readdir(d))) {
		char *p;
		cJSON *j = NULL;

		if (e->d_name[0] == '.')
			continue;
		p = str_fmt("%s/%s/task.json", suite, e->d_name);
		if (p && !json_parse_file(&j, p, 1u << 20))
			yes = is_repair(j);
		err_clear();
		cJSON_Delete(j);
		free(p);
	}
	if (d)
		closedir(d);
	return yes;
}

struct rtask {
	char *id, *dir, *top, *tb, *tb_top;
	cJSON *j;
	struct patch_files design;
	char **hidden;
	size_t nhidden;
	long samples, applied, passed, touched_sum;
};

static int load_task(struct rtask *t, const char *suite, const char *name)
{
	cJSON *d, *h, *ev, *it, *refs;
	char *p = str_fmt("%s/%s/task.json", suite, name);
	int rc = p ? json_parse_file(&t->j, p, 1u << 20) : ERR_FAIL;

	free(p);
	if (rc)
		return err_wrap(ERR_USAGE, "repair task %s", name);
	t->dir = str_fmt("%s/%s", suite, name);
	t->id = strdup(json_get_string(t->j, "id") ? json_get_string(t->j, "id")
						   : name);
	t->top = (char *)json_get_string(t->j, "top");
	d = json_get_array(t->j, "design");
	h = json_get_object(t->j, "hidden");
	ev = json_get_object(t->j, "evidence");
	if (!d && json_get_string(t->j, "buggy")) { /* mine --to-suite */
		d = cJSON_AddArrayToObject(t->j, "design");
		cJSON_AddItemToArray(
			d, cJSON_CreateString(json_get_string(t->j, "buggy")));
		h = t->j;
		ev = NULL;
		if (json_get_string(t->j, "testbench"))
			ev = t->j;
	}
	refs = h ? json_get_array(h, "reference") : NULL;
	if (!t->top || !d || !refs)
		return err_set(ERR_USAGE,
			       "%s/task.json: a repair task needs top, design "
			       "and hidden.reference",
			       t->dir);
	cJSON_ArrayForEach(it, d)
	{
		struct buf b = BUF_INIT;
		char *f = path_in(t->dir, cJSON_GetStringValue(it));

		rc = f ? buf_read_file(&b, f, 8u << 20) : ERR_USAGE;
		if (!rc)
			rc = patch_files_set(&t->design, it->valuestring,
					     b.data);
		buf_release(&b);
		free(f);
		if (rc)
			return err_wrap(ERR_USAGE, "%s", t->dir);
	}
	t->nhidden = (size_t)cJSON_GetArraySize(refs);
	t->hidden = calloc(t->nhidden + 1, sizeof(char *));
	if (!t->hidden)
		return ERR_FAIL;
	for (size_t i = 0; i < t->nhidden; i++)
		t->hidden[i] = path_in(
			t->dir,
			cJSON_GetStringValue(cJSON_GetArrayItem(refs, (int)i)));
	if (ev && json_get_string(ev, "testbench")) {
		t->tb = path_in(t->dir, json_get_string(ev, "testbench"));
		t->tb_top = (char *)json_get_string(ev, "tb_top");
	}
	return 0;
}

static void release_task(struct rtask *t)
{
	free(t->id);
	free(t->dir);
	free(t->tb);
	for (size_t i = 0; i < t->nhidden; i++)
		free(t->hidden[i]);
	free(t->hidden);
	patch_files_release(&t->design);
	cJSON_Delete(t->j);
}

/* Score one response: its result line. */
static cJSON *score(struct rtask *t, const char *resp, const char *tmp,
		    const struct bench_opts *o)
{
	static const struct verify_opts init = VERIFY_OPTS_INIT;
	struct patch_files out = PATCH_FILES_INIT;
	struct patch_err pe = { 0 };
	struct verify_opts vo = init;
	struct verify_verdict v;
	struct buf diff = BUF_INIT;
	cJSON *r = cJSON_CreateObject();
	const char **files = calloc(t->design.n + 1, sizeof(*files));
	size_t touched = 0;
	int rc = patch_from_reply(resp ? resp : "", &t->design, &out,
				  PATCH_IGNORE_TRAILING_WS, &pe, NULL);

	json_add_str(r, "task", t->id);
	if (rc) {
		json_add_bool(r, "applied", false);
		json_add_str(r, "status", "fail");
		json_add_str(r, "class", patch_class_name(pe.cls));
		json_add_str(r, "reason", pe.msg);
		goto done;
	}
	t->applied++;
	patch_diff(&diff, &t->design, &out, &touched);
	for (size_t i = 0; i < t->design.n; i++) {
		char *p = str_fmt("%s/%s-%zu.v", tmp, t->id, i);

		buf_write_file(p, patch_files_get(&out, t->design.v[i].path),
			       strlen(patch_files_get(&out,
						      t->design.v[i].path)));
		files[i] = p;
	}
	vo.files = files;
	vo.nfiles = t->design.n;
	vo.top = t->top;
	vo.refs = (const char *const *)t->hidden;
	vo.nrefs = t->nhidden;
	vo.tb = t->tb;
	vo.tb_top = t->tb_top;
	vo.timeout_s = o->timeout_s > 0 ? o->timeout_s : 30;
	vo.sandbox = o->sandbox;
	rc = verify_check(&v, &vo);
	json_add_bool(r, "applied", true);
	json_add_num(r, "lines_touched", (double)touched);
	if (rc) {
		json_add_str(r, "status", "error");
		json_add_str(r, "class", "check/error");
		json_add_str(r, "reason", err_last());
	} else {
		const struct verify_stage *st =
			v.failed >= 0 ? &v.stages[v.failed] : NULL;

		json_add_str(r, "status",
			     v.status == VERIFY_PASS ? "pass" : "fail");
		json_add_str(r, "class", st ? st->class : NULL);
		if (v.status == VERIFY_PASS) {
			t->passed++;
			t->touched_sum += (long)touched;
		}
		verify_verdict_release(&v);
	}
done:
	for (size_t i = 0; i < t->design.n; i++)
		free((char *)files[i]);
	free(files);
	patch_files_release(&out);
	buf_release(&diff);
	return r;
}

int bench_repair_score(cJSON **summary, const struct bench_opts *o)
{
	struct rtask *tasks = NULL;
	size_t nt = 0;
	struct dirent *e;
	DIR *d = opendir(o->suite);
	struct buf lines = BUF_INIT, res = BUF_INIT;
	char *tmp = NULL;
	cJSON *s = NULL, *per;
	long samples = 0, applied = 0, passed = 0, touched = 0;
	double p1 = 0;
	int rc = d ? 0 : err_set_errno(ERR_USAGE, "'%s'", o->suite);

	*summary = NULL;
	while (!rc && (e = readdir(d))) {
		char *p = str_fmt("%s/%s/task.json", o->suite, e->d_name);
		cJSON *j = NULL;
		struct rtask *nv;
		bool repair = e->d_name[0] != '.' && p &&
			      !json_parse_file(&j, p, 1u << 20) && is_repair(j);

		err_clear();
		cJSON_Delete(j);
		free(p);
		if (!repair)
			continue;
		nv = realloc(tasks, (nt + 1) * sizeof(*nv));
		if (!nv) {
			rc = ERR_FAIL;
			break;
		}
		tasks = nv;
		memset(&tasks[nt], 0, sizeof(*tasks));
		rc = load_task(&tasks[nt++], o->suite, e->d_name);
	}
	if (d)
		closedir(d);
	if (!rc && !o->samples)
		rc = err_set(ERR_USAGE, "a repair suite is scored from "
					"--samples FILE");
	if (!rc)
		rc = buf_read_file(&lines, o->samples, 1u << 30);
	if (!rc)
		rc = bench_mkdir_p(o->out_dir);
	tmp = rc ? NULL : str_fmt("%s/repair-tmp", o->out_dir);
	if (!rc)
		rc = bench_mkdir_p(tmp);
	for (char *l = lines.data; !rc && l && *l;) {
		char *nl = strchr(l, '\n');
		cJSON *j = NULL, *r;
		struct rtask *t = NULL;

		if (nl)
			*nl = 0;
		if (*l && !json_parse(&j, l, strlen(l), "sample")) {
			const char *id = json_get_string(j, "task");

			for (size_t i = 0; id && i < nt; i++)
				if (!strcmp(tasks[i].id, id))
					t = &tasks[i];
			if (t) {
				t->samples++;
				r = score(t, json_get_string(j, "response"),
					  tmp, o);
				json_add_num(r, "sample",
					     json_get_number(j, "sample", 0));
				json_print(&res, r, false);
				buf_addch(&res, '\n');
				cJSON_Delete(r);
			}
		}
		err_clear();
		cJSON_Delete(j);
		l = nl ? nl + 1 : NULL;
	}
	if (!rc) {
		char *p = str_fmt("%s/results.jsonl", o->out_dir);

		rc = buf_write_file(p, res.data ? res.data : "", res.len);
		free(p);
	}
	s = cJSON_CreateObject();
	per = cJSON_CreateArray();
	for (size_t i = 0; !rc && i < nt; i++) {
		cJSON *tj = cJSON_CreateObject();

		json_add_str(tj, "task", tasks[i].id);
		json_add_num(tj, "samples", (double)tasks[i].samples);
		json_add_num(tj, "applied", (double)tasks[i].applied);
		json_add_num(tj, "held_out_pass", (double)tasks[i].passed);
		json_add_num(tj, "lines_touched_mean",
			     tasks[i].passed ? (double)tasks[i].touched_sum /
						       (double)tasks[i].passed
					     : -1);
		json_append_take(per, tj);
		samples += tasks[i].samples;
		applied += tasks[i].applied;
		passed += tasks[i].passed;
		touched += tasks[i].touched_sum;
		if (tasks[i].samples)
			p1 += (double)tasks[i].passed /
			      (double)tasks[i].samples;
	}
	if (!rc) {
		struct buf t = BUF_INIT;
		char *p = str_fmt("%s/summary.json", o->out_dir);

		json_add_str(s, "kind", "repair");
		json_add_num(s, "tasks", (double)nt);
		json_add_num(s, "samples", (double)samples);
		json_add_num(s, "applied", (double)applied);
		json_add_num(s, "held_out_pass", (double)passed);
		json_add_num(s, "pass_at_1", nt ? p1 / (double)nt : 0);
		json_add_num(s, "lines_touched_mean",
			     passed ? (double)touched / (double)passed : -1);
		json_add_take(s, "tasks_detail", per);
		per = NULL;
		rc = json_print(&t, s, true);
		if (!rc)
			rc = buf_addch(&t, '\n');
		if (!rc)
			rc = buf_write_file(p, t.data, t.len);
		buf_release(&t);
		free(p);
	}
	cJSON_Delete(per);
	if (rc)
		cJSON_Delete(s);
	else
		*summary = s;
	for (size_t i = 0; i < nt; i++)
		release_task(&tasks[i]);
	free(tasks);
	free(tmp);
	buf_release(&lines);
	buf_release(&res);
	return rc;
}
