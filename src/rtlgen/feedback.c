#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "rtlgen/rtlgen.h"

#define MAX_ERRORS	 6
#define MAX_ROWS	 8
#define MAX_OUTPUT_LINES 12

static bool is_delim(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\'' || c == '"' ||
	       c == '(' || c == ')' || c == ':' || c == ',' || c == '`';
}

/*
 * Append text with file paths (any word holding a '/') reduced to their
 * base names, so that temporary and output directories never reach a
 * prompt: the prompt, hence the cache key, is the same from run to run.
 */
static int add_scrubbed(struct buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i, base = i;

		if (is_delim(s[i])) {
			if (buf_addch(b, s[i]))
				return ERR_FAIL;
			i++;
			continue;
		}
		while (j < len && !is_delim(s[j])) {
			if (s[j] == '/' && j + 1 < len && !is_delim(s[j + 1]))
				base = j + 1;
			j++;
		}
		if (buf_add(b, s + base, j - base))
			return ERR_FAIL;
		i = j;
	}
	return 0;
}

static int add_str(struct buf *b, const char *s)
{
	return s ? add_scrubbed(b, s, strlen(s)) : 0;
}

/* A JSON value as "v" or "k=v k=v" for table cells. */
static int add_value(struct buf *b, const cJSON *v)
{
	const cJSON *c;
	bool first = true;

	if (cJSON_IsString(v))
		return add_str(b, v->valuestring);
	if (cJSON_IsNumber(v))
		return buf_addf(b, "%.15g", v->valuedouble);
	if (cJSON_IsBool(v))
		return buf_addstr(b, cJSON_IsTrue(v) ? "1" : "0");
	if (!cJSON_IsObject(v) && !cJSON_IsArray(v))
		return buf_addstr(b, "-");
	cJSON_ArrayForEach(c, v)
	{
		if (!first && buf_addch(b, ' '))
			return ERR_FAIL;
		first = false;
		if (c->string && buf_addf(b, "%s=", c->string))
			return ERR_FAIL;
		if (add_value(b, c))
			return ERR_FAIL;
	}
	return first ? buf_addstr(b, "-") : 0;
}

/* Lines n-2 .. n+2 of code, the offending one marked. */
static int add_context(struct buf *b, const char *code, long n)
{
	const char *p = code;
	long ln = 1;

	if (!code || n < 1)
		return 0;
	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (ln >= n - 2 && ln <= n + 2 &&
		    buf_addf(b, "  %s %4ld | %.*s\n", ln == n ? ">" : " ", ln,
			     (int)(len > 200 ? 200 : len), p))
			return ERR_FAIL;
		if (!e || ln > n + 2)
			break;
		p = e + 1;
		ln++;
	}
	return 0;
}

static int render_errors(struct buf *b, const cJSON *errs, const char *code)
{
	const cJSON *e;
	int i = 0;

	if (buf_addstr(b, "Compiler errors:\n"))
		return ERR_FAIL;
	cJSON_ArrayForEach(e, errs)
	{
		const char *file = json_get_string(e, "file");
		const char *msg = json_get_string(e, "message");
		long line = (long)json_get_number(e, "line", 0);
		const char *base = file ? strrchr(file, '/') : NULL;

		if (i++ == MAX_ERRORS) {
			buf_addf(b, "(%d more errors not shown)\n",
				 cJSON_GetArraySize(errs) - MAX_ERRORS);
			break;
		}
		if (buf_addf(b, "- %s:%ld: ",
			     base   ? base + 1
			     : file ? file
				    : "design.v",
			     line) ||
		    add_str(b, msg) || buf_addch(b, '\n'))
			return ERR_FAIL;
		if (add_context(b, code, line))
			return ERR_FAIL;
	}
	return 0;
}

static int render_table(struct buf *b, const cJSON *rows, const char *title,
			const char *k_exp, const char *k_got, const char *h_exp,
			const char *h_got)
{
	const cJSON *r;
	int i = 0;

	if (buf_addf(b, "%s\n| cycle | inputs | %s | %s |\n|---|---|---|---|\n",
		     title, h_exp, h_got))
		return ERR_FAIL;
	cJSON_ArrayForEach(r, rows)
	{
		if (i++ == MAX_ROWS)
			break;
		if (buf_addstr(b, "| ") ||
		    add_value(b,
			      cJSON_GetObjectItemCaseSensitive(r, "cycle")) ||
		    buf_addstr(b, " | ") ||
		    add_value(b,
			      cJSON_GetObjectItemCaseSensitive(r, "inputs")) ||
		    buf_addstr(b, " | ") ||
		    add_value(b, cJSON_GetObjectItemCaseSensitive(r, k_exp)) ||
		    buf_addstr(b, " | ") ||
		    add_value(b, cJSON_GetObjectItemCaseSensitive(r, k_got)) ||
		    buf_addstr(b, " |\n"))
			return ERR_FAIL;
	}
	return 0;
}

