/*
 * Cheap classification: commit messages (before any tree or blob is
 * read), roles from paths, SPDX ids from licence texts.
 *
 * Keywords match whole words only: "prefix", "debug", "fixture" and
 * ".patch" are not fixes.  Every match adds its reason and a weight, so a
 * user can re-threshold on `score` later.
 */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "dataset/dataset-int.h"

/* Strong words count 2 in the subject, 1 in the body; weak ones half. */
static const char *const strong_words[] = {
	"fix", "fixes", "fixed", "fixing", "bugfix", "bugfixes", "hotfix",
	"bug", "bugs", "typo", "typos", "wrong", "incorrect", "incorrectly",
	"broken", "hang", "hangs", "deadlock", "deadlocks", "livelock",
	"overflow", "underflow", "regression", "corrupt", "corruption",
	"glitch", "erroneous", "misbehaving", "faulty", NULL,
};
static const char *const weak_words[] = {
	"issue", "issues", "error", "errors", "race", "mismatch", "correct",
	"corrected", "workaround", "problem", "lockup", "stuck", NULL,
};

static bool in_list(const char *const *l, const char *w, size_t n)
{
	for (; *l; l++)
		if (strlen(*l) == n && !memcmp(*l, w, n))
			return true;
	return false;
}

static void add_reason(struct dataset_class *c, const char *r, double w)
{
	size_t n = strlen(c->reasons), k = strlen(r);

	if (strstr(c->reasons, r)) { /* once per reason */
		const char *p = c->reasons;

		while ((p = strstr(p, r))) {
			if ((p == c->reasons || p[-1] == ',') &&
			    (p[k] == 0 || p[k] == ','))
				return;
			p += k;
		}
	}
	if (n + k + 2 > sizeof(c->reasons))
		return;
	if (n)
		c->reasons[n++] = ',';
	memcpy(c->reasons + n, r, k + 1);
	c->score += w;
}

/* Words (letters and digits) of s[0..n) checked against the lists. */
static void scan_words(struct dataset_class *c, const char *s, size_t n,
		       bool subject)
{
	char w[32];
	size_t i = 0;

	while (i < n) {
		size_t k = 0;

		while (i < n && !isalnum((unsigned char)s[i]))
			i++;
		/* a word preceded by '.' is a file suffix (".patch", ".fix") */
		bool dotted = i > 0 && s[i - 1] == '.';

		while (i < n && isalnum((unsigned char)s[i])) {
			if (k < sizeof(w))
				w[k++] = (char)tolower((unsigned char)s[i]);
			i++;
		}
		if (!k || k == sizeof(w) || dotted)
			continue;
		if (in_list(strong_words, w, k))
			add_reason(c, subject ? "keyword" : "keyword_body",
				   subject ? 2 : 1);
		else if (in_list(weak_words, w, k))
			add_reason(c, subject ? "weak_keyword" : "weak_keyword_body",
				   subject ? 1 : 0.5);
	}
}

/* "fix:", "fix(scope):", "fix!:", also bugfix/hotfix. */
static bool conventional_fix(const char *s)
{
	static const char *const types[] = { "fix", "bugfix", "hotfix", NULL };

	while (*s == ' ')
		s++;
	for (size_t i = 0; types[i]; i++) {
		size_t n = strlen(types[i]);
		const char *p = s + n;

		if (strncasecmp(s, types[i], n))
			continue;
		if (*p == '(') {
			p = strchr(p, ')');
			if (!p)
				continue;
			p++;
		}
		if (*p == '!')
			p++;
		if (*p == ':')
			return true;
	}
	return false;
}

/* "fixes #12", "closes: #3", "resolves org/repo#4", ".../issues/5". */
static bool issue_ref(const char *s)
{
	static const char *const verbs[] = {
		"fix", "fixes", "fixed", "close", "closes", "closed",
		"resolve", "resolves", "resolved", NULL,
	};

	for (const char *p = s; *p; p++) {
		size_t n = 0;

		if (p != s && isalnum((unsigned char)p[-1]))
			continue;
		while (isalpha((unsigned char)p[n]))
			n++;
		if (!n)
			continue;
		char w[16];

		if (n >= sizeof(w))
			continue;
		for (size_t i = 0; i < n; i++)
			w[i] = (char)tolower((unsigned char)p[i]);
		if (!in_list(verbs, w, n))
			continue;
		const char *q = p + n;

		if (*q == ':')
			q++;
		while (*q == ' ')
			q++;
		while (isalnum((unsigned char)*q) || *q == '/' || *q == '-' ||
		       *q == '_' || *q == '.')
			if (*q++ == '#')
				break;
		if (*q == '#' && isdigit((unsigned char)q[1]))
			return true;
		if (!strncmp(p + n, " https://", 9) && strstr(q, "/issues/"))
			return true;
	}
	return false;
}

void dataset_classify_message(struct dataset_class *out, const char *msg)
{
	const char *nl = strchr(msg, '\n');
	size_t subj = nl ? (size_t)(nl - msg) : strlen(msg);

	memset(out, 0, sizeof(*out));
	if (!strncmp(msg, "Revert \"", 8) || strstr(msg, "This reverts commit "))
		add_reason(out, "revert", 2);
	if (conventional_fix(msg))
		add_reason(out, "conventional_fix", 3);
	if (issue_ref(msg))
		add_reason(out, "issue_ref", 2);
	scan_words(out, msg, subj, true);
	if (nl)
		scan_words(out, nl + 1, strlen(nl + 1), false);
}

