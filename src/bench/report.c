#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bench/bench-int.h"

/*
 * report.html: one self-contained page (inline CSS, inline SVG plots, no
 * script, no external fetch).  Every string that came from a suite or a
 * sample is HTML-escaped; control bytes are escaped first.
 */

static const char css[] = HTML_REPORT_CSS ".none{color:#888;font-style:italic}"
					  "svg text{font:12px sans-serif}";

/* Horizontal bars: labels and values in [0, max]. */
static int bars(struct buf *b, const char *id, const char *title,
		const cJSON *obj, double max, bool percent)
{
	int n = cJSON_GetArraySize(obj), y = 24, rc = 0;

	rc |= buf_addf(
		b,
		"<h2>%s</h2>\n<svg id=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" "
		"width=\"560\" height=\"%d\" role=\"img\">\n",
		title, id, 30 + 22 * (n ? n : 1));
	for (const cJSON *e = obj ? obj->child : NULL; e; e = e->next) {
		double v = e->valuedouble, w = max > 0 ? 300 * v / max : 0;

		rc |= buf_addstr(b, "<text x=\"0\" y=\"");
		rc |= buf_addf(b, "%d\">", y + 12);
		rc |= buf_add_html(b, e->string);
		rc |= buf_addf(b,
			       "</text><rect class=\"bar\" x=\"180\" y=\"%d\" "
			       "width=\"%.1f\" height=\"16\" fill=\"#48c\"/>"
			       "<text x=\"%.1f\" y=\"%d\">",
			       y, w, 186 + w, y + 12);
		rc |= percent ? buf_addf(b, "%.1f%%", 100 * v)
			      : buf_addf(b, "%.0f", v);
		rc |= buf_addstr(b, "</text>\n");
		y += 22;
	}
	if (!n)
		rc |= buf_addstr(b, "<text x=\"0\" y=\"36\">none</text>\n");
	rc |= buf_addstr(b, "</svg>\n");
	return rc;
}

/* The plot labels each k with the number of tasks it averages over. */
static int pass_at_k_plot(struct buf *b, const cJSON *s)
{
	const cJSON *pk = json_get_object(s, "pass_at_k");
	const cJSON *pt = json_get_object(s, "pass_at_k_tasks");
	cJSON *named = cJSON_CreateObject();
	int rc = named ? 0 : ERR_FAIL;

	for (const cJSON *k = pk ? pk->child : NULL; !rc && k; k = k->next) {
		const cJSON *m = cJSON_GetObjectItemCaseSensitive(pt, k->string);
		char key[64];

		if (m)
			snprintf(key, sizeof(key), "pass@%s (%.0f task%s)",
				 k->string, m->valuedouble,
				 m->valuedouble == 1 ? "" : "s");
		else
			snprintf(key, sizeof(key), "pass@%s", k->string);
		rc = json_add_num(named, key, k->valuedouble);
	}
	if (!rc)
		rc = bars(b, "passk", "pass@k", named, 1.0, true);
	cJSON_Delete(named);
	if (rc || !pt)
		return rc;
	rc = buf_addstr(b, "<p id=\"passk-tasks\">pass@k averages over the "
			   "scored tasks with at least k samples:");
	for (const cJSON *k = pt->child; k; k = k->next) {
		if (k->valuedouble > 0)
			rc |= buf_addf(b, " pass@%s over %.0f task%s%s",
				       k->string, k->valuedouble,
				       k->valuedouble == 1 ? "" : "s",
				       k->next ? ";" : ".");
		else
			rc |= buf_addf(b,
				       " pass@%s not computed (no task has "
				       "%s samples)%s",
				       k->string, k->string,
				       k->next ? ";" : ".");
	}
	return rc | buf_addstr(b, "</p>\n");
}

