/* queue_snapshot.h — the waiting queue of today with each ticket's place and estimated wait.
 *
 * Computing it simulates the call policy over the whole queue, so it is done once per committed
 * state and second and shared by every request that reads the same state: a burst of kiosks and
 * staff pages after one commit costs one simulation. A snapshot lives at most a second, so
 * changes that do not pass the writer (none today) would show within a second. */
#ifndef CIVIQ_HUB_QUEUE_SNAPSHOT_H
#define CIVIQ_HUB_QUEUE_SNAPSHOT_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "core/wait_estimate.h"
#include "hub/ops_common.h"
#include "hub/queries.h"

struct queue_snapshot {
	struct hub_ticket *tickets; /* waiting, in id order */
	struct ticket *core;
	size_t n;
	double *estimate; /* seconds, per ticket */
	int *position;    /* people ahead in the same service, per ticket */
	struct counter_row *counters;
	struct counter_view *views;
	int64_t *busy_until;
	size_t n_counters;
	struct wait_service *services;
	char (*service_ids)[SERVICE_ID_MAX];
	size_t n_services;
	/* What it was computed for. */
	uint64_t generation;
	int64_t now;
	int day;
	atomic_int refs;
};

struct snapshot_cache;

int snapshot_cache_new(struct snapshot_cache **out);
void snapshot_cache_free(struct snapshot_cache *c);
/* Drops the shared snapshot, e.g. after a change made outside the writer. */
void snapshot_cache_invalidate(struct snapshot_cache *c);

/* The snapshot of q's state (q->cache may be NULL: then it is computed for this caller alone).
 * Release it with queue_snapshot_put. */
int queue_snapshot_get(const struct hub_query_ctx *q, struct queue_snapshot **out);
void queue_snapshot_put(struct queue_snapshot *s);
/* Index of the ticket with this id, or -1. */
long queue_snapshot_find(const struct queue_snapshot *s, int64_t ticket_id);

#endif
