#include "hub/queue_snapshot.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store.h"

struct snapshot_cache {
	pthread_mutex_t lock;
	struct queue_snapshot *current;
};

static sqlite3_stmt *stmt(const struct hub_query_ctx *q, const char *sql)
{
	return stmt_cache_get(&q->r->stmts, sql);
}

static void snapshot_free(struct queue_snapshot *s)
{
	free(s->tickets);
	free(s->core);
	free(s->estimate);
	free(s->position);
	free(s->counters);
	free(s->views);
	free(s->busy_until);
	free(s->services);
	free(s->service_ids);
	free(s);
}

static const char sql_waiting[] =
    "SELECT " HUB_TICKET_COLUMNS " FROM tickets WHERE status = 0 AND day = ? ORDER BY id";
static const char sql_all_counters[] =
    "SELECT c.id, c.label, c.services, c.paused, COALESCE(t.status, -1), t.service, "
    "COALESCE(t.started_at, 0), COALESCE(t.called_at, 0) FROM counters c "
    "LEFT JOIN tickets t ON t.id = c.current_ticket ORDER BY c.id";
static const char sql_service_priors[] = "SELECT id, handling_prior_s FROM services";
static const char sql_durations[] =
    "SELECT finished_at - started_at FROM tickets WHERE service = ? AND status = 3 AND "
    "started_at > 0 ORDER BY finished_at DESC LIMIT 32";

static double service_handling(const struct queue_snapshot *s, const char *service)
{
	for (size_t i = 0; i < s->n_services; i++)
		if (!strcmp(s->service_ids[i], service))
			return s->services[i].handling_s;
	return WAIT_DEFAULT_HANDLING_S;
}

static int load_services(const struct hub_query_ctx *q, struct queue_snapshot *s)
{
	sqlite3_stmt *st = stmt(q, sql_service_priors);
	size_t cap = 16;

	s->services = calloc(cap, sizeof(*s->services));
	s->service_ids = calloc(cap, sizeof(*s->service_ids));
	if (!st || !s->services || !s->service_ids)
		return -ENOMEM;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (s->n_services == cap) {
			cap *= 2;
			void *a = realloc(s->services, cap * sizeof(*s->services));
			if (a)
				s->services = a;
			void *b = realloc(s->service_ids, cap * sizeof(*s->service_ids));
			if (b)
				s->service_ids = b;
			if (!a || !b) {
				sqlite3_reset(st);
				return -ENOMEM;
			}
		}
		snprintf(s->service_ids[s->n_services], SERVICE_ID_MAX, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		s->services[s->n_services].handling_s = sqlite3_column_int(st, 1);
		s->n_services++;
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < s->n_services; i++) {
		struct handling_learner l;
		handling_learner_init(&l, s->services[i].handling_s);
		sqlite3_stmt *d = stmt(q, sql_durations);
		if (!d)
			return -EIO;
		sqlite3_bind_text(d, 1, s->service_ids[i], -1, SQLITE_STATIC);
		while (sqlite3_step(d) == SQLITE_ROW)
			handling_learner_add(&l, (double)sqlite3_column_int64(d, 0));
		sqlite3_reset(d);
		s->services[i].id = s->service_ids[i];
		s->services[i].handling_s = handling_learner_estimate(&l);
	}
	return 0;
}

static int load_counters(const struct hub_query_ctx *q, struct queue_snapshot *s)
{
	sqlite3_stmt *st = stmt(q, sql_all_counters);
	size_t cap = 8;

	s->counters = calloc(cap, sizeof(*s->counters));
	s->busy_until = calloc(cap, sizeof(*s->busy_until));
	if (!st || !s->counters || !s->busy_until)
		return -ENOMEM;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (s->n_counters == cap) {
			cap *= 2;
			void *a = realloc(s->counters, cap * sizeof(*s->counters));
			if (a)
				s->counters = a;
			void *b = realloc(s->busy_until, cap * sizeof(*s->busy_until));
			if (b)
				s->busy_until = b;
			if (!a || !b) {
				sqlite3_reset(st);
				return -ENOMEM;
			}
		}
		struct counter_row *c = &s->counters[s->n_counters];
		memset(c, 0, sizeof(*c));
		c->id = sqlite3_column_int(st, 0);
		counter_row_set_services(c, (const char *)sqlite3_column_text(st, 2));
		c->paused = sqlite3_column_int(st, 3) != 0;
		int status = sqlite3_column_int(st, 4);
		int64_t busy = q->now;
		if (status == TICKET_SERVING || status == TICKET_CALLED) {
			const char *svc = (const char *)sqlite3_column_text(st, 5);
			int64_t since = status == TICKET_SERVING ? sqlite3_column_int64(st, 6)
			                                         : sqlite3_column_int64(st, 7);
			busy = since + (int64_t)service_handling(s, svc ? svc : "");
			/* Running over the estimate: expect the end soon, not in the past. */
			if (busy < q->now + 30)
				busy = q->now + 30;
		}
		s->busy_until[s->n_counters++] = busy;
	}
	sqlite3_reset(st);
	/* Pointers into counters are taken only now that the array no longer moves. */
	s->views = calloc(s->n_counters ? s->n_counters : 1, sizeof(*s->views));
	if (!s->views)
		return -ENOMEM;
	for (size_t i = 0; i < s->n_counters; i++) {
		struct counter_row *c = &s->counters[i];
		for (int j = 0; j < c->n_services; j++)
			c->service_ptrs[j] = c->services[j];
		s->views[i] = counter_row_view(c);
	}
	return 0;
}

