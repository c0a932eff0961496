#include "config.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/strv.h"
#include "fuzz/camp-int.h"

/*
 * report.html (one self-contained page in the house style of
 * src/bench/report.c: inline CSS and SVG, no script, every string from a
 * run HTML-escaped) and fuzz_merge(), which combines shard or worker
 * output directories.
 */

static const char css[] = HTML_REPORT_CSS "svg text{font:12px sans-serif}";

/* Coverage over tests: a polyline over the checkpoint history. */
static int cov_plot(struct buf *b, const cJSON *hist)
{
	double maxt = 1, maxc = 1;
	const cJSON *e;
	int rc = 0;

	cJSON_ArrayForEach(e, hist)
	{
		double t = cJSON_GetArrayItem(e, 0)->valuedouble;
		double c = cJSON_GetArrayItem(e, 2)->valuedouble;

		maxt = t > maxt ? t : maxt;
		maxc = c > maxc ? c : maxc;
	}
	rc |= buf_addf(b,
		       "<h2>Coverage over tests</h2>\n<svg id=\"coverage\" "
		       "xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" "
		       "height=\"260\" role=\"img\">\n"
		       "<line x1=\"60\" y1=\"220\" x2=\"580\" y2=\"220\" "
		       "stroke=\"#888\"/><line x1=\"60\" y1=\"20\" x2=\"60\" "
		       "y2=\"220\" stroke=\"#888\"/>\n"
		       "<text x=\"60\" y=\"240\">0</text><text x=\"540\" "
		       "y=\"240\">%.0f tests</text>\n"
		       "<text x=\"0\" y=\"24\">%.0f</text><text x=\"0\" "
		       "y=\"220\">0</text>\n"
		       "<polyline fill=\"none\" stroke=\"#48c\" "
		       "stroke-width=\"2\" points=\"60,220",
		       maxt, maxc);
	cJSON_ArrayForEach(e, hist)
	{
		double t = cJSON_GetArrayItem(e, 0)->valuedouble;
		double c = cJSON_GetArrayItem(e, 2)->valuedouble;

		rc |= buf_addf(b, " %.1f,%.1f", 60 + 520 * t / maxt,
			       220 - 200 * c / maxc);
	}
	rc |= buf_addstr(b, "\"/>\n</svg>\n");
	return rc;
}

static int finding_row(struct buf *b, const cJSON *f)
{
	const cJSON *rep = cJSON_GetObjectItemCaseSensitive(f, "reproduced");
	const cJSON *g = json_get_object(f, "minimized_gold");
	int rc = buf_addf(b, "<tr><td>%.0f</td><td>",
			  json_get_number(f, "id", 0));

	rc |= buf_add_html(b, json_get_string(f, "signature"));
	rc |= buf_addf(b, "</td><td>%.0f</td><td>%.0f &rarr; %.0f</td><td>",
		       json_get_number(f, "test", 0),
		       json_get_number(f, "length", 0),
		       json_get_number(f, "minimized_length", 0));
	rc |= buf_add_html(b, g ? json_get_string(g, "disasm") : "");
	rc |= buf_addstr(b, "</td><td>");
	if (cJSON_IsBool(rep))
		rc |= buf_addstr(b, cJSON_IsTrue(rep) ? "<span class=\"pass\">yes</span>"
						      : "<span class=\"broken\">no</span>");
	else
		rc |= buf_add_html(b, json_get_string(f, "icarus_error"));
	rc |= buf_addstr(b, "</td><td>");
	rc |= buf_add_html(b, json_get_string(f, "dir"));
	return rc | buf_addstr(b, "</td></tr>\n");
}

