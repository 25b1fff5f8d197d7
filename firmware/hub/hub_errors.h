/* hub_errors.h — the hub's domain errors and how the API answers them.
 *
 * Operations return 0, a negative errno for system failures, or a negative enum hub_error for
 * a refusal the client can act on. Each has one HTTP status, one snake_case code (listed in
 * docs/hub-api.md) and one sentence.
 */
#ifndef CIVIQ_HUB_HUB_ERRORS_H
#define CIVIQ_HUB_HUB_ERRORS_H

enum hub_error {
	HUB_E_BASE = 1000, /* above every errno value */
	HUB_E_TICKET_NOT_FOUND,
	HUB_E_UNKNOWN_SERVICE,
	HUB_E_SERVICE_INACTIVE,
	HUB_E_NUMBERS_EXHAUSTED,
	HUB_E_UNKNOWN_COUNTER,
	HUB_E_COUNTER_PAUSED,
	HUB_E_INVALID_TRANSITION,
	HUB_E_NO_CURRENT_TICKET,
	HUB_E_BOOKING_NOT_FOUND,
	HUB_E_ALREADY_CHECKED_IN,
	HUB_E_AMBIGUOUS_IDENTITY,
	HUB_E_TOO_EARLY,
	HUB_E_TOO_LATE,
	HUB_E_BOOKING_CANCELLED,
	HUB_E_NO_LEASE,
	HUB_E_NUMBER_NOT_LEASED,
	HUB_E_NO_DAY_KEY,
	HUB_E_CONFIG_READ_ONLY,
	HUB_E_LOGIN_TAKEN,
	HUB_E_UNKNOWN_LOGIN,
	HUB_E_OWN_ACCOUNT,
	HUB_E_LAST,
};

struct hub_error_info {
	int status;          /* HTTP status */
	const char *code;    /* snake_case */
	const char *message; /* one sentence */
};

/* The answer for an operation's negative result (errno values map to 500/503). */
struct hub_error_info hub_error_info(int rc);

#endif
