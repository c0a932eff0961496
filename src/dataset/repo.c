/*
 * Mining one repository: open it, decide what to walk (the target head,
 * minus the head an earlier run mined, minus --since), walk, and record
 * the mined head only when the walk completed.
 *
 * state.json holds {"head": <mined>, "pending": <target of a run that
 * has not finished>}.  A run that finds "pending" set refuses to start
 * unless --resume, which continues to that same target.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset/miner.h"

struct state {
	git_oid head, pending;
	bool has_head, has_pending;
};

static int state_read(struct state *s, const char *path)
{
	cJSON *j = NULL;
	const char *h, *p;
	int rc;

	memset(s, 0, sizeof(*s));
	if (access(path, F_OK))
		return 0;
	rc = json_parse_file(&j, path, 1 << 20);
	if (rc)
		return rc;
	h = json_get_string(j, "head");
	p = json_get_string(j, "pending");
	if (h && !git_oid_fromstr(&s->head, h))
		s->has_head = true;
	if (p && !git_oid_fromstr(&s->pending, p))
		s->has_pending = true;
	cJSON_Delete(j);
	return 0;
}

static int state_write(const struct state *s, const char *path,
		       const char *repo_path, const char *branch)
{
	struct buf b = BUF_INIT;
	char tmp[4096];
	int rc = 0;

	rc |= buf_addstr(&b, "{\"repo\":");
	rc |= djson_str(&b, repo_path, strlen(repo_path));
	rc |= buf_addstr(&b, ",\"branch\":");
	if (branch)
		rc |= djson_str(&b, branch, strlen(branch));
	else
		rc |= buf_addstr(&b, "null");
	rc |= buf_addf(&b, ",\"head\":%s%s%s", s->has_head ? "\"" : "",
		       s->has_head ? git_oid_tostr_s(&s->head) : "null",
		       s->has_head ? "\"" : "");
	rc |= buf_addf(&b, ",\"pending\":%s%s%s}\n", s->has_pending ? "\"" : "",
		       s->has_pending ? git_oid_tostr_s(&s->pending) : "null",
		       s->has_pending ? "\"" : "");
	if (snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= (int)sizeof(tmp))
		rc = err_set(ERR_FAIL, "%s: path too long", path);
	if (!rc)
		rc = buf_write_file(tmp, b.data, b.len);
	if (!rc && rename(tmp, path))
		rc = err_set_errno(ERR_FAIL, "rename %s", tmp);
	buf_release(&b);
	return rc;
}

static int resolve_target(git_oid *out, git_repository *r, const char *branch)
{
	git_object *obj = NULL;
	git_commit *c = NULL;
	int rc;

	if (branch) {
		rc = git_revparse_single(&obj, r, branch);
		if (rc < 0)
			return err_set(ERR_USAGE, "branch '%s': %s", branch, git_msg());
		rc = git_object_peel((git_object **)&c, obj, GIT_OBJECT_COMMIT);
		git_object_free(obj);
		if (rc < 0)
			return err_set(ERR_USAGE, "'%s' is not a commit", branch);
		git_oid_cpy(out, git_commit_id(c));
		git_commit_free(c);
		return 0;
	}
	rc = git_reference_name_to_id(out, r, "HEAD");
	if (rc == GIT_ENOTFOUND || rc == GIT_EUNBORNBRANCH)
		return 1; /* no commits */
	if (rc < 0)
		return err_set(ERR_USAGE, "HEAD: %s", git_msg());
	return 0;
}

