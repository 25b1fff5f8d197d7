#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "hub/api.h"
#include "net/json_util.h"

static void count_issued(struct hub *h, const struct hub_ticket *t)
{
	metric_inc(metrics_counter(h->metrics, "civiq_tickets_issued_total",
	                           "Tickets issued, per service and kind", "service", t->t.service,
	                           "kind",
	                           t->t.kind == TICKET_APPOINTMENT ? "appointment" : "walk_in"));
}

/* The ticket with its place in the queue, as the kiosk shows it. */
static void answer_ticket(struct hub *h, struct http_response *resp, int status,
                          const struct hub_ticket *t)
{
	struct hub_query_ctx q = hub_query_begin(h);
	struct hub_ticket fresh;
	int position = -1;
	double wait = -1;

	if (hub_query_ticket(&q, t->t.id, NULL, &fresh, &position, &wait) != 0)
		fresh = *t;
	hub_query_end(h, &q);
	cJSON *o = hub_ticket_json(&fresh);
	if (position >= 0)
		cJSON_AddNumberToObject(o, "position", position);
	else
		cJSON_AddNullToObject(o, "position");
	if (wait >= 0)
		cJSON_AddNumberToObject(o, "estimated_wait_s", (int)(wait + 0.5));
	else
		cJSON_AddNullToObject(o, "estimated_wait_s");
	http_response_json(resp, status, o);
	cJSON_Delete(o);
}

void api_ticket_create(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	char service[SERVICE_ID_MAX], err[JSON_ERROR_MAX];
	int64_t priority = 0;
	struct hub_ticket t;
	cJSON *body = http_request_json(req, resp);

	if (!body)
		return;
	if (json_get_string_buf(body, "service", service, sizeof(service), err, sizeof(err)) ||
	    (cJSON_GetObjectItemCaseSensitive(body, "priority") &&
	     json_get_int(body, "priority", 0, PRIORITY_MAX, &priority, err, sizeof(err)))) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	int rc = hub_issue_ticket(h->writer, service, (int)priority, &t);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	count_issued(h, &t);
	log_info("hub: ticket %s issued for %s", t.label, t.t.service);
	answer_ticket(h, resp, 201, &t);
}

void api_ticket_get(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	int64_t id = api_param_id(req, resp, "id");

	if (id < 0)
		return;
	t.t.id = id;
	struct hub_query_ctx q = hub_query_begin(h);
	int position;
	double wait;
	int rc = hub_query_ticket(&q, id, NULL, &t, &position, &wait);
	hub_query_end(h, &q);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	answer_ticket(h, resp, 200, &t);
}

static void action(void *ctx, struct http_request *req, struct http_response *resp,
                   enum hub_ticket_action a)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	struct hub_actor actor = api_actor(req);
	int64_t id = api_param_id(req, resp, "id");

	if (id < 0)
		return;
	int rc = hub_ticket_action(h->writer, id, a, &actor, &t);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	log_info("hub: ticket %s %s by %s", t.label, hub_ticket_action_name(a), actor.name);
	answer_ticket(h, resp, 200, &t);
}

void api_ticket_start(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_START);
}

void api_ticket_no_show(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_NO_SHOW);
}

void api_ticket_finish(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_FINISH);
}

void api_ticket_park(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_PARK);
}

void api_ticket_resume(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_RESUME);
}

void api_ticket_cancel(void *ctx, struct http_request *req, struct http_response *resp)
{
	action(ctx, req, resp, HUB_ACTION_CANCEL);
}

void api_ticket_transfer(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	struct hub_actor actor = api_actor(req);
	char service[SERVICE_ID_MAX], err[JSON_ERROR_MAX];
	int64_t id = api_param_id(req, resp, "id");

	if (id < 0)
		return;
	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	if (json_get_string_buf(body, "service", service, sizeof(service), err, sizeof(err))) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	int rc = hub_transfer(h->writer, id, service, &actor, &t);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	log_info("hub: ticket %s transferred to %s by %s", t.label, service, actor.name);
	answer_ticket(h, resp, 200, &t);
}

static int counter_param(struct http_request *req, struct http_response *resp)
{
	int64_t id = api_param_id(req, resp, "counter");
	return id > 0 && id < 100000 ? (int)id : -1;
}

void api_call_next(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	struct hub_actor actor = api_actor(req);
	int counter = counter_param(req, resp);

	if (counter < 0)
		return;
	int rc = hub_call_next(h->writer, counter, &h->cfg.policy, &actor, &t);
	if (rc == -ENODATA) {
		http_response_status(resp, 204);
		return;
	}
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	metric_inc(metrics_counter(h->metrics, "civiq_tickets_called_total",
	                           "Tickets called, per service", "service", t.t.service, NULL,
	                           NULL));
	log_info("hub: ticket %s called to counter %d", t.label, counter);
	answer_ticket(h, resp, 200, &t);
}

void api_recall(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	struct hub_actor actor = api_actor(req);
	int counter = counter_param(req, resp);

	if (counter < 0)
		return;
	int rc = hub_recall(h->writer, counter, &h->cfg.policy, &actor, &t);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	log_info("hub: ticket %s %s at counter %d", t.label,
	         t.t.status == TICKET_NO_SHOW ? "no-show after calls" : "recalled", counter);
	answer_ticket(h, resp, 200, &t);
}

static void pause_resume(void *ctx, struct http_request *req, struct http_response *resp,
                         bool paused)
{
	struct hub *h = ctx;
	struct hub_actor actor = api_actor(req);
	int counter = counter_param(req, resp);

	if (counter < 0)
		return;
	int rc = hub_counter_set_paused(h->writer, counter, paused, &actor);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	struct hub_query_ctx q = hub_query_begin(h);
	cJSON *all = hub_query_counters(&q);
	hub_query_end(h, &q);
	cJSON *it;
	cJSON_ArrayForEach(it, all)
	{
		if ((int)cJSON_GetNumberValue(cJSON_GetObjectItem(it, "id")) == counter) {
			http_response_json(resp, 200, it);
			break;
		}
	}
	cJSON_Delete(all);
}

void api_counter_pause(void *ctx, struct http_request *req, struct http_response *resp)
{
	pause_resume(ctx, req, resp, true);
}

void api_counter_resume(void *ctx, struct http_request *req, struct http_response *resp)
{
	pause_resume(ctx, req, resp, false);
}
