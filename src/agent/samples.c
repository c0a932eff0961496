#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/agent-int.h"
#include "rtlgen/rtlgen.h"

#define SAMPLES_MAX (1u << 30)

#ifndef HWFORGE_SRCDIR
#define HWFORGE_SRCDIR "."
#endif

const char *const *agent_template_search(void)
{
	static const char *const dirs[] = {
		HWFORGE_DATADIR "/templates",
		HWFORGE_SRCDIR "/share/templates",
		NULL,
	};

	return dirs;
}

struct item {
	size_t task;
	int sample;
	int rc;
	char *error;
};

struct run {
	const struct agent_samples_opts *o;
	const struct agent_task *tasks;
	struct rtlgen_templates tmpl;
	struct rtlgen_templates atmpl; /* assertion tasks' templates */
	struct llm *llm;
	struct item *items;
	size_t nitems;
	FILE *out;
	pthread_mutex_t lock;
	size_t written, failed, done;
	int io_rc;
};

/* (task, sample) pairs already present, as "task\nsample" strings. */
struct seen {
	char **v;
	size_t n;
};

static void seen_release(struct seen *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
}

static int seen_key(struct buf *b, const char *task, int sample)
{
	buf_reset(b);
	return buf_addf(b, "%s\n%d", task, sample);
}

static bool seen_has(const struct seen *s, const char *task, int sample)
{
	struct buf k = BUF_INIT;
	bool hit = false;

	if (!seen_key(&k, task, sample))
		for (size_t i = 0; i < s->n && !hit; i++)
			hit = !strcmp(s->v[i], k.data);
	buf_release(&k);
	return hit;
}

/*
 * Read the existing file; a last line without its newline (a run killed
 * mid-write) is cut off so the next append starts on a clean line.
 */
static int read_existing(struct seen *s, const char *path)
{
	struct buf b = BUF_INIT, k = BUF_INIT;
	size_t good = 0;
	int rc;

	rc = buf_read_file(&b, path, SAMPLES_MAX);
	if (rc == ERR_NOTFOUND) {
		err_clear();
		return 0;
	}
	for (size_t p = 0; !rc && p < b.len;) {
		char *nl = memchr(b.data + p, '\n', b.len - p);
		cJSON *j = NULL;
		const char *task;
		double smp;
		char **v;

		if (!nl)
			break;
		good = (size_t)(nl - b.data) + 1;
		if (!json_parse(&j, b.data + p, (size_t)(nl - b.data) - p,
				path) &&
		    (task = json_get_string(j, "task")) &&
		    (smp = json_get_number(j, "sample", -1)) >= 0 &&
		    !seen_key(&k, task, (int)smp)) {
			v = realloc(s->v, (s->n + 1) * sizeof(*v));
			if (v) {
				s->v = v;
				v[s->n] = strdup(k.data);
				s->n += v[s->n] != NULL;
			}
		}
		err_clear();
		cJSON_Delete(j);
		p = good;
	}
	if (!rc && good < b.len && truncate(path, (off_t)good))
		rc = err_set_errno(ERR_FAIL, "cannot repair '%s'", path);
	buf_release(&b);
	buf_release(&k);
	return rc;
}