int fuzz__report_html(const char *path, const cJSON *s)
{
	const cJSON *stats = json_get_object(s, "stats");
	const cJSON *f;
	struct buf b = BUF_INIT;
	int rc;

	rc = buf_addf(&b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
			  "<title>hwforge fuzz</title><style>%s</style></head>"
			  "<body>\n<h1>hwforge fuzz: ",
		      css);
	rc |= buf_add_html(&b, json_get_string(s, "core"));
	rc |= buf_addf(&b,
		       "</h1>\n<table><tr><th>seed</th><td>%.0f</td></tr>"
		       "<tr><th>tests</th><td>%.0f</td></tr>"
		       "<tr><th>instructions</th><td>%.0f</td></tr>"
		       "<tr><th>coverage points</th><td>%.0f</td></tr>"
		       "<tr><th>corpus</th><td>%.0f</td></tr>"
		       "<tr><th>findings</th><td>%.0f</td></tr>"
		       "<tr><th>hangs / budget ends</th><td>%.0f / %.0f</td></tr>"
		       "<tr><th>tests per CPU-second</th><td>%.0f</td></tr>"
		       "</table>\n",
		       json_get_number(s, "seed", 0),
		       json_get_number(stats, "tests", 0),
		       json_get_number(stats, "insns", 0),
		       json_get_number(s, "coverage", 0),
		       json_get_number(s, "corpus", 0),
		       json_get_number(s, "findings", 0),
		       json_get_number(stats, "hangs", 0),
		       json_get_number(stats, "budget_ends", 0),
		       json_get_number(s, "tests_per_cpu_second", 0));
	rc |= cov_plot(&b, json_get_array(s, "history"));
	rc |= buf_addstr(&b, "<h2>Findings</h2>\n<table><tr><th>#</th>"
			     "<th>signature</th><th>test</th><th>length "
			     "(minimized)</th><th>instruction</th>"
			     "<th>Icarus</th><th>directory</th></tr>\n");
	cJSON_ArrayForEach(f, json_get_array(s, "finding_list"))
	rc |= finding_row(&b, f);
	rc |= buf_addstr(&b, "</table>\n</body></html>\n");
	if (rc)
		rc = err_set(ERR_FAIL, "out of memory");
	else
		rc = fuzz__write_atomic(path, b.data, b.len, false);
	buf_release(&b);
	return rc;
}

/* ---- merge --------------------------------------------------------------- */

