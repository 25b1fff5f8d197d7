/* counter_link.c — the hub requests of a counter board, over the net client. */
#include "apps/counter/counter_link.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "net/http_client.h"

static const char *const action_path[] = {
	[COUNTER_NEXT] = "call-next",
	[COUNTER_RECALL] = "recall",
	[COUNTER_CURRENT] = "current",
};

static void parse_ticket(const struct http_client_response *r, struct counter_result *out)
{
	cJSON *j = r->len ? cJSON_Parse(r->body) : NULL;
	const char *number = cJSON_GetStringValue(cJSON_GetObjectItem(j, "number"));
	cJSON *id = cJSON_GetObjectItem(j, "id");

	if (!number || !cJSON_IsNumber(id)) {
		out->outcome = COUNTER_FAILED;
		out->err = -EPROTO;
	} else {
		out->outcome = COUNTER_TICKET;
		out->id = (long long)cJSON_GetNumberValue(id);
		snprintf(out->number, sizeof(out->number), "%s", number);
	}
	cJSON_Delete(j);
}

static int error_code_is(const struct http_client_response *r, const char *code)
{
	cJSON *j = r->len ? cJSON_Parse(r->body) : NULL;
	const char *c =
	    cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "error"), "code"));
	int is = c && !strcmp(c, code);
	cJSON_Delete(j);
	return is;
}

void counter_link_do(const struct counter_config *c, enum counter_action a,
                     const atomic_bool *cancel, struct counter_result *out)
{
	struct http_client_response r = { 0 };
	struct http_client_options o = {
		.bearer = c->token,
		.ca_file = c->ca_file[0] ? c->ca_file : NULL,
		.timeout_ms = c->timeout_ms,
		.connect_timeout_ms = c->timeout_ms < 3000 ? c->timeout_ms : 3000,
		.max_body = 64 * 1024,
		.cancel = cancel,
	};
	char url[COUNTER_STR_MAX + 160];
	size_t base = strlen(c->hub_url);

	while (base && c->hub_url[base - 1] == '/')
		base--;
	memset(out, 0, sizeof(*out));
	snprintf(url, sizeof(url), "%.*s/api/v1/counters/%s/%s", (int)base, c->hub_url, c->counter,
	         action_path[a]);
	int rc = http_client_request(a == COUNTER_CURRENT ? "GET" : "POST", url,
	                             a == COUNTER_CURRENT ? NULL : "{}", &o, &r);
	if (rc) {
		out->outcome = COUNTER_FAILED;
		out->err = rc;
		/* refused or unreachable: the request never arrived */
		out->reached = rc != -ECONNREFUSED && rc != -EHOSTUNREACH && rc != -EINVAL;
		http_client_response_free(&r);
		return;
	}
	out->status = r.status;
	if (r.status == 200)
		parse_ticket(&r, out);
	else if (r.status == 204)
		out->outcome = COUNTER_EMPTY;
	else if (r.status == 409 && error_code_is(&r, "counter_paused"))
		out->outcome = COUNTER_PAUSED;
	else if (r.status == 409 && error_code_is(&r, "no_current_ticket"))
		out->outcome = COUNTER_EMPTY;
	else if (r.status >= 500 || r.status == 429 || r.status == 408)
		out->outcome = COUNTER_FAILED, out->reached = 1;
	else
		out->outcome = COUNTER_REJECTED;
	if (out->outcome == COUNTER_FAILED && r.status == 200)
		out->reached = 1;
	http_client_response_free(&r);
}
