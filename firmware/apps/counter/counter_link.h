/* counter_link.h — what a counter board asks the hub, and what the answers mean for it. */
#ifndef CIVIQ_APPS_COUNTER_LINK_H
#define CIVIQ_APPS_COUNTER_LINK_H

#include <stdatomic.h>

#include "apps/counter/counter_config.h"

enum counter_action {
	COUNTER_NEXT,    /* POST /api/v1/counters/{c}/call-next */
	COUNTER_RECALL,  /* POST /api/v1/counters/{c}/recall */
	COUNTER_CURRENT, /* GET /api/v1/counters/{c}/current */
};

enum counter_outcome {
	COUNTER_TICKET,   /* a ticket is at the counter: number, id */
	COUNTER_EMPTY,    /* nothing waits (call-next 204) or nothing is called (current 204,
	                     recall 409 no_current_ticket) */
	COUNTER_PAUSED,   /* call-next at a paused counter (409 counter_paused) */
	COUNTER_REJECTED, /* the hub said no for good: 401, 403, 404, other 4xx (status) */
	COUNTER_FAILED,   /* no answer, or 5xx: worth retrying */
};

struct counter_result {
	enum counter_outcome outcome;
	long long id;    /* ticket id for COUNTER_TICKET */
	char number[32]; /* "A 042" for COUNTER_TICKET */
	long status;     /* HTTP status, 0 when none arrived */
	int err;         /* negative errno of a failed request, else 0 */
	int reached;     /* COUNTER_FAILED: the request may have reached the hub (timeout, 5xx),
	                    so a retried call-next must first look at the current ticket */
};

/* One request; never blocks longer than c->timeout_ms (or about a second after *cancel). */
void counter_link_do(const struct counter_config *c, enum counter_action a,
                     const atomic_bool *cancel, struct counter_result *out);

#endif
