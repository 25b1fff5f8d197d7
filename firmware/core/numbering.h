/* numbering.h — per-service daily ticket numbers, leased kiosk blocks, labels, service days.
 *
 * Pure arithmetic: the caller (the hub's store) knows which numbers are live today and passes
 * a predicate; core never sees a clock or a time zone. Errors are negative errno values.
 */
#ifndef CIVIQ_CORE_NUMBERING_H
#define CIVIQ_CORE_NUMBERING_H

#include <stdbool.h>
#include <stddef.h>

#define NUMBER_MAX 9999 /* the largest number a range may contain (four digits on a ticket) */

struct number_range {
	int first; /* inclusive, e.g. 1..999 */
	int last;
};

struct number_block {
	int first; /* a block leased to a kiosk, inclusive */
	int last;
};

/* Is `number` unavailable (held by a live ticket of the same day, or inside a leased block)? */
typedef bool (*number_taken_fn)(void *ctx, int number);

/* 0, or -EINVAL unless 1 <= first <= last <= NUMBER_MAX. */
int numbering_validate_range(const struct number_range *r);

/* Next number after `last_issued` (0 = none yet today) in the range, wrapping around from last
 * to first, skipping taken numbers. A `last_issued` outside the range starts at r->first.
 * Returns the number, -ENOSPC when every number of the range is taken, -EINVAL for a bad range
 * or a NULL predicate. */
int numbering_next(const struct number_range *r, int last_issued, number_taken_fn taken, void *ctx);

/* Lease a contiguous block of `size` free numbers: the first block [s, s+size-1] inside the
 * range whose start s comes first in the order numbering_next uses (after `last_issued`,
 * wrapping). A block never wraps from last to first. The block's numbers are then "taken" for
 * the hub (the caller's predicate must say so) until handed back; the caller should also treat
 * out->last as its new last_issued so the hub's own numbers continue after the block.
 * Returns 0, -ENOSPC if no such block, -EINVAL for a bad range or size < 1. */
int numbering_lease_block(const struct number_range *r, int last_issued, int size,
                          number_taken_fn taken, void *ctx, struct number_block *out);

/* "A 042": prefix, space, number zero-padded to the width of r->last ("042" for 1..999).
 * A prefix of '\0' gives the number alone. The prefix must be printable ASCII, not a space.
 * Returns the label's length, -EINVAL (number outside the range, bad range or prefix) or
 * -ENOSPC (out too small; TICKET_LABEL_MAX is always enough). */
int ticket_format_label(char prefix, int number, const struct number_range *r, char *out,
                        size_t outlen);

/* Service days: the caller converts Unix time to the Europe/Berlin local date (localtime_r)
 * and core counts civil days, so a day is a calendar date and never a 86400-second step
 * (DST-safe). Proleptic Gregorian calendar; month 1..12, mday 1..31. */
int service_day_from_local(int year, int month, int mday);
void service_day_to_civil(int day, int *y, int *m, int *d);
/* Does the civil date exist (month 1..12, day within the month, leap years respected)? */
bool civil_date_valid(int year, int month, int mday);

#endif
