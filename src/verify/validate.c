#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

#define VERIFY_MAX_FILE ((size_t)8 << 20)

int verify_read_input(struct buf *b, const char *path, const char *what)
{
	int rc = buf_read_file(b, path, VERIFY_MAX_FILE);

	if (rc == ERR_NOTFOUND)
		return err_set(ERR_USAGE, "%s '%s': no such file", what, path);
	if (rc == ERR_TOOBIG)
		return err_set(ERR_USAGE, "%s '%s': larger than 8 MiB", what,
			       path);
	if (rc)
		return err_wrap(ERR_USAGE, "%s '%s'", what, path);
	if (!b->len)
		return err_set(ERR_USAGE, "%s '%s': empty file", what, path);
	if (buf_is_binary(b->data, b->len))
		return err_set(ERR_USAGE, "%s '%s': binary data, not Verilog",
			       what, path);
	return 0;
}

static int check_list(const char *const *files, size_t n, const char *what,
		      const char *top, bool *found)
{
	struct buf b = BUF_INIT;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		char **names = NULL;

		rc = verify_read_input(&b, files[i], what);
		if (!rc && top && !*found)
			rc = verify_module_names(&names, b.data, b.len);
		for (size_t j = 0; names && names[j]; j++)
			if (!strcmp(names[j], top))
				*found = true;
		strv_free(names);
	}
	buf_release(&b);
	return rc;
}

static int need_top(const char *const *files, size_t n, const char *what,
		    const char *flag, const char *top)
{
	bool found = false;
	int rc = check_list(files, n, what, top, &found);

	if (rc)
		return rc;
	if (top && !found)
		return err_set(ERR_USAGE,
			       "%s '%s': no module of that name in "
			       "the %s files",
			       flag, top, what);
	return 0;
}

int verify_validate(const struct verify_opts *o)
{
	const char *ref_top = o->ref_top ? o->ref_top : o->top;
	int rc;

	if (!o->nfiles)
		return err_set(ERR_USAGE, "no design files given");
	if (o->top && !*o->top)
		return err_set(ERR_USAGE, "--top: empty module name");
	rc = need_top(o->files, o->nfiles, "design", "--top", o->top);
	if (!rc)
		rc = need_top(o->refs, o->nrefs, "reference", "--ref-top",
			      o->nrefs ? ref_top : NULL);
	if (!rc && o->tb) {
		const char *tb[] = { o->tb };

		rc = need_top(tb, 1, "testbench", "--tb-top", o->tb_top);
	}
	if (!rc)
		rc = need_top(o->props, o->nprops, "property", "--props-top",
			      NULL);
	if (!rc && o->timeout_s <= 0)
		rc = err_set(ERR_USAGE, "--timeout must be positive");
	if (!rc && o->sim_cycles <= 0)
		rc = err_set(ERR_USAGE, "--cycles must be positive");
	return rc;
}

/*
 * The top module when none was named: the one module of the files that
 * no other module mentions.  ERR_USAGE when that is not exactly one.
 */
int verify_detect_top(char **out, const char *const *files, size_t n)
{
	struct buf all = BUF_INIT, b = BUF_INIT;
	char **names = NULL, *pick = NULL;
	size_t cand = 0;
	int rc = 0;

	for (size_t i = 0; i < n && !rc; i++) {
		rc = verify_read_input(&b, files[i], "design");
		if (!rc &&
		    (buf_add(&all, b.data, b.len) || buf_addch(&all, '\n')))
			rc = ERR_FAIL;
	}
	if (!rc)
		rc = verify_module_names(&names, all.data, all.len);
	for (size_t j = 0; !rc && names[j]; j++) {
		struct vlex l;
		struct vtok t;
		int uses = 0;

		vlex_init(&l, all.data, all.len);
		for (vlex_next(&l, &t); t.kind != VTOK_EOF; vlex_next(&l, &t))
			if (t.kind == VTOK_IDENT && vtok_is(&t, names[j]))
				uses++;
		if (uses <= 1 || !names[1]) {
			cand++;
			if (!pick)
				pick = names[j];
		}
	}
	if (!rc && cand != 1)
		rc = err_set(ERR_USAGE,
			     cand ? "cannot tell which module is the "
				    "top; name it with --top"
				  : "no module found in the design");
	if (!rc) {
		*out = strdup(pick);
		if (!*out)
			rc = err_set(ERR_FAIL, "out of memory");
	}
	strv_free(names);
	buf_release(&all);
	buf_release(&b);
	return rc;
}
