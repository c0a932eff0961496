#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/cfg.h"
#include "base/err.h"
#include "base/json.h"

/* Strings we allocate live in this arena until cfg_release(). */
static char *owned[16];
static size_t nowned;

static const char *keep(const char *s)
{
	char *d;

	if (!s || nowned == sizeof(owned) / sizeof(*owned))
		return NULL;
	d = strdup(s);
	if (d)
		owned[nowned++] = d;
	return d;
}

static const char *env(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

/* *dst = $name when it is set and non-empty; otherwise *dst stays. */
static void from_env(const char **dst, const char *name)
{
	const char *v = env(name);

	if (v)
		*dst = v;
}

/* *dst = a kept copy of the string member `key`, when there is one. */
static void from_json(const char **dst, const cJSON *j, const char *key)
{
	const char *v = json_get_string(j, key);

	if (v)
		*dst = keep(v);
}

static int parse_sandbox(const char *v, enum proc_sandbox *out)
{
	if (!strcmp(v, "auto"))
		*out = PROC_SANDBOX_AUTO;
	else if (!strcmp(v, "require"))
		*out = PROC_SANDBOX_REQUIRE;
	else if (!strcmp(v, "none"))
		*out = PROC_SANDBOX_NONE;
	else
		return err_set(ERR_USAGE,
			       "bad sandbox mode '%s' (auto, require or none)",
			       v);
	return 0;
}

static int load_file(struct cfg *c, const char *path, bool must_exist)
{
	cJSON *j = NULL;
	const char *s;
	int rc;

	rc = json_parse_file(&j, path, 1u << 20);
	if (rc == ERR_NOTFOUND && !must_exist)
		return 0;
	if (rc)
		return err_wrap(ERR_USAGE, "config");
	from_json(&c->endpoint, j, "endpoint");
	from_json(&c->model, j, "model");
	from_json(&c->cache_dir, j, "cache_dir");
	s = json_get_string(j, "sandbox");
	if (s)
		rc = parse_sandbox(s, &c->sandbox);
	if (!rc && cJSON_GetObjectItemCaseSensitive(j, "jobs")) {
		double n = json_get_number(j, "jobs", -1);

		/* the same range as HWFORGE_JOBS; a fraction is not a count */
		if (n < 0 || n > 1024 || n != (double)(int)n)
			rc = err_set(ERR_USAGE,
				     "%s: 'jobs' must be a whole number from 0 to 1024",
				     path);
		else
			c->jobs = (int)n;
	}
	cJSON_Delete(j);
	return rc;
}

int cfg_load(struct cfg *c)
{
	struct buf path = BUF_INIT;
	const char *v, *home = env("HOME");
	int rc = 0;

	memset(c, 0, sizeof(*c));
	c->sandbox = PROC_SANDBOX_AUTO;
	c->progress = -1;
	c->color = isatty(STDOUT_FILENO) && !env("NO_COLOR");
	v = env("HWFORGE_CONFIG");
	if (v) {
		c->config_path = keep(v);
		rc = load_file(c, v, true);
	} else if (home) {
		buf_addf(&path, "%s/.config/hwforge/config.json", home);
		c->config_path = keep(path.data);
		rc = load_file(c, path.data, false);
	}
	buf_release(&path);
	if (rc)
		return rc;
	v = env("HWFORGE_JOBS");
	if (v) {
		long n;

		rc = cfg_parse_long(v, "HWFORGE_JOBS", 0, 1024, &n);
		if (rc)
			return rc;
		c->jobs = (int)n;
	}
	v = env("HWFORGE_KEEP_TMP");
	if (v)
		c->keep_tmp = strcmp(v, "0") != 0;
	v = env("HWFORGE_SANDBOX");
	if (v) {
		rc = parse_sandbox(v, &c->sandbox);
		if (rc)
			return rc;
	}
	from_env(&c->endpoint, "HWFORGE_ENDPOINT");
	from_env(&c->model, "HWFORGE_MODEL");
	from_env(&c->cache_dir, "HWFORGE_CACHE_DIR");
	/* HWFORGE_API_KEY wins over OPENAI_API_KEY */
	from_env(&c->api_key, "OPENAI_API_KEY");
	from_env(&c->api_key, "HWFORGE_API_KEY");
	return 0;
}

int cfg_parse_long(const char *s, const char *what, long min, long max,
		   long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < min || v > max)
		return err_set(ERR_USAGE, "%s: '%s' is not a number from %ld to %ld",
			       what, s, min, max);
	*out = v;
	return 0;
}

int cfg_parse_double(const char *s, const char *what, double min, double max,
		     double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || !(v >= min && v <= max))
		return err_set(ERR_USAGE, "%s: '%s' is not a number from %g to %g",
			       what, s, min, max);
	*out = v;
	return 0;
}

void cfg_release(struct cfg *c)
{
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
	nowned = 0;
	memset(c, 0, sizeof(*c));
}

int cfg_parse_shard(const char *s, int *k, int *n)
{
	const char *slash = strchr(s, '/');
	char tmp[24];
	long a, b;

	if (!slash || (size_t)(slash - s) >= sizeof(tmp))
		return err_set(ERR_USAGE, "--shard wants K/N, e.g. 1/4");
	memcpy(tmp, s, (size_t)(slash - s));
	tmp[slash - s] = '\0';
	if (cfg_parse_long(slash + 1, "--shard N", 1, 100000, &b) ||
	    cfg_parse_long(tmp, "--shard K", 1, b, &a))
		return ERR_USAGE;
	*k = (int)a;
	*n = (int)b;
	return 0;
}

int cfg_shard_from_env(int *k, int *n, const char *count)
{
	const char *id = getenv("SLURM_ARRAY_TASK_ID");
	const char *cnt = getenv("SLURM_ARRAY_TASK_COUNT");
	const char *min = getenv("SLURM_ARRAY_TASK_MIN");
	long a, b, m = 0;

	if (id && cnt) {
		if (cfg_parse_long(id, "SLURM_ARRAY_TASK_ID", 0, 1000000, &a) ||
		    cfg_parse_long(cnt, "SLURM_ARRAY_TASK_COUNT", 1, 100000,
				   &b) ||
		    (min && cfg_parse_long(min, "SLURM_ARRAY_TASK_MIN", 0,
					   1000000, &m)))
			return ERR_USAGE;
		if (a - m < 0 || a - m >= b)
			return err_set(ERR_USAGE,
				       "SLURM_ARRAY_TASK_ID %ld is outside the "
				       "array",
				       a);
		*k = (int)(a - m + 1);
		*n = (int)b;
		return 0;
	}
	id = getenv("JOB_COMPLETION_INDEX");
	cnt = count ? count : getenv("JOB_COMPLETION_COUNT");
	if (!id)
		return 0;
	if (!cnt)
		return err_set(ERR_USAGE,
			       "JOB_COMPLETION_INDEX is set: give --shard-count "
			       "N (or JOB_COMPLETION_COUNT)");
	if (cfg_parse_long(cnt, "shard count", 1, 100000, &b) ||
	    cfg_parse_long(id, "JOB_COMPLETION_INDEX", 0, b - 1, &a))
		return ERR_USAGE;
	*k = (int)a + 1;
	*n = (int)b;
	return 0;
}

char *cfg_cache_dir(const struct cfg *cfg)
{
	const char *x = env("XDG_CACHE_HOME"), *h = env("HOME");

	if (cfg && cfg->cache_dir)
		return strdup(cfg->cache_dir);
	if (x)
		return str_fmt("%s/hwforge", x);
	if (h)
		return str_fmt("%s/.cache/hwforge", h);
	return NULL;
}
