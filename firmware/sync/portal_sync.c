/* portal_sync.c — one pull, one outbox delivery: the sync's rounds, without the pacing. */
#include "sync/portal_sync.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/log.h"
#include "store/store.h"
#include "sync/sync_internal.h"

#define MAX_PAGES 100000 /* per pull: a portal that keeps saying "more" is stopped */

/* The label of civiq_portal_errors_total for a failed request; NULL when it did not fail. */
static const char *error_name(int rc, const struct portal_reply *r)
{
	if (rc == 0)
		return NULL;
	switch (r->error) {
	case 0:
		break;
	case -ECONNREFUSED:
	case -EHOSTUNREACH:
		return "unreachable";
	case -ETIMEDOUT:
		return "timeout";
	case -EPROTO:
		return "tls";
	case -EFBIG:
		return "too_large";
	case -ECONNRESET:
		return "truncated";
	case -EBADMSG:
		return "malformed";
	default:
		return "other";
	}
	if (r->status == 401 || r->status == 403)
		return "unauthorized";
	if (r->status == 410)
		return "cursor_expired";
	if (r->status == 429)
		return "too_many_requests";
	return r->status >= 500 ? "server_error" : r->status >= 400 ? "refused" : "other";
}

void sync_note_result(struct portal_sync *s, const char *kind, int rc,
                      const struct portal_reply *reply)
{
	const char *state = rc == 0 || rc == -EREMOTEIO ? "ok" : "offline";
	const char *error = error_name(rc, reply);

	if (s->p.state)
		__atomic_store_n(s->p.state, state, __ATOMIC_RELEASE);
	metric_inc(metrics_counter(s->p.metrics, "civiq_portal_requests_total",
	                           "Requests to the portal by kind and result.", "kind", kind,
	                           "result",
	                           rc == 0            ? "ok"
	                           : rc == -EREMOTEIO ? "refused"
	                                              : "failed"));
	if (error)
		metric_inc(metrics_counter(s->p.metrics, "civiq_portal_errors_total",
		                           "Failed requests to the portal by kind and what failed.",
		                           "kind", kind, "error", error));
	metric_set(metrics_gauge(s->p.metrics, "civiq_portal_up",
	                         "1 while the last request to the portal succeeded.", NULL, NULL,
	                         NULL, NULL),
	           strcmp(state, "ok") == 0);
}

/* Maps the portal's service ids to the hub's and drops bookings of services the hub lacks. */
static void map_services(struct portal_sync *s, struct portal_page *pg)
{
	const struct hub_portal_config *cfg = s->p.cfg;
	size_t kept = 0;

	for (size_t i = 0; i < pg->n; i++) {
		struct hub_booking *b = &pg->bookings[i];
		for (int m = 0; m < cfg->n_service_map; m++) {
			if (!strcmp(b->service, cfg->service_map[m].portal)) {
				snprintf(b->service, sizeof(b->service), "%s",
				         cfg->service_map[m].hub);
				break;
			}
		}
		if (s->p.hub && !hub_config_service(s->p.hub, b->service)) {
			pg->skipped[PORTAL_SKIP_UNKNOWN_SERVICE]++;
			continue;
		}
		if (kept != i)
			pg->bookings[kept] = *b;
		kept++;
	}
	pg->n = kept;
}

static void count_page(struct portal_sync *s, const struct portal_page *pg,
                       const struct sync_apply_result *r)
{
	unsigned skipped = 0;

	for (int i = 0; i < PORTAL_SKIP_N; i++) {
		unsigned n = pg->skipped[i] +
		             (i == PORTAL_SKIP_DUPLICATE_CODE ? (unsigned)r->duplicate_codes : 0);
		if (!n)
			continue;
		skipped += n;
		metric_add(metrics_counter(s->p.metrics, "civiq_portal_records_skipped_total",
		                           "Booking records of the portal skipped, by reason.",
		                           "reason", portal_skip_name((enum portal_skip)i), NULL,
		                           NULL),
		           n);
	}
	if (skipped)
		log_warning(
		    "portal: %u booking records skipped (see civiq_portal_records_skipped_total)",
		    skipped);
	metric_add(metrics_counter(s->p.metrics, "civiq_portal_bookings_synced_total",
	                           "Bookings stored from the portal.", NULL, NULL, NULL, NULL),
	           r->stored);
	s->stats.pages++;
	s->stats.bookings += (uint64_t)r->stored;
	s->stats.skipped += skipped;
	s->stats.tickets_cancelled += (uint64_t)r->tickets_cancelled;
	s->stats.tickets_moved += (uint64_t)r->tickets_moved;
	if (r->tickets_cancelled || r->tickets_moved)
		log_notice("portal: %d waiting tickets cancelled, %d moved with their bookings",
		           r->tickets_cancelled, r->tickets_moved);
}

