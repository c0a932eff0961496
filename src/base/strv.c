#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/err.h"
#include "base/strv.h"

int strv_push(char ***v, size_t *n, const char *s)
{
	size_t len = 0;
	char **nv, *c;

	if (n)
		len = *n;
	else
		while (*v && (*v)[len])
			len++;
	c = strdup(s);
	if (!c)
		return err_set(ERR_FAIL, "out of memory");
	nv = realloc(*v, (len + 2) * sizeof(*nv));
	if (!nv) {
		free(c);
		return err_set(ERR_FAIL, "out of memory");
	}
	nv[len] = c;
	nv[len + 1] = NULL;
	*v = nv;
	if (n)
		*n = len + 1;
	return 0;
}

void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void strv_free_n(char **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}
