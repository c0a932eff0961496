#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/err.h"
#include "base/pool.h"
#include "base/proc.h"

struct pool {
	pthread_mutex_t lock;
	size_t next, n;
	pool_fn fn;
	void *payload;
};

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->lock);
		i = p->next < p->n && !proc_interrupted ? p->next++ : p->n;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->n)
			return NULL;
		p->fn(i, p->payload);
	}
}

int pool_default_jobs(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n > 0 && n < 1024 ? (int)n : 1;
}

int pool_run(size_t n, int jobs, pool_fn fn, void *payload)
{
	struct pool p = { .next = 0, .n = n, .fn = fn, .payload = payload };
	pthread_t *t;
	int started = 0;

	if (jobs <= 0)
		jobs = pool_default_jobs();
	if ((size_t)jobs > n)
		jobs = n ? (int)n : 1;
	pthread_mutex_init(&p.lock, NULL);
	if (jobs == 1) {
		worker(&p);
	} else {
		t = calloc((size_t)jobs, sizeof(*t));
		if (!t) {
			pthread_mutex_destroy(&p.lock);
			return err_set(ERR_FAIL, "out of memory");
		}
		for (int i = 0; i < jobs; i++)
			if (!pthread_create(&t[started], NULL, worker, &p))
				started++;
		if (!started)
			worker(&p);
		for (int i = 0; i < started; i++)
			pthread_join(t[i], NULL);
		free(t);
	}
	pthread_mutex_destroy(&p.lock);
	return proc_interrupted && p.next < p.n ?
		       err_set(ERR_INTR, "interrupted") : 0;
}
