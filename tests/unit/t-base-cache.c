#include "config.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/cache.h"
#include "base/err.h"
#include "base/hash.h"
#include "base/tmpdir.h"
#include "tap.h"

/*
 * base/cache.h: entries by SHA-256 key, whole or absent, concurrent
 * writers of one key, no temporary left behind.
 */

static char dir[] = "/tmp/hwforge-t-base-cache-XXXXXX";

static int count_files(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

int main(void)
{
	char key[65], sub[4096];
	struct buf b = BUF_INIT;
	cJSON *j = NULL, *v;
	char *path;

	if (!mkdtemp(dir))
		return 1;
	sha256_hex("entry", 5, key);
	ok(cas_key_ok(key), "a SHA-256 hex key");
	ok(!cas_key_ok("abc") && !cas_key_ok(NULL), "short or NULL: no key");
	key[3] = 'G';
	ok(!cas_key_ok(key), "not hex: no key");
	sha256_hex("entry", 5, key);
	path = cas_path(dir, key);
	ok(path && strstr(path, key + 2) && path[strlen(dir) + 3] == '/',
	   "path: <dir>/<2 hex>/<rest>.json");
	free(path);
	is_int(cas_get(&b, dir, key, 100), ERR_NOTFOUND, "miss");
	is_int(cas_put(dir, key, "hello", 5, true), 0, "put, fsync'd");
	is_int(cas_get(&b, dir, key, 100), 0, "hit");
	is_str(b.data, "hello", "the bytes back");
	buf_reset(&b);
	is_int(cas_get(&b, dir, key, 3), ERR_TOOBIG, "over the cap");
	buf_reset(&b);
	is_int(cas_put(dir, "../../etc/x", "x", 1, false), ERR_USAGE,
	       "a key that is not hex is refused");

	/* JSON, and a damaged entry is a miss */
	sha256_hex("json", 4, key);
	v = cJSON_CreateObject();
	cJSON_AddNumberToObject(v, "n", 42);
	is_int(cas_put_json(dir, key, v, false), 0, "put JSON");
	cJSON_Delete(v);
	is_int(cas_get_json(&j, dir, key, 1000), 0, "get JSON");
	is_int((int)cJSON_GetNumberValue(cJSON_GetObjectItem(j, "n")), 42,
	       "the value back");
	cJSON_Delete(j);
	is_int(cas_put(dir, key, "{broken", 7, false), 0, "overwrite");
	is_int(cas_get_json(&j, dir, key, 1000), ERR_NOTFOUND,
	       "damaged JSON is a miss");

	/* eight processes write the same key at once: one whole entry */
	sha256_hex("race", 4, key);
	for (int i = 0; i < 8; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			char big[20000];

			memset(big, 'a' + i, sizeof(big));
			for (int k = 0; k < 20; k++)
				cas_put(dir, key, big, sizeof(big), false);
			_exit(0);
		}
	}
	while (wait(NULL) > 0)
		;
	is_int(cas_get(&b, dir, key, 100000), 0, "raced entry readable");
	{
		bool same = b.len == 20000;

		for (size_t i = 1; same && i < b.len; i++)
			same = b.data[i] == b.data[0];
		ok(same, "one writer's whole entry, never a mix");
	}
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, key);
	is_int(count_files(sub), 1, "no temporary file left behind");
	ok(!mkdir_p(sub) && !mkdir_p(sub), "mkdir_p: existing is fine");
	buf_release(&b);
	rm_rf(dir);
	return done();
}
