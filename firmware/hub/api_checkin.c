#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/identity_tag.h"
#include "common/log.h"
#include "common/rfc3339.h"
#include "core/numbering.h"
#include "hub/api.h"
#include "hub/checkin_ops.h"
#include "hub/lease_ops.h"
#include "net/json_util.h"

static void checkin_answer(struct hub *h, struct http_response *resp, const struct hub_ticket *t)
{
	struct hub_query_ctx q = hub_query_begin(h);
	struct hub_ticket fresh = *t;
	int position = -1;
	double wait = -1;

	hub_query_ticket(&q, t->t.id, NULL, &fresh, &position, &wait);
	hub_query_end(h, &q);
	cJSON *o = hub_ticket_json(&fresh);
	cJSON_AddNumberToObject(o, "position", position);
	if (wait >= 0)
		cJSON_AddNumberToObject(o, "estimated_wait_s", (int)(wait + 0.5));
	else
		cJSON_AddNullToObject(o, "estimated_wait_s");
	http_response_json(resp, 201, o);
	cJSON_Delete(o);
}

static int valid_tag(const char *s)
{
	if (strlen(s) != IDENTITY_TAG_HEX_LEN)
		return 0;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

void api_checkin(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	struct hub_ticket t;
	struct hub_checkin_window window = { 0, 0 };
	char err[JSON_ERROR_MAX], value[128];
	cJSON *body = http_request_json(req, resp);
	int rc, by_code;

	if (!body)
		return;
	by_code = cJSON_GetObjectItemCaseSensitive(body, "booking_code") != NULL;
	rc = json_get_string_buf(body, by_code ? "booking_code" : "identity_tag", value,
	                         sizeof(value), err, sizeof(err));
	cJSON_Delete(body);
	if (rc) {
		http_response_error(resp, 422, "invalid_request",
		                    "Give either booking_code or identity_tag: %s", err);
		return;
	}
	if (!by_code && !valid_tag(value)) {
		http_response_error(resp, 422, "invalid_request",
		                    "identity_tag must be 64 lower-case hex digits.");
		return;
	}
	rc = by_code ? hub_checkin_code(h->writer, value, &t, &window)
	             : hub_checkin_identity(h->writer, value, &t, &window);
	if (rc == -HUB_E_TOO_EARLY || rc == -HUB_E_TOO_LATE) {
		struct hub_error_info e = hub_error_info(rc);
		char opens[32], closes[32];
		hub_format_time(window.opens, opens, sizeof(opens));
		hub_format_time(window.closes, closes, sizeof(closes));
		cJSON *o = cJSON_CreateObject(), *er = cJSON_AddObjectToObject(o, "error");
		cJSON_AddStringToObject(er, "code", e.code);
		cJSON_AddStringToObject(er, "message", e.message);
		cJSON *w = cJSON_AddObjectToObject(er, "window");
		cJSON_AddStringToObject(w, "opens", opens);
		cJSON_AddStringToObject(w, "closes", closes);
		http_response_json(resp, e.status, o);
		cJSON_Delete(o);
		return;
	}
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	metric_inc(metrics_counter(h->metrics, "civiq_tickets_issued_total",
	                           "Tickets issued, per service and kind", "service", t.t.service,
	                           "kind", "appointment"));
	log_info("hub: appointment checked in as %s (%s)", t.label, by_code ? "code" : "id card");
	checkin_answer(h, resp, &t);
}

void api_checkin_key(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	uint8_t key[DAY_KEY_LEN];
	char hex[2 * DAY_KEY_LEN + 1], date[16];
	int day, y, m, d;

	(void)req;
	int rc = hub_day_key(h->writer, key, &day);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	hex_encode(key, sizeof(key), hex, sizeof(hex));
	service_day_to_civil(day, &y, &m, &d);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "day", date);
	cJSON_AddStringToObject(o, "key", hex);
	cJSON_AddStringToObject(o, "algorithm", "HMAC-SHA256");
	http_response_json(resp, 200, o);
	cJSON_Delete(o);
	http_response_header(resp, "Cache-Control", "no-store");
}