static int load_waiting(const struct hub_query_ctx *q, struct queue_snapshot *s)
{
	sqlite3_stmt *st = stmt(q, sql_waiting);
	size_t cap = 64;

	s->tickets = calloc(cap, sizeof(*s->tickets));
	if (!st || !s->tickets)
		return -ENOMEM;
	sqlite3_bind_int(st, 1, q->day);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (s->n == cap) {
			cap *= 2;
			void *a = realloc(s->tickets, cap * sizeof(*s->tickets));
			if (!a) {
				sqlite3_reset(st);
				return -ENOMEM;
			}
			s->tickets = a;
		}
		hub_ticket_read(st, &s->tickets[s->n++]);
	}
	sqlite3_reset(st);
	s->core = calloc(s->n ? s->n : 1, sizeof(*s->core));
	s->estimate = calloc(s->n ? s->n : 1, sizeof(*s->estimate));
	if (!s->core || !s->estimate)
		return -ENOMEM;
	for (size_t i = 0; i < s->n; i++)
		s->core[i] = s->tickets[i].t;
	return 0;
}

static int snapshot_load(const struct hub_query_ctx *q, struct queue_snapshot *s)
{
	int rc;

	if ((rc = load_services(q, s)) || (rc = load_counters(q, s)) || (rc = load_waiting(q, s)))
		return rc;
	struct wait_input in = {
		.waiting = s->core,
		.n_waiting = s->n,
		.counters = s->views,
		.n_counters = s->n_counters,
		.counter_busy_until = s->busy_until,
		.services = s->services,
		.n_services = s->n_services,
		.policy = q->policy,
		.now = q->now,
	};
	return wait_estimate_queue(&in, s->estimate);
}

struct rank_key {
	const char *service;
	double estimate;
	size_t index;
};

static int rank_cmp(const void *a, const void *b)
{
	const struct rank_key *x = a, *y = b;
	int c = strcmp(x->service, y->service);

	if (c)
		return c;
	if (x->estimate != y->estimate)
		return x->estimate < y->estimate ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* People ahead: waiting tickets of the same service the policy would call first, i.e. the
 * estimate's order within the service, which is the simulated call order. */
static int rank_positions(struct queue_snapshot *s)
{
	struct rank_key *k = calloc(s->n ? s->n : 1, sizeof(*k));

	s->position = calloc(s->n ? s->n : 1, sizeof(*s->position));
	if (!k || !s->position) {
		free(k);
		return -ENOMEM;
	}
	for (size_t i = 0; i < s->n; i++)
		k[i] = (struct rank_key){ s->core[i].service, s->estimate[i], i };
	qsort(k, s->n, sizeof(*k), rank_cmp);
	int ahead = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (i > 0 && strcmp(k[i].service, k[i - 1].service) != 0)
			ahead = 0;
		s->position[k[i].index] = ahead++;
	}
	free(k);
	return 0;
}

static int snapshot_compute(const struct hub_query_ctx *q, struct queue_snapshot **out)
{
	struct queue_snapshot *s = calloc(1, sizeof(*s));
	int rc;

	if (!s)
		return -ENOMEM;
	s->generation = q->generation;
	s->now = q->now;
	s->day = q->day;
	atomic_init(&s->refs, 1);
	if ((rc = snapshot_load(q, s)) || (rc = rank_positions(s))) {
		snapshot_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

int snapshot_cache_new(struct snapshot_cache **out)
{
	struct snapshot_cache *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return 0;
}

void snapshot_cache_invalidate(struct snapshot_cache *c)
{
	pthread_mutex_lock(&c->lock);
	struct queue_snapshot *old = c->current;
	c->current = NULL;
	pthread_mutex_unlock(&c->lock);
	if (old)
		queue_snapshot_put(old);
}

void snapshot_cache_free(struct snapshot_cache *c)
{
	if (!c)
		return;
	snapshot_cache_invalidate(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static bool fits(const struct queue_snapshot *s, const struct hub_query_ctx *q)
{
	return s && s->generation == q->generation && s->now == q->now && s->day == q->day;
}

int queue_snapshot_get(const struct hub_query_ctx *q, struct queue_snapshot **out)
{
	struct snapshot_cache *c = q->cache;

	if (c) {
		pthread_mutex_lock(&c->lock);
		if (fits(c->current, q)) {
			atomic_fetch_add(&c->current->refs, 1);
			*out = c->current;
			pthread_mutex_unlock(&c->lock);
			return 0;
		}
		pthread_mutex_unlock(&c->lock);
	}
	/* Computed outside the lock: requests for other states need not wait for this one. */
	int rc = snapshot_compute(q, out);
	if (rc || !c)
		return rc;
	pthread_mutex_lock(&c->lock);
	struct queue_snapshot *old = NULL;
	const struct queue_snapshot *cur = c->current;
	if (!cur || cur->generation < q->generation ||
	    (cur->generation == q->generation && cur->now < q->now)) {
		old = c->current;
		atomic_fetch_add(&(*out)->refs, 1);
		c->current = *out;
	}
	pthread_mutex_unlock(&c->lock);
	if (old)
		queue_snapshot_put(old);
	return 0;
}

void queue_snapshot_put(struct queue_snapshot *s)
{
	if (s && atomic_fetch_sub(&s->refs, 1) == 1)
		snapshot_free(s);
}

long queue_snapshot_find(const struct queue_snapshot *s, int64_t ticket_id)
{
	/* Tickets are in id order. */
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->core[mid].id < ticket_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < s->n && s->core[lo].id == ticket_id ? (long)lo : -1;
}