static cJSON *sample_line(const struct run *r, const struct item *it,
			  const struct llm_reply *rep)
{
	const struct agent_task *t = &r->tasks[it->task];
	const struct llm_choice *c = &rep->choices[0];
	struct rtlgen_code code = RTLGEN_CODE_INIT;
	cJSON *j = cJSON_CreateObject(), *u = cJSON_CreateObject();
	int rc = j && u ? 0 : ERR_FAIL;

	if (!rc && t->design)
		rc = rtlgen_extract_props(&code, c->content,
					  strlen(c->content));
	else if (!rc)
		rc = rtlgen_extract(&code, c->content, strlen(c->content),
				    t->top);
	if (!rc)
		rc = json_add_str(j, "task", t->id);
	if (!rc)
		rc = json_add_num(j, "sample", it->sample);
	if (!rc)
		rc = json_add_str(j, "model", r->o->llm.model);
	if (!rc)
		rc = json_add_num(j, "temperature", r->o->llm.temperature);
	if (!rc)
		rc = json_add_num(
			j, "seed",
			(double)(r->o->seed + (unsigned long)it->sample));
	if (!rc)
		rc = json_add_str(j, "response", c->content);
	if (!rc && c->reasoning)
		rc = json_add_str(j, "reasoning", c->reasoning);
	if (!rc)
		rc = json_add_str(j, "code", code.code);
	if (!rc)
		rc = json_add_str(j, "extract", code.path);
	if (!rc)
		rc = json_add_str(j, "finish_reason", c->finish_reason);
	if (!rc)
		rc = json_add_num(u, "prompt_tokens",
				  (double)rep->prompt_tokens);
	if (!rc)
		rc = json_add_num(u, "completion_tokens",
				  (double)rep->completion_tokens);
	if (!rc) {
		rc = json_add_take(j, "usage", u);
		u = NULL;
	}
	if (!rc)
		rc = json_add_bool(j, "cached", rep->cached);
	if (!rc)
		rc = json_add_str(j, "prompt_key", rep->key);
	rtlgen_code_release(&code);
	cJSON_Delete(u);
	if (rc) {
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

static int append_line(struct run *r, const cJSON *j)
{
	struct buf b = BUF_INIT;
	int rc = json_print(&b, j, false);

	if (!rc) {
		llm_redact(r->llm, &b);
		rc = buf_addch(&b, '\n');
	}
	pthread_mutex_lock(&r->lock);
	if (!rc &&
	    (fwrite(b.data, 1, b.len, r->out) != b.len || fflush(r->out)))
		rc = err_set_errno(ERR_FAIL, "cannot write '%s'",
				   r->o->samples_path);
	if (rc && !r->io_rc)
		r->io_rc = rc;
	pthread_mutex_unlock(&r->lock);
	buf_release(&b);
	return rc;
}

/* An assertion task's request: the design as `hwforge assert` shows it. */
static cJSON *assert_request(struct run *r, const struct agent_task *t)
{
	struct buf design = BUF_INIT;
	cJSON *msgs = NULL;

	if (!agent_assert_design_text(&design, t->design, t->ndesign)) {
		msgs = agent_assert_messages(&r->atmpl, t->top, t->spec,
					     design.data, NULL, NULL);
		if (!msgs)
			err_set(ERR_FAIL, "out of memory");
	}
	buf_release(&design);
	return msgs;
}

static int one_sample(struct run *r, struct item *it)
{
	const struct agent_task *t = &r->tasks[it->task];
	struct rtlgen_spec spec = RTLGEN_SPEC_INIT;
	struct llm_reply rep;
	struct buf tag = BUF_INIT;
	cJSON *msgs = NULL, *line = NULL;
	int rc;

	memset(&rep, 0, sizeof(rep));
	if (t->design) {
		msgs = assert_request(r, t);
		rc = msgs ? 0 : ERR_FAIL;
	} else {
		rc = rtlgen_spec_parse(&spec, t->spec, strlen(t->spec), t->top);
		if (!rc && !(msgs = rtlgen_prompt_initial(&r->tmpl, &spec)))
			rc = err_set(ERR_FAIL, "out of memory");
	}
	if (!rc)
		rc = buf_addf(&tag, "%s sample %d", t->id, it->sample);
	if (!rc)
		rc = llm_chat(r->llm, msgs, 1,
			      r->o->seed + (unsigned long)it->sample, tag.data,
			      &rep);
	if (!rc && !rep.n)
		rc = err_set(ERR_FAIL, "the reply has no choices");
	if (!rc) {
		line = sample_line(r, it, &rep);
		rc = line ? append_line(r, line)
			  : err_set(ERR_FAIL, "out of memory");
	}
	cJSON_Delete(line);
	cJSON_Delete(msgs);
	llm_reply_release(&rep);
	rtlgen_spec_release(&spec);
	buf_release(&tag);
	return rc;
}

static void run_item(size_t i, void *payload)
{
	struct run *r = payload;
	struct item *it = &r->items[i];
	size_t done;

	it->rc = one_sample(r, it);
	if (it->rc)
		it->error = strdup(err_last());
	pthread_mutex_lock(&r->lock);
	if (it->rc)
		r->failed++;
	else
		r->written++;
	done = ++r->done;
	pthread_mutex_unlock(&r->lock);
	if (it->rc)
		log_warn("%s sample %d: %s", r->tasks[it->task].id, it->sample,
			 it->error ? it->error : "failed");
	else if (r->o->progress)
		log_info("samples: %zu/%zu", done, r->nitems);
}

static int plan(struct run *r, const struct seen *seen, size_t ntasks,
		size_t *existing)
{
	*existing = 0;
	for (size_t t = 0; t < ntasks; t++) {
		if (!r->tasks[t].id ||
		    (!r->tasks[t].spec && !r->tasks[t].design))
			return err_set(ERR_USAGE, "task %zu has no id or spec",
				       t);
		for (int s = 0; s < r->o->n; s++) {
			struct item *v;

			if (seen_has(seen, r->tasks[t].id, s)) {
				(*existing)++;
				continue;
			}
			v = realloc(r->items, (r->nitems + 1) * sizeof(*v));
			if (!v)
				return err_set(ERR_FAIL, "out of memory");
			r->items = v;
			v[r->nitems++] =
				(struct item){ .task = t, .sample = s };
		}
	}
	return 0;
}

/* The first offline miss or interrupt, re-raised on this thread. */
static int first_fatal(const struct run *r)
{
	for (size_t i = 0; i < r->nitems; i++)
		if (r->items[i].rc == ERR_NOTFOUND ||
		    r->items[i].rc == ERR_INTR)
			return err_set(r->items[i].rc, "%s",
				       r->items[i].error ? r->items[i].error
							 : "failed");
	return 0;
}

int agent_samples(struct agent_samples_stats *out,
		  const struct agent_samples_opts *o,
		  const struct agent_task *tasks, size_t ntasks)
{
	struct run r = { .o = o, .tasks = tasks };
	struct seen seen = { NULL, 0 };
	int rc, conc = o->llm.concurrency > 0 ? o->llm.concurrency : 4;

	memset(out, 0, sizeof(*out));
	if (o->n < 1 || !o->samples_path)
		return err_set(ERR_USAGE, "samples: need n >= 1 and a path");
	pthread_mutex_init(&r.lock, NULL);
	rc = rtlgen_templates_load(&r.tmpl, o->templates_dir,
				   agent_template_search());
	for (size_t i = 0; !rc && i < ntasks; i++)
		if (tasks[i].design) {
			rc = agent_assert_templates(&r.atmpl,
						    o->templates_dir);
			break;
		}
	if (!rc)
		rc = read_existing(&seen, o->samples_path);
	if (!rc)
		rc = plan(&r, &seen, ntasks, &out->existing);
	if (!rc && r.nitems)
		rc = llm_open(&r.llm, &o->llm, (size_t)conc);
	if (!rc && r.nitems) {
		r.out = fopen(o->samples_path, "a");
		if (!r.out)
			rc = err_set_errno(ERR_FAIL, "cannot open '%s'",
					   o->samples_path);
	}
	if (!rc && r.nitems)
		rc = pool_run(r.nitems, conc, run_item, &r);
	if (!rc)
		rc = r.io_rc;
	if (!rc)
		rc = first_fatal(&r);
	if (r.out && fclose(r.out) && !rc)
		rc = err_set_errno(ERR_FAIL, "cannot close '%s'",
				   o->samples_path);
	out->written = r.written;
	out->failed = r.failed;
	if (r.llm)
		llm_stats(r.llm, &out->llm);
	llm_close(r.llm);
	for (size_t i = 0; i < r.nitems; i++)
		free(r.items[i].error);
	free(r.items);
	seen_release(&seen);
	rtlgen_templates_release(&r.tmpl);
	rtlgen_templates_release(&r.atmpl);
	pthread_mutex_destroy(&r.lock);
	return rc;
}
