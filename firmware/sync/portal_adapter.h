/* portal_adapter.h — what the sync needs from a booking portal, whatever its API looks like.
 *
 * An adapter pulls pages of bookings after a cursor and pushes one status event at a time. The
 * sync owns cursors, retries, the outbox and the database; an adapter only speaks HTTP and its
 * portal's format. civiq's own contract (docs/portal-api.md) is portal_adapter_civiq_new.
 *
 * Results: 0, or
 *   -ESTALE     the portal no longer knows the cursor (410): pull again from the start
 *   -EAGAIN     try later: network failure, timeout, 5xx, 429, a malformed or truncated page,
 *               an answer too large (reply->error says which); reply->retry_after_s set when
 *               the portal said when
 *   -EACCES     the portal refused our token (401/403): try later, an operator must act
 *   -EREMOTEIO  the portal refused this event for good (other 4xx): do not send it again
 */
#ifndef CIVIQ_SYNC_PORTAL_ADAPTER_H
#define CIVIQ_SYNC_PORTAL_ADAPTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hub/checkin_ops.h"
#include "hub/hub_config.h"

#define PORTAL_CURSOR_MAX 512

/* Why records of a page were skipped; each reason is a label of a metric. */
enum portal_skip {
	PORTAL_SKIP_NOT_OBJECT,
	PORTAL_SKIP_MISSING_FIELD,
	PORTAL_SKIP_WRONG_TYPE,
	PORTAL_SKIP_BAD_TIME,
	PORTAL_SKIP_ABSURD_TIME,
	PORTAL_SKIP_BAD_STATUS,
	PORTAL_SKIP_UNKNOWN_SERVICE,
	PORTAL_SKIP_DUPLICATE_CODE,
	PORTAL_SKIP_DUPLICATE_ID, /* an earlier record of the same id in one page */
	PORTAL_SKIP_N
};
const char *portal_skip_name(enum portal_skip why);

struct portal_page {
	struct hub_booking *bookings; /* personal data: portal_page_clear wipes it */
	size_t n, cap;
	char cursor[PORTAL_CURSOR_MAX];
	bool more;
	unsigned skipped[PORTAL_SKIP_N];
	/* Skipped records still name bookings the portal has: their ids, and how many had none
	 * that could be read. A full resync needs both to tell a missing booking from a bad one. */
	char (*skipped_ids)[64];
	size_t n_skipped_ids;
	unsigned unnamed;
};
void portal_page_clear(struct portal_page *p);

struct portal_event {
	int64_t id; /* outbox row */
	char booking[64];
	char type[16]; /* checked_in, called, finished, no_show */
	int64_t at_ms;
	char key[128]; /* Idempotency-Key: the same on every attempt */
};

struct portal_reply {
	long status;       /* HTTP status, 0 when none arrived */
	int retry_after_s; /* from Retry-After, -1 if absent */
	int error;         /* what failed below the status: 0, a portal_http_request error, or
	                      -EBADMSG for a page that could not be read */
};

struct portal_adapter_ops {
	const char *name;
	/* Fills page (cleared before) with the bookings after cursor ("" = from the start). */
	int (*pull)(void *ctx, const char *cursor, struct portal_page *page,
	            struct portal_reply *reply);
	int (*push)(void *ctx, const struct portal_event *ev, struct portal_reply *reply);
	void (*free)(void *ctx);
};

struct portal_adapter {
	const struct portal_adapter_ops *ops;
	void *ctx;
};

/* civiq's portal contract over HTTPS; cfg must outlive the adapter. */
int portal_adapter_civiq_new(const struct hub_portal_config *cfg, struct portal_adapter *out);

static inline void portal_adapter_free(struct portal_adapter *a)
{
	if (a->ops && a->ops->free)
		a->ops->free(a->ctx);
	a->ops = NULL;
	a->ctx = NULL;
}

#endif
