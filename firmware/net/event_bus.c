/* event_bus.c — a mutex-protected ring of recent events with a condition variable for waiters. */
#include "net/event_bus.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct event_bus {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* on CLOCK_MONOTONIC */
	struct event *ring;
	size_t capacity;
	size_t head;          /* index of the oldest event */
	size_t count;         /* events in the ring */
	uint64_t last_id;     /* newest published id */
	uint64_t evicted_max; /* newest id that fell out of the ring (0: none) */
	bool closed;
	event_backfill_fn backfill;
	void *backfill_ctx;
};

int event_bus_new(size_t capacity, event_backfill_fn backfill, void *ctx, struct event_bus **out)
{
	if (capacity == 0 || !out)
		return -EINVAL;
	struct event_bus *b = calloc(1, sizeof(*b));
	if (!b)
		return -ENOMEM;
	b->ring = calloc(capacity, sizeof(*b->ring));
	if (!b->ring) {
		free(b);
		return -ENOMEM;
	}
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&b->cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_mutex_init(&b->lock, NULL);
	b->capacity = capacity;
	b->backfill = backfill;
	b->backfill_ctx = ctx;
	*out = b;
	return 0;
}

void event_clear(struct event *e)
{
	if (!e)
		return;
	free(e->data);
	memset(e, 0, sizeof(*e));
}

int event_bus_publish(struct event_bus *b, uint64_t id, const char *type, const char *data,
                      int64_t at)
{
	if (!b || !type || strlen(type) >= EVENT_TYPE_MAX)
		return -EINVAL;
	char *copy = strdup(data ? data : "null");
	if (!copy)
		return -ENOMEM;
	pthread_mutex_lock(&b->lock);
	int rc = 0;
	if (b->closed)
		rc = -ESHUTDOWN;
	else if (id <= b->last_id)
		rc = -EINVAL;
	if (rc) {
		pthread_mutex_unlock(&b->lock);
		free(copy);
		return rc;
	}
	struct event *slot;
	if (b->count == b->capacity) {
		slot = &b->ring[b->head];
		b->evicted_max = slot->id;
		event_clear(slot);
		b->head = (b->head + 1) % b->capacity;
	} else {
		slot = &b->ring[(b->head + b->count) % b->capacity];
		b->count++;
	}
	slot->id = id;
	strcpy(slot->type, type);
	slot->data = copy;
	slot->at = at;
	b->last_id = id;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

uint64_t event_bus_last_id(struct event_bus *b)
{
	pthread_mutex_lock(&b->lock);
	uint64_t id = b->last_id;
	pthread_mutex_unlock(&b->lock);
	return id;
}

/* Copies ring events with id > after; the caller holds the lock. */
static int read_ring(struct event_bus *b, uint64_t after, struct event *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < b->count && n < max; i++) {
		const struct event *e = &b->ring[(b->head + i) % b->capacity];
		if (e->id <= after)
			continue;
		char *copy = strdup(e->data);
		if (!copy) {
			while (n > 0)
				event_clear(&out[--n]);
			return -ENOMEM;
		}
		out[n] = *e;
		out[n].data = copy;
		n++;
	}
	return (int)n;
}

/* Keeps the backfilled events that continue after `after` in increasing order: a store that
 * returns stale or unordered rows must not send readers backwards. */
static int sanitize(uint64_t after, struct event *out, int n)
{
	int kept = 0;
	uint64_t last = after;
	for (int i = 0; i < n; i++) {
		if (out[i].id > last) {
			last = out[i].id;
			out[kept++] = out[i];
		} else {
			event_clear(&out[i]);
		}
	}
	for (int i = kept; i < n; i++)
		memset(&out[i], 0, sizeof(out[i]));
	return kept;
}

int event_bus_read(struct event_bus *b, uint64_t after, struct event *out, size_t max)
{
	if (!b || (!out && max))
		return -EINVAL;
	if (max == 0)
		return 0;
	if (max > INT32_MAX)
		max = INT32_MAX;
	pthread_mutex_lock(&b->lock);
	/* Decide and read under one lock: a publisher evicting between the two would leave a
	 * gap after `after` that the ring no longer holds. */
	if (!(after < b->evicted_max && b->backfill)) {
		int n = read_ring(b, after, out, max);
		pthread_mutex_unlock(&b->lock);
		return n;
	}
	pthread_mutex_unlock(&b->lock);

	/* The reader is behind the ring: durable storage has what fell out. */
	memset(out, 0, max * sizeof(*out));
	int n = b->backfill(b->backfill_ctx, after, out, max);
	if (n > 0)
		n = sanitize(after, out, (int)((size_t)n > max ? max : (size_t)n));
	if (n > 0)
		return n;
	for (size_t i = 0; i < max; i++)
		event_clear(&out[i]);
	/* Nothing there (or it failed): go on with what the ring has. */
	pthread_mutex_lock(&b->lock);
	n = read_ring(b, after, out, max);
	pthread_mutex_unlock(&b->lock);
	return n;
}

static void deadline_after(struct timespec *ts, int timeout_ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += timeout_ms / 1000;
	ts->tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

int event_bus_wait_cancellable(struct event_bus *b, uint64_t after, int timeout_ms,
                               const atomic_bool *cancel)
{
	struct timespec deadline;
	if (timeout_ms >= 0)
		deadline_after(&deadline, timeout_ms);
	pthread_mutex_lock(&b->lock);
	int rc;
	for (;;) {
		if (b->last_id > after) {
			rc = 1;
			break;
		}
		if (b->closed) {
			rc = -ESHUTDOWN;
			break;
		}
		if (cancel && atomic_load(cancel)) {
			rc = -ECANCELED;
			break;
		}
		if (timeout_ms < 0) {
			pthread_cond_wait(&b->cond, &b->lock);
		} else if (pthread_cond_timedwait(&b->cond, &b->lock, &deadline) == ETIMEDOUT) {
			rc = b->last_id > after ? 1 : 0;
			break;
		}
	}
	pthread_mutex_unlock(&b->lock);
	return rc;
}

int event_bus_wait(struct event_bus *b, uint64_t after, int timeout_ms)
{
	return event_bus_wait_cancellable(b, after, timeout_ms, NULL);
}

void event_bus_wake(struct event_bus *b)
{
	pthread_mutex_lock(&b->lock);
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

void event_bus_close(struct event_bus *b)
{
	pthread_mutex_lock(&b->lock);
	b->closed = true;
	pthread_cond_broadcast(&b->cond);
	pthread_mutex_unlock(&b->lock);
}

void event_bus_free(struct event_bus *b)
{
	if (!b)
		return;
	for (size_t i = 0; i < b->capacity; i++)
		event_clear(&b->ring[i]);
	free(b->ring);
	pthread_cond_destroy(&b->cond);
	pthread_mutex_destroy(&b->lock);
	free(b);
}
