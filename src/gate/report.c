#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "gate/gate.h"

/*
 * Gate reports: the table for people, JUnit XML for CI systems, JSON for
 * tools, GitHub Actions annotations.  Messages and details may carry
 * untrusted text (tool output, names from the design); the checks escape
 * control bytes already, and the XML writer additionally guarantees
 * well-formed XML whatever the bytes are.
 */

void gate_count(const struct gate_run *r, struct gate_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < r->nchecks; i++) {
		out->total++;
		switch (r->checks[i].result) {
		case GATE_PASS:
			out->passed++;
			break;
		case GATE_FAIL:
			out->failed++;
			break;
		case GATE_ERROR:
			out->errors++;
			break;
		case GATE_SKIPPED:
			out->skipped++;
			break;
		case GATE_NOTRUN:
			out->notrun++;
			break;
		}
	}
}

int gate_exit_code(const struct gate_run *r)
{
	struct gate_counts n;

	gate_count(r, &n);
	if (n.failed)
		return 1;
	if (n.errors || n.notrun)
		return 3;
	return 0;
}

static long unit_time(const struct gate_run *r, size_t unit)
{
	long t = 0;

	for (size_t i = 0; i < r->nchecks; i++)
		if (r->checks[i].unit == unit)
			t += r->checks[i].elapsed_ms;
	return t;
}

/* ---- table ------------------------------------------------------------ */

static const char *table_result(enum gate_result res)
{
	switch (res) {
	case GATE_PASS:
		return "pass";
	case GATE_FAIL:
		return "FAIL";
	case GATE_ERROR:
		return "ERROR";
	case GATE_SKIPPED:
		return "skipped";
	default:
		return "not run";
	}
}

/* Up to `max` lines of a detail, indented. */
static void print_detail(FILE *f, const char *d, int max)
{
	int n = 0;

	while (d && *d && n < max) {
		const char *nl = strchr(d, '\n');
		size_t len = nl ? (size_t)(nl - d) : strlen(d);

		fprintf(f, "    %.*s\n", (int)len, d);
		n++;
		d += len + (nl ? 1 : 0);
	}
	if (d && *d)
		fprintf(f, "    ...\n");
}

int gate_write_table(FILE *f, const struct gate_file *g,
		     const struct gate_run *r)
{
	int wu = 4, wc = 5;
	struct gate_counts n;

	for (size_t i = 0; i < r->nchecks; i++) {
		int lu = (int)strlen(g->units[r->checks[i].unit].name);
		int lc = (int)strlen(r->checks[i].name);

		wu = lu > wu ? lu : wu;
		wc = lc > wc ? lc : wc;
	}
	fprintf(f, "%-*s  %-*s  %-7s  %7s  %s\n", wu, "UNIT", wc, "CHECK",
		"RESULT", "TIME", "DETAILS");
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct gate_check *k = &r->checks[i];

		fprintf(f, "%-*s  %-*s  %-7s  %6.2fs%s%s\n", wu,
			g->units[k->unit].name, wc, k->name,
			table_result(k->result), k->elapsed_ms / 1000.0,
			k->message ? "  " : "", k->message ? k->message : "");
	}
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct gate_check *k = &r->checks[i];

		if (k->result != GATE_FAIL && k->result != GATE_ERROR)
			continue;
		fprintf(f, "\n%s.%s: %s%s%s\n", g->units[k->unit].name, k->name,
			table_result(k->result), k->class ? " " : "",
			k->class ? k->class : "");
		if (k->message)
			fprintf(f, "    %s\n", k->message);
		print_detail(f, k->detail, 24);
	}
	gate_count(r, &n);
	fprintf(f,
		"\n%s: %zu checks, %zu passed, %zu failed, %zu errors, "
		"%zu skipped",
		g->name, n.total, n.passed, n.failed, n.errors, n.skipped);
	if (n.notrun)
		fprintf(f, ", %zu not run", n.notrun);
	fprintf(f, " in %.1f s (%d jobs)\n", r->elapsed_ms / 1000.0, r->jobs);
	return ferror(f) ? err_set(ERR_FAIL, "cannot write the table") : 0;
}

/* ---- XML ---------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (XML Char only), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
	unsigned lo = 0x80, hi = 0xbf;
	size_t len;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return 0;
	if (n < len)
		return 0;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f; /* no UTF-16 surrogates */
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	/* U+FFFE and U+FFFF are not XML characters */
	if (len == 3 && s[0] == 0xef && s[1] == 0xbf && s[2] >= 0xbe)
		return 0;
	return len;
}

