/* site_ops.h — applying the configuration to the database, and the daily clean-up. */
#ifndef CIVIQ_HUB_SITE_OPS_H
#define CIVIQ_HUB_SITE_OPS_H

#include "hub/hub_config.h"
#include "hub/writer.h"

/* Inserts or updates the configured services and counters (the file is the site's declared
 * set-up; services it no longer names are deactivated, counters it no longer names removed). */
int hub_apply_config(struct hub_writer *w, const struct hub_config *cfg);

struct hub_housekeeping_result {
	int cancelled_tickets; /* live tickets of earlier days */
	int purged_bookings;   /* bookings (with their personal data) of earlier days */
	int purged_events;
};

/* At start and at each change of day: tickets of earlier days that are still live are
 * cancelled, bookings and events of earlier days deleted, old day keys and leases dropped. */
int hub_housekeeping(struct hub_writer *w, struct hub_housekeeping_result *out);

#endif
