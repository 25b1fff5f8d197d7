/* hub.h — the running hub: its database, writer, readers, event bus and HTTP API. */
#ifndef CIVIQ_HUB_HUB_H
#define CIVIQ_HUB_HUB_H

#include <stdint.h>

#include <sqlite3.h>

#include "hub/hub_config.h"
#include "hub/queries.h"
#include "hub/readers.h"
#include "hub/writer.h"
#include "net/event_bus.h"
#include "net/http_server.h"
#include "net/metrics.h"

struct hub {
	struct hub_config
	    cfg; /* as read at start; services and counters then live in the database */
	char config_path[4096]; /* the file, which supervisor edits rewrite (site_edit.h) */
	sqlite3 *db;
	struct hub_writer *writer;
	struct hub_readers *readers;
	struct event_bus *bus;
	struct http_server *http;
	struct metrics *metrics;
	const char *portal_state; /* "disabled", "ok", "offline" */
	void *portal;             /* the portal sync's state while it runs */
	int64_t started_at;
	struct snapshot_cache *snapshots; /* the queue estimate shared between requests */
	int housekeeping_day;             /* service day of the last housekeeping */
	int64_t last_backup;              /* Unix seconds */
	struct hub_staff *staff;          /* sign-in state (staff.h) */
};

/* The portal sync (firmware/sync) plugs in here, since the hub library cannot depend on it:
 * hub_start calls start when the configuration has a [portal] section (after the API is up),
 * hub_stop calls stop before the writer drains. Register before hub_start. */
struct hub_portal_ops {
	int (*start)(struct hub *h, void **state, char *err, size_t errlen);
	void (*stop)(void *state);
};
void hub_set_portal_ops(const struct hub_portal_ops *ops);

/* Opens the database, applies the configuration, starts the writer and the HTTP server.
 * listen/database override the file when not NULL. */
int hub_start(struct hub *h, const char *config_path, const char *listen, const char *database,
              char *err, size_t errlen);
/* Graceful stop: no new requests, in-flight ones finish, SSE streams end, writer drains. */
void hub_stop(struct hub *h);

/* Work done about once a minute: housekeeping at a change of day, scheduled backups. */
void hub_tick(struct hub *h);

/* The hub's clock: common/wall_clock (real time; CIVIQ_TIME_OFFSET_S shifts it). */
int64_t hub_now_ms(void);
int hub_day_of(int64_t unix_s);

/* A query context for the current moment on a borrowed reader. */
struct hub_query_ctx hub_query_begin(struct hub *h);
void hub_query_end(struct hub *h, struct hub_query_ctx *q);

/* The route table of the API (api_*.c). */
extern const struct http_route hub_routes[];
extern const size_t hub_n_routes;
int hub_authorize(void *ctx, struct http_request *req, const struct http_route *route, void **auth,
                  struct http_response *resp);

#endif
