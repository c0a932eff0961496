#ifndef TESTS_LIBFUZZER_FZ_UTIL_H
#define TESTS_LIBFUZZER_FZ_UTIL_H

/*
 * For harnesses whose reader takes a path: one private directory per
 * fuzzing process, created on first use and removed at exit.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fz_dir[64];

static void fz_cleanup(void)
{
	/* the harnesses write a fixed, small set of names */
	static const char *const names[] = { "in.v", "config.json",
					     "results.jsonl", "core.json",
					     "suite/t1/task.json",
					     "suite/t1/ref.v", "suite/t1/tb.v",
					     "suite/t1/spec.md", NULL };
	char p[128];

	for (size_t i = 0; names[i]; i++) {
		snprintf(p, sizeof(p), "%s/%s", fz_dir, names[i]);
		unlink(p);
	}
	snprintf(p, sizeof(p), "%s/suite/t1", fz_dir);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/suite", fz_dir);
	rmdir(p);
	rmdir(fz_dir);
}

static const char *fz_path(const char *name)
{
	static char p[128];

	if (!fz_dir[0]) {
		const char *t = getenv("TMPDIR");

		snprintf(fz_dir, sizeof(fz_dir), "%s/hwforge-fz-XXXXXX",
			 t && *t ? t : "/tmp");
		if (!mkdtemp(fz_dir))
			abort();
		atexit(fz_cleanup);
	}
	snprintf(p, sizeof(p), "%s/%s", fz_dir, name);
	return p;
}

static void fz_write(const char *name, const void *data, size_t size)
{
	FILE *f = fopen(fz_path(name), "wb");

	if (!f)
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
}

#endif
