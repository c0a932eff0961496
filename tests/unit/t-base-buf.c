#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/base.h"
#include "tap.h"

static void test_grow_and_format(void)
{
	struct buf b = BUF_INIT;

	is_int(b.len, 0, "init: empty");
	is_str(b.data, "", "init: data is a valid string");
	buf_addstr(&b, "abc");
	buf_addf(&b, "-%d-%s", 42, "x");
	is_str(b.data, "abc-42-x", "addstr + addf");
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%04d", i);
	is_int(b.len, 8 + 4000, "grows past many reallocations");
	ok(!strncmp(b.data + b.len - 4, "0999", 4), "tail intact");
	buf_setlen(&b, 3);
	is_str(b.data, "abc", "setlen truncates and terminates");
	buf_release(&b);
	is_int(b.len, 0, "release leaves an empty buffer");
	buf_release(&b);
	ok(1, "double release is safe");
}

static void test_detach(void)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *s;

	s = buf_detach(&b, &len);
	ok(s && !*s && len == 0, "detach of empty gives an owned empty string");
	free(s);
	buf_addstr(&b, "hello");
	s = buf_detach(&b, &len);
	is_str(s, "hello", "detach hands over the string");
	is_int(len, 5, "detach length");
	is_int(b.len, 0, "buffer is empty after detach");
	free(s);
}

static void test_escape(void)
{
	struct buf b = BUF_INIT;
	const char in[] = "ok\x1b[31mred\x07\n";

	buf_add_escaped(&b, in, sizeof(in) - 1);
	is_str(b.data, "ok\\x1b[31mred\\x07\n", "control bytes escaped");
	buf_release(&b);
}

static void test_files(void)
{
	struct tmpdir t = TMPDIR_INIT;
	struct buf b = BUF_INIT;
	char *p;
	int rc;

	ok(!tmpdir_create(&t, "test"), "tmpdir created");
	p = tmpdir_file(&t, "f.txt");
	ok(!buf_write_file(p, "0123456789", 10), "write file");
	ok(!buf_read_file(&b, p, 0), "read file");
	is_str(b.data, "0123456789", "content round trip");
	buf_reset(&b);
	rc = buf_read_file(&b, p, 5);
	is_int(rc, ERR_TOOBIG, "read cap gives ERR_TOOBIG");
	has_str(err_last(), "too large", "message says too large");
	rc = buf_read_file(&b, "/nonexistent/hwforge", 0);
	is_int(rc, ERR_NOTFOUND, "missing file gives ERR_NOTFOUND");
	has_str(err_last(), "cannot open '/nonexistent/hwforge'",
		"message names the file");
	ok(buf_is_binary("a\0b", 3), "NUL byte is binary");
	ok(!buf_is_binary("module m;\nendmodule\n", 20), "Verilog is text");
	tmpdir_remove(&t);
	ok(access(p, F_OK) != 0, "tmpdir removed with its files");
	free(p);
	buf_release(&b);
}

static void test_parse_numbers(void)
{
	long v = 0;
	double d = 0;

	ok(!cfg_parse_long("12", "jobs", 0, 64, &v) && v == 12, "parse 12");
	is_int(cfg_parse_long("12x", "jobs", 0, 64, &v), ERR_USAGE,
	       "trailing junk rejected");
	is_int(cfg_parse_long("65", "jobs", 0, 64, &v), ERR_USAGE,
	       "out of range rejected");
	has_str(err_last(), "jobs", "message names the setting");
	ok(!cfg_parse_double("0.5", "t", 0, 2, &d) && d == 0.5, "parse 0.5");
	is_int(cfg_parse_double("nan", "t", 0, 2, &d), ERR_USAGE, "nan rejected");
}

static void test_array_grow(void)
{
	struct { int a; char b[12]; } *v = NULL;
	size_t alloc = 0, n;

	ok(!array_grow(&v, &alloc, 1, sizeof(*v), 4) && v && alloc == 4,
	   "array_grow: the first size");
	for (n = 0; n < 1000; n++) {
		if (array_grow(&v, &alloc, n + 1, sizeof(*v), 4))
			break;
		v[n].a = (int)n;
	}
	ok(n == 1000 && alloc == 1024, "doubles to 1024 for 1000");
	ok(v[0].a == 0 && v[999].a == 999, "elements kept across reallocations");
	ok(!array_grow(&v, &alloc, 10, sizeof(*v), 4) && alloc == 1024,
	   "no shrinking, no call for room it has");
	is_int(array_grow(&v, &alloc, SIZE_MAX / 2 + 2, sizeof(*v), 4), ERR_FAIL,
	       "an impossible size fails");
	ok(alloc == 1024 && v[999].a == 999, "and leaves the array as it was");
	free(v);
}

int main(void)
{
	test_grow_and_format();
	test_array_grow();
	test_detach();
	test_escape();
	test_files();
	test_parse_numbers();
	return done();
}
