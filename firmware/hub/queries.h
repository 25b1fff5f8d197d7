/* queries.h — what the API reads: services, counters, tickets with their place in the queue and
 * estimated wait, the queue, the display's state, past events. Pure reads on a reader
 * connection; none of them returns a name. */
#ifndef CIVIQ_HUB_QUERIES_H
#define CIVIQ_HUB_QUERIES_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "core/call_policy.h"
#include "hub/readers.h"
#include "hub/ticket_row.h"
#include "net/event_bus.h"

struct snapshot_cache;

struct hub_query_ctx {
	struct hub_reader *r;
	struct snapshot_cache *cache; /* may be NULL */
	uint64_t generation;          /* the writer's, read before the first query */
	int day;                      /* today's service day */
	int64_t now;                  /* Unix seconds */
	const struct call_policy_config *policy;
};

cJSON *hub_query_services(const struct hub_query_ctx *q);
cJSON *hub_query_counters(const struct hub_query_ctx *q);
/* By id, or by public id when public_id is not NULL. -HUB_E_TICKET_NOT_FOUND if absent.
 * position: people ahead in the same queue (-1 when not waiting); wait_s: estimate or -1. */
int hub_query_ticket(const struct hub_query_ctx *q, int64_t id, const char *public_id,
                     struct hub_ticket *out, int *position, double *wait_s);
/* {"services":[{"id","prefix","waiting":[tickets with position/estimate]}], "parked":[...]} */
cJSON *hub_query_queue(const struct hub_query_ctx *q);
/* Today's parked tickets, oldest arrival first. */
cJSON *hub_query_parked(const struct hub_query_ctx *q);
/* {"calls":[{number, counter, counter_label, at}], "waiting":{service: count}, "office"} */
cJSON *hub_query_display(const struct hub_query_ctx *q, int max_calls);
/* Per active service, in display order: [{"id","waiting","estimated_wait_s"}], the estimate
 * being the wait of a walk-in joining now (null when no open counter serves the service). */
cJSON *hub_query_walk_in_waits(const struct hub_query_ctx *q);
/* Events with id > after, oldest first, at most max (event_bus backfill contract). */
int hub_query_events(struct hub_reader *r, uint64_t after, struct event *out, size_t max);
/* The newest event id stored. */
uint64_t hub_query_last_event(struct hub_reader *r);
/* Waiting tickets per service, for /metrics. Calls fn for each service. */
int hub_query_queue_lengths(const struct hub_query_ctx *q,
                            void (*fn)(void *ctx, const char *service, int waiting), void *ctx);

#endif
