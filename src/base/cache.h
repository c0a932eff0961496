#ifndef BASE_CACHE_H
#define BASE_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "base/buf.h"

/*
 * The one content-addressed cache (cas_*): an entry is a file named by its key
 * (64 lower-case hex digits, a SHA-256 of everything the value depends
 * on) under a directory: <dir>/<key[0..1]>/<key[2..]>.json.  A writer
 * writes a temporary file named uniquely for it (pid, a per-process
 * counter and random digits), optionally fsyncs it, and renames it over
 * the entry, so readers see a whole entry or none, concurrent writers of
 * the same key never share a temporary file, and a run killed mid-write
 * leaves at most a stray temporary (never a torn entry).  Thread-safe.
 */

/* Whether key is 64 lower-case hex digits. */
bool cas_key_ok(const char *key);
/* The entry's path (malloc'd; NULL on OOM or a bad key). */
char *cas_path(const char *dir, const char *key);

/* The entry's bytes (at most max): 0, ERR_NOTFOUND, ERR_TOOBIG or error. */
int cas_get(struct buf *out, const char *dir, const char *key, size_t max);
/* Store len bytes under key (creating directories); fsync if asked. */
int cas_put(const char *dir, const char *key, const void *data, size_t len,
	      bool fsync);

/* The entry parsed as JSON; ERR_NOTFOUND also for a damaged entry. */
int cas_get_json(cJSON **out, const char *dir, const char *key, size_t max);
int cas_put_json(const char *dir, const char *key, const cJSON *v,
		   bool fsync);

/* mkdir -p (0777 before the umask); an existing directory is fine. */
int mkdir_p(const char *path);

#endif
