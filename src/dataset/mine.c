/*
 * dataset_mine(): name the repositories, mine them (one worker process per
 * repository, --jobs at a time, when there are several), then the
 * post-pass (clusters) and the manifest.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <malloc.h>
#include <git2.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dataset/miner.h"

/*
 * libgit2 and malloc settings for a walk.  Trees are not cached (each is
 * compared once per commit; caching them cost more in allocation and page
 * faults than it saved), commits are (a commit is read again as the next
 * commit's parent); the per-read SHA-1 re-check is off (a corrupt object
 * still fails to inflate or to parse).  malloc keeps freed memory instead
 * of returning it to the kernel after every large tree.
 */
static void git_setup(void)
{
	git_libgit2_init();
	git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_TREE, (size_t)0);
	git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)64 << 20);
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	mallopt(M_MMAP_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 64 << 20);
}

/* A short unique name per repository: its directory name without ".git"
 * (the parent's name for ".git" or "repo"). */
static char *repo_name(const char *path, char **prev, size_t nprev)
{
	char *p = strdup(path), *base, *name, *e;

	if (!p)
		return NULL;
	while ((e = strrchr(p, '/')) && e != p && !e[1])
		*e = 0;
	base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	if ((!strcmp(base, ".git") || !strcmp(base, "repo")) && base != p) {
		base[-1] = 0;
		base = strrchr(p, '/') ? strrchr(p, '/') + 1 : p;
	}
	e = strstr(base, ".git");
	if (e && !e[4] && e != base)
		*e = 0;
	for (char *c = base; *c; c++)
		if (!(isalnum((unsigned char)*c) || *c == '-' || *c == '_' ||
		      *c == '.' || *c == '+'))
			*c = '_';
	const char *b = base;

	if (!*b || !strcmp(b, ".") || !strcmp(b, ".."))
		b = "repo";
	name = strdup(b);
	for (int k = 2; name; k++) {
		bool dup = false;

		for (size_t i = 0; i < nprev; i++)
			dup |= !strcmp(prev[i], name);
		if (!dup)
			break;
		free(name);
		name = str_fmt("%s-%d", b, k);
	}
	free(p);
	return name;
}

static int mine_one(const struct dataset_opts *o, const char *path,
		    const char *name)
{
	struct dataset_repo_stats st;
	char *dir = o->list_commits ? NULL : str_fmt("%s/%s", o->out_dir, name);
	int rc;

	if (!o->list_commits && !dir)
		return err_set(ERR_FAIL, "out of memory");
	rc = dataset_mine_repo(o, path, name, dir, &st);
	free(dir);
	if (rc) {
		log_warn("%s", err_last());
		return rc;
	}
	if (o->list_commits)
		log_verbose("%s: %ld commits walked, %ld touch HDL", name,
			    st.commits, st.hdl_commits);
	else
		log_info("%s: %ld commits walked, %ld bug-fix candidates, %ld "
			 "touching HDL, %ld records, %ld skipped", name,
			 st.commits, st.candidates, st.hdl_commits, st.records,
			 st.skipped);
	if (st.commits && !st.hdl_commits)
		log_info("%s: %s", name, o->list_commits
			 ? "no commit touches HDL (.v .sv .svh .vh)"
			 : "no bug-fix candidate touches HDL (.v .sv .svh .vh)");
	return 0;
}

static int exit_to_rc(int status)
{
	if (WIFSIGNALED(status))
		return err_set(WTERMSIG(status) == SIGINT ? ERR_INTR : ERR_FAIL,
			       "a worker died of signal %d", WTERMSIG(status));
	switch (WEXITSTATUS(status)) {
	case 0: return 0;
	case 2: return ERR_USAGE;
	case 130: return ERR_INTR;
	default: return ERR_FAIL;
	}
}

static int rc_to_exit(int rc)
{
	return rc == 0 ? 0 : rc == ERR_USAGE ? 2 : rc == ERR_INTR ? 130 : 3;
}

/* Worst first: interrupted, then I/O failure, then bad input. */
static int worse(int a, int b)
{
	static const int order[] = { ERR_INTR, ERR_FAIL, ERR_USAGE };

	for (size_t i = 0; i < 3; i++)
		if (a == order[i] || b == order[i])
			return order[i];
	return a ? a : b;
}

static int run_workers(const struct dataset_opts *o, char **names)
{
	size_t next = 0, running = 0;
	int rc = 0, status;

	while (next < o->nrepos || running) {
		if (next < o->nrepos && running < (size_t)o->jobs && !proc_interrupted) {
			pid_t pid = fork();

			if (pid < 0)
				return err_set_errno(ERR_FAIL, "fork");
			if (!pid) {
				git_setup();
				_exit(rc_to_exit(mine_one(o, o->repos[next],
							  names[next])));
			}
			next++;
			running++;
			continue;
		}
		if (!running)
			break;
		if (wait(&status) < 0) {
			if (errno == EINTR)
				continue;
			return err_set_errno(ERR_FAIL, "wait");
		}
		running--;
		rc = worse(rc, exit_to_rc(status));
	}
	return rc;
}

int dataset_mine(const struct dataset_opts *opts)
{
	char **names = calloc(opts->nrepos + 1, sizeof(*names));
	struct dataset_opts oo = *opts, *o = &oo;
	struct dataset_contam *contam = NULL;
	int rc = 0;

	if (o->ncontam && !o->list_commits) {
		rc = dataset_contam_build(&contam, o->contam, o->ncontam);
		if (rc) {
			free(names);
			return rc;
		}
		oo.contam_index = contam;
	}

	if (!names)
		return err_set(ERR_FAIL, "out of memory");
	for (size_t i = 0; i < o->nrepos && !rc; i++)
		if (!(names[i] = repo_name(o->repos[i], names, i)))
			rc = err_set(ERR_FAIL, "out of memory");
	if (!rc && !o->list_commits && mkdir(o->out_dir, 0777) && errno != EEXIST)
		rc = err_set_errno(ERR_USAGE, "%s", o->out_dir);
	if (!rc && (o->list_commits || o->nrepos == 1 || o->jobs <= 1)) {
		git_setup();
		for (size_t i = 0; i < o->nrepos && rc != ERR_INTR; i++)
			rc = worse(rc, mine_one(o, o->repos[i], names[i]));
		git_libgit2_shutdown();
	} else if (!rc) {
		rc = run_workers(o, names);
	}
	if (!o->list_commits && (rc == 0 || rc == ERR_USAGE)) {
		cJSON *counts = NULL;
		int r2 = dataset_dedup(o->out_dir, &counts);

		if (!r2)
			r2 = dataset_manifest(o, counts);
		if (!r2 && o->to_suite) {
			size_t n = 0;

			r2 = dataset_to_suite(o->out_dir, o->to_suite, &n);
			if (!r2)
				log_info("%zu verified pairs written as tasks to %s", n,
					 o->to_suite);
		}
		cJSON_Delete(counts);
		if (r2)
			rc = r2;
	}
	for (size_t i = 0; i < o->nrepos; i++)
		free(names[i]);
	free(names);
	dataset_contam_free(contam);
	if (rc == ERR_USAGE)
		err_set(ERR_USAGE, "some repositories could not be mined (see above)");
	return rc;
}
