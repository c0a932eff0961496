#ifndef TESTS_TAP_H
#define TESTS_TAP_H

/*
 * A minimal TAP producer for unit tests (after redis's testhelp.h).
 * Each ok()/is_*() prints one "ok N - name" or "not ok N - name" line;
 * done() prints the plan and returns the exit status for main().
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *name, const char *file, int line)
{
	tap_n++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), name, __FILE__, __LINE__)

#define is_int(got, want, name)                                            \
	do {                                                               \
		long long g_ = (long long)(got), w_ = (long long)(want);   \
		if (!ok(g_ == w_, name))                                   \
			printf("#   got: %lld\n#  want: %lld\n", g_, w_);  \
	} while (0)

#define is_str(got, want, name)                                            \
	do {                                                               \
		const char *g_ = (got), *w_ = (want);                      \
		if (!ok(g_ && w_ && !strcmp(g_, w_), name))                \
			printf("#   got: '%s'\n#  want: '%s'\n",           \
			       g_ ? g_ : "(null)", w_ ? w_ : "(null)");    \
	} while (0)

#define has_str(hay, needle, name)                                         \
	do {                                                               \
		const char *h_ = (hay), *n_ = (needle);                    \
		if (!ok(h_ && strstr(h_, n_), name))                       \
			printf("#   '%s' not found in: '%.400s'\n", n_,    \
			       h_ ? h_ : "(null)");                        \
	} while (0)

static inline void skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

/* Missing tools skip, unless HWFORGE_TEST_REQUIRE_TOOLS=1 (then fail). */
static inline void require_tool(int have, const char *tool)
{
	const char *req = getenv("HWFORGE_TEST_REQUIRE_TOOLS");

	if (have)
		return;
	if (req && !strcmp(req, "1")) {
		printf("Bail out! %s is required (HWFORGE_TEST_REQUIRE_TOOLS=1)\n",
		       tool);
		exit(1);
	}
	skip_all(tool);
}

/*
 * n checks that cannot run on this machine (after others have run, so
 * skip_all is no longer possible): each is reported skipped with why.
 */
static inline void skip_n(int n, const char *why)
{
	for (int i = 0; i < n; i++)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static inline int done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
