#include "hub/readers.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "store/store.h"

struct hub_readers {
	pthread_mutex_t lock;
	pthread_cond_t freed;
	int count;
	struct hub_reader *conns;
	bool *busy;
};

int hub_readers_open(const char *path, int count, struct hub_readers **out, char *err,
                     size_t errlen)
{
	struct hub_readers *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	p->conns = calloc((size_t)count, sizeof(*p->conns));
	p->busy = calloc((size_t)count, sizeof(*p->busy));
	if (!p->conns || !p->busy) {
		hub_readers_close(p);
		return -ENOMEM;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->freed, NULL);
	for (int i = 0; i < count; i++) {
		int rc = store_open(path, STORE_OPEN_READONLY | STORE_OPEN_NO_CHECK,
		                    &p->conns[i].db, err, errlen);
		if (rc) {
			hub_readers_close(p);
			return rc;
		}
		p->count++;
		stmt_cache_init(&p->conns[i].stmts, p->conns[i].db);
	}
	*out = p;
	return 0;
}

struct hub_reader *hub_reader_acquire(struct hub_readers *p)
{
	pthread_mutex_lock(&p->lock);
	for (;;) {
		for (int i = 0; i < p->count; i++) {
			if (!p->busy[i]) {
				p->busy[i] = true;
				pthread_mutex_unlock(&p->lock);
				return &p->conns[i];
			}
		}
		pthread_cond_wait(&p->freed, &p->lock);
	}
}

void hub_reader_release(struct hub_readers *p, struct hub_reader *r)
{
	/* Leaves no read transaction open, which would pin the WAL and stop checkpoints. */
	stmt_cache_reset_all(&r->stmts);
	pthread_mutex_lock(&p->lock);
	p->busy[r - p->conns] = false;
	pthread_cond_signal(&p->freed);
	pthread_mutex_unlock(&p->lock);
}

void hub_readers_close(struct hub_readers *p)
{
	if (!p)
		return;
	for (int i = 0; i < p->count; i++) {
		stmt_cache_clear(&p->conns[i].stmts);
		store_close(p->conns[i].db);
	}
	if (p->count || p->conns) {
		pthread_mutex_destroy(&p->lock);
		pthread_cond_destroy(&p->freed);
	}
	free(p->conns);
	free(p->busy);
	free(p);
}
