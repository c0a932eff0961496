/*
 * libFuzzer harness: the JSON readers of files a user hands hwforge: the
 * config file (first byte 0), a native task.json (1) and a results.jsonl
 * being resumed (2).  Bad input is an error with one line, never a crash.
 */
#include <assert.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cfg.h"
#include "base/err.h"
#include "bench/bench-int.h"
#include "bench/bench.h"
#include "fz-util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void one_line(int rc)
{
	if (rc)
		assert(!strchr(err_last(), '\n'));
}

static void config(const uint8_t *data, size_t size)
{
	struct cfg c;

	fz_write("config.json", data, size);
	setenv("HWFORGE_CONFIG", fz_path("config.json"), 1);
	one_line(cfg_load(&c));
	cfg_release(&c);
}

static void task(const uint8_t *data, size_t size)
{
	static const char ref[] = "module m(input a, output y);\n"
				  "assign y = a;\nendmodule\n";
	struct bench_suite s;
	char dir[128];

	snprintf(dir, sizeof(dir), "%s", fz_path("suite"));
	mkdir(dir, 0700);
	mkdir(fz_path("suite/t1"), 0700);
	fz_write("suite/t1/ref.v", ref, sizeof(ref) - 1);
	fz_write("suite/t1/tb.v", ref, sizeof(ref) - 1);
	fz_write("suite/t1/spec.md", "spec\n", 5);
	fz_write("suite/t1/task.json", data, size);
	one_line(bench_suite_load(&s, dir));
	bench_suite_release(&s);
}

static void results(const uint8_t *data, size_t size)
{
	cJSON *out = NULL;

	fz_write("results.jsonl", data, size);
	one_line(bench__read_results(&out, fz_path("results.jsonl"), false));
	cJSON_Delete(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned which = size ? data[0] % 3 : 0;

	if (size) {
		data++;
		size--;
	}
	if (which == 0)
		config(data, size);
	else if (which == 1)
		task(data, size);
	else
		results(data, size);
	return 0;
}
