/* portal_json.h — civiq's portal format (docs/portal-api.md): a bookings page in, an event out.
 *
 * A page that is not one JSON object with a "bookings" array and a "cursor" string is refused
 * as a whole (-EBADMSG): it may be truncated, and its cursor cannot be trusted. Within a good
 * page each record is checked on its own and a bad one is skipped and counted by reason; its
 * content is never logged.
 */
#ifndef CIVIQ_SYNC_PORTAL_JSON_H
#define CIVIQ_SYNC_PORTAL_JSON_H

#include <stddef.h>
#include <stdint.h>

#include "sync/portal_adapter.h"

/* Bookings must lie within this window around now: older ones are history, later ones absurd. */
#define PORTAL_PAST_S    (2 * 86400)
#define PORTAL_FUTURE_S  (400 * 86400)
#define PORTAL_LONGEST_S (12 * 3600) /* an appointment longer than this is absurd */

/* Parses body (len bytes) into page, checking times against now_s. 0, -EBADMSG or -ENOMEM. */
int portal_json_parse_page(const char *body, size_t len, int64_t now_s, struct portal_page *page);

/* The code of an error answer {"error":"<code>"} into out (size bytes), for the log: 0, or
 * -EBADMSG when body is no such object or the code is not 1..47 of [A-Za-z0-9_.-] (anything
 * else could carry personal data and is never logged). */
#define PORTAL_ERROR_CODE_MAX 48
int portal_json_error_code(const char *body, size_t len, char *out, size_t size);

/* {"booking":..,"type":..,"at":"...Z"}, malloc'd; NULL when out of memory. */
char *portal_json_event(const struct portal_event *ev);

#endif
