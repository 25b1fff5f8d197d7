/* event_bus.h — the live event log behind the Server-Sent-Events stream.
 *
 * A bus keeps the `capacity` most recent events in a ring in memory. Readers ask for the events
 * after an id they have seen; events that fell out of the ring are fetched through the
 * `backfill` hook from durable storage (the hub's event table). Publishers never wait for
 * readers: a slow reader only falls behind and catches up from the ring or the backfill.
 *
 * Ids are strictly increasing but need not be contiguous. All functions are thread-safe.
 */
#ifndef CIVIQ_NET_EVENT_BUS_H
#define CIVIQ_NET_EVENT_BUS_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EVENT_TYPE_MAX 32 /* NUL included */

struct event {
	uint64_t id;
	char type[EVENT_TYPE_MAX]; /* "called", "ticket" ...: [a-z0-9_.-] by convention */
	char *data;                /* JSON text (malloc'd, owned by the struct) */
	int64_t at;                /* publisher's timestamp, opaque to the bus (civiq: Unix ms) */
};

/* Fills up to `max` events with id > `after`, in increasing id order, from durable storage.
 * Each out[i].data is malloc'd (the bus frees it with event_clear). Returns the count or a
 * negative errno. */
typedef int (*event_backfill_fn)(void *ctx, uint64_t after, struct event *out, size_t max);

struct event_bus;

/* `capacity` >= 1; `backfill` may be NULL (then events older than the ring are lost to late
 * readers, who continue with the oldest event still in the ring). */
int event_bus_new(size_t capacity, event_backfill_fn backfill, void *ctx, struct event_bus **out);

/* Appends an event. `id` must be greater than every id published before (-EINVAL otherwise),
 * `type` shorter than EVENT_TYPE_MAX (-EINVAL), `data` JSON text (NULL is published as "null").
 * Wakes every waiter. -ESHUTDOWN after event_bus_close. */
int event_bus_publish(struct event_bus *b, uint64_t id, const char *type, const char *data,
                      int64_t at);

/* The id of the newest published event, 0 if none. */
uint64_t event_bus_last_id(struct event_bus *b);

/* Copies up to `max` events with id > `after` into `out`, oldest first, from the ring or (for
 * ids older than the ring) through the backfill. Returns the count (0: nothing newer) or a
 * negative errno. The caller frees each copied event with event_clear. */
int event_bus_read(struct event_bus *b, uint64_t after, struct event *out, size_t max);

/* Waits until an event with id > `after` exists. Returns 1 when there is one, 0 at timeout
 * (timeout_ms < 0: no timeout), -ESHUTDOWN once the bus is closed. */
int event_bus_wait(struct event_bus *b, uint64_t after, int timeout_ms);

/* As event_bus_wait, but also returns -ECANCELED as soon as *cancel is true: set the flag, then
 * call event_bus_wake to reach waiters that are already asleep. */
int event_bus_wait_cancellable(struct event_bus *b, uint64_t after, int timeout_ms,
                               const atomic_bool *cancel);

/* Wakes every waiter so that it re-checks its cancel flag. */
void event_bus_wake(struct event_bus *b);

/* Refuses further publishing and wakes all waiters, who get -ESHUTDOWN. Reads still work. */
void event_bus_close(struct event_bus *b);

/* Frees the bus; no thread may still use it. NULL is a no-op. */
void event_bus_free(struct event_bus *b);

/* Frees e->data and zeroes the event. */
void event_clear(struct event *e);

#endif