static int open_repo(struct miner *m, const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return err_set_errno(ERR_USAGE, "%s", path);
	if (git_repository_open_ext(&m->repo, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0)
		return err_set(ERR_USAGE, "%s: not a git repository", path);
	if (git_repository_odb(&m->odb, m->repo) < 0)
		return err_set(ERR_FAIL, "%s: %s", path, git_msg());
	return 0;
}

/* One commit; returns 0 or a negative code (hard failures only). */
static int mine_commit(struct miner *m, const git_oid *id)
{
	git_commit *c = NULL, *p = NULL;
	git_tree *tree = NULL, *ptree = NULL;
	struct changes ch = { 0 };
	struct dataset_class cls;
	unsigned np;
	int rc;

	if (git_commit_lookup(&c, m->repo, id) < 0)
		return miner_skip(m, id, NULL, id, "unreadable commit", 0);
	np = git_commit_parentcount(c);
	if (np > 1 && !m->o->merges) {
		git_commit_free(c);
		return 0;
	}
	m->st->commits++;
	if (!m->o->list_commits) {
		dataset_classify_message(&cls, git_commit_message(c));
		if (cls.score <= 0) {
			git_commit_free(c);
			return 0;
		}
		m->st->candidates++;
	}
	rc = miner_tree(m, &tree, git_commit_tree_id(c));
	if (!rc && np)
		rc = git_commit_parent(&p, c, 0);
	if (!rc && p)
		rc = miner_tree(m, &ptree, git_commit_tree_id(p));
	if (rc < 0) {
		rc = miner_skip(m, id, NULL, id, "unreadable tree", 0);
		goto out;
	}
	rc = miner_tree_diff(m, ptree, tree, &ch, m->o->list_commits);
	if (rc < 0) {
		/* a missing or corrupt tree: this commit only */
		rc = miner_skip(m, id, NULL, id, err_last(), 0);
		goto out;
	}
	if (rc > 0) {
		m->st->hdl_commits++;
		if (m->o->list_commits)
			rc = fprintf(m->o->list, "%s\n", git_oid_tostr_s(id)) < 0
				     ? err_set_errno(ERR_FAIL, "write")
				     : 0;
		else if (cls.score + MINER_SHAPE_MAX >= m->o->min_score)
			rc = miner_commit_records(m, c, &cls, &ch);
		else /* no diff shape lifts it to --min-score: no blob is read */
			rc = 0;
	}
out:
	changes_release(&ch);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(p);
	git_commit_free(c);
	return rc;
}

static int walk(struct miner *m, const git_oid *target, const struct state *s)
{
	git_revwalk *w = NULL;
	git_oid id;
	int rc;

	if (git_revwalk_new(&w, m->repo) < 0)
		return err_set(ERR_FAIL, "revwalk: %s", git_msg());
	git_revwalk_sorting(w, GIT_SORT_TIME);
	rc = git_revwalk_push(w, target);
	if (!rc && s->has_head)
		rc = git_revwalk_hide(w, &s->head);
	if (!rc && m->o->since) {
		git_object *obj = NULL;

		rc = git_revparse_single(&obj, m->repo, m->o->since);
		if (!rc) {
			rc = git_revwalk_hide(w, git_object_id(obj));
			git_object_free(obj);
		}
		if (rc < 0) {
			git_revwalk_free(w);
			return err_set(ERR_USAGE, "--since %s: %s", m->o->since,
				       git_msg());
		}
	}
	if (rc < 0) {
		git_revwalk_free(w);
		return err_set(ERR_FAIL, "revwalk: %s", git_msg());
	}
	for (rc = 0; !rc;) {
		int g = git_revwalk_next(&id, w);

		if (g == GIT_ITEROVER)
			break;
		if (g < 0) {
			rc = err_set(ERR_FAIL, "revwalk: %s", git_msg());
			break;
		}
		if (proc_interrupted) {
			rc = err_set(ERR_INTR, "interrupted");
			break;
		}
		if (!oidmap_get(&m->done, &id))
			rc = mine_commit(m, &id);
	}
	git_revwalk_free(w);
	return rc;
}

static FILE *open_append(const char *dir, const char *file, char *path,
			 size_t n)
{
	FILE *f;

	if (snprintf(path, n, "%s/%s", dir, file) >= (int)n) {
		err_set(ERR_FAIL, "%s: path too long", dir);
		return NULL;
	}
	f = fopen(path, "a");
	if (!f)
		err_set_errno(ERR_FAIL, "%s", path);
	return f;
}

/* Open (and, resuming, repair) the output files; refuse to mix runs. */
static int open_outputs(struct miner *m, const char *dir, const struct state *s)
{
	char rp[4096], sp[4096];

	if (s->has_pending && !m->o->resume)
		return err_set(ERR_USAGE,
			       "%s: an interrupted run left it unfinished; "
			       "add --resume to continue it", dir);
	if (snprintf(rp, sizeof(rp), "%s/records.jsonl", dir) >= (int)sizeof(rp) ||
	    snprintf(sp, sizeof(sp), "%s/skipped.jsonl", dir) >= (int)sizeof(sp))
		return err_set(ERR_FAIL, "%s: path too long", dir);
	if (s->has_pending && miner_resume_scan(m, rp, sp))
		return ERR_FAIL;
	m->rec = open_append(dir, "records.jsonl", rp, sizeof(rp));
	m->skip = m->rec ? open_append(dir, "skipped.jsonl", sp, sizeof(sp)) : NULL;
	return m->skip ? 0 : ERR_FAIL;
}

static int close_outputs(struct miner *m)
{
	int rc = 0;

	if (m->rec && fclose(m->rec))
		rc = err_set_errno(ERR_FAIL, "close records.jsonl");
	if (m->skip && fclose(m->skip))
		rc = err_set_errno(ERR_FAIL, "close skipped.jsonl");
	m->rec = m->skip = NULL;
	return rc;
}

static void miner_release(struct miner *m)
{
	close_outputs(m);
	miner_tree_cache_release(m);
	miner_blob_cache_release(m);
	miner_context_release(m);
	oidmap_release(&m->has_hdl);
	oidmap_release(&m->done);
	hset_release(&m->skipped);
	free(m->attrs);
	git_odb_free(m->odb);
	git_repository_free(m->repo);
}

static int mine_records(struct miner *m, const char *path, const char *dir,
			const git_oid *target)
{
	char stp[4096];
	struct state s;
	int rc;

	if (mkdir(dir, 0777) && errno != EEXIST)
		return err_set_errno(ERR_FAIL, "%s", dir);
	if (snprintf(stp, sizeof(stp), "%s/state.json", dir) >= (int)sizeof(stp))
		return err_set(ERR_FAIL, "%s: path too long", dir);
	rc = state_read(&s, stp);
	if (rc)
		return rc;
	rc = open_outputs(m, dir, &s);
	if (rc)
		return rc;
	if (s.has_pending)
		target = &s.pending; /* the interrupted run's target */
	else if (s.has_head && !git_oid_cmp(&s.head, target))
		return 0; /* up to date */
	git_oid_cpy(&s.pending, target);
	s.has_pending = true;
	rc = state_write(&s, stp, path, m->o->branch);
	if (!rc)
		rc = miner_emitter_start(m);
	if (!rc) {
		int frc;

		rc = walk(m, target, &s);
		frc = miner_emitter_finish(m); /* the records still queued */
		if (frc && (!rc || rc == ERR_FAIL))
			rc = frc;
	}
	if (!rc)
		rc = close_outputs(m);
	if (!rc) {
		git_oid_cpy(&s.head, target);
		s.has_head = true;
		s.has_pending = false;
		rc = state_write(&s, stp, path, m->o->branch);
	}
	return rc;
}

int dataset_mine_repo(const struct dataset_opts *o, const char *path,
		      const char *name, const char *dir,
		      struct dataset_repo_stats *st)
{
	struct miner m = { .o = o, .name = name, .st = st };
	git_oid target;
	int rc;

	memset(st, 0, sizeof(*st));
	rc = open_repo(&m, path);
	if (!rc) {
		rc = resolve_target(&target, m.repo, o->branch);
		if (rc > 0) {
			log_warn("%s: no commits", name);
			rc = 0;
			goto out;
		}
	}
	if (!rc && o->list_commits) {
		struct state none = { 0 };

		rc = walk(&m, &target, &none);
	} else if (!rc) {
		rc = mine_records(&m, path, dir, &target);
	}
out:
	miner_release(&m);
	return rc;
}
