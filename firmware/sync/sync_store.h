/* sync_store.h — what the portal sync keeps in the hub database.
 *
 * Changes go through the hub's writer; the outbox is read on the sync's own read-only
 * connection. settings: 'portal.cursor' (the portal's cursor, committed with the bookings of
 * its page), 'portal.instance' (random, part of every Idempotency-Key), 'portal.outbox' ('on'
 * while the sync runs: the triggers of schema v2 fill portal_outbox then).
 */
#ifndef CIVIQ_SYNC_SYNC_STORE_H
#define CIVIQ_SYNC_SYNC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "hub/writer.h"
#include "sync/portal_adapter.h"

#define SYNC_INSTANCE_LEN 16 /* hex characters */

/* Switches the outbox on, creates the instance id if missing, and reads both it and the
 * cursor. */
int sync_store_prepare(struct hub_writer *w, char *cursor, size_t cursor_len,
                       char instance[SYNC_INSTANCE_LEN + 1]);

struct sync_apply_result {
	int stored;            /* bookings inserted or updated */
	int duplicate_codes;   /* refused: their code belongs to another booking */
	int tickets_cancelled; /* waiting tickets of bookings cancelled after check-in */
	int tickets_moved;     /* waiting tickets whose appointment time changed */
	int withdrawn;         /* bookings missing from a full resync, now cancelled */
};

/* Upserts the page's bookings and stores cursor, in one transaction: after a crash the pull
 * resumes at the last page that was stored whole. */
int sync_store_apply(struct hub_writer *w, const struct portal_page *page, const char *cursor,
                     struct sync_apply_result *out);

/* After a complete full resync: cancels the confirmed bookings not yet over at now_s whose id
 * is not among ids (n, sorted by strcmp), wipes their identity and cancels their waiting
 * tickets — the portal withdrew them without saying so. */
int sync_store_withdraw_missing(struct hub_writer *w, const char (*ids)[64], size_t n,
                                int64_t now_s, struct sync_apply_result *out);

/* Up to max undelivered events, oldest first, their keys made from instance. Returns how many
 * or a negative errno. */
int sync_store_outbox_next(sqlite3 *ro, const char *instance, struct portal_event *out, size_t max);
/* Undelivered events (for the gauge). */
int sync_store_outbox_pending(sqlite3 *ro);
/* Forgets delivered events and marks refused ones (kept a week for inspection). */
int sync_store_outbox_done(struct hub_writer *w, const int64_t *delivered, size_t n_delivered,
                           const int64_t *refused, size_t n_refused);

#endif
