#include "hub/hub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "common/log.h"
#include "common/wall_clock.h"
#include "core/numbering.h"
#include "hub/api.h"
#include "hub/api_staff.h"
#include "hub/queue_snapshot.h"
#include "hub/site_ops.h"
#include "hub/staff.h"
#include "hub/ticker.h"
#include "store/store.h"

#define READERS    4
#define EVENT_RING 1024

static const struct hub_portal_ops *portal_ops;

void hub_set_portal_ops(const struct hub_portal_ops *ops)
{
	portal_ops = ops;
}

int64_t hub_now_ms(void)
{
	return wall_clock_ms();
}

int hub_day_of(int64_t unix_s)
{
	time_t t = (time_t)unix_s;
	struct tm tm;

	localtime_r(&t, &tm);
	return service_day_from_local(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static int64_t clock_now(void *ctx)
{
	(void)ctx;
	return hub_now_ms();
}

static int clock_day(void *ctx, int64_t unix_s)
{
	(void)ctx;
	return hub_day_of(unix_s);
}

struct hub_query_ctx hub_query_begin(struct hub *h)
{
	/* Read before the reader's first query, so the data is at least as new as the generation.
	 */
	uint64_t generation = hub_writer_generation(h->writer);
	int64_t now = hub_now_ms() / 1000;
	return (struct hub_query_ctx){ .r = hub_reader_acquire(h->readers),
		                       .cache = h->snapshots,
		                       .generation = generation,
		                       .day = hub_day_of(now),
		                       .now = now,
		                       .policy = &h->cfg.policy };
}

void hub_query_end(struct hub *h, struct hub_query_ctx *q)
{
	hub_reader_release(h->readers, q->r);
	q->r = NULL;
}

static void publish(void *ctx, uint64_t id, const char *type, const char *data, int64_t at_ms)
{
	struct hub *h = ctx;
	event_bus_publish(h->bus, id, type, data, at_ms);
}

static int backfill(void *ctx, uint64_t after, struct event *out, size_t max)
{
	struct hub *h = ctx;
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int n = hub_query_events(r, after, out, max);
	hub_reader_release(h->readers, r);
	return n;
}

/* Pre-loads the ring with today's latest events so resuming clients are served from memory. */
static void prime_bus(struct hub *h)
{
	struct hub_reader *r = hub_reader_acquire(h->readers);
	uint64_t last = hub_query_last_event(r);
	uint64_t from = last > EVENT_RING ? last - EVENT_RING : 0;
	struct event batch[64];
	int n;

	while ((n = hub_query_events(r, from, batch, 64)) > 0) {
		for (int i = 0; i < n; i++) {
			event_bus_publish(h->bus, batch[i].id, batch[i].type, batch[i].data,
			                  batch[i].at);
			from = batch[i].id;
			event_clear(&batch[i]);
		}
	}
	hub_reader_release(h->readers, r);
}

static int open_all(struct hub *h, char *err, size_t errlen)
{
	struct hub_clock clock = { clock_now, clock_day, NULL };
	int rc = store_open(h->cfg.database, 0, &h->db, err, errlen);

	if (rc)
		return rc;
	rc = snapshot_cache_new(&h->snapshots);
	if (rc)
		return rc;
	rc = hub_readers_open(h->cfg.database, READERS, &h->readers, err, errlen);
	if (rc)
		return rc;
	rc = event_bus_new(EVENT_RING, backfill, h, &h->bus);
	if (rc)
		return rc;
	prime_bus(h);
	rc = hub_writer_start(h->db, &clock, publish, h, &h->writer);
	if (rc)
		return rc;
	rc = hub_apply_config(h->writer, &h->cfg);
	if (rc) {
		snprintf(err, errlen, "cannot apply the configuration to the database: %s",
		         strerror(rc < 0 && rc > -1000 ? -rc : EIO));
		return rc;
	}
	return 0;
}

int hub_start(struct hub *h, const char *config_path, const char *listen, const char *database,
              char *err, size_t errlen)
{
	int rc;

	memset(h, 0, sizeof(*h));
	h->started_at = hub_now_ms() / 1000;
	h->housekeeping_day = hub_day_of(h->started_at); /* hub_start does the first one */
	h->portal_state = "disabled";
	rc = hub_config_load(config_path, &h->cfg, err, errlen);
	if (rc)
		return rc;
	if (!realpath(config_path, h->config_path))
		snprintf(h->config_path, sizeof(h->config_path), "%s", config_path);
	if (listen)
		snprintf(h->cfg.listen, sizeof(h->cfg.listen), "%s", listen);
	if (database)
		snprintf(h->cfg.database, sizeof(h->cfg.database), "%s", database);
	setenv("TZ", h->cfg.timezone, 1);
	tzset();
	rc = open_all(h, err, errlen);
	if (rc) {
		hub_stop(h);
		return rc;
	}
	struct hub_housekeeping_result hk;
	if (hub_housekeeping(h->writer, &hk) == 0 && (hk.cancelled_tickets || hk.purged_bookings))
		log_notice("hub: day change: %d stale tickets cancelled, %d bookings purged",
		           hk.cancelled_tickets, hk.purged_bookings);
	hub_staff_housekeeping(h);
	rc = hub_staff_start(h);
	if (rc == 0)
		rc = metrics_new(&h->metrics);
	if (rc) {
		hub_stop(h);
		return rc;
	}
	struct http_server_config hc = {
		.listen = h->cfg.listen,
		.tls_cert_file = h->cfg.tls_cert[0] ? h->cfg.tls_cert : NULL,
		.tls_key_file = h->cfg.tls_key[0] ? h->cfg.tls_key : NULL,
		.routes = hub_routes,
		.n_routes = hub_n_routes,
		.authorize = hub_authorize,
		.auth_free = hub_auth_free,
		.ctx = h,
		.metrics_name = "civiq_http",
		.metrics = h->metrics,
	};
	if (!hc.tls_cert_file && strcmp(h->cfg.board, "sim") != 0)
		log_warning("hub: no tls_cert/tls_key configured: tokens cross the LAN in clear");
	rc = http_server_start(&hc, &h->http);
	if (rc) {
		snprintf(err, errlen, "cannot listen on %s: %s", h->cfg.listen, strerror(-rc));
		hub_stop(h);
		return rc;
	}
	if (h->cfg.portal.enabled && !portal_ops) {
		log_warning("hub: [portal] is configured but this build has no portal sync");
	} else if (h->cfg.portal.enabled) {
		rc = portal_ops->start(h, &h->portal, err, errlen);
		if (rc) {
			hub_stop(h);
			return rc;
		}
	}
	return 0;
}

void hub_stop(struct hub *h)
{
	if (h->bus)
		event_bus_close(h->bus);
	if (h->http)
		http_server_stop(h->http);
	if (h->portal && portal_ops)
		portal_ops->stop(h->portal);
	h->portal = NULL;
	hub_writer_stop(h->writer);
	hub_readers_close(h->readers);
	snapshot_cache_free(h->snapshots);
	event_bus_free(h->bus);
	if (h->db)
		store_close(h->db);
	metrics_free(h->metrics);
	hub_staff_stop(h);
	hub_config_free(&h->cfg);
	memset(h, 0, sizeof(*h));
}

/* A scheduled backup reads through a reader connection: one read transaction gives a
 * consistent copy and never holds up the writer. */
static void scheduled_backup(struct hub *h)
{
	char path[2048], err[STORE_ERROR_MAX];

	snprintf(path, sizeof(path), "%s/hub-backup.db", h->cfg.backup_dir);
	if (mkdir(h->cfg.backup_dir, 0750) && errno != EEXIST) {
		log_err("hub: backup directory %s: %s", h->cfg.backup_dir, strerror(errno));
		return;
	}
	struct hub_reader *r = hub_reader_acquire(h->readers);
	int rc = store_backup(r->db, path, err, sizeof(err));
	hub_reader_release(h->readers, r);
	if (rc)
		log_err("hub: backup failed: %s", err);
	else
		log_info("hub: backup written to %s", path);
}

void hub_tick(struct hub *h)
{
	int64_t now = hub_now_ms() / 1000;
	int day = hub_day_of(now);

	if (day != h->housekeeping_day) {
		struct hub_housekeeping_result hk;
		if (hub_housekeeping(h->writer, &hk) == 0)
			log_notice("hub: new day: %d stale tickets cancelled, %d bookings and %d "
			           "events purged",
			           hk.cancelled_tickets, hk.purged_bookings, hk.purged_events);
		hub_staff_housekeeping(h);
		h->housekeeping_day = day;
	}
	if (h->cfg.backup_dir[0] && now - h->last_backup >= h->cfg.backup_interval_s) {
		scheduled_backup(h);
		h->last_backup = now;
	}
}

const struct http_route hub_routes[] = {
	{ "GET", "/api/v1/health", api_health, ROUTE_PUBLIC },
	{ "GET", "/api/v1/services", api_services, ROUTE_KIOSK | ROUTE_STAFF | ROUTE_DISPLAY },
	{ "GET", "/api/v1/counters", api_counters, ROUTE_STAFF | ROUTE_DISPLAY },
	{ "POST", "/api/v1/tickets", api_ticket_create, ROUTE_KIOSK | ROUTE_STAFF },
	{ "GET", "/api/v1/tickets/{id}", api_ticket_get, ROUTE_KIOSK | ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/start", api_ticket_start, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/no-show", api_ticket_no_show, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/finish", api_ticket_finish, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/park", api_ticket_park, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/resume", api_ticket_resume, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/cancel", api_ticket_cancel, ROUTE_STAFF },
	{ "POST", "/api/v1/tickets/{id}/transfer", api_ticket_transfer, ROUTE_STAFF },
	{ "POST", "/api/v1/counters/{counter}/call-next", api_call_next, ROUTE_STAFF },
	{ "POST", "/api/v1/counters/{counter}/recall", api_recall, ROUTE_STAFF },
	{ "POST", "/api/v1/counters/{counter}/pause", api_counter_pause, ROUTE_STAFF },
	{ "POST", "/api/v1/counters/{counter}/resume", api_counter_resume, ROUTE_STAFF },
	{ "POST", "/api/v1/checkins", api_checkin, ROUTE_KIOSK },
	{ "GET", "/api/v1/checkins/key", api_checkin_key, ROUTE_KIOSK },
	{ "POST", "/api/v1/kiosks/{kiosk}/lease", api_lease, ROUTE_KIOSK },
	{ "POST", "/api/v1/kiosks/{kiosk}/handin", api_handin, ROUTE_KIOSK },
	{ "POST", "/api/v1/alerts", api_alert, ROUTE_KIOSK | ROUTE_DISPLAY },
	{ "GET", "/api/v1/queue", api_queue, ROUTE_STAFF },
	{ "GET", "/api/v1/display", api_display, ROUTE_DISPLAY | ROUTE_STAFF },
	{ "PUT", "/api/v1/display/ticker", api_display_ticker_put, ROUTE_STAFF },
	{ "GET", "/api/v1/events", api_events, ROUTE_DISPLAY | ROUTE_STAFF },
	{ "GET", "/metrics", api_metrics, ROUTE_OPS | ROUTE_STAFF },
	{ "GET", "/t/{public_id}", api_public_ticket, ROUTE_PUBLIC },
	/* the staff client (docs/staff.md) */
	{ "GET", "/staff", api_staff_page, ROUTE_PUBLIC },
	{ "GET", "/staff/{file}", api_staff_asset, ROUTE_PUBLIC },
	{ "POST", "/api/v1/session", api_session_create, ROUTE_PUBLIC },
	{ "GET", "/api/v1/session", api_session_get, ROUTE_STAFF },
	{ "DELETE", "/api/v1/session", api_session_delete, ROUTE_STAFF },
	{ "GET", "/api/v1/audit.csv", api_audit_csv, ROUTE_SUPERVISOR },
	{ "GET", "/api/v1/counters/{counter}/current", api_counter_current, ROUTE_STAFF },
	{ "GET", "/api/v1/stats", api_stats, ROUTE_SUPERVISOR },
	{ "GET", "/api/v1/stats.csv", api_stats_csv, ROUTE_SUPERVISOR },
	/* supervisor edits: the configuration file wins (site_edit.h), staff accounts */
	{ "PATCH", "/api/v1/services/{service}", api_service_edit, ROUTE_SUPERVISOR },
	{ "PATCH", "/api/v1/counters/{counter}", api_counter_edit, ROUTE_SUPERVISOR },
	{ "GET", "/api/v1/staff", api_accounts_list, ROUTE_SUPERVISOR },
	{ "POST", "/api/v1/staff", api_account_add, ROUTE_SUPERVISOR },
	{ "POST", "/api/v1/staff/{login}/disable", api_account_disable, ROUTE_SUPERVISOR },
	{ "POST", "/api/v1/staff/{login}/enable", api_account_enable, ROUTE_SUPERVISOR },
	{ "POST", "/api/v1/staff/{login}/password", api_account_password, ROUTE_SUPERVISOR },
};
const size_t hub_n_routes = sizeof(hub_routes) / sizeof(hub_routes[0]);
