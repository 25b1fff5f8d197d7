/* kiosk_offline.h — walk-in numbers while the hub is unreachable.
 *
 * While the hub is reachable the kiosk leases a block of numbers per service for the day
 * (POST /api/v1/kiosks/{kiosk}/lease) and keeps the service list. When the hub is unreachable
 * it issues the block's numbers itself, each one committed to a local SQLite journal (WAL,
 * synchronous=FULL) before it is shown, and hands them to the hub in issue order when the hub
 * answers again (idempotent on the hub's side, so a hand-in cut short is simply repeated). A
 * number is never issued twice: the block's next number only moves forward, also across
 * restarts and repeated leases of the same block.
 */
#ifndef CIVIQ_KIOSK_OFFLINE_H
#define CIVIQ_KIOSK_OFFLINE_H

#include <stddef.h>
#include <stdint.h>

#include "kiosk/kiosk_flow.h"
#include "kiosk/kiosk_hub.h"

struct kiosk_offline;

/* Opens (creating) the journal. 0 or a negative errno. */
int kiosk_offline_open(const char *path, struct kiosk_offline **out);
void kiosk_offline_close(struct kiosk_offline *o);

/* Records a lease from the hub; the same block keeps the larger of the two next numbers. */
int kiosk_offline_store_lease(struct kiosk_offline *o, const struct kiosk_lease *l);
/* Numbers left in today's block for service (0 when none). */
int kiosk_offline_left(struct kiosk_offline *o, const char *service, const char *day);
/* Issues the next number of the service's block for `day` (YYYY-MM-DD) and journals it.
 * 0 with t filled (offline = true); -ENOENT no block for that day, -ENOSPC block used up. */
int kiosk_offline_issue(struct kiosk_offline *o, const char *service, const char *day, int priority,
                        int64_t now_s, struct kiosk_ticket *t);
/* Tickets not yet handed in, oldest first. */
int kiosk_offline_pending(struct kiosk_offline *o, struct kiosk_handin_item *items, size_t max,
                          size_t *n);
/* Hands in the pending tickets; 0 when none is left. */
int kiosk_offline_handin(struct kiosk_offline *o, const struct kiosk_hub *h);

/* The last service list the hub gave, for the menu while it is unreachable. */
int kiosk_offline_save_services(struct kiosk_offline *o, const struct kiosk_service *s, size_t n);
int kiosk_offline_load_services(struct kiosk_offline *o, struct kiosk_service *s, size_t max,
                                size_t *n);

/* One round while the hub is reachable: hand in, then lease (or confirm) a block for every
 * active service. 0, or the first error. */
int kiosk_offline_sync(struct kiosk_offline *o, const struct kiosk_hub *h,
                       const struct kiosk_service *s, size_t n, int lease_size);

/* Today's date (local time) as YYYY-MM-DD. */
void kiosk_offline_today(int64_t now_s, char out[11]);

#endif
