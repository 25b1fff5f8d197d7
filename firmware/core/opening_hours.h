/* opening_hours.h — when the office is open: "HH:MM-HH:MM[, HH:MM-HH:MM ...]" in local time,
 * the same every day (e.g. "07:30-12:00, 13:00-18:00"). Used by the hub's [hub] opening_hours,
 * which it hands to the displays, and by a display's own override. */
#ifndef CIVIQ_CORE_OPENING_HOURS_H
#define CIVIQ_CORE_OPENING_HOURS_H

/* Whether `minute_of_day` (0..1439) lies in one of the ranges: 1 open, 0 closed, -EINVAL for a
 * malformed spec. An empty spec is always open. */
int opening_hours_open(const char *spec, int minute_of_day);

#endif
