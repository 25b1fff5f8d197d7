/* kiosk_hub.c — the kiosk's HTTP calls to the hub. */
#include "kiosk_hub.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "common/identity_tag.h"
#include "common/log.h"
#include "common/rfc3339.h"
#include "net/http_client.h"
#include "net/json_util.h"

bool kiosk_hub_unreachable(int rc)
{
	return rc == -ECONNREFUSED || rc == -ETIMEDOUT || rc == -EHOSTUNREACH || rc == -EIO ||
	       rc == -EAGAIN || rc == -ENETUNREACH || rc == -ECONNRESET;
}

/* One call; 0 with *json (may be NULL for an empty body) and *status, or a negative errno. */
static int call(const struct kiosk_hub *h, const char *method, const char *path, const char *body,
                long *status, cJSON **json)
{
	char url[512];
	struct http_client_options o = {
		.bearer = h->token,
		.ca_file = h->ca_file[0] ? h->ca_file : NULL,
		.timeout_ms = h->timeout_ms > 0 ? h->timeout_ms : 5000,
		.connect_timeout_ms = 2000,
		.max_body = 1 << 20,
	};
	struct http_client_response r;

	*json = NULL;
	if (snprintf(url, sizeof(url), "%s%s", h->base, path) >= (int)sizeof(url))
		return -EINVAL;
	int rc = http_client_request(method, url, body, &o, &r);
	if (rc)
		return rc;
	*status = r.status;
	if (r.len)
		*json = cJSON_ParseWithLength(r.body, r.len);
	http_client_response_free(&r);
	if (r.status >= 500 && r.status != 503)
		rc = -EIO;
	return rc;
}

static const char *error_code(const cJSON *json)
{
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(json, "error");
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(e, "code");
	return cJSON_IsString(c) ? c->valuestring : "";
}

void kiosk_local_hhmm(const char *rfc3339, char *out, size_t outlen)
{
	int64_t t;
	struct tm tm;

	if (!rfc3339 || rfc3339_parse(rfc3339, &t) || outlen < 6) {
		if (outlen)
			out[0] = 0;
		return;
	}
	time_t s = (time_t)t;
	localtime_r(&s, &tm);
	snprintf(out, outlen, "%02d:%02d", tm.tm_hour % 24, tm.tm_min % 60);
}

static void failed(struct kiosk_event *ev, enum kiosk_error e)
{
	memset(ev, 0, sizeof(*ev));
	ev->type = KEV_FAILED;
	ev->error = e;
}

/* The flow's error for a hub error answer. */
static enum kiosk_error map_error(long status, const char *code)
{
	static const struct {
		const char *code;
		enum kiosk_error e;
	} map[] = {
		{ "booking_not_found", KE_NO_BOOKING },
		{ "too_early", KE_TOO_EARLY },
		{ "too_late", KE_TOO_LATE },
		{ "already_checked_in", KE_ALREADY_CHECKED_IN },
		{ "ambiguous_identity", KE_AMBIGUOUS },
		{ "booking_cancelled", KE_CANCELLED },
		{ "service_inactive", KE_SERVICE_UNAVAILABLE },
		{ "unknown_service", KE_SERVICE_UNAVAILABLE },
		{ "numbers_exhausted", KE_SERVICE_UNAVAILABLE },
		{ "unauthorized", KE_TERMINAL_NOT_AUTHORISED },
		{ "forbidden", KE_TERMINAL_NOT_AUTHORISED },
		{ "storage_unavailable", KE_HUB_UNREACHABLE },
		{ "no_day_key", KE_HUB_UNREACHABLE },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(code, map[i].code))
			return map[i].e;
	if (status == 401 || status == 403)
		return KE_TERMINAL_NOT_AUTHORISED;
	return KE_INTERNAL;
}

static int parse_ticket(const cJSON *j, struct kiosk_ticket *t)
{
	int64_t v;
	const char *kind = NULL;

	memset(t, 0, sizeof(*t));
	if (json_get_string_buf(j, "number", t->number, sizeof(t->number), NULL, 0) ||
	    json_get_string_buf(j, "service", t->service, sizeof(t->service), NULL, 0) ||
	    json_get_int(j, "id", 1, INT64_MAX, &t->id, NULL, 0))
		return -EPROTO;
	json_get_string_buf(j, "public_id", t->public_id, sizeof(t->public_id), NULL, 0);
	if (json_get_string(j, "kind", &kind, NULL, 0) == 0)
		t->appointment = !strcmp(kind, "appointment");
	t->people_ahead = json_get_int(j, "position", 0, 1000000, &v, NULL, 0) == 0 ? (int)v : -1;
	t->wait_min = json_get_int(j, "estimated_wait_s", 0, INT32_MAX, &v, NULL, 0) == 0
	                  ? (int)((v + 59) / 60)
	                  : -1;
	return 0;
}

