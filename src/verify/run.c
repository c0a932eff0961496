#include "config.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/toolver.h"
#include "verify/verify-int.h"

int vrun_tool(struct proc_result *res, const struct verify_opts *o,
	      const char *dir, const char *const *argv, const char *const *ro,
	      const char *stdin_data, size_t stdin_len, unsigned flags)
{
	return vrun_tool_cap(res, o, dir, argv, ro, stdin_data, stdin_len,
			     flags, VRUN_SIM_OUTPUT);
}

void vrun_limits(struct proc_opts *po, const struct proc_limits *l,
		 unsigned flags)
{
	struct proc_limits v = *l;

	if (flags & VRUN_FLOOD) {
		v.kill_on_flood = true;
		if (!v.output_bytes)
			v.output_bytes = VRUN_SIM_OUTPUT;
	} else {
		v.output_bytes = 0; /* tools: the runner's default cap */
	}
	proc_limits_apply(po, &v);
	po->sandbox_proc = (flags & VRUN_PROC) != 0;
}

int vrun_tool_cap(struct proc_result *res, const struct verify_opts *o,
		  const char *dir, const char *const *argv,
		  const char *const *ro, const char *stdin_data,
		  size_t stdin_len, unsigned flags, size_t max_output)
{
	struct proc_opts po = PROC_OPTS_INIT;
	struct proc_limits l = PROC_LIMITS_INIT;

	l.wall_s = o->timeout_s > 0 ? o->timeout_s : 60;
	l.output_bytes = max_output;
	po.argv = argv;
	po.cwd = dir;
	po.stdin_data = stdin_data;
	po.stdin_len = stdin_len;
	vrun_limits(&po, &l, flags);
	po.sandbox = (flags & VRUN_TRUSTED) ? PROC_SANDBOX_NONE : o->sandbox;
	po.sandbox_dir = dir;
	po.sandbox_ro = ro;
	return proc_run(res, &po);
}

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

/*
 * A base name safe to put on a Yosys command line or in an error message:
 * anything but [A-Za-z0-9._-] becomes '_'.
 */
static int add_safe_name(struct buf *b, const char *path)
{
	const char *n = base_name(path);

	for (; *n; n++) {
		int c = (unsigned char)*n;
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.' || c == '_' ||
			  c == '-';

		if (buf_addch(b, ok ? c : '_'))
			return ERR_FAIL;
	}
	return 0;
}