int gate_xml_escape(struct buf *out, const char *s, size_t len, bool attr)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = 0;

	for (size_t i = 0; i < len && !rc;) {
		unsigned char c = p[i];
		size_t n = utf8_seq(p + i, len - i);

		if (!n) {
			rc = buf_addstr(out, "\xef\xbf\xbd"); /* U+FFFD */
			i++;
			continue;
		}
		if (n > 1) {
			/* C1 controls (U+0080..U+009F) are shown, not kept */
			if (c == 0xc2 && p[i + 1] < 0xa0)
				rc = buf_addf(out, "\\u%04x", p[i + 1]);
			else
				rc = buf_add(out, p + i, n);
			i += n;
			continue;
		}
		if (c == '&')
			rc = buf_addstr(out, "&amp;");
		else if (c == '<')
			rc = buf_addstr(out, "&lt;");
		else if (c == '>')
			rc = buf_addstr(out, "&gt;");
		else if (c == '"' && attr)
			rc = buf_addstr(out, "&quot;");
		else if (c == '\'' && attr)
			rc = buf_addstr(out, "&apos;");
		else if ((c == '\n' || c == '\t' || c == '\r') && attr)
			rc = buf_addf(out, "&#%d;", c);
		else if (c == '\n' || c == '\t')
			rc = buf_addch(out, c);
		else if (c < 0x20 || c == 0x7f)
			rc = buf_addf(out, "\\x%02x", c);
		else
			rc = buf_addch(out, c);
		i++;
	}
	return rc;
}

static void xml_attr(struct buf *b, const char *name, const char *v)
{
	buf_addf(b, " %s=\"", name);
	gate_xml_escape(b, v ? v : "", v ? strlen(v) : 0, true);
	buf_addch(b, '"');
}

static void xml_text(struct buf *b, const char *v)
{
	if (v)
		gate_xml_escape(b, v, strlen(v), false);
}

static void junit_case(struct buf *b, const struct gate_file *g,
		       const struct gate_check *k)
{
	const struct gate_unit *u = &g->units[k->unit];
	struct buf name = BUF_INIT;
	const char *tag = NULL;

	buf_addf(&name, "%s.%s", u->name, k->name);
	buf_addstr(b, "    <testcase");
	xml_attr(b, "name", name.data);
	buf_reset(&name);
	buf_addf(&name, "%s.%s", g->name, u->name);
	xml_attr(b, "classname", name.data);
	buf_addf(b, " time=\"%.3f\"", k->elapsed_ms / 1000.0);
	if (k->file)
		xml_attr(b, "file", k->file);
	if (k->result == GATE_FAIL)
		tag = "failure";
	else if (k->result == GATE_ERROR)
		tag = "error";
	else if (k->result == GATE_SKIPPED || k->result == GATE_NOTRUN)
		tag = "skipped";
	if (!tag && !k->detail) {
		buf_addstr(b, "/>\n");
		buf_release(&name);
		return;
	}
	buf_addstr(b, ">\n");
	if (tag) {
		buf_addf(b, "      <%s", tag);
		xml_attr(b, "message",
			 k->message ? k->message
			 : k->result == GATE_NOTRUN
				 ? "not run (interrupted)"
				 : gate_result_name(k->result));
		if (k->class && strcmp(tag, "skipped"))
			xml_attr(b, "type", k->class);
		if (k->detail && strcmp(tag, "skipped")) {
			buf_addstr(b, ">");
			xml_text(b, k->detail);
			buf_addf(b, "</%s>\n", tag);
		} else {
			buf_addstr(b, "/>\n");
		}
	} else {
		buf_addstr(b, "      <system-out>");
		xml_text(b, k->detail);
		buf_addstr(b, "</system-out>\n");
	}
	buf_addstr(b, "    </testcase>\n");
	buf_release(&name);
}

static void junit_counts(struct buf *b, const struct gate_counts *n,
			 double secs)
{
	buf_addf(b,
		 " tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" "
		 "skipped=\"%zu\" time=\"%.3f\"",
		 n->total, n->failed, n->errors, n->skipped + n->notrun, secs);
}

