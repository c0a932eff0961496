#include "config.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "base/buf.h"
#include "base/log.h"

int log_level = LOG_NORMAL;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

__attribute__((format(printf, 3, 0))) static void
log_emit(int level, const char *prefix, const char *fmt, va_list ap)
{
	struct buf msg = BUF_INIT, out = BUF_INIT;

	if (log_level < level)
		return;
	buf_vaddf(&msg, fmt, ap);
	if (log_level >= LOG_VERBOSE) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		buf_addf(&out, "%lld.%03ld ", (long long)ts.tv_sec,
			 ts.tv_nsec / 1000000);
	}
	buf_addstr(&out, "hwforge: ");
	buf_addstr(&out, prefix);
	buf_add_escaped(&out, msg.data, msg.len);
	buf_addch(&out, '\n');
	pthread_mutex_lock(&log_lock);
	fputs(out.data, stderr);
	pthread_mutex_unlock(&log_lock);
	buf_release(&msg);
	buf_release(&out);
}

#define LOG_FN(name, level, prefix)                  \
	void name(const char *fmt, ...)              \
	{                                            \
		va_list ap;                          \
		va_start(ap, fmt);                   \
		log_emit(level, prefix, fmt, ap);    \
		va_end(ap);                          \
	}

LOG_FN(log_warn, LOG_NORMAL, "warning: ")
LOG_FN(log_info, LOG_NORMAL, "")
LOG_FN(log_verbose, LOG_VERBOSE, "")
LOG_FN(log_debug, LOG_DEBUG, "debug: ")
