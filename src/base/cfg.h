#ifndef BASE_CFG_H
#define BASE_CFG_H

#include <stdbool.h>

#include "base/proc.h"

/*
 * Process-wide settings, loaded once by main() (flags > HWFORGE_*
 * environment > config file > defaults) and passed down read-only.
 * Libraries never call getenv() for HWFORGE_* settings themselves.
 */
struct cfg {
	int jobs;                  /* HWFORGE_JOBS; 0: one per core */
	bool keep_tmp;             /* HWFORGE_KEEP_TMP=1 */
	enum proc_sandbox sandbox; /* HWFORGE_SANDBOX=auto|require|none */
	int progress;              /* -1 auto, 0 off, 1 on */
	bool color;
	const char *endpoint;      /* HWFORGE_ENDPOINT */
	const char *model;         /* HWFORGE_MODEL */
	const char *api_key;       /* HWFORGE_API_KEY or OPENAI_API_KEY */
	const char *cache_dir;     /* HWFORGE_CACHE_DIR */
	const char *config_path;   /* HWFORGE_CONFIG or ~/.config/hwforge/config.json */
};

/* Fill from defaults, the config file and the environment. */
int cfg_load(struct cfg *c);
void cfg_release(struct cfg *c);

/* Strict number parsing for flags and settings: ERR_USAGE naming `what`. */
int cfg_parse_long(const char *s, const char *what, long min, long max,
		   long *out);
int cfg_parse_double(const char *s, const char *what, double min, double max,
		     double *out);

/* ---- sharding and the cache directory, as every command reads them ---- */

/* "K/N" (1 <= K <= N <= 100000); ERR_USAGE with a one-line message. */
int cfg_parse_shard(const char *s, int *k, int *n);
/*
 * The shard from a Slurm array (SLURM_ARRAY_TASK_ID/COUNT/MIN) or a
 * Kubernetes indexed job (JOB_COMPLETION_INDEX with `count`, the
 * --shard-count flag, or JOB_COMPLETION_COUNT); *k and *n untouched when
 * neither is set.  0 or ERR_USAGE with a one-line message.
 */
int cfg_shard_from_env(int *k, int *n, const char *count);
/* cfg->cache_dir, else $XDG_CACHE_HOME/hwforge, else ~/.cache/hwforge;
 * NULL when none can be named (or out of memory).  Caller frees. */
char *cfg_cache_dir(const struct cfg *cfg);

#endif