int gate_junit(struct buf *out, const struct gate_file *g,
	       const struct gate_run *r)
{
	struct gate_counts n;
	size_t before = out->len;

	gate_count(r, &n);
	buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_addstr(out, "<testsuites");
	xml_attr(out, "name", g->name);
	junit_counts(out, &n, r->elapsed_ms / 1000.0);
	buf_addstr(out, ">\n");
	for (size_t u = 0; u < g->nunits; u++) {
		struct gate_run one = { .checks = NULL };
		size_t first = r->nchecks, cnt = 0;

		for (size_t i = 0; i < r->nchecks; i++)
			if (r->checks[i].unit == u) {
				first = first < i ? first : i;
				cnt++;
			}
		one.checks = r->checks + first;
		one.nchecks = cnt;
		gate_count(&one, &n);
		buf_addstr(out, "  <testsuite");
		xml_attr(out, "name", g->units[u].name);
		junit_counts(out, &n, unit_time(r, u) / 1000.0);
		buf_addstr(out, ">\n    <properties>\n      <property "
				"name=\"top\"");
		xml_attr(out, "value", g->units[u].top);
		buf_addstr(out, "/>\n    </properties>\n");
		for (size_t i = 0; i < cnt; i++)
			junit_case(out, g, &one.checks[i]);
		buf_addstr(out, "  </testsuite>\n");
	}
	buf_addstr(out, "</testsuites>\n");
	/*
	 * buf_add* fail only when out of memory, leaving the buffer as it
	 * was; a document that does not end as written is the sign.
	 */
	if (out->len - before < 14 ||
	    strcmp(out->data + out->len - 14, "</testsuites>\n"))
		return err_set(ERR_FAIL, "out of memory");
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static cJSON *check_json(const struct gate_file *g, const struct gate_check *k)
{
	cJSON *o = cJSON_CreateObject();
	struct buf id = BUF_INIT;
	int rc = 0;

	if (!o)
		return NULL;
	buf_addf(&id, "%s.%s", g->units[k->unit].name, k->name);
	rc |= json_add_str(o, "id", id.data);
	rc |= json_add_str(o, "check", k->name);
	rc |= json_add_str(o, "result", gate_result_name(k->result));
	rc |= json_add_str(o, "class", k->class);
	rc |= json_add_str(o, "message", k->message);
	rc |= json_add_str(o, "detail", k->detail);
	rc |= json_add_str(o, "file", k->file);
	rc |= json_add_take(o, "line",
			    k->line ? cJSON_CreateNumber((double)k->line)
				    : cJSON_CreateNull());
	rc |= json_add_num(o, "time_ms", (double)k->elapsed_ms);
	rc |= json_add_take(o, "evidence",
			    k->evidence ? cJSON_Duplicate(k->evidence, 1)
					: cJSON_CreateNull());
	buf_release(&id);
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static cJSON *unit_json(const struct gate_file *g, const struct gate_run *r,
			size_t u)
{
	cJSON *o = cJSON_CreateObject(), *arr = cJSON_CreateArray();
	int rc = 0;

	rc |= json_add_str(o, "name", g->units[u].name);
	rc |= json_add_str(o, "top", g->units[u].top);
	rc |= json_add_num(o, "time_ms", (double)unit_time(r, u));
	for (size_t i = 0; i < r->nchecks && !rc; i++)
		if (r->checks[i].unit == u)
			rc = json_append_take(arr,
					      check_json(g, &r->checks[i]));
	/* takes arr on every path: a NULL o or arr only sets rc */
	rc |= json_add_take(o, "checks", arr);
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *gate_json(const struct gate_file *g, const struct gate_run *r)
{
	static const char *const results[] = { "pass", "fail", "", "error" };
	cJSON *o = cJSON_CreateObject(), *units = cJSON_CreateArray();
	int code = gate_exit_code(r), rc = 0;
	struct gate_counts n;

	gate_count(r, &n);
	rc |= json_add_str(o, "gate", g->name);
	rc |= json_add_str(o, "file", g->path);
	rc |= json_add_str(o, "result",
			   n.notrun ? "interrupted" : results[code]);
	rc |= json_add_num(o, "tests", (double)n.total);
	rc |= json_add_num(o, "passed", (double)n.passed);
	rc |= json_add_num(o, "failures", (double)n.failed);
	rc |= json_add_num(o, "errors", (double)n.errors);
	rc |= json_add_num(o, "skipped", (double)n.skipped);
	rc |= json_add_num(o, "not_run", (double)n.notrun);
	rc |= json_add_num(o, "time_ms", (double)r->elapsed_ms);
	rc |= json_add_num(o, "jobs", (double)r->jobs);
	for (size_t u = 0; u < g->nunits && !rc; u++)
		rc = json_append_take(units, unit_json(g, r, u));
	/* takes units on every path: a NULL o or units only sets rc */
	rc |= json_add_take(o, "units", units);
	rc |= json_add_take(o, "tools",
			    r->tools ? cJSON_Duplicate(r->tools, 1)
				     : cJSON_CreateNull());
	if (rc) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* ---- GitHub Actions ----------------------------------------------------- */

/* Workflow-command escaping; properties also escape ':' and ','. */
static void gh_escape(struct buf *b, const char *s, bool prop)
{
	for (; s && *s; s++) {
		if (*s == '%')
			buf_addstr(b, "%25");
		else if (*s == '\r')
			buf_addstr(b, "%0D");
		else if (*s == '\n')
			buf_addstr(b, "%0A");
		else if (prop && *s == ':')
			buf_addstr(b, "%3A");
		else if (prop && *s == ',')
			buf_addstr(b, "%2C");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_addf(b, "\\x%02x", (unsigned char)*s);
		else
			buf_addch(b, *s);
	}
}

/* The file as GitHub wants it: relative to the workspace when under it. */
static char *gh_path(const char *file, const char *workspace)
{
	char *abs = realpath(file, NULL), *ws;
	char *res = NULL;
	size_t n;

	if (!abs || !workspace || !*workspace) {
		free(abs);
		return strdup(file);
	}
	ws = realpath(workspace, NULL);
	n = ws ? strlen(ws) : 0;
	if (ws && !strncmp(abs, ws, n) && abs[n] == '/')
		res = strdup(abs + n + 1);
	else
		res = strdup(file);
	free(ws);
	free(abs);
	return res;
}

int gate_annotations(struct buf *out, const struct gate_file *g,
		     const struct gate_run *r, const char *workspace)
{
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct gate_check *k = &r->checks[i];
		struct buf title = BUF_INIT, msg = BUF_INIT;

		if (k->result != GATE_FAIL && k->result != GATE_ERROR)
			continue;
		buf_addstr(out, "::error ");
		if (k->file) {
			char *p = gh_path(k->file, workspace);

			buf_addstr(out, "file=");
			gh_escape(out, p ? p : k->file, true);
			free(p);
			if (k->line > 0)
				buf_addf(out, ",line=%ld", k->line);
			buf_addch(out, ',');
		}
		buf_addf(&title, "%s.%s %s", g->units[k->unit].name, k->name,
			 k->result == GATE_FAIL ? "failed"
						: "could not decide");
		buf_addstr(out, "title=");
		gh_escape(out, title.data, true);
		buf_addstr(out, "::");
		buf_addf(&msg, "%s.%s: %s", g->units[k->unit].name, k->name,
			 k->message ? k->message : gate_result_name(k->result));
		if (k->detail) {
			buf_addch(&msg, '\n');
			buf_add(&msg, k->detail,
				strlen(k->detail) > 2000 ? 2000
							 : strlen(k->detail));
		}
		buf_rtrim(&msg);
		gh_escape(out, msg.data, false);
		buf_addch(out, '\n');
		buf_release(&title);
		buf_release(&msg);
	}
	return 0;
}

/* ---- Markdown (GitHub job summary) -------------------------------------- */

/* Table-cell text: no newlines, no pipes, no markup from the design. */
static void md_cell(struct buf *b, const char *s, size_t max)
{
	size_t n = 0;

	for (; s && *s && n < max; s++, n++) {
		if (*s == '|' || *s == '<' || *s == '>' || *s == '`' ||
		    *s == '*' || *s == '_' || *s == '[' || *s == ']' ||
		    *s == '\\')
			buf_addch(b, '\\');
		if (*s == '\n' || *s == '\r' || *s == '\t')
			buf_addch(b, ' ');
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_addf(b, "\\\\x%02x", (unsigned char)*s);
		else
			buf_addch(b, *s);
	}
	if (s && *s)
		buf_addstr(b, "...");
}

int gate_markdown(struct buf *out, const struct gate_file *g,
		  const struct gate_run *r)
{
	struct gate_counts n;

	gate_count(r, &n);
	buf_addstr(out, "### hwforge gate ");
	md_cell(out, g->name, 64);
	buf_addf(out, ": %s\n\n",
		 n.failed		? "FAILED"
		 : n.errors || n.notrun ? "UNDECIDED"
					: "passed");
	buf_addf(out,
		 "%zu checks, %zu passed, %zu failed, %zu errors, "
		 "%zu skipped in %.1f s\n\n",
		 n.total, n.passed, n.failed, n.errors, n.skipped + n.notrun,
		 r->elapsed_ms / 1000.0);
	buf_addstr(out, "| unit | check | result | time | details |\n"
			"|---|---|---|---:|---|\n");
	for (size_t i = 0; i < r->nchecks; i++) {
		const struct gate_check *k = &r->checks[i];

		buf_addstr(out, "| ");
		md_cell(out, g->units[k->unit].name, 64);
		buf_addstr(out, " | ");
		md_cell(out, k->name, 80);
		buf_addf(out, " | %s | %.2f s | ", table_result(k->result),
			 k->elapsed_ms / 1000.0);
		md_cell(out, k->message, 200);
		buf_addstr(out, " |\n");
	}
	return 0;
}