static int kiosk_name_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (n == 0 || n > 48)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' ||
		      *s == '_'))
			return 0;
	return 1;
}

/* A kiosk leases and hands in numbers only under its own device name, so one kiosk's token
 * cannot use up or claim another kiosk's blocks. */
static int kiosk_path_ok(struct http_request *req, struct http_response *resp, const char *kiosk)
{
	if (!kiosk_name_ok(kiosk)) {
		http_response_error(resp, 404, "not_found", "No such kiosk name.");
		return 0;
	}
	if (strcmp(api_actor(req).name, kiosk) != 0) {
		http_response_error(resp, 403, "forbidden",
		                    "A kiosk leases and hands in numbers under its own name only.");
		return 0;
	}
	return 1;
}

void api_lease(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const char *kiosk = http_request_param(req, "kiosk");
	char service[SERVICE_ID_MAX], err[JSON_ERROR_MAX];
	int64_t size = h->cfg.lease_size;
	struct hub_lease l;

	if (!kiosk_path_ok(req, resp, kiosk))
		return;
	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	if (json_get_string_buf(body, "service", service, sizeof(service), err, sizeof(err)) ||
	    (cJSON_GetObjectItemCaseSensitive(body, "size") &&
	     json_get_int(body, "size", 1, 500, &size, err, sizeof(err)))) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	int rc = hub_lease(h->writer, kiosk, service, (int)size, &l);
	if (rc) {
		api_fail(resp, rc);
		return;
	}
	char prefix[2] = { l.prefix, 0 };
	int y, m, d;
	char date[16];
	service_day_to_civil(l.day, &y, &m, &d);
	snprintf(date, sizeof(date), "%04d-%02d-%02d", y, m, d);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddNumberToObject(o, "lease", (double)l.id);
	cJSON_AddStringToObject(o, "service", l.service);
	cJSON_AddStringToObject(o, "prefix", prefix);
	cJSON_AddNumberToObject(o, "first", l.first);
	cJSON_AddNumberToObject(o, "last", l.last);
	cJSON_AddNumberToObject(o, "next", l.next);
	cJSON_AddNumberToObject(o, "digits", l.width);
	cJSON_AddStringToObject(o, "day", date);
	http_response_json(resp, 201, o);
	cJSON_Delete(o);
}

#define HANDIN_MAX 500

/* Parses {"tickets":[{service, number, issued_at, priority?}]} into items; 0 or fills resp. */
static int parse_handin(const cJSON *body, struct hub_handin_item *items, size_t *n_out,
                        struct http_response *resp)
{
	char err[JSON_ERROR_MAX], when[40];
	const cJSON *list, *it;
	size_t n = 0;

	if (json_get_array(body, "tickets", &list, err, sizeof(err))) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		return -EINVAL;
	}
	cJSON_ArrayForEach(it, list)
	{
		int64_t number, priority = 0;
		struct hub_handin_item *item = &items[n];
		if (n == HANDIN_MAX) {
			snprintf(err, sizeof(err), "at most %d tickets per hand-in", HANDIN_MAX);
			goto invalid;
		}
		if (json_get_string_buf(it, "service", item->service, sizeof(item->service), err,
		                        sizeof(err)) ||
		    json_get_int(it, "number", 1, NUMBER_MAX, &number, err, sizeof(err)) ||
		    json_get_string_buf(it, "issued_at", when, sizeof(when), err, sizeof(err)) ||
		    (cJSON_GetObjectItemCaseSensitive(it, "priority") &&
		     json_get_int(it, "priority", 0, PRIORITY_MAX, &priority, err, sizeof(err))))
			goto invalid;
		if (rfc3339_parse(when, &item->issued_at)) {
			snprintf(err, sizeof(err), "issued_at is not an RFC 3339 time");
			goto invalid;
		}
		item->number = (int)number;
		item->priority = (int)priority;
		n++;
	}
	*n_out = n;
	return 0;