static int task_row(struct buf *b, const cJSON *t)
{
	const cJSON *cl = json_get_object(t, "classes");
	const cJSON *ppa = json_get_object(t, "ppa");
	int rc = buf_addstr(b, "<tr><td>");

	rc |= buf_add_html(b, json_get_string(t, "id"));
	if (json_get_bool(t, "broken", false)) {
		rc |= buf_addstr(b, "</td><td class=\"broken\" colspan=\"4\">"
				    "broken: ");
		rc |= buf_add_html(b, json_get_string(t, "class"));
		rc |= buf_addstr(b, ": ");
		rc |= buf_add_html(b, json_get_string(t, "reason"));
		if (json_get_number(t, "unscored", 0) > 0)
			rc |= buf_addf(b, " (%.0f samples not scored)",
				       json_get_number(t, "unscored", 0));
		return rc | buf_addstr(b, "</td></tr>\n");
	}
	if (json_get_number(t, "n", 0) == 0)
		return rc | buf_addstr(b, "</td><td class=\"none\" colspan=\"4\">"
					  "no samples</td></tr>\n");
	rc |= buf_addf(b, "</td><td>%.0f</td><td class=\"pass\">%.0f</td><td>",
		       json_get_number(t, "n", 0), json_get_number(t, "c", 0));
	for (const cJSON *c = cl ? cl->child : NULL; c; c = c->next) {
		rc |= buf_add_html(b, c->string);
		rc |= buf_addf(b, " %.0f%s", c->valuedouble,
			       c->next ? ", " : "");
	}
	rc |= buf_addstr(b, "</td><td>");
	if (ppa && cJSON_GetObjectItemCaseSensitive(ppa, "ratio_cells"))
		rc |= buf_addf(b, "%.2f",
			       json_get_number(ppa, "ratio_cells", 0));
	return rc | buf_addstr(b, "</td></tr>\n");
}

/* Samples whose task is broken or unknown: the score leaves them out. */
static int unscored_list(struct buf *b, const cJSON *s)
{
	const cJSON *u = json_get_object(s, "unscored");
	const cJSON *ts = json_get_array(u, "tasks");
	int rc;

	rc = buf_addf(b,
		      "<p class=\"broken\" id=\"unscored\"><span "
		      "id=\"nunscored\">%.0f</span> samples were not scored; "
		      "the numbers below leave them out:</p>\n<ul "
		      "id=\"unscored-tasks\">",
		      json_get_number(u, "samples", 0));
	for (const cJSON *t = ts ? ts->child : NULL; t; t = t->next) {
		rc |= buf_addf(b, "<li>%.0f of <code>",
			       json_get_number(t, "samples", 0));
		rc |= buf_add_html(b, json_get_string(t, "task"));
		rc |= buf_addstr(b, "</code>: ");
		rc |= buf_add_html(b, json_get_string(t, "why"));
		rc |= buf_addstr(b, "</li>");
	}
	return rc | buf_addstr(b, "</ul>\n");
}

/* bench --loop: first attempt and loop pass@1 side by side. */
static int loop_table(struct buf *b, const cJSON *s)
{
	const cJSON *l = json_get_object(s, "loop");
	const cJSON *ts = json_get_array(l, "tasks");
	int rc = 0;

	if (!l)
		return 0;
	rc |= buf_addf(b,
		       "<h2>Oracle-free loop</h2>\n<table id=\"loop\"><tr><th>"
		       "</th><th>pass@1</th><th>passed</th></tr>\n"
		       "<tr><td>first attempt</td><td id=\"loop-first\">%.4f"
		       "</td><td>%.0f/%.0f</td></tr>\n<tr><td>after the loop"
		       "</td><td id=\"loop-final\">%.4f</td><td>%.0f/%.0f</td>"
		       "</tr>\n</table>\n<p>%.0f tokens; scored by the held-out "
		       "harness, which the loop never saw.</p>\n<table "
		       "id=\"loop-tasks\"><tr><th>task</th><th>first</th><th>"
		       "loop</th><th>checker in the loop</th><th>rounds</th>"
		       "<th>tokens</th></tr>\n",
		       json_get_number(json_get_object(l, "first_attempt"),
				       "pass_at_1", 0),
		       json_get_number(json_get_object(l, "first_attempt"),
				       "passed", 0),
		       json_get_number(json_get_object(l, "first_attempt"),
				       "tasks", 0),
		       json_get_number(json_get_object(l, "loop"), "pass_at_1",
				       0),
		       json_get_number(json_get_object(l, "loop"), "passed", 0),
		       json_get_number(json_get_object(l, "loop"), "tasks", 0),
		       json_get_number(l, "tokens", 0));
	for (const cJSON *t = ts ? ts->child : NULL; t; t = t->next) {
		rc |= buf_addstr(b, "<tr><td>");
		rc |= buf_add_html(b, json_get_string(t, "id"));
		rc |= buf_addstr(b, "</td><td>");
		rc |= buf_add_html(b, json_get_string(t, "first"));
		rc |= buf_addstr(b, "</td><td>");
		rc |= buf_add_html(b, json_get_string(t, "final"));
		rc |= buf_addstr(b, "</td><td>");
		rc |= buf_add_html(b, json_get_string(t, "checker"));
		rc |= buf_addf(b, "</td><td>%.0f</td><td>%.0f</td></tr>\n",
			       json_get_number(t, "rounds", 0),
			       json_get_number(t, "tokens", 0));
	}
	return rc | buf_addstr(b, "</table>\n");
}

