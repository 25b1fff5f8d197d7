/* stats.h — a day's figures for the supervisor: per service and in total, tickets, walk-ins and
 * appointments, wait (arrival to call: median, 90th percentile), handling (start of service, or
 * the call when "arrived" was not pressed, to finish: median, mean) and the no-show rate
 * (no-shows among finished + no-shows). A transferred ticket counts in the service it ended in.
 * Only counts and durations: no numbers, no names. */
#ifndef CIVIQ_HUB_STATS_H
#define CIVIQ_HUB_STATS_H

#include <stdio.h>

#include <cjson/cJSON.h>

#include "hub/readers.h"

/* {"day":"YYYY-MM-DD","services":[row...],"total":row}; NULL on a database error. */
cJSON *stats_day_json(struct hub_reader *r, int day);
/* The same as CSV: one row per service, then "total". Returns 0 or a negative errno. */
int stats_day_csv(struct hub_reader *r, int day, FILE *out);
/* Nearest-rank percentile (0 < p <= 100) of n sorted values; -1 when n is 0. */
long stats_percentile(const long *sorted, size_t n, int p);

#endif
