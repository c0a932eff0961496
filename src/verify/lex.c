#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "verify/verify-int.h"

/* Module renaming and module names of a source, on base/vlex.h. */

int verify_rename_module(struct buf *out, const char *src, size_t len,
			 const char *from, const char *to)
{
	const char *f[] = { from, NULL }, *t[] = { to, NULL };

	buf_reset(out);
	return vlex_rename(out, src, len, f, t);
}

int verify_module_names(char ***out, const char *src, size_t len)
{
	char **v = calloc(1, sizeof(*v));
	struct vlex l;
	struct vtok t;
	bool want = false;
	int rc = 0;

	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	vlex_init(&l, src, len);
	for (vlex_next(&l, &t); t.kind != VTOK_EOF && !rc; vlex_next(&l, &t)) {
		if (want && t.kind == VTOK_IDENT && !vtok_is(&t, "automatic") &&
		    !vtok_is(&t, "static")) {
			char *name = strndup(t.s, t.len);

			rc = name ? strv_push(&v, NULL, name)
				  : err_set(ERR_FAIL, "out of memory");
			free(name);
			want = false;
			continue;
		}
		want = t.kind == VTOK_IDENT &&
		       (vtok_is(&t, "module") || vtok_is(&t, "macromodule"));
	}
	if (rc) {
		strv_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

int verify_lex_all(struct vtok **out, size_t *n, const char *text, size_t len)
{
	struct vlex l;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	vlex_init(&l, text, len);
	for (;;) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 256;
			struct vtok *p = realloc(*out, nc * sizeof(*p));

			if (!p)
				return err_set(ERR_FAIL, "out of memory");
			*out = p;
			cap = nc;
		}
		vlex_next(&l, &(*out)[*n]);
		if ((*out)[*n].kind == VTOK_EOF)
			return 0;
		(*n)++;
	}
}
