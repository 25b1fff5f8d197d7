#include "hub/hub_errors.h"

#include <errno.h>

static const struct hub_error_info table[HUB_E_LAST - HUB_E_BASE] = {
	[HUB_E_TICKET_NOT_FOUND - HUB_E_BASE] = { 404, "ticket_not_found", "No such ticket." },
	[HUB_E_UNKNOWN_SERVICE -
	    HUB_E_BASE] = { 422, "unknown_service", "The service does not exist." },
	[HUB_E_SERVICE_INACTIVE - HUB_E_BASE] = { 409, "service_inactive",
	                                          "The service takes no tickets at the moment." },
	[HUB_E_NUMBERS_EXHAUSTED - HUB_E_BASE] = { 503, "numbers_exhausted",
	                                           "Every number of the service is in use today." },
	[HUB_E_UNKNOWN_COUNTER -
	    HUB_E_BASE] = { 404, "unknown_counter", "The counter does not exist." },
	[HUB_E_COUNTER_PAUSED -
	    HUB_E_BASE] = { 409, "counter_paused", "The counter is paused; resume it first." },
	[HUB_E_INVALID_TRANSITION -
	    HUB_E_BASE] = { 409, "invalid_transition",
	                    "The ticket's status does not allow this action." },
	[HUB_E_NO_CURRENT_TICKET -
	    HUB_E_BASE] = { 409, "no_current_ticket", "The counter has no called ticket." },
	[HUB_E_BOOKING_NOT_FOUND -
	    HUB_E_BASE] = { 404, "booking_not_found", "No booking for today matches." },
	[HUB_E_ALREADY_CHECKED_IN -
	    HUB_E_BASE] = { 409, "already_checked_in", "The booking is already checked in." },
	[HUB_E_AMBIGUOUS_IDENTITY -
	    HUB_E_BASE] = { 409, "ambiguous_identity",
	                    "More than one booking matches; check in with the booking code." },
	[HUB_E_TOO_EARLY -
	    HUB_E_BASE] = { 422, "too_early", "Check-in for this appointment has not opened yet." },
	[HUB_E_TOO_LATE -
	    HUB_E_BASE] = { 422, "too_late", "Check-in for this appointment has closed." },
	[HUB_E_BOOKING_CANCELLED -
	    HUB_E_BASE] = { 409, "booking_cancelled", "The booking was cancelled." },
	[HUB_E_NO_LEASE -
	    HUB_E_BASE] = { 409, "no_lease", "The kiosk holds no number block for the service." },
	[HUB_E_NUMBER_NOT_LEASED -
	    HUB_E_BASE] = { 422, "number_not_leased",
	                    "The number is not in a block leased to this kiosk." },
	[HUB_E_NO_DAY_KEY -
	    HUB_E_BASE] = { 503, "no_day_key", "Today's check-in key is not available." },
	[HUB_E_CONFIG_READ_ONLY -
	    HUB_E_BASE] = { 503, "config_read_only",
	                    "The hub's configuration file cannot be written on this board." },
	[HUB_E_LOGIN_TAKEN - HUB_E_BASE] = { 409, "login_taken", "That login is already taken." },
	[HUB_E_UNKNOWN_LOGIN - HUB_E_BASE] = { 404, "unknown_login", "No such staff account." },
	[HUB_E_OWN_ACCOUNT -
	    HUB_E_BASE] = { 409, "own_account", "Supervisors cannot disable their own account." },
};

struct hub_error_info hub_error_info(int rc)
{
	int e = -rc;

	if (e > HUB_E_BASE && e < HUB_E_LAST && table[e - HUB_E_BASE].code)
		return table[e - HUB_E_BASE];
	if (e == EBUSY || e == EIO || e == ENOSPC || e == ESHUTDOWN)
		return (struct hub_error_info){ 503, "storage_unavailable",
			                        "The hub could not store the change; try again." };
	return (struct hub_error_info){ 500, "internal_error", "Internal error." };
}
