/* checkin.h — may an appointment be checked in now? */
#ifndef CIVIQ_CORE_CHECKIN_H
#define CIVIQ_CORE_CHECKIN_H

#include <stdint.h>

#define CHECKIN_EARLY_DEFAULT_S 1800
#define CHECKIN_LATE_DEFAULT_S  600

enum checkin_window {
	CHECKIN_OK,
	CHECKIN_TOO_EARLY,
	CHECKIN_TOO_LATE,
};

struct checkin_window_config {
	int early_s; /* check-in opens this long before the start (default 1800) */
	int late_s;  /* and closes this long after it (default 600) */
};

void checkin_window_defaults(struct checkin_window_config *cfg);

/* OK when start - early_s <= now <= start + late_s (both edges included). */
enum checkin_window checkin_window_check(int64_t start, int64_t now, int early_s, int late_s);

/* "ok", "too_early", "too_late". */
const char *checkin_window_name(enum checkin_window w);

#endif