static int copy_file(const char *from, const char *to)
{
	struct buf b = BUF_INIT;
	int rc = buf_read_file(&b, from, 64u << 20);

	if (!rc)
		rc = fuzz__write_atomic(to, b.data, b.len, false);
	buf_release(&b);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir ending in `suffix` (or directories: suffix NULL), sorted. */
static int list_dir(char ***out, size_t *n, const char *dir,
		    const char *suffix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t l = strlen(e->d_name);
		char **nv;

		if (e->d_name[0] == '.')
			continue;
		if (suffix && (l < strlen(suffix) ||
			       strcmp(e->d_name + l - strlen(suffix), suffix)))
			continue;
		nv = realloc(v, (k + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[k] = strdup(e->d_name);
		if (v[k])
			k++;
	}
	closedir(d);
	qsort(v, k, sizeof(*v), cmp_str);
	*out = v;
	*n = k;
	return 0;
}

static int copy_tree(const char *from, const char *to)
{
	char **names;
	size_t n;
	int rc = fuzz__mkdirs(to);

	if (!rc)
		rc = list_dir(&names, &n, from, NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		char *a = str_fmt("%s/%s", from, names[i]);
		char *b = str_fmt("%s/%s", to, names[i]);

		rc = a && b ? copy_file(a, b) : ERR_FAIL;
		free(a);
		free(b);
	}
	if (!rc)
		strv_free_n(names, n);
	return rc;
}

struct merged {
	uint8_t cov[FUZZ_COV_BYTES];
	double tests, insns, cycles, hangs, budget, unspec, secs, cpu;
	size_t ncorpus, nfind;
	struct buf sigs, lines, history;
	char **seen;
	size_t nseen;
	const char *core;
	double seed;
};

static int merge_findings(struct merged *m, const char *dir,
			  const char *out_dir)
{
	char *p = str_fmt("%s/findings.jsonl", dir);
	struct buf b = BUF_INIT;
	int rc = p ? buf_read_file(&b, p, 256u << 20) : ERR_FAIL;

	free(p);
	if (rc == ERR_NOTFOUND)
		return 0;
	for (char *l = b.data; !rc && *l;) {
		char *nl = strchr(l, '\n'), stem[128], *from, *to;
		const char *sig, *fdir;
		cJSON *f = NULL;
		bool dup = false;

		if (!nl || json_parse(&f, l, (size_t)(nl - l), "findings.jsonl"))
			break;
		l = nl + 1;
		sig = json_get_string(f, "signature");
		fdir = json_get_string(f, "dir");
		for (size_t i = 0; sig && i < m->nseen; i++)
			dup |= !strcmp(m->seen[i], sig);
		if (dup || !sig || !fdir) {
			cJSON_Delete(f);
			continue;
		}
		m->seen = realloc(m->seen, (m->nseen + 1) * sizeof(*m->seen));
		if (!m->seen) {
			cJSON_Delete(f);
			return err_set(ERR_FAIL, "out of memory");
		}
		m->seen[m->nseen++] = strdup(sig);
		snprintf(stem, sizeof(stem), "findings/%04zu%s", m->nfind,
			 strchr(fdir, '-') ? strchr(fdir, '-') : "");
		from = str_fmt("%s/%s", dir, fdir);
		to = str_fmt("%s/%s", out_dir, stem);
		rc = from && to ? copy_tree(from, to) : ERR_FAIL;
		free(from);
		free(to);
		cJSON_ReplaceItemInObjectCaseSensitive(
			f, "id", cJSON_CreateNumber((double)m->nfind));
		cJSON_ReplaceItemInObjectCaseSensitive(f, "dir",
						       cJSON_CreateString(stem));
		json_add_str(f, "from", dir);
		rc |= json_print(&m->lines, f, false);
		rc |= buf_addch(&m->lines, '\n');
		rc |= buf_addf(&m->sigs, "%s[", m->nfind ? "," : "");
		{
			cJSON *s = cJSON_CreateString(sig);

			rc |= json_print(&m->sigs, s, false);
			cJSON_Delete(s);
		}
		rc |= buf_addstr(&m->sigs, ",1]");
		m->nfind++;
		cJSON_Delete(f);
	}
	buf_release(&b);
	return rc;
}

static int merge_one(struct merged *m, const char *dir, const char *out_dir,
		     cJSON **keep)
{
	char *sp = str_fmt("%s/state.json", dir), *cd = str_fmt("%s/corpus", dir);
	const cJSON *st;
	uint8_t cov[FUZZ_COV_BYTES];
	char **names = NULL;
	size_t n = 0;
	cJSON *j = NULL;
	int rc;

	rc = sp && cd ? json_parse_file(&j, sp, 256u << 20) : ERR_FAIL;
	if (rc) {
		rc = err_set(ERR_USAGE, "cannot merge '%s': no state.json", dir);
		goto done;
	}
	st = json_get_object(j, "stats");
	m->tests += json_get_number(st, "tests", 0);
	m->insns += json_get_number(st, "insns", 0);
	m->cycles += json_get_number(st, "cycles", 0);
	m->hangs += json_get_number(st, "hangs", 0);
	m->budget += json_get_number(st, "budget_ends", 0);
	m->unspec += json_get_number(st, "unspecified", 0);
	m->secs = json_get_number(st, "seconds", 0) > m->secs
			  ? json_get_number(st, "seconds", 0)
			  : m->secs;
	m->cpu += json_get_number(st, "cpu_seconds", 0);
	if (!m->core && json_get_string(j, "core")) {
		m->core = json_get_string(j, "core");
		m->seed = json_get_number(j, "seed", 0);
		*keep = j;
		j = NULL;
	}
	rc = fuzz__cov_unhex(cov, json_get_string(j ? j : *keep, "coverage"));
	if (rc)
		goto done;
	for (size_t k = 0; k < FUZZ_COV_BYTES; k++)
		m->cov[k] |= cov[k];
	rc = list_dir(&names, &n, cd, ".hex");
	for (size_t i = 0; !rc && i < n; i++) {
		char *a = str_fmt("%s/%s", cd, names[i]);
		char *b = str_fmt("%s/corpus/%06zu.hex", out_dir, m->ncorpus);

		rc = a && b ? copy_file(a, b) : ERR_FAIL;
		m->ncorpus++;
		free(a);
		free(b);
	}
	if (!rc)
		rc = merge_findings(m, dir, out_dir);
done:
	strv_free_n(names, n);
	cJSON_Delete(j);
	free(sp);
	free(cd);
	return rc;
}

static int write_merged_state(struct merged *m, const char *out_dir)
{
	struct buf b = BUF_INIT;
	char *p = str_fmt("%s/state.json", out_dir);
	char *fl = str_fmt("%s/findings.jsonl", out_dir);
	unsigned cov = fuzz__cov_count(m->cov);
	int rc = 0;

	rc |= buf_addf(&b,
		       "{\"version\":1,\"core\":\"%s\",\"seed\":%.0f,"
		       "\"scheduler\":\"merged\",\"merged\":true,\n"
		       "\"stats\":{\"tests\":%.0f,\"insns\":%.0f,\"cycles\":%.0f,"
		       "\"hangs\":%.0f,\"budget_ends\":%.0f,\"unspecified\":%.0f,"
		       "\"seconds\":%.3f,\"cpu_seconds\":%.3f},\n\"corpus\":[",
		       m->core ? m->core : "", m->seed, m->tests, m->insns,
		       m->cycles, m->hangs, m->budget, m->unspec, m->secs,
		       m->cpu);
	for (size_t i = 0; i < m->ncorpus; i++)
		rc |= buf_addf(&b, "%s[%zu,-1]", i ? "," : "", i);
	rc |= buf_addf(&b, "],\"sigs\":[%s],\"history\":[[%.0f,%.3f,%u]],"
			   "\"coverage\":\"",
		       m->sigs.data, m->tests, m->secs, cov);
	rc |= fuzz__cov_hex(&b, m->cov);
	rc |= buf_addstr(&b, "\"}\n");
	if (rc || !p || !fl)
		rc = err_set(ERR_FAIL, "out of memory");
	if (!rc)
		rc = fuzz__write_atomic(p, b.data, b.len, false);
	if (!rc)
		rc = fuzz__write_atomic(fl, m->lines.data, m->lines.len, false);
	free(p);
	free(fl);
	buf_release(&b);
	return rc;
}

int fuzz_merge(struct fuzz_result *out, const char *out_dir,
	       const char *const *dirs, size_t ndirs)
{
	struct merged *m = calloc(1, sizeof(*m));
	cJSON *keep = NULL, *s = NULL;
	char *sub = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!m)
		return err_set(ERR_FAIL, "out of memory");
	buf_init(&m->sigs);
	buf_init(&m->lines);
	buf_init(&m->history);
	sub = str_fmt("%s/corpus", out_dir);
	rc = sub ? fuzz__mkdirs(sub) : ERR_FAIL;
	for (size_t i = 0; !rc && i < ndirs; i++)
		rc = merge_one(m, dirs[i], out_dir, &keep);
	if (!rc)
		rc = write_merged_state(m, out_dir);
	if (!rc)
		rc = fuzz__summary_json(&s, out_dir);
	if (!rc) {
		struct buf b = BUF_INIT;
		char *p = str_fmt("%s/summary.json", out_dir);
		char *h = str_fmt("%s/report.html", out_dir);

		rc = p && h ? json_print(&b, s, true) : ERR_FAIL;
		if (!rc)
			rc = fuzz__write_atomic(p, b.data, b.len, false);
		if (!rc)
			rc = fuzz__report_html(h, s);
		buf_release(&b);
		free(p);
		free(h);
	}
	out->tests = (uint64_t)m->tests;
	out->findings = m->nfind;
	out->coverage = fuzz__cov_count(m->cov);
	out->hangs = (uint64_t)m->hangs;
	out->insns = (uint64_t)m->insns;
	out->seconds = m->secs;
	for (size_t i = 0; i < m->nseen; i++)
		free(m->seen[i]);
	free(m->seen);
	buf_release(&m->sigs);
	buf_release(&m->lines);
	buf_release(&m->history);
	cJSON_Delete(keep);
	cJSON_Delete(s);
	free(sub);
	free(m);
	return rc;
}