invalid:
	http_response_error(resp, 422, "invalid_request", "ticket %zu: %s", n, err);
	return -EINVAL;
}

void api_handin(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct hub *h = ctx;
	const char *kiosk = http_request_param(req, "kiosk");
	size_t n = 0;

	if (!kiosk_path_ok(req, resp, kiosk))
		return;
	cJSON *body = http_request_json(req, resp);
	if (!body)
		return;
	/* On the heap: as thread-local arrays they cost every connection thread their size. */
	struct hub_handin_item *items = calloc(HANDIN_MAX, sizeof(*items));
	struct hub_ticket *out = calloc(HANDIN_MAX, sizeof(*out));
	if (!items || !out)
		http_response_error(resp, 503, "out_of_memory", "Try again.");
	else if (parse_handin(body, items, &n, resp) == 0) {
		int rc = hub_handin(h->writer, kiosk, items, n, out);
		if (rc) {
			api_fail(resp, rc);
		} else {
			log_info("hub: kiosk %s handed in %zu offline tickets", kiosk, n);
			cJSON *arr = cJSON_CreateArray();
			for (size_t i = 0; i < n; i++)
				cJSON_AddItemToArray(arr, hub_ticket_json(&out[i]));
			http_response_json(resp, 200, arr);
			cJSON_Delete(arr);
		}
	}
	cJSON_Delete(body);
	free(items);
	free(out);
}

struct alert_op {
	cJSON *data;
};

static int alert_fn(struct hub_txn *tx, void *arg)
{
	struct alert_op *op = arg;
	cJSON *copy = cJSON_Duplicate(op->data, 1);
	return copy ? hub_txn_emit(tx, "alert", copy) : -ENOMEM;
}

void api_alert(void *ctx, struct http_request *req, struct http_response *resp)
{
	static const char *const types[] = { "paper_out",    "paper_near_end",   "printer_fault",
		                             "reader_fault", "priority_request", "device_fault" };
	struct hub *h = ctx;
	char type[32], detail[256] = "", number[TICKET_LABEL_MAX] = "", err[JSON_ERROR_MAX];
	cJSON *body = http_request_json(req, resp);
	int known = 0;

	if (!body)
		return;
	if (json_get_string_buf(body, "type", type, sizeof(type), err, sizeof(err)) ||
	    (cJSON_GetObjectItemCaseSensitive(body, "detail") &&
	     json_get_string_buf(body, "detail", detail, sizeof(detail), err, sizeof(err))) ||
	    (cJSON_GetObjectItemCaseSensitive(body, "number") &&
	     json_get_string_buf(body, "number", number, sizeof(number), err, sizeof(err)))) {
		http_response_error(resp, 422, "invalid_request", "%s", err);
		cJSON_Delete(body);
		return;
	}
	cJSON_Delete(body);
	for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
		known |= !strcmp(type, types[i]);
	if (!known) {
		http_response_error(resp, 422, "invalid_request", "unknown alert type '%s'", type);
		return;
	}
	struct hub_actor actor = api_actor(req);
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "type", type);
	cJSON_AddStringToObject(o, "device", actor.name);
	if (detail[0])
		cJSON_AddStringToObject(o, "detail", detail);
	if (number[0])
		cJSON_AddStringToObject(o, "number", number);
	struct alert_op op = { o };
	int rc = hub_writer_run(h->writer, alert_fn, &op);
	if (rc) {
		cJSON_Delete(o);
		api_fail(resp, rc);
		return;
	}
	log_notice("hub: alert %s from %s", type, actor.name);
	http_response_json(resp, 201, o);
	cJSON_Delete(o);
}
