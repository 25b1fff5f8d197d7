/* http_client.c — blocking requests and SSE streams over libcurl, one easy handle per call. */
#include "net/http_client.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net/buf.h"
#include "net/http_curl.h"
#include "net/sse_parser.h"

#define DEFAULT_TIMEOUT_MS 30000
#define DEFAULT_CONNECT_MS 5000
#define DEFAULT_MAX_BODY   (16u * 1024u * 1024u)

static int cancel_check(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                        curl_off_t ulnow)
{
	(void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return atomic_load((const atomic_bool *)clientp) ? 1 : 0;
}

/* A handle with what every call shares: timeouts, TLS, auth and extra headers. */
static CURL *handle_new(const char *url, const struct http_client_options *opt,
                        struct curl_slist **headers)
{
	const struct http_curl_options o = {
		.ca_file = opt ? opt->ca_file : NULL,
		.connect_timeout_ms = opt && opt->connect_timeout_ms > 0 ? opt->connect_timeout_ms
		                                                         : DEFAULT_CONNECT_MS,
	};
	CURL *c = http_curl_new(url, &o);
	if (!c)
		return NULL;
	if (opt && opt->cancel) {
		/* curl calls this about once a second even on an idle stream. */
		curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, cancel_check);
		curl_easy_setopt(c, CURLOPT_XFERINFODATA, (void *)opt->cancel);
		curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	}
	struct curl_slist *h = NULL;
	if (opt && opt->bearer) {
		char line[1024];
		snprintf(line, sizeof(line), "Authorization: Bearer %s", opt->bearer);
		h = curl_slist_append(h, line);
		memset(line, 0, sizeof(line));
	}
	for (const char *const *x = opt ? opt->headers : NULL; x && *x; x++)
		h = curl_slist_append(h, *x);
	*headers = h;
	return c;
}

struct collect {
	struct buf body;
	size_t max;
	bool too_large;
};

static size_t collect_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct collect *col = userdata;
	size_t n = size * nmemb;
	if (n > col->max - col->body.len) {
		col->too_large = true;
		return 0;
	}
	buf_append(&col->body, ptr, n);
	return col->body.failed ? 0 : n;
}

int http_client_request(const char *method, const char *url, const char *json_body,
                        const struct http_client_options *opt, struct http_client_response *out)
{
	if (!method || !url || !out)
		return -EINVAL;
	memset(out, 0, sizeof(*out));
	struct curl_slist *headers = NULL;
	CURL *c = handle_new(url, opt, &headers);
	if (!c)
		return -ENOMEM;
	struct collect col = { .max = opt && opt->max_body ? opt->max_body : DEFAULT_MAX_BODY };
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
	                 (long)(opt && opt->timeout_ms > 0 ? opt->timeout_ms : DEFAULT_TIMEOUT_MS));
	if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "GET") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	if (json_body) {
		headers = curl_slist_append(headers, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(json_body));
	} else if (strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)0);
	}
	headers = curl_slist_append(headers, "Expect:");
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &col);
	CURLcode res = curl_easy_perform(c);
	int rc = col.too_large ? -EFBIG : col.body.failed ? -ENOMEM : http_curl_errno(res);
	if (rc == 0) {
		char *ct = NULL;
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
		curl_easy_getinfo(c, CURLINFO_CONTENT_TYPE, &ct);
		out->content_type = ct ? strdup(ct) : NULL;
		out->body = buf_steal(&col.body, &out->len);
		if (!out->body || (ct && !out->content_type)) {
			http_client_response_free(out);
			rc = -ENOMEM;
		}
	}
	buf_free(&col.body);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	return rc;
}

void http_client_response_free(struct http_client_response *r)
{
	if (!r)
		return;
	free(r->body);
	free(r->content_type);
	memset(r, 0, sizeof(*r));
}

/* ---- SSE ---- */

struct sse_call {
	CURL *curl;
	struct sse_parser parser;
	int (*on_event)(void *ctx, const struct event *ev);
	void *ctx;
	long status;
	bool stopped; /* on_event asked to stop */
	int error;    /* the parser failed */
};

static int sse_deliver(void *ctx, const struct event *ev)
{
	struct sse_call *call = ctx;
	return call->on_event(call->ctx, ev) ? 1 : 0;
}

static size_t sse_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct sse_call *call = userdata;
	size_t n = size * nmemb;
	if (call->status == 0)
		curl_easy_getinfo(call->curl, CURLINFO_RESPONSE_CODE, &call->status);
	if (call->status != 200)
		return n; /* an error body: ignored, the status says it all */
	int rc = sse_parser_feed(&call->parser, ptr, n);
	if (rc == 1) {
		call->stopped = true;
		return 0;
	}
	if (rc < 0) {
		call->error = rc;
		return 0;
	}
	return n;
}

static int status_error(long status)
{
	if (status == 401 || status == 403)
		return -EACCES;
	if (status == 404)
		return -ENOENT;
	return -EPROTO;
}

int http_client_sse(const char *url, const struct http_client_options *opt, uint64_t last_event_id,
                    int (*on_event)(void *ctx, const struct event *ev), void *ctx, int timeout_ms)
{
	if (!url || !on_event)
		return -EINVAL;
	struct curl_slist *headers = NULL;
	CURL *c = handle_new(url, opt, &headers);
	if (!c)
		return -ENOMEM;
	struct sse_call call = { .curl = c, .on_event = on_event, .ctx = ctx };
	sse_parser_init(&call.parser, sse_deliver, &call);
	headers = curl_slist_append(headers, "Accept: text/event-stream");
	if (last_event_id > 0) {
		char line[64];
		snprintf(line, sizeof(line), "Last-Event-ID: %llu",
		         (unsigned long long)last_event_id);
		headers = curl_slist_append(headers, line);
	}
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
	if (timeout_ms > 0)
		curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)timeout_ms);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sse_write);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &call);
	CURLcode res = curl_easy_perform(c);
	if (call.status == 0)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &call.status);
	int rc;
	if (call.stopped)
		rc = 0;
	else if (call.error)
		rc = call.error == -ENOMEM ? -ENOMEM : -EPROTO;
	else if (call.status != 0 && call.status != 200)
		rc = status_error(call.status);
	else if (res == CURLE_OK)
		rc = -ECONNRESET;
	else
		rc = http_curl_errno(res);
	sse_parser_free(&call.parser);
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	return rc;
}