int vrun_copy_inputs(char ***out, const char *dir, const char *const *files,
		     size_t n, const char *prefix)
{
	struct buf name = BUF_INIT, path = BUF_INIT, data = BUF_INIT;
	char **v = NULL;
	int rc = 0;

	*out = NULL;
	v = calloc(1, sizeof(*v));
	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		buf_reset(&name);
		buf_reset(&path);
		buf_reset(&data);
		rc = buf_addf(&name, "%s%zu_", prefix, i);
		if (!rc)
			rc = add_safe_name(&name, files[i]);
		if (!rc)
			rc = buf_addf(&path, "%s/%s", dir, name.data);
		if (!rc)
			rc = buf_read_file(&data, files[i], 0);
		if (rc) {
			err_wrap(rc, "%s", files[i]);
			break;
		}
		rc = buf_write_file(path.data, data.data, data.len);
		if (!rc)
			rc = strv_push(&v, NULL, name.data);
	}
	buf_release(&name);
	buf_release(&path);
	buf_release(&data);
	if (rc) {
		strv_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

const char *vrun_user_path(const char *name, const char *const *files, size_t n,
			   const char *prefix)
{
	struct buf safe = BUF_INIT;
	size_t pl = strlen(prefix);
	char *end;
	unsigned long i;
	bool same;

	if (strncmp(name, prefix, pl))
		return name;
	errno = 0;
	i = strtoul(name + pl, &end, 10);
	if (errno || end == name + pl || *end != '_' || i >= n)
		return name;
	same = !add_safe_name(&safe, files[i]) && !strcmp(end + 1, safe.data);
	buf_release(&safe);
	return same ? files[i] : name;
}

char *vrun_abspath(const char *path)
{
	char cwd[PATH_MAX];
	struct buf b = BUF_INIT;

	if (path[0] == '/')
		return strdup(path);
	if (!getcwd(cwd, sizeof(cwd)))
		return NULL;
	if (buf_addf(&b, "%s/%s", cwd, path)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

int vrun_ro_dirs(char ***out, const char *const *files, size_t n)
{
	char **v = calloc(1, sizeof(*v));
	int rc = 0;

	if (!v)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < n && !rc; i++) {
		char *a = vrun_abspath(files[i]), *slash;
		bool dup = false;

		if (!a) {
			rc = err_set_errno(ERR_FAIL, "%s", files[i]);
			break;
		}
		slash = strrchr(a, '/');
		if (slash == a)
			slash[1] = '\0';
		else
			*slash = '\0';
		for (size_t j = 0; v[j]; j++)
			if (!strcmp(v[j], a))
				dup = true;
		if (!dup)
			rc = strv_push(&v, NULL, a);
		free(a);
	}
	if (rc) {
		strv_free(v);
		return rc;
	}
	*out = v;
	return 0;
}

/* dir/name, created 0700, as a malloc'd path in *out. */
static int make_subdir(char **out, const char *dir, const char *name)
{
	struct buf b = BUF_INIT;

	if (buf_addf(&b, "%s/%s", dir, name))
		return ERR_FAIL;
	if (mkdir(b.data, 0700)) {
		err_set_errno(ERR_FAIL, "cannot create '%s'", b.data);
		buf_release(&b);
		return ERR_FAIL;
	}
	*out = buf_detach(&b, NULL);
	return 0;
}

int vrun_dir_open(struct vrun_dir *d, const struct verify_opts *o)
{
	int rc;

	memset(d, 0, sizeof(*d));
	rc = tmpdir_create(&d->td, "check");
	if (rc)
		return rc;
	d->td.keep = o->keep_tmp;
	rc = make_subdir(&d->dut, d->td.path, "dut");
	if (!rc)
		rc = make_subdir(&d->ref, d->td.path, "ref");
	if (!rc)
		rc = vrun_copy_inputs(&d->dut_names, d->dut, o->files,
				      o->nfiles, "d");
	if (!rc)
		rc = vrun_copy_inputs(&d->ref_names, d->ref, o->refs, o->nrefs,
				      "r");
	if (!rc)
		rc = vrun_ro_dirs(&d->ref_dirs, o->refs, o->nrefs);
	for (const char *const *i = o->incdirs; !rc && i && *i; i++)
		rc = strv_push(&d->ref_dirs, NULL, *i);
	if (rc)
		vrun_dir_close(d);
	return rc;
}

void vrun_dir_close(struct vrun_dir *d)
{
	tmpdir_remove(&d->td);
	free(d->dut);
	free(d->ref);
	strv_free(d->dut_names);
	strv_free(d->ref_names);
	strv_free(d->ref_dirs);
	verify_iface_release(&d->ref_iface);
	memset(d, 0, sizeof(*d));
}

cJSON *verify_json_excerpt(const char *s, size_t len, size_t cap)
{
	struct buf b = BUF_INIT;
	cJSON *j;

	if (buf_add_escaped(&b, s, len > cap ? cap : len) ||
	    (len > cap && buf_addstr(&b, "\n[... truncated]"))) {
		buf_release(&b);
		return NULL;
	}
	j = cJSON_CreateString(b.data);
	buf_release(&b);
	return j;
}

/* ---- tool versions, probed once --------------------------------------- */

static pthread_once_t versions_once = PTHREAD_ONCE_INIT;
static cJSON *versions;

/* The first line of the tool's version, or "missing" (base/toolver.h). */
static void probe_version(cJSON *obj, const char *key, const char *tool)
{
	const char *v = tool_version(tool);

	json_add_str(obj, key, v ? v : "missing");
}

static pthread_once_t runtime_once = PTHREAD_ONCE_INIT;
static cJSON *runtime;

static void probe_runtime(void)
{
	runtime = cJSON_CreateObject();
	if (!runtime)
		return;
	probe_version(runtime, "vvp", "vvp");
	/* synth caches the same probe: one yosys -V per process */
	json_add_str(runtime, "yosys", synth_yosys_version());
	json_add_bool(runtime, "bwrap", proc_sandbox_available());
}

cJSON *verify_runtime_versions(void)
{
	pthread_once(&runtime_once, probe_runtime);
	return runtime ? cJSON_Duplicate(runtime, 1) : NULL;
}

static void probe_versions(void)
{
	versions = verify_runtime_versions();
	if (versions)
		probe_version(versions, "iverilog", "iverilog");
}

cJSON *verify_tool_versions(void)
{
	pthread_once(&versions_once, probe_versions);
	return versions ? cJSON_Duplicate(versions, 1) : NULL;
}

int verify_ivl_version(struct buf *out, const char *vvp_path)
{
	static const char key[] = "\n:ivl_version \"";
	struct buf b = BUF_INIT;
	const char *p, *q;
	int rc = buf_read_file(&b, vvp_path, (size_t)256 << 20);

	p = rc ? NULL : strstr(b.data, key);
	if (p)
		p += sizeof(key) - 1;
	q = p ? strchr(p, '"') : NULL;
	if (!rc && (!q || q - p > 100))
		rc = err_set(ERR_FAIL, "no :ivl_version in '%s'", vvp_path);
	if (!rc)
		rc = buf_addf(out, "Icarus Verilog version %.*s", (int)(q - p),
			      p);
	buf_release(&b);
	return rc;
}
