/* wall_clock.h — the time of day the programs act on (tickets, days, leases, check-in windows).
 *
 * Real time, shifted forward by CIVIQ_TIME_OFFSET_S seconds when that is set: tests and demos run
 * the hub and the kiosk at a chosen time of day without touching the machine's clock. Every
 * program that must agree on "today" reads this clock; timeouts and intervals use
 * CLOCK_MONOTONIC instead. */
#ifndef CIVIQ_COMMON_WALL_CLOCK_H
#define CIVIQ_COMMON_WALL_CLOCK_H

#include <stdint.h>

/* Milliseconds since the Unix epoch. */
int64_t wall_clock_ms(void);
/* Seconds since the Unix epoch. */
int64_t wall_clock_s(void);

#endif
