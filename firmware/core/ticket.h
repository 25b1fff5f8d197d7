/* ticket.h — the queue's data model: services, tickets, counters. Pure data, no I/O.
 *
 * Times are Unix seconds (int64_t). A "service day" is the local calendar day in
 * Europe/Berlin, given to core as an integer (days since 1970-01-01 in local time) by the
 * caller, who owns the clock and the time zone; core never reads either.
 */
#ifndef CIVIQ_CORE_TICKET_H
#define CIVIQ_CORE_TICKET_H

#include <stdbool.h>
#include <stdint.h>

#define SERVICE_ID_MAX   32 /* ids are short ASCII slugs: "meldewesen" */
#define TICKET_LABEL_MAX 12 /* "A 042" and the like, NUL included */
#define PRIORITY_MAX     2

enum ticket_status {
	TICKET_WAITING = 0,
	TICKET_CALLED,
	TICKET_SERVING,
	TICKET_FINISHED,
	TICKET_NO_SHOW,
	TICKET_PARKED,
	TICKET_CANCELLED,
};

enum ticket_kind {
	TICKET_WALK_IN = 0,
	TICKET_APPOINTMENT,
};

struct ticket {
	int64_t id;                   /* store row id; 0 before it is stored */
	char service[SERVICE_ID_MAX]; /* service id */
	char prefix;                  /* display letter of the service at issue time */
	int number;                   /* number within the service's daily range */
	int day;                      /* service day the number belongs to */
	enum ticket_kind kind;
	int priority; /* 0..PRIORITY_MAX, higher is served first */
	enum ticket_status status;
	int64_t arrival;   /* when the citizen joined the queue; kept across transfers */
	int64_t due;       /* appointment start, 0 for walk-ins */
	int64_t called_at; /* last call, 0 if never */
	int calls;         /* how many times it was called (recalls count) */
	int overtaken;     /* how often a later arrival was called before it */
	int counter;       /* counter that called it, 0 if none */
};

/* Live tickets hold their number: it is never handed out again the same day while they live. */
static inline bool ticket_status_is_live(enum ticket_status s)
{
	return s == TICKET_WAITING || s == TICKET_CALLED || s == TICKET_SERVING ||
	       s == TICKET_PARKED;
}

/* "waiting", "called", ... as used in the API; NULL for an unknown value. */
const char *ticket_status_name(enum ticket_status s);
/* Parses an API name; returns 0 or -EINVAL. */
int ticket_status_parse(const char *name, enum ticket_status *out);

#endif
