/* api.h — shared pieces of the API handlers (api_*.c). */
#ifndef CIVIQ_HUB_API_H
#define CIVIQ_HUB_API_H

#include "hub/hub.h"
#include "hub/hub_errors.h"
#include "hub/queue_ops.h"

/* Route flags: which roles may call a route; 0 = anyone (health, public ticket page). */
#define ROUTE_PUBLIC  0
#define ROUTE_KIOSK   HUB_ROLE_KIOSK
#define ROUTE_DISPLAY HUB_ROLE_DISPLAY
#define ROUTE_STAFF   HUB_ROLE_STAFF
#define ROUTE_OPS     HUB_ROLE_OPS

/* Answers an operation's negative result with its status and error JSON. */
void api_fail(struct http_response *resp, int rc);
/* Parses the {id} path parameter; answers 404 and returns -1 if it is no number. */
int64_t api_param_id(struct http_request *req, struct http_response *resp, const char *name);
/* The caller, for the audit log. */
struct hub_actor api_actor(struct http_request *req);

void api_health(void *ctx, struct http_request *req, struct http_response *resp);
void api_services(void *ctx, struct http_request *req, struct http_response *resp);
void api_counters(void *ctx, struct http_request *req, struct http_response *resp);
void api_queue(void *ctx, struct http_request *req, struct http_response *resp);
void api_display(void *ctx, struct http_request *req, struct http_response *resp);
void api_events(void *ctx, struct http_request *req, struct http_response *resp);
void api_metrics(void *ctx, struct http_request *req, struct http_response *resp);
void api_public_ticket(void *ctx, struct http_request *req, struct http_response *resp);

void api_ticket_create(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_get(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_start(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_no_show(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_finish(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_park(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_resume(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_cancel(void *ctx, struct http_request *req, struct http_response *resp);
void api_ticket_transfer(void *ctx, struct http_request *req, struct http_response *resp);

void api_call_next(void *ctx, struct http_request *req, struct http_response *resp);
void api_recall(void *ctx, struct http_request *req, struct http_response *resp);
void api_counter_pause(void *ctx, struct http_request *req, struct http_response *resp);
void api_counter_resume(void *ctx, struct http_request *req, struct http_response *resp);

void api_checkin(void *ctx, struct http_request *req, struct http_response *resp);
void api_checkin_key(void *ctx, struct http_request *req, struct http_response *resp);
void api_lease(void *ctx, struct http_request *req, struct http_response *resp);
void api_handin(void *ctx, struct http_request *req, struct http_response *resp);
void api_alert(void *ctx, struct http_request *req, struct http_response *resp);

#endif
