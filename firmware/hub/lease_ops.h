/* lease_ops.h — number blocks leased to kiosks for offline walk-in tickets, and their hand-in.
 *
 * A kiosk leases a block of a service's numbers while the hub is reachable. The hub skips the
 * block when numbering, so the kiosk can issue those numbers on its own while the hub is out of
 * reach; it hands the tickets in when the hub is back. A block stays reserved for the whole
 * day (a number the kiosk may have printed is never issued again by the hub); a kiosk that
 * still has unused numbers in its block gets the same block back.
 */
#ifndef CIVIQ_HUB_LEASE_OPS_H
#define CIVIQ_HUB_LEASE_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "hub/ticket_row.h"
#include "hub/writer.h"

struct hub_lease {
	int64_t id;
	char service[SERVICE_ID_MAX];
	char prefix;
	int first, last, next;
	int day;
	int width; /* digits of the service's numbers, for labels the kiosk prints */
};

int hub_lease(struct hub_writer *w, const char *kiosk, const char *service, int size,
              struct hub_lease *out);

struct hub_handin_item {
	char service[SERVICE_ID_MAX];
	int number;
	int64_t issued_at;
	int priority;
};

/* Stores the tickets a kiosk issued offline, in the order given; a ticket already handed in
 * is answered again (the kiosk may retry after a lost answer). out has room for n. */
int hub_handin(struct hub_writer *w, const char *kiosk, const struct hub_handin_item *items,
               size_t n, struct hub_ticket *out);

#endif
