#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "synth/synth-int.h"

#define INPUT_MAX ((size_t)8 << 20)

char *synth_path(const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	if (buf_addf(&b, "%s/%s", dir, name))
		return NULL;
	return buf_detach(&b, NULL);
}

static char *copied_name(const char *prefix, size_t i, const char *path)
{
	const char *base = strrchr(path, '/');
	struct buf b = BUF_INIT;

	base = base ? base + 1 : path;
	if (buf_addf(&b, "%s%zu_", prefix, i))
		return NULL;
	for (const char *p = base; *p; p++) {
		int c = (unsigned char)*p;

		if (!isalnum(c) && c != '.' && c != '_' && c != '-')
			c = '_';
		if (buf_addch(&b, c)) {
			buf_release(&b);
			return NULL;
		}
	}
	return buf_detach(&b, NULL);
}

static int copy_one(const char *dir, const char *from, const char *name)
{
	struct buf b = BUF_INIT;
	char *to = NULL;
	int rc;

	rc = buf_read_file(&b, from, INPUT_MAX);
	if (rc == ERR_TOOBIG)
		rc = err_set(ERR_USAGE, "%s: larger than 8 MiB", from);
	else if (rc)
		rc = err_set(ERR_USAGE, "cannot read '%s'", from);
	else if (buf_is_binary(b.data, b.len))
		rc = err_set(ERR_USAGE, "%s: not a text file", from);
	if (!rc) {
		to = synth_path(dir, name);
		rc = to ? buf_write_file(to, b.data, b.len) : ERR_FAIL;
	}
	free(to);
	buf_release(&b);
	return rc;
}

int synth_copy_inputs(struct synth_names *nm, const char *dir,
		      const char *const *files, size_t n, const char *prefix)
{
	nm->user = files;
	nm->n = 0;
	nm->copied = calloc(n + 1, sizeof(*nm->copied));
	if (!nm->copied)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int rc;

		nm->copied[i] = copied_name(prefix, i, files[i]);
		if (!nm->copied[i])
			return err_set(ERR_FAIL, "out of memory");
		nm->n = i + 1;
		rc = copy_one(dir, files[i], nm->copied[i]);
		if (rc)
			return rc;
	}
	return 0;
}

void synth_names_release(struct synth_names *nm)
{
	for (size_t i = 0; nm->copied && nm->copied[i]; i++)
		free(nm->copied[i]);
	free(nm->copied);
	nm->copied = NULL;
	nm->n = 0;
}

int synth_map_names(struct buf *out, const char *s, size_t len,
		    const struct synth_names *nm)
{
	size_t i = 0, run = 0;
	int rc = 0;

	while (i < len && !rc) {
		size_t hit = 0, k;

		for (k = 0; nm && k < nm->n; k++) {
			size_t l = strlen(nm->copied[k]);

			if (l <= len - i && !memcmp(s + i, nm->copied[k], l)) {
				hit = l;
				break;
			}
		}
		if (!hit) {
			i++;
			continue;
		}
		rc |= buf_add_escaped(out, s + run, i - run);
		rc |= buf_addstr(out, nm->user[k]);
		i += hit;
		run = i;
	}
	if (!rc)
		rc = buf_add_escaped(out, s + run, len - run);
	return rc;
}

int synth_add_finding(cJSON *arr, const char *kind, const char *signal,
		      const char *message)
{
	cJSON *f = cJSON_CreateObject();
	struct buf b = BUF_INIT;
	int rc = 0;

	if (!f)
		return err_set(ERR_FAIL, "out of memory");
	rc |= json_add_str(f, "kind", kind);
	if (signal) {
		rc |= buf_add_escaped(&b, signal, strlen(signal));
		rc |= json_add_str(f, "signal", b.data);
		buf_reset(&b);
	}
	rc |= buf_add_escaped(&b, message, strlen(message));
	rc |= json_add_str(f, "message", b.data);
	buf_release(&b);
	if (rc) {
		cJSON_Delete(f);
		return ERR_FAIL;
	}
	return json_append_take(arr, f);
}