static int page(struct buf *b, const cJSON *s)
{
	const cJSON *su = json_get_object(s, "suite");
	const cJSON *ie = json_get_array(s, "input_errors");
	int rc = 0;

	rc |= buf_addf(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			  "<meta charset=\"utf-8\"><title>hwforge bench: ");
	rc |= buf_add_html(b, json_get_string(su, "name"));
	rc |= buf_addf(b, "</title><style>%s</style></head><body>\n<h1>", css);
	rc |= buf_add_html(b, json_get_string(su, "name"));
	rc |= buf_addstr(b, "</h1>\n<p id=\"headline\">");
	rc |= buf_add_html(b, json_get_string(su, "format"));
	rc |= buf_addstr(b, " suite <code>");
	rc |= buf_add_html(b, json_get_string(su, "hash"));
	rc |= buf_addf(b,
		       "</code>: <span id=\"scored\">%.0f</span> tasks "
		       "scored, <span id=\"nbroken\">%.0f</span> broken, "
		       "<span id=\"samples\">%.0f</span> samples, "
		       "<span id=\"passed\">%.0f</span> passed.</p>\n",
		       json_get_number(s, "tasks_scored", 0),
		       json_get_number(s, "tasks_broken", 0),
		       json_get_number(s, "samples", 0),
		       json_get_number(s, "passed", 0));
	if (json_get_number(json_get_object(s, "unscored"), "samples", 0) > 0)
		rc |= unscored_list(b, s);
	rc |= pass_at_k_plot(b, s);
	rc |= loop_table(b, s);
	rc |= bars(b, "classes", "Failure classes",
		   json_get_object(s, "classes"),
		   json_get_number(s, "samples", 0), false);
	rc |= buf_addstr(b, "<h2>Tasks</h2>\n<table id=\"tasks\"><tr><th>task"
			    "</th><th>samples</th><th>passed</th><th>failures"
			    "</th><th>cells vs ref</th></tr>\n");
	for (const cJSON *t = json_get_array(s, "tasks")->child; !rc && t;
	     t = t->next)
		rc = task_row(b, t);
	rc |= buf_addstr(b, "</table>\n");
	if (cJSON_GetArraySize(ie)) {
		rc |= buf_addstr(
			b, "<h2>Input errors</h2>\n<ul id=\"input-errors\">");
		for (const cJSON *e = ie->child; e; e = e->next) {
			rc |= buf_addstr(b, "<li>");
			rc |= buf_add_html(b, json_get_string(e, "message"));
			rc |= buf_addstr(b, "</li>");
		}
		rc |= buf_addstr(b, "</ul>\n");
	}
	rc |= buf_addstr(b, "</body></html>\n");
	return rc;
}

int bench_report_html(const char *path, const cJSON *summary)
{
	struct buf b = BUF_INIT;
	int rc = json_get_array(summary, "tasks")
			 ? page(&b, summary)
			 : err_set(ERR_FAIL, "bad summary");

	if (rc)
		rc = err_set(ERR_FAIL, "cannot render the report");
	else
		rc = buf_write_file(path, b.data, b.len);
	buf_release(&b);
	return rc;
}
