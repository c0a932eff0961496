#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "synth/synth-int.h"

/*
 * Reading what the Yosys script left in the run directory.  Every file
 * was written by Yosys itself (tee -o); the design only influences the
 * names that appear in them.
 */

#define RESULT_MAX ((size_t)16 << 20)

static int read_result(struct buf *b, const char *dir, const char *name)
{
	char *p = synth_path(dir, name);
	int rc;

	if (!p)
		return err_set(ERR_FAIL, "out of memory");
	rc = buf_read_file(b, p, RESULT_MAX);
	if (rc)
		err_wrap(rc, "synth: reading Yosys result %s", name);
	free(p);
	return rc;
}

/* "top.\q [3]" -> "q [3]"; "$auto$..." stays as it is. */
static void clean_signal(struct buf *out, const char *s, size_t len)
{
	const char *dot = memchr(s, '.', len);

	if (dot && dot + 1 < s + len && (dot[1] == '\\' || dot[1] == '$')) {
		len -= (size_t)(dot + 1 - s);
		s = dot + 1;
	}
	if (len && *s == '\\') {
		s++;
		len--;
	}
	/* one finding per signal, not per bit: drop " [3]" */
	if (len > 3 && s[len - 1] == ']') {
		size_t k = len - 1;

		while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
			k--;
		if (k >= 2 && s[k - 1] == '[' && s[k - 2] == ' ')
			len = k - 2;
	}
	buf_add(out, s, len);
}

static bool seen(const cJSON *arr, const char *kind, const char *sig)
{
	const cJSON *f;

	for (f = (arr) ? (arr)->child : NULL; f; f = f->next) {
		const char *k = json_get_string(f, "kind");
		const char *g = json_get_string(f, "signal");

		if (k && g && !strcmp(k, kind) && !strcmp(g, sig))
			return true;
	}
	return false;
}

static long first_long(const char *s)
{
	while (*s && (*s < '0' || *s > '9'))
		s++;
	return strtol(s, NULL, 10);
}

static int finding_from_line(cJSON *arr, const char *kind, const char *sig,
			     size_t siglen, const char *pre, const char *post)
{
	struct buf name = BUF_INIT, msg = BUF_INIT;
	int rc;

	clean_signal(&name, sig, siglen);
	if (seen(arr, kind, name.data)) {
		buf_release(&name);
		return 0;
	}
	rc = buf_addf(&msg, "%s%s%s", pre, name.data, post);
	if (!rc)
		rc = synth_add_finding(arr, kind, name.data, msg.data);
	buf_release(&name);
	buf_release(&msg);
	return rc;
}

/* The first public wire listed under a "found logic loop" warning. */
static void loop_signal(const char *p, const char **sig, size_t *len)
{
	*sig = NULL;
	*len = 0;
	while (*p == ' ') {
		const char *end = strchr(p, '\n');
		const char *w = strstr(p, "wire ");

		if (!end)
			end = p + strlen(p);
		if (w && w < end && (!*sig || w[5] == '\\')) {
			bool pub = w[5] == '\\';

			*sig = w + 5;
			*len = (size_t)(end - *sig);
			if (pub)
				return;
		}
		if (!*end)
			return;
		p = end + 1;
	}
}

static int parse_check(cJSON *arr, const char *t)
{
	static const char md[] = "Warning: multiple conflicting drivers for ";
	static const char ud[] = "Warning: Wire ";
	static const char lp[] = "Warning: found logic loop in module ";
	int rc = 0;

	for (const char *p = t; *p && !rc;) {
		const char *end = strchr(p, '\n');
		const char *e;

		if (!end)
			end = p + strlen(p);
		if (!strncmp(p, md, sizeof(md) - 1)) {
			p += sizeof(md) - 1;
			e = end > p && end[-1] == ':' ? end - 1 : end;
			rc = finding_from_line(arr, "multi-driver", p,
					       (size_t)(e - p),
					       "multiple drivers for ", "");
		} else if (!strncmp(p, ud, sizeof(ud) - 1) &&
			   (e = strstr(p, " is used but has no driver")) &&
			   e < end) {
			p += sizeof(ud) - 1;
			rc = finding_from_line(arr, "undriven", p,
					       (size_t)(e - p), "",
					       " is used but never driven");
		} else if (!strncmp(p, lp, sizeof(lp) - 1)) {
			const char *sig;
			size_t n;

			loop_signal(*end ? end + 1 : end, &sig, &n);
			rc = sig ? finding_from_line(arr, "comb-loop", sig, n,
						     "combinational loop "
						     "through ",
						     "")
				 : synth_add_finding(arr, "comb-loop", NULL,
						     "combinational loop");
		}
		p = *end ? end + 1 : end;
	}
	return rc;
}

