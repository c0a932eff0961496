#include "config.h"

#include <stdlib.h>

#include "agent/agent-int.h"
#include "verify/verify.h"

/*
 * The parts of a generate-check loop that `hwforge gen` (gen.c) and
 * `hwforge repair` (repair.c) run the same way: opening the run, sampling
 * a round, progress, the rounds of report.json, and the teardown.  What
 * a candidate is, and how it is checked and ranked, stays with each loop.
 */

void agent_tool_opts(struct verify_opts *vo, int timeout_s,
		     enum proc_sandbox sandbox, bool keep_tmp)
{
	vo->timeout_s = timeout_s > 0 ? timeout_s : 60;
	vo->sandbox = sandbox;
	vo->keep_tmp = keep_tmp;
}

int agent_check_loop_args(int candidates, int rounds)
{
	if (candidates < 1 || candidates > AGENT_MAX_CANDIDATES)
		return err_set(ERR_USAGE, "--candidates must be from 1 to %d",
			       AGENT_MAX_CANDIDATES);
	if (rounds < 1 || rounds > AGENT_MAX_ROUNDS)
		return err_set(ERR_USAGE, "--rounds must be from 1 to %d",
			       AGENT_MAX_ROUNDS);
	return 0;
}

int agent_loop_open(struct agent_loop *l, const struct agent_llm_opts *o,
		    const char *out_dir, int k)
{
	int rc = buf_addstr(&l->dir, out_dir);

	if (!rc)
		rc = agent_run_open(&l->llm, o, out_dir, "candidates", 0);
	l->k = k;
	l->report = cJSON_CreateObject();
	l->rounds = cJSON_CreateArray();
	if (!rc && (!l->report || !l->rounds))
		rc = err_set(ERR_FAIL, "out of memory");
	return rc;
}

void agent_loop_release(struct agent_loop *l)
{
	llm_close(l->llm);
	cJSON_Delete(l->report);
	cJSON_Delete(l->rounds);
	buf_release(&l->dir);
	l->llm = NULL;
	l->report = l->rounds = NULL;
}

int agent_loop_sample(struct agent_loop *l, const cJSON *messages,
		      unsigned long seed, struct llm_result *res)
{
	struct buf tag = BUF_INIT;
	int rc;

	buf_addf(&tag, "round %d", l->round);
	rc = llm_sample(l->llm, messages, l->k,
			seed + (unsigned long)(l->round - 1) *
					(unsigned long)l->k,
			tag.data, res);
	buf_release(&tag);
	return rc;
}

void agent_loop_progress(const struct agent_loop *l, const char *phase,
			 const char *const *states, bool passed)
{
	struct agent_progress p = { .round = l->round,
				    .rounds = l->nrounds,
				    .k = l->k,
				    .phase = phase,
				    .states = states,
				    .passed = passed };
	struct agent_llm_stats st;

	if (!l->on_progress)
		return;
	llm_stats(l->llm, &st);
	p.tokens = st.prompt_tokens + st.completion_tokens;
	l->on_progress(&p, l->progress_payload);
}

int agent_loop_round(struct agent_loop *l, cJSON **r, cJSON **cands)
{
	cJSON *o = cJSON_CreateObject(), *cs = cJSON_CreateArray();
	int rc = json_append_take(l->rounds, o);

	if (!rc)
		rc = json_add_take(o, "candidates", cs);
	else
		cJSON_Delete(cs);
	if (!rc)
		rc = json_add_num(o, "round", l->round);
	*r = rc ? NULL : o;
	*cands = rc ? NULL : cs;
	return rc;
}

int agent_loop_params(const struct agent_loop *l, cJSON *p, double temperature,
		      unsigned long seed, long budget_tokens)
{
	int rc = json_add_num(p, "candidates", l->k);

	if (!rc)
		rc = agent_report_params(p, l->nrounds, temperature, seed,
					 budget_tokens);
	return rc;
}

int agent_loop_report_end(struct agent_loop *l)
{
	cJSON *rounds = l->rounds;
	int rc = json_add_take(l->report, "tools", verify_tool_versions());

	if (rc)
		return rc;
	l->rounds = NULL; /* taken on every path */
	return json_add_take(l->report, "rounds", rounds);
}