static bool has_dir(const char *path, const char *const *dirs)
{
	for (const char *p = path; p; p = strchr(p, '/')) {
		if (*p == '/')
			p++;
		const char *e = strchr(p, '/');

		if (!e)
			break;
		for (size_t i = 0; dirs[i]; i++)
			if ((size_t)(e - p) == strlen(dirs[i]) &&
			    !strncasecmp(p, dirs[i], (size_t)(e - p)))
				return true;
	}
	return false;
}

const char *dataset_path_role(const char *path)
{
	static const char *const vendored[] = {
		"vendor", "vendored", "third_party", "third-party", "thirdparty",
		"external", "extern", "deps", NULL,
	};
	static const char *const generated[] = { "autogen", "generated", NULL };
	static const char *const dv[] = {
		"dv", "tb", "tbs", "test", "tests", "testbench", "testbenches",
		"verif", "verification", "sim", "uvm", "formal", "bench", NULL,
	};
	static const char *const fpga[] = { "fpga", "boards", "board", NULL };
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (has_dir(path, vendored))
		return "vendored";
	if (has_dir(path, generated))
		return "generated";
	if (has_dir(path, dv) || !strncmp(base, "tb_", 3) ||
	    strstr(base, "_tb.") || strstr(base, "_tb_") ||
	    strstr(base, "_test.") || strstr(base, "_bind.") ||
	    strstr(base, "_sva.") || strstr(base, "_if.") ||
	    strstr(base, "_seq.") || strstr(base, "_env."))
		return "dv";
	if (has_dir(path, fpga) || !strncmp(base, "fpga_", 5))
		return "fpga";
	return "rtl";
}

struct spdx_rule {
	const char *id;
	const char *phrase[3]; /* all must occur (case-insensitive) */
};

/* Most specific first. */
static const struct spdx_rule spdx_rules[] = {
	{ "SHL-2.1", { "solderpad hardware licen", "version 2.1", NULL } },
	{ "SHL-0.51", { "solderpad hardware licen", "0.51", NULL } },
	{ "SHL-2.0", { "solderpad hardware licen", "version 2.0", NULL } },
	{ "CERN-OHL-S-2.0", { "cern open hardware licence", "strongly reciprocal", NULL } },
	{ "CERN-OHL-W-2.0", { "cern open hardware licence", "weakly reciprocal", NULL } },
	{ "CERN-OHL-P-2.0", { "cern open hardware licence", "permissive", NULL } },
	{ "CERN-OHL-1.2", { "cern ohl", "1.2", NULL } },
	{ "Apache-2.0", { "apache license", "version 2.0", NULL } },
	{ "MPL-2.0", { "mozilla public license", "2.0", NULL } },
	{ "LGPL-3.0", { "gnu lesser general public license", "version 3", NULL } },
	{ "LGPL-2.1", { "gnu lesser general public license", "version 2.1", NULL } },
	{ "LGPL-2.1", { "gnu library general public license", NULL, NULL } },
	{ "GPL-3.0", { "gnu general public license", "version 3", NULL } },
	{ "GPL-2.0", { "gnu general public license", "version 2", NULL } },
	{ "BSD-3-Clause", { "redistribution and use in source and binary",
			    "neither the name", NULL } },
	{ "BSD-3-Clause", { "redistribution and use in source and binary",
			    "names of its contributors", NULL } },
	{ "BSD-2-Clause", { "redistribution and use in source and binary",
			    "in binary form must reproduce", NULL } },
	{ "ISC", { "permission to use, copy, modify, and/or distribute", NULL, NULL } },
	{ "ISC", { "permission to use, copy, modify, and distribute this software for any purpose", NULL, NULL } },
	{ "MIT", { "permission is hereby granted, free of charge", NULL, NULL } },
	{ "Unlicense", { "this is free and unencumbered software", NULL, NULL } },
};

static bool has_phrase(const char *text, size_t len, const char *ph)
{
	size_t n = strlen(ph);

	for (size_t i = 0; i + n <= len; i++) {
		size_t j = 0, k = i;

		/* collapse runs of white space in the text to one space */
		while (j < n && k < len) {
			if (ph[j] == ' ' && isspace((unsigned char)text[k])) {
				while (k < len && isspace((unsigned char)text[k]))
					k++;
				j++;
				continue;
			}
			if (tolower((unsigned char)text[k]) != ph[j])
				break;
			j++;
			k++;
		}
		if (j == n)
			return true;
	}
	return false;
}

const char *dataset_licence_spdx(const char *text, size_t len)
{
	if (len > 65536)
		len = 65536;
	for (size_t i = 0; i < sizeof(spdx_rules) / sizeof(*spdx_rules); i++) {
		const struct spdx_rule *r = &spdx_rules[i];
		bool all = true;

		for (size_t k = 0; k < 3 && r->phrase[k] && all; k++)
			all = has_phrase(text, len, r->phrase[k]);
		if (all)
			return r->id;
	}
	return NULL;
}
