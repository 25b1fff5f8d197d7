/* portal_civiq.c — the adapter for civiq's own portal contract (docs/portal-api.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "common/log.h"
#include "sync/portal_adapter.h"
#include "sync/portal_http.h"
#include "sync/portal_json.h"

struct civiq {
	const struct hub_portal_config *cfg;
	char base[1024]; /* {url}/offices/{office} */
};

/* Maps what came back to the adapter's result codes. */
static int classify(int rc, const struct portal_http_response *r, struct portal_reply *reply)
{
	reply->status = r->status;
	reply->retry_after_s = r->retry_after_s;
	reply->error = rc;
	if (rc)
		return -EAGAIN;
	if (r->status >= 200 && r->status < 300)
		return 0;
	if (r->status == 410)
		return -ESTALE;
	if (r->status == 401 || r->status == 403)
		return -EACCES;
	if (r->status == 408 || r->status == 429 || r->status >= 500)
		return -EAGAIN;
	return -EREMOTEIO;
}

/* The status and, when the answer names one, the portal's error code; never the body. */
static void log_answer(const char *what, const struct portal_http_response *r)
{
	char code[PORTAL_ERROR_CODE_MAX];

	if (portal_json_error_code(r->body, r->len, code, sizeof(code)))
		snprintf(code, sizeof(code), "no error code");
	log_warning("portal: %s answered %ld (%s)", what, r->status, code);
}

static int civiq_pull(void *ctx, const char *cursor, struct portal_page *page,
                      struct portal_reply *reply)
{
	struct civiq *c = ctx;
	struct portal_http_response r;
	char *esc = curl_easy_escape(NULL, cursor, 0);
	char *url = NULL;
	int rc;

	if (!esc || asprintf(&url, "%s/bookings?since=%s", c->base, esc) < 0) {
		curl_free(esc);
		return -ENOMEM;
	}
	curl_free(esc);
	rc = portal_http_request(c->cfg, "GET", url, NULL, NULL, &r);
	free(url);
	if (rc)
		log_warning("portal: bookings request failed: %s", r.error);
	rc = classify(rc, &r, reply);
	if (rc == 0) {
		rc = portal_json_parse_page(r.body, r.len, (int64_t)time(NULL), page);
		if (rc == -EBADMSG) {
			log_warning("portal: bookings page of %zu bytes is not valid; ignored",
			            r.len);
			reply->error = -EBADMSG;
			rc = -EAGAIN;
		}
	} else if (r.status) {
		log_answer("bookings request", &r);
	}
	portal_http_response_free(&r);
	return rc;
}

static int civiq_push(void *ctx, const struct portal_event *ev, struct portal_reply *reply)
{
	struct civiq *c = ctx;
	struct portal_http_response r;
	char *body = portal_json_event(ev);
	char url[1100];
	int rc;

	if (!body)
		return -ENOMEM;
	snprintf(url, sizeof(url), "%s/events", c->base);
	rc = portal_http_request(c->cfg, "POST", url, body, ev->key, &r);
	free(body);
	if (rc)
		log_warning("portal: event request failed: %s", r.error);
	else if (r.status >= 300)
		log_answer(ev->type, &r);
	rc = classify(rc, &r, reply);
	portal_http_response_free(&r);
	return rc;
}

static void civiq_free(void *ctx)
{
	free(ctx);
}

static const struct portal_adapter_ops civiq_ops = {
	.name = "civiq",
	.pull = civiq_pull,
	.push = civiq_push,
	.free = civiq_free,
};

int portal_adapter_civiq_new(const struct hub_portal_config *cfg, struct portal_adapter *out)
{
	struct civiq *c = calloc(1, sizeof(*c));
	char *office;
	size_t n;

	if (!c)
		return -ENOMEM;
	office = curl_easy_escape(NULL, cfg->office, 0);
	if (!office) {
		free(c);
		return -ENOMEM;
	}
	n = strlen(cfg->url);
	while (n && cfg->url[n - 1] == '/')
		n--;
	snprintf(c->base, sizeof(c->base), "%.*s/offices/%s", (int)n, cfg->url, office);
	curl_free(office);
	c->cfg = cfg;
	out->ops = &civiq_ops;
	out->ctx = c;
	return 0;
}
