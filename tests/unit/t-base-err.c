#include "config.h"

#include <errno.h>
#include <string.h>

#include "base/err.h"
#include "base/json.h"
#include "tap.h"

/* Error messages stay on one line; untrusted JSON numbers stay in range. */

static void test_one_line(void)
{
	int rc = err_set(ERR_USAGE, "gate.json: %s: unknown key",
			 "units\n\rx\ty\x1b[2J");

	is_int(rc, ERR_USAGE, "code returned");
	ok(!strpbrk(err_last(), "\n\r\t\x1b"), "no control characters");
	is_str(err_last(), "gate.json: units  x y?[2J: unknown key",
	       "line breaks become spaces, escapes '?'");
	err_set(ERR_FAIL, "inner\nline");
	err_wrap(ERR_FAIL, "outer");
	is_str(err_last(), "outer: inner line", "wrapped message, one line");
}

static void test_get_long(void)
{
	cJSON *j = cJSON_Parse("{\"a\":5e66,\"b\":-1e300,\"c\":42,"
			       "\"d\":\"7\",\"e\":-3}");

	is_int(json_get_long(j, "a", -1), -1, "5e66: default");
	is_int(json_get_long(j, "b", -1), -1, "-1e300: default");
	is_int(json_get_long(j, "c", -1), 42, "42");
	is_int(json_get_long(j, "d", -1), -1, "a string: default");
	is_int(json_get_long(j, "e", 0), -3, "-3");
	is_int(json_get_long(j, "missing", 9), 9, "missing: default");
	cJSON_Delete(j);
}

/* A probe that fails quietly must not erase why a run stopped (t5005). */
static void test_save_restore(void)
{
	struct err_saved s;

	err_set(ERR_INTR, "interrupted");
	err_save(&s);
	err_set(ERR_FAIL, "probe failed");
	err_restore(&s);
	is_str(err_last(), "interrupted", "message restored");
}

/* The current message as an argument of the next one. */
static void test_self_argument(void)
{
	err_set(ERR_NOTFOUND, "cannot open 'x.v'");
	is_int(err_set(ERR_USAGE, "%s", err_last()), ERR_USAGE,
	       "re-classified");
	is_str(err_last(), "cannot open 'x.v'", "the message survives");
	errno = ENOENT;
	err_set_errno(ERR_USAGE, "design: %s", err_last());
	has_str(err_last(), "design: cannot open 'x.v': ",
		"prefixed and with strerror");
}

int main(void)
{
	test_one_line();
	test_self_argument();
	test_save_restore();
	test_get_long();
	return done();
}