/* Every booking id a full resync has seen, good records and skipped ones. */
struct seen_ids {
	char (*id)[64];
	size_t n, cap;
	unsigned unnamed; /* skipped records without a readable id */
};

static int seen_add(struct seen_ids *seen, const char *id)
{
	if (seen->n == seen->cap) {
		size_t cap = seen->cap ? 2 * seen->cap : 1024;
		char(*ids)[64] = realloc(seen->id, cap * sizeof(*ids));
		if (!ids)
			return -ENOMEM;
		seen->id = ids;
		seen->cap = cap;
	}
	snprintf(seen->id[seen->n++], sizeof(*seen->id), "%s", id);
	return 0;
}

static int seen_page(struct seen_ids *seen, const struct portal_page *pg)
{
	int rc = 0;

	for (size_t i = 0; i < pg->n && rc == 0; i++)
		rc = seen_add(seen, pg->bookings[i].id);
	for (size_t i = 0; i < pg->n_skipped_ids && rc == 0; i++)
		rc = seen_add(seen, pg->skipped_ids[i]);
	seen->unnamed += pg->unnamed;
	return rc;
}

static int by_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* A complete full resync is the portal's whole list: what it lacks was withdrawn, unless a
 * record without a readable id might have been it. */
static void withdraw_missing(struct portal_sync *s, struct seen_ids *seen)
{
	struct sync_apply_result r;
	int rc;

	if (seen->unnamed) {
		log_warning("portal: full resync had %u records without a readable id; no booking "
		            "missing from it is taken as withdrawn",
		            seen->unnamed);
		return;
	}
	if (seen->n)
		qsort(seen->id, seen->n, sizeof(*seen->id), by_id);
	rc = sync_store_withdraw_missing(s->p.writer, (const char(*)[64])seen->id, seen->n,
	                                 (int64_t)time(NULL), &r);
	if (rc) {
		log_err("portal: cannot withdraw missing bookings: %s", strerror(-rc));
		return;
	}
	metric_add(metrics_counter(s->p.metrics, "civiq_portal_bookings_withdrawn_total",
	                           "Bookings missing from a full resync, taken as cancelled.", NULL,
	                           NULL, NULL, NULL),
	           r.withdrawn);
	if (!r.withdrawn)
		return;
	s->stats.withdrawn += (uint64_t)r.withdrawn;
	s->stats.tickets_cancelled += (uint64_t)r.tickets_cancelled;
	log_notice("portal: %d bookings missing from the full resync taken as cancelled, %d "
	           "waiting tickets with them",
	           r.withdrawn, r.tickets_cancelled);
}

int portal_sync_pull(struct portal_sync *s, struct portal_reply *reply)
{
	const struct portal_adapter *a = &s->p.adapter;
	struct seen_ids seen = { 0 };
	bool resynced = false, full = !s->cursor[0], complete = false;
	int rc = 0;

	for (int pages = 0; pages < MAX_PAGES; pages++) {
		struct sync_apply_result r;
		*reply = (struct portal_reply){ 0, -1, 0 };
		rc = a->ops->pull(a->ctx, s->cursor, &s->page, reply);
		if (rc != -ESTALE)
			sync_note_result(s, "pull", rc, reply);
		if (rc == -ESTALE && !resynced && s->cursor[0]) {
			log_notice("portal: cursor rejected, full resync");
			metric_inc(
			    metrics_counter(s->p.metrics, "civiq_portal_resyncs_total",
			                    "Full resyncs after the portal rejected the cursor.",
			                    NULL, NULL, NULL, NULL));
			s->stats.resyncs++;
			s->cursor[0] = '\0';
			resynced = full = true;
			seen.n = seen.unnamed = 0;
			pages = -1;
			continue;
		}
		if (rc == -ESTALE)
			rc = -EAGAIN;
		if (rc)
			break;
		if (full && (rc = seen_page(&seen, &s->page)))
			break;
		map_services(s, &s->page);
		rc = sync_store_apply(s->p.writer, &s->page, s->page.cursor, &r);
		if (rc) {
			log_err("portal: cannot store bookings: %s", strerror(-rc));
			break;
		}
		count_page(s, &s->page, &r);
		bool again = s->page.more && strcmp(s->cursor, s->page.cursor) != 0;
		if (s->page.more && !again)
			log_warning("portal: page says more but the cursor did not move; stopped");
		complete = !s->page.more;
		snprintf(s->cursor, sizeof(s->cursor), "%s", s->page.cursor);
		portal_page_clear(&s->page);
		if (!again)
			break;
	}
	portal_page_clear(&s->page);
	if (rc == 0 && full && complete)
		withdraw_missing(s, &seen);
	free(seen.id);
	return rc;
}