static int render_findings(struct buf *b, const cJSON *f)
{
	const cJSON *x;

	if (buf_addstr(b, "Synthesis findings:\n"))
		return ERR_FAIL;
	cJSON_ArrayForEach(x, f)
	{
		const char *kind = json_get_string(x, "kind");
		const char *sig = json_get_string(x, "signal");
		const char *msg = json_get_string(x, "message");
		long line = (long)json_get_number(x, "line", 0);

		if (kind && sig && buf_addf(b, "- %s on signal %s", kind, sig))
			return ERR_FAIL;
		else if (!(kind && sig) &&
			 (buf_addstr(b, "- ") || add_str(b, msg ? msg : kind)))
			return ERR_FAIL;
		if (line > 0 && buf_addf(b, " (line %ld)", line))
			return ERR_FAIL;
		if (buf_addch(b, '\n'))
			return ERR_FAIL;
	}
	return 0;
}

/* The first lines of a (capped, escaped) output text. */
static int render_output(struct buf *b, const char *out)
{
	const char *p = out;
	int n = 0;

	if (!out || !*out)
		return 0;
	if (buf_addstr(b, "Simulation output (first lines):\n"))
		return ERR_FAIL;
	while (*p && n++ < MAX_OUTPUT_LINES) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (buf_addstr(b, "  ") ||
		    add_scrubbed(b, p, len > 300 ? 300 : len) ||
		    buf_addch(b, '\n'))
			return ERR_FAIL;
		if (!e)
			break;
		p = e + 1;
	}
	return 0;
}

static int render_stage(struct buf *b, const cJSON *st, const char *code)
{
	const char *name = json_get_string(st, "name");
	const char *cls = json_get_string(st, "class");
	const char *sum = json_get_string(st, "summary");
	const cJSON *ev = json_get_object(st, "evidence"), *x;
	int rc = 0;

	if (buf_addf(b, "Check%s%s failed", name ? " " : "",
		     name ? name : "") ||
	    (cls && buf_addf(b, " (%s)", cls)) ||
	    (sum && (buf_addstr(b, ": ") || add_str(b, sum))) ||
	    buf_addstr(b, "\n"))
		return ERR_FAIL;
	if (!ev)
		return 0;
	if ((x = json_get_array(ev, "problems"))) {
		const cJSON *p;

		cJSON_ArrayForEach(p,
				   x) if (cJSON_IsString(p) &&
					  (buf_addstr(b, "- ") ||
					   add_str(b, p->valuestring) ||
					   buf_addch(b, '\n'))) return ERR_FAIL;
	}
	if ((x = json_get_array(ev, "errors")) && cJSON_GetArraySize(x))
		rc = render_errors(b, x, code);
	if (!rc && (x = json_get_array(ev, "table")) && cJSON_GetArraySize(x)) {
		double m = json_get_number(ev, "mismatches", -1);
		double c = json_get_number(ev, "compared", -1);

		if (m >= 0 && c >= 0)
			rc = buf_addf(
				b, "%.0f of %.0f compared cycles mismatched.\n",
				m, c);
		if (!rc)
			rc = render_table(b, x, "First mismatches:", "expected",
					  "got", "expected", "got");
	}
	if (!rc && (x = json_get_array(ev, "counterexample")) &&
	    cJSON_GetArraySize(x))
		rc = render_table(b, x, "Counterexample (reference vs yours):",
				  "gold", "gate", "reference", "yours");
	if (!rc && (x = json_get_array(ev, "findings")) &&
	    cJSON_GetArraySize(x))
		rc = render_findings(b, x);
	if (!rc)
		rc = render_output(b, json_get_string(ev, "output"));
	return rc;
}

int rtlgen_feedback(struct buf *out, const cJSON *verdict, const char *code,
		    size_t max_chars)
{
	struct buf b = BUF_INIT;
	const cJSON *stages = json_get_array(verdict, "stages");
	int rc = 0;

	if (!max_chars)
		max_chars = 6000;
	if (!stages) {
		rc = render_stage(&b, verdict, code);
	} else {
		const cJSON *st;

		cJSON_ArrayForEach(st, stages)
		{
			const char *s = json_get_string(st, "status");

			if (s && (!strcmp(s, "pass") || !strcmp(s, "skipped")))
				continue;
			rc = render_stage(&b, st, code);
			if (rc)
				break;
		}
	}
	if (!rc && b.len > max_chars) {
		static const char cut[] = "\n(feedback truncated)\n";
		size_t keep =
			max_chars > sizeof(cut) ? max_chars - sizeof(cut) : 0;

		/* keep whole lines */
		while (keep && b.data[keep - 1] != '\n')
			keep--;
		buf_setlen(&b, keep);
		rc = buf_addstr(&b, cut + 1);
	}
	if (!rc)
		rc = buf_add(out, b.data, b.len);
	buf_release(&b);
	return rc;
}
