/* checkin.c — the check-in window around an appointment's start. */
#include "core/checkin.h"

void checkin_window_defaults(struct checkin_window_config *cfg)
{
	cfg->early_s = CHECKIN_EARLY_DEFAULT_S;
	cfg->late_s = CHECKIN_LATE_DEFAULT_S;
}

enum checkin_window checkin_window_check(int64_t start, int64_t now, int early_s, int late_s)
{
	if (now < start - early_s)
		return CHECKIN_TOO_EARLY;
	if (now > start + late_s)
		return CHECKIN_TOO_LATE;
	return CHECKIN_OK;
}

const char *checkin_window_name(enum checkin_window w)
{
	switch (w) {
	case CHECKIN_OK:
		return "ok";
	case CHECKIN_TOO_EARLY:
		return "too_early";
	case CHECKIN_TOO_LATE:
		return "too_late";
	}
	return "unknown";
}
