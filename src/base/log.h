#ifndef BASE_LOG_H
#define BASE_LOG_H

#include <stddef.h>

/*
 * Diagnostics on stderr.  The level is one of the three process-wide
 * slots (set once by the CLI).  Messages are escaped: untrusted text never
 * reaches a terminal raw.
 */
enum log_level { LOG_QUIET = 0, LOG_NORMAL = 1, LOG_VERBOSE = 2, LOG_DEBUG = 3 };

extern int log_level;

void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_verbose(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