/* proc_dlatch's "Latch inferred for signal `\top.\q' from process". */
static int parse_latches(cJSON *arr, const char *log, long count)
{
	static const char li[] = "Latch inferred for signal `";
	long named = 0;
	int rc = 0;

	for (const char *p = strstr(log, li); p && !rc; p = strstr(p, li)) {
		const char *e;

		p += sizeof(li) - 1;
		e = strchr(p, '\'');
		if (!e || memchr(p, '\n', (size_t)(e - p)))
			break;
		rc = finding_from_line(arr, "latch", p, (size_t)(e - p),
				       "latch inferred for ",
				       " (not assigned on every path of a "
				       "combinational block)");
		named++;
	}
	if (!rc && count > 0 && !named)
		rc = synth_add_finding(arr, "latch", NULL, "latch inferred");
	return rc;
}

static bool has_prefix(const char *s, const char *p)
{
	return !strncmp(s, p, strlen(p));
}

static void count_cells(struct synth_stats *st)
{
	const cJSON *c;

	for (c = (st->cells_by_type) ? (st->cells_by_type)->child : NULL; c;
	     c = c->next) {
		long n = cJSON_IsNumber(c) ? (long)c->valuedouble : 0;
		const char *t = c->string;

		if (has_prefix(t, "$_DFF") || has_prefix(t, "$_SDFF") ||
		    has_prefix(t, "$_ALDFF") || has_prefix(t, "$_FF_"))
			st->flops += n;
		else if (has_prefix(t, "$_DLATCH") || has_prefix(t, "$_SR_"))
			st->latches += n;
	}
}

static int parse_stat(struct synth_stats *st, char **version, const char *text,
		      size_t len)
{
	cJSON *j = NULL, *m, *mods;
	const char *tr;
	int rc;

	rc = json_parse(&j, text, len, "Yosys stat -json");
	if (rc)
		return rc;
	mods = json_get_object(j, "modules");
	m = json_get_object(j, "design");
	if (!m && mods && mods->child && cJSON_IsObject(mods->child))
		m = mods->child;
	if (!m) {
		cJSON_Delete(j);
		return err_set(ERR_FAIL, "synth: no statistics from Yosys");
	}
	st->cells = (long)json_get_number(m, "num_cells", 0);
	st->wires = (long)json_get_number(m, "num_wires", 0);
	st->wire_bits = (long)json_get_number(m, "num_wire_bits", 0);
	st->memories = (long)json_get_number(m, "num_memories", 0);
	st->memory_bits = (long)json_get_number(m, "num_memory_bits", 0);
	tr = json_get_string(j, "creator");
	if (tr && !strncmp(tr, "Yosys ", 6) && !*version)
		*version = strdup(tr); /* saves running `yosys -V` */
	tr = json_get_string(m, "estimated_num_transistors");
	st->area = tr ? strtod(tr, NULL) : 0;
	st->cells_by_type =
		cJSON_DetachItemFromObjectCaseSensitive(m, "num_cells_by_type");
	if (!st->cells_by_type)
		st->cells_by_type = cJSON_CreateObject();
	cJSON_Delete(j);
	if (!st->cells_by_type)
		return err_set(ERR_FAIL, "out of memory");
	count_cells(st);
	return 0;
}

static long parse_ltp(const char *t)
{
	static const char key[] = "(length=";
	long best = 0;

	for (const char *p = strstr(t, key); p; p = strstr(p, key)) {
		long v;

		p += sizeof(key) - 1;
		v = strtol(p, NULL, 10);
		if (v > best)
			best = v;
	}
	return best;
}

int synth_parse_results(struct synth_report *out, const char *dir,
			const char *log, const struct synth_names *nm)
{
	struct buf b = BUF_INIT;
	long nlatch;
	int rc;

	(void)nm;
	rc = read_result(&b, dir, "latches.txt");
	if (rc)
		goto done;
	nlatch = first_long(b.data);
	buf_reset(&b);
	rc = read_result(&b, dir, "check.txt");
	if (!rc)
		rc = parse_check(out->findings, b.data);
	if (!rc)
		rc = parse_latches(out->findings, log, nlatch);
	buf_reset(&b);
	if (!rc)
		rc = read_result(&b, dir, "stat.json");
	if (!rc)
		rc = parse_stat(&out->stats, &out->yosys_version, b.data,
				b.len);
	if (!rc && out->stats.latches < nlatch)
		out->stats.latches = nlatch;
	buf_reset(&b);
	if (!rc)
		rc = read_result(&b, dir, "ltp.txt");
	if (!rc)
		out->stats.logic_depth = parse_ltp(b.data);
	if (!rc && !out->yosys_version)
		out->yosys_version = strdup(synth_yosys_version());
done:
	buf_release(&b);
	return rc;
}
