#ifndef BASE_STRV_H
#define BASE_STRV_H

#include <stddef.h>

/*
 * String vectors (argv vectors, file and name lists): arrays of owned
 * copies, kept NULL-ended by strv_push() so that they can be handed to
 * proc_run() as they are.  Not in base.h: include it where it is used.
 */

/*
 * Append a copy of s to *v, which stays NULL-ended.  n: the current
 * length, updated (NULL: counted).  ERR_FAIL when out of memory; *v is
 * unchanged then.
 */
int strv_push(char ***v, size_t *n, const char *s);
/* Free a NULL-ended vector and its strings (NULL is fine). */
void strv_free(char **v);
/* Free the first n strings of v and v itself (v need not be NULL-ended). */
void strv_free_n(char **v, size_t n);

#endif
