#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hub/api.h"
#include "hub/checkin_ops.h"
#include "hub/ticker.h"
#include "hub/writer.h"

void api_health(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	int db_ok = hub_query_last_event(q.r) != (uint64_t)-1;
	sqlite3_stmt *st = NULL;

	/* A real read proves the file is there and readable. */
	if (sqlite3_prepare_v2(q.r->db, "SELECT count(*) FROM services", -1, &st, NULL) !=
	        SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW)
		db_ok = 0;
	sqlite3_finalize(st);
	hub_query_end(h, &q);
	(void)req;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", db_ok ? "ok" : "degraded");
	cJSON_AddStringToObject(o, "version", CIVIQ_VERSION);
	cJSON_AddStringToObject(o, "db", db_ok ? "ok" : "error");
	cJSON_AddStringToObject(o, "portal", h->portal_state);
	http_response_json(resp, db_ok ? 200 : 503, o);
	cJSON_Delete(o);
}

static void answer_json(struct http_response *resp, cJSON *o)
{
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
}

void api_services(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	cJSON *o = hub_query_services(&q);

	(void)req;
	hub_query_end(h, &q);
	answer_json(resp, o);
}

void api_counters(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	cJSON *o = hub_query_counters(&q);

	(void)req;
	hub_query_end(h, &q);
	answer_json(resp, o);
}

void api_queue(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	cJSON *o = hub_query_queue(&q);

	(void)req;
	cJSON_AddItemToObject(o, "parked", hub_query_parked(&q));
	hub_query_end(h, &q);
	answer_json(resp, o);
}

void api_display(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	const char *limit = http_request_query(req, "calls");
	int n = limit ? atoi(limit) : 10;
	cJSON *o;

	if (n < 1 || n > 50)
		n = 10;
	o = hub_query_display(&q, n);
	cJSON_AddNumberToObject(o, "last_event_id", (double)hub_query_last_event(q.r));
	cJSON_AddItemToObject(o, "services", hub_query_walk_in_waits(&q));
	char ticker[HUB_TICKER_MAX + 1];
	hub_ticker_get(q.r, ticker, sizeof(ticker), NULL);
	cJSON_AddStringToObject(o, "ticker", ticker);
	hub_query_end(h, &q);
	cJSON_AddStringToObject(o, "office", h->cfg.office_name);
	cJSON_AddStringToObject(o, "opening_hours", h->cfg.opening_hours);
	answer_json(resp, o);
}

/* Displays get only what a waiting room may see; staff get every event. */
static bool display_filter(void *ctx, const struct event *ev)
{
	(void)ctx;
	return !strcmp(ev->type, "called") || !strcmp(ev->type, "ticket_created") ||
	       !strcmp(ev->type, "ticket_updated") || !strcmp(ev->type, "counter_updated") ||
	       !strcmp(ev->type, "ticker");
}

void api_events(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const struct hub_device_config *d = http_request_auth(req);
	uint64_t after = http_sse_last_event_id(req);

	/* Without a resume point a client starts from now, not from the morning. */
	if (!http_request_header(req, "Last-Event-ID") && !http_request_query(req, "last_event_id"))
		after = event_bus_last_id(h->bus);
	http_response_sse(resp, h->bus, after,
	                  d && d->role == HUB_ROLE_DISPLAY ? display_filter : NULL, NULL);
}

static void set_queue_gauge(void *ctx, const char *service, int waiting)
{
	struct hub *h = ctx;
	metric_set(metrics_gauge(h->metrics, "civiq_queue_waiting", "Waiting tickets per service",
	                         "service", service, NULL, NULL),
	           waiting);
}

void api_metrics(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_query_ctx q = hub_query_begin(h);
	struct hub_writer_stats ws;
	char *text = NULL;
	size_t len = 0;

	(void)req;
	/* Services with nobody waiting report 0, not their last value. */
	for (size_t i = 0; i < h->cfg.n_services; i++)
		set_queue_gauge(h, h->cfg.services[i].id, 0);
	hub_query_queue_lengths(&q, set_queue_gauge, h);
	hub_query_end(h, &q);
	hub_writer_get_stats(h->writer, &ws);
	metric_set(metrics_gauge(h->metrics, "civiq_store_commits", "Group commits since start",
	                         NULL, NULL, NULL, NULL),
	           (double)ws.commits);
	metric_set(metrics_gauge(h->metrics, "civiq_store_operations",
	                         "Operations committed since start", NULL, NULL, NULL, NULL),
	           (double)ws.ops);
	if (metrics_render(h->metrics, &text, &len)) {
		http_response_error(resp, 500, "internal_error", "metrics unavailable");
		return;
	}
	http_response_body(resp, METRICS_CONTENT_TYPE, text, len);
	free(text);
}

static int public_id_ok(const char *s)
{
	if (!s || strlen(s) != PUBLIC_ID_LEN)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

/* The page a ticket's QR code opens: the number, its state and the wait, nothing else. */
void api_public_ticket(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const char *pid = http_request_param(req, "public_id");
	struct hub_ticket t;
	int position = -1;
	double wait = -1;
	char page[2048], state[128];

	if (!public_id_ok(pid)) {
		http_response_error(resp, 404, "not_found", "No such ticket.");
		return;
	}
	struct hub_query_ctx q = hub_query_begin(h);
	int rc = hub_query_ticket(&q, 0, pid, &t, &position, &wait);
	hub_query_end(h, &q);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	if (t.t.status == TICKET_WAITING && wait >= 0)
		snprintf(state, sizeof(state), "Vor Ihnen: %d &middot; Wartezeit ca. %d Min.",
		         position, (int)(wait / 60 + 0.5));
	else if (t.t.status == TICKET_CALLED)
		snprintf(state, sizeof(state), "Sie werden aufgerufen: Platz %d", t.t.counter);
	else
		snprintf(state, sizeof(state), "Status: %s", ticket_status_name(t.t.status));
	snprintf(page, sizeof(page),
	         "<!doctype html><html lang=\"de\"><head><meta charset=\"utf-8\">"
	         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	         "<meta http-equiv=\"refresh\" content=\"30\"><title>%s</title>"
	         "<style>body{font-family:sans-serif;text-align:center;margin-top:15vh}"
	         "h1{font-size:4rem;margin:0}</style></head><body><h1>%s</h1><p>%s</p>"
	         "</body></html>",
	         t.label, t.label, state);
	http_response_body(resp, "text/html; charset=utf-8", page, strlen(page));
	http_response_header(resp, "Cache-Control", "no-store");
	http_response_header(resp, "Referrer-Policy", "no-referrer");
}
