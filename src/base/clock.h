#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

/*
 * The one monotonic clock: CLOCK_MONOTONIC in milliseconds, for elapsed
 * times, timeouts and backoff (never for dates: log.c stamps lines with
 * the real time).
 */
long long mono_ms(void);

#endif