int portal_sync_deliver(struct portal_sync *s, struct portal_reply *reply)
{
	struct portal_event ev[SYNC_BATCH];
	int64_t done[SYNC_BATCH], refused[SYNC_BATCH];
	size_t nd = 0, nr = 0;
	int n = sync_store_outbox_next(s->ro, s->instance, ev, SYNC_BATCH), rc = 0;

	*reply = (struct portal_reply){ 0, -1, 0 };
	if (n <= 0)
		return n;
	/* In order and stopping at the first failure: a booking's events never overtake. */
	for (int i = 0; i < n; i++) {
		rc = s->p.adapter.ops->push(s->p.adapter.ctx, &ev[i], reply);
		sync_note_result(s, "event", rc, reply);
		if (rc == 0) {
			done[nd++] = ev[i].id;
		} else if (rc == -EREMOTEIO) {
			log_warning("portal: event %s (outbox %lld) refused with %ld; dropped",
			            ev[i].type, (long long)ev[i].id, reply->status);
			refused[nr++] = ev[i].id;
		} else {
			break;
		}
	}
	int mrc = sync_store_outbox_done(s->p.writer, done, nd, refused, nr);
	if (mrc)
		log_err("portal: cannot mark delivered events: %s", strerror(-mrc));
	s->stats.delivered += nd;
	s->stats.refused += nr;
	metric_add(metrics_counter(s->p.metrics, "civiq_portal_events_delivered_total",
	                           "Status events the portal accepted.", NULL, NULL, NULL, NULL),
	           (double)nd);
	if (nr)
		metric_add(metrics_counter(s->p.metrics, "civiq_portal_events_refused_total",
		                           "Status events the portal refused for good.", NULL, NULL,
		                           NULL, NULL),
		           (double)nr);
	metric_set(metrics_gauge(s->p.metrics, "civiq_portal_outbox_pending",
	                         "Status events waiting for the portal.", NULL, NULL, NULL, NULL),
	           sync_store_outbox_pending(s->ro));
	if (rc && rc != -EREMOTEIO)
		return rc;
	return (int)(nd + nr);
}

int portal_sync_new(const struct portal_sync_params *p, struct portal_sync **out)
{
	struct portal_sync *s = calloc(1, sizeof(*s));
	char err[STORE_ERROR_MAX];
	int rc;

	if (!s)
		return -ENOMEM;
	s->p = *p;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	if (!s->p.adapter.ops && (rc = portal_adapter_civiq_new(p->cfg, &s->p.adapter)))
		goto fail;
	rc = store_open(p->database, STORE_OPEN_READONLY | STORE_OPEN_NO_CHECK, &s->ro, err,
	                sizeof(err));
	if (rc) {
		log_err("portal: %s", err);
		goto fail;
	}
	rc = sync_store_prepare(p->writer, s->cursor, sizeof(s->cursor), s->instance);
	if (rc)
		goto fail;
	if (s->p.state)
		__atomic_store_n(s->p.state, "offline", __ATOMIC_RELEASE);
	*out = s;
	return 0;
fail:
	portal_sync_free(s);
	return rc;
}

void portal_sync_get_stats(struct portal_sync *s, struct portal_sync_stats *out)
{
	pthread_mutex_lock(&s->lock);
	*out = s->stats;
	pthread_mutex_unlock(&s->lock);
}