/* A call that answers with a ticket (201) or an error the citizen sees. */
static int ticket_call(const struct kiosk_hub *h, const char *path, const char *body,
                       struct kiosk_event *ev)
{
	long status = 0;
	cJSON *json;
	int rc = call(h, "POST", path, body, &status, &json);

	if (rc) {
		cJSON_Delete(json);
		failed(ev, kiosk_hub_unreachable(rc) ? KE_HUB_UNREACHABLE : KE_INTERNAL);
		return rc;
	}
	if (status == 201 && json) {
		memset(ev, 0, sizeof(*ev));
		ev->type = KEV_DONE;
		rc = parse_ticket(json, &ev->ticket);
		cJSON_Delete(json);
		if (rc)
			failed(ev, KE_INTERNAL);
		return rc;
	}
	const char *code = error_code(json);
	failed(ev, map_error(status, code));
	if (ev->error == KE_TOO_EARLY || ev->error == KE_TOO_LATE) {
		const cJSON *w = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(json, "error"), "window");
		const char *opens = NULL, *closes = NULL;
		json_get_string(w, "opens", &opens, NULL, 0);
		json_get_string(w, "closes", &closes, NULL, 0);
		kiosk_local_hhmm(opens, ev->window_opens, sizeof(ev->window_opens));
		kiosk_local_hhmm(closes, ev->window_closes, sizeof(ev->window_closes));
	}
	log_info("kiosk: hub answered %ld %s", status, code);
	cJSON_Delete(json);
	if (status == 503 && ev->error == KE_HUB_UNREACHABLE)
		return -EAGAIN;
	return status == 401 || status == 403 ? -EACCES : -EPROTO;
}

int kiosk_hub_walkin(const struct kiosk_hub *h, const char *service, int priority,
                     struct kiosk_event *ev)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "service", service);
	cJSON_AddNumberToObject(b, "priority", priority);
	char *body = json_print(b);
	cJSON_Delete(b);
	if (!body) {
		failed(ev, KE_INTERNAL);
		return -ENOMEM;
	}
	int rc = ticket_call(h, "/api/v1/tickets", body, ev);
	free(body);
	return rc;
}

static int checkin(const struct kiosk_hub *h, const char *field, const char *value,
                   struct kiosk_event *ev)
{
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, field, value);
	char *body = json_print(b);
	cJSON_Delete(b);
	if (!body) {
		failed(ev, KE_INTERNAL);
		return -ENOMEM;
	}
	int rc = ticket_call(h, "/api/v1/checkins", body, ev);
	/* the body carried an identity tag: no copy stays behind */
	memset(body, 0, strlen(body));
	free(body);
	return rc;
}

int kiosk_hub_checkin_code(const struct kiosk_hub *h, const char *code, struct kiosk_event *ev)
{
	return checkin(h, "booking_code", code, ev);
}

int kiosk_hub_checkin_tag(const struct kiosk_hub *h, const char *tag, struct kiosk_event *ev)
{
	return checkin(h, "identity_tag", tag, ev);
}

int kiosk_hub_services(const struct kiosk_hub *h, struct kiosk_service *out, size_t max, size_t *n)
{
	long status = 0;
	cJSON *json, *it;
	int rc = call(h, "GET", "/api/v1/services", NULL, &status, &json);

	*n = 0;
	if (rc == 0 && (status != 200 || !cJSON_IsArray(json)))
		rc = status == 401 || status == 403 ? -EACCES : -EPROTO;
	if (rc) {
		cJSON_Delete(json);
		return rc;
	}
	cJSON_ArrayForEach(it, json)
	{
		struct kiosk_service *s = &out[*n];
		const cJSON *names = NULL;
		if (*n == max)
			break;
		memset(s, 0, sizeof(*s));
		if (json_get_string_buf(it, "id", s->id, sizeof(s->id), NULL, 0) ||
		    json_get_string_buf(it, "prefix", s->prefix, sizeof(s->prefix), NULL, 0))
			continue;
		if (json_get_bool(it, "active", &s->active, NULL, 0))
			s->active = true;
		json_get_object(it, "names", &names, NULL, 0);
		for (int l = 0; names && l < KIOSK_LANG_COUNT; l++)
			json_get_string_buf(names, kiosk_lang_code((enum kiosk_lang)l), s->names[l],
			                    sizeof(s->names[l]), NULL, 0);
		(*n)++;
	}
	cJSON_Delete(json);
	return 0;
}

