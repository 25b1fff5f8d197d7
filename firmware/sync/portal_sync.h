/* portal_sync.h — bookings from the portal into the hub, status events back, offline-safe.
 *
 * A sync pulls every page after its stored cursor (a full resync when the portal rejects the
 * cursor) and upserts the bookings through the hub's writer, each page with its cursor in one
 * transaction; after a complete full resync, bookings not yet over that it did not carry are
 * taken as withdrawn (cancelled, identity wiped); it delivers the outbox oldest first, at least
 * once, each event with the same Idempotency-Key on every attempt. Its thread paces both on its
 * own: a pull every interval_s (or when kicked), the outbox every half second, and after failures
 * an exponential backoff with jitter (first retry after about a second, capped at backoff_max_s) or
 * whatever a Retry-After asked for. The hub's API never waits for it.
 */
#ifndef CIVIQ_SYNC_PORTAL_SYNC_H
#define CIVIQ_SYNC_PORTAL_SYNC_H

#include <stdint.h>

#include "hub/hub_config.h"
#include "hub/writer.h"
#include "net/metrics.h"
#include "sync/portal_adapter.h"

struct portal_sync_params {
	const struct hub_portal_config *cfg;
	const struct hub_config *hub; /* the services bookings may name */
	struct hub_writer *writer;
	const char *database;          /* for the sync's own read-only connection */
	struct metrics *metrics;       /* may be NULL */
	const char **state;            /* "ok" / "offline" is written here; may be NULL */
	struct portal_adapter adapter; /* ops NULL: civiq's contract, from cfg */
};

struct portal_sync;

struct portal_sync_stats {
	uint64_t pages, bookings, skipped, resyncs;
	uint64_t delivered, refused;
	uint64_t tickets_cancelled, tickets_moved;
	uint64_t withdrawn; /* missing from a full resync without a cancel */
};

/* Sets up (switches the outbox on, reads the cursor); no thread yet. */
int portal_sync_new(const struct portal_sync_params *p, struct portal_sync **out);
/* Stops the thread if it runs, then frees. NULL is fine. */
void portal_sync_free(struct portal_sync *s);

/* One pull now, all pages: 0 or an adapter result (portal_adapter.h). */
int portal_sync_pull(struct portal_sync *s, struct portal_reply *reply);
/* Delivers up to one batch of the outbox now: how many were taken (delivered or refused), or an
 * adapter result when the portal could not be reached (the rest waits). */
int portal_sync_deliver(struct portal_sync *s, struct portal_reply *reply);

int portal_sync_start_thread(struct portal_sync *s);
/* Asks the thread for a pull now (on demand). */
void portal_sync_kick(struct portal_sync *s);
void portal_sync_get_stats(struct portal_sync *s, struct portal_sync_stats *out);

/* Makes hub_start run the sync when [portal] is configured (see hub_set_portal_ops). */
void portal_sync_use_in_hub(void);

#endif
