#ifndef RTLGEN_INT_H
#define RTLGEN_INT_H

#include "rtlgen/rtlgen.h"

/* Private to src/rtlgen: the line reading both reply extractors share. */

/* The end of the line at p (its '\n', or end when there is none). */
const char *rtlgen__line_end(const char *p, const char *end);
/*
 * The first block of [s, end) that opens with an RTLGEN_SENTINEL_BEGIN
 * line: *body is the line after it (NULL: no such line), *body_end the
 * RTLGEN_SENTINEL_END line that closes it (NULL: none does).  A sentinel
 * line may have blanks around it.
 */
void rtlgen__sentinel_block(const char *s, const char *end, const char **body,
			    const char **body_end);

#endif