int kiosk_hub_day_key(const struct kiosk_hub *h, uint8_t key[32])
{
	long status = 0;
	cJSON *json;
	const char *hex;
	size_t len = 0;
	int rc = call(h, "GET", "/api/v1/checkins/key", NULL, &status, &json);

	if (rc == 0 && status != 200)
		rc = status == 401 || status == 403 ? -EACCES : status == 503 ? -EAGAIN : -EPROTO;
	if (rc == 0 && (json_get_string(json, "key", &hex, NULL, 0) ||
	                hex_decode(hex, key, 32, &len) || len != 32))
		rc = -EPROTO;
	if (json) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(json, "key");
		if (cJSON_IsString(k))
			memset(k->valuestring, 0, strlen(k->valuestring));
	}
	cJSON_Delete(json);
	return rc;
}

int kiosk_hub_lease(const struct kiosk_hub *h, const char *service, int size,
                    struct kiosk_lease *out)
{
	char path[160];
	long status = 0;
	cJSON *json;
	int64_t first, last, next, digits;

	snprintf(path, sizeof(path), "/api/v1/kiosks/%s/lease", h->kiosk);
	cJSON *b = cJSON_CreateObject();
	cJSON_AddStringToObject(b, "service", service);
	cJSON_AddNumberToObject(b, "size", size);
	char *body = json_print(b);
	cJSON_Delete(b);
	if (!body)
		return -ENOMEM;
	int rc = call(h, "POST", path, body, &status, &json);
	free(body);
	if (rc == 0 && status != 201)
		rc = status == 401 || status == 403 ? -EACCES : status == 503 ? -EAGAIN : -EPROTO;
	memset(out, 0, sizeof(*out));
	if (rc == 0 &&
	    (json_get_string_buf(json, "service", out->service, sizeof(out->service), NULL, 0) ||
	     json_get_string_buf(json, "prefix", out->prefix, sizeof(out->prefix), NULL, 0) ||
	     json_get_string_buf(json, "day", out->day, sizeof(out->day), NULL, 0) ||
	     json_get_int(json, "first", 1, 99999, &first, NULL, 0) ||
	     json_get_int(json, "last", 1, 99999, &last, NULL, 0) ||
	     json_get_int(json, "next", 1, 100000, &next, NULL, 0) ||
	     json_get_int(json, "digits", 1, 6, &digits, NULL, 0)))
		rc = -EPROTO;
	cJSON_Delete(json);
	if (rc)
		return rc;
	out->first = (int)first;
	out->last = (int)last;
	out->next = (int)next;
	out->digits = (int)digits;
	return 0;
}

int kiosk_hub_handin(const struct kiosk_hub *h, const struct kiosk_handin_item *items, size_t n)
{
	char path[160];
	long status = 0;
	cJSON *json;

	snprintf(path, sizeof(path), "/api/v1/kiosks/%s/handin", h->kiosk);
	cJSON *b = cJSON_CreateObject();
	cJSON *arr = cJSON_AddArrayToObject(b, "tickets");
	for (size_t i = 0; i < n; i++) {
		cJSON *t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "service", items[i].service);
		cJSON_AddNumberToObject(t, "number", items[i].number);
		cJSON_AddStringToObject(t, "issued_at", items[i].issued_at);
		cJSON_AddNumberToObject(t, "priority", items[i].priority);
		cJSON_AddItemToArray(arr, t);
	}
	char *body = json_print(b);
	cJSON_Delete(b);
	if (!body)
		return -ENOMEM;
	int rc = call(h, "POST", path, body, &status, &json);
	free(body);
	if (rc == 0 && status != 200) {
		log_warning("kiosk: hand-in refused: %ld %s", status, error_code(json));
		rc = status == 503 ? -EAGAIN : -EPROTO;
	}
	cJSON_Delete(json);
	return rc;
}

int kiosk_hub_alert(const struct kiosk_hub *h, const char *json_body)
{
	long status = 0;
	cJSON *json;
	int rc = call(h, "POST", "/api/v1/alerts", json_body, &status, &json);
	cJSON_Delete(json);
	if (rc == 0 && status != 201)
		rc = -EPROTO;
	return rc;
}
