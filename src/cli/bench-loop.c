#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent/agent.h"
#include "bench/bench.h"
#include "cli/cmd.h"

/*
 * bench --loop: one task through `hwforge gen`'s oracle-free loop (no
 * --ref, no --tb: the task's spec file and top only).  The payload is the
 * run's gen options; each task gets its own output directory.
 */
int cmd_bench_loop_task(struct bench_loop_result *out, const char *task,
			const char *spec_path, const char *top, const char *dir,
			void *payload)
{
	struct agent_gen_opts o = *(const struct agent_gen_opts *)payload;
	struct agent_gen_result r;
	struct buf first = BUF_INIT, p = BUF_INIT, final = BUF_INIT;
	int rc;

	o.spec_path = spec_path;
	o.top = top;
	o.out_dir = dir;
	o.refs = NULL;
	o.nrefs = 0;
	o.tb = NULL;
	rc = agent_gen(&r, &o);
	if (rc) {
		agent_gen_result_release(&r);
		return err_wrap(rc, "task '%s'", task);
	}
	/* the first attempt: round 1's first candidate, when it had code */
	rc = buf_addf(&p, "%s/candidates/r1-c0.v", dir);
	if (!rc && buf_read_file(&first, p.data, 8u << 20))
		err_clear();
	else if (!rc)
		out->first_code = buf_detach(&first, NULL);
	if (!rc && r.final_path &&
	    !buf_read_file(&final, r.final_path, 8u << 20))
		out->final_code = buf_detach(&final, NULL);
	err_clear();
	out->passed = r.passed;
	out->checker = r.checker;
	out->rounds = r.rounds;
	out->tokens = r.llm.prompt_tokens + r.llm.completion_tokens;
	if (log_level >= LOG_NORMAL)
		fprintf(stderr,
			"hwforge: loop %s: %s after %d round%s (%s, %ld "
			"tokens)\n",
			task, r.passed ? "pass" : "fail", r.rounds,
			r.rounds == 1 ? "" : "s", r.checker ? r.checker : "?",
			out->tokens);
	agent_gen_result_release(&r);
	buf_release(&first);
	buf_release(&final);
	buf_release(&p);
	return rc;
}
