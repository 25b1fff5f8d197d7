/* portal_http.c — the portal's HTTP requests over libcurl, one easy handle per request. */
#include "sync/portal_http.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "net/http_curl.h"

#define LOW_SPEED_BYTES  16 /* slower than this ... */
#define LOW_SPEED_TIME_S 10 /* ... for this long aborts the transfer */
#define RETRY_AFTER_MAX  3600

struct body {
	char *data;
	size_t len, cap, max;
	bool too_large, failed;
	int retry_after_s;
	char error[CURL_ERROR_SIZE];
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb;

	if (n > b->max - b->len) {
		b->too_large = true;
		return 0;
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 16384;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *d = malloc(cap); /* not realloc: the old copy is wiped */
		if (!d) {
			b->failed = true;
			return 0;
		}
		if (b->data) {
			memcpy(d, b->data, b->len);
			OPENSSL_cleanse(b->data, b->len);
			free(b->data);
		}
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	return n;
}

int portal_http_retry_after(const char *v, long now_s)
{
	long s;

	while (*v == ' ')
		v++;
	if (isdigit((unsigned char)*v)) {
		char *end;
		s = strtol(v, &end, 10);
		while (*end == ' ' || *end == '\r' || *end == '\n')
			end++;
		if (*end)
			return -1;
	} else {
		time_t t = curl_getdate(v, NULL);
		if (t < 0)
			return -1;
		s = (long)t - now_s;
		if (s < 0)
			s = 0;
	}
	return (int)(s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s);
}

void portal_http_header(const char *line, size_t len, long now_s, int *retry_after_s)
{
	static const char name[] = "retry-after:";
	const size_t k = sizeof(name) - 1;
	char v[128];

	if (len <= k || len - k >= sizeof(v) || strncasecmp(line, name, k))
		return;
	memcpy(v, line + k, len - k);
	v[len - k] = '\0';
	*retry_after_s = portal_http_retry_after(v, now_s);
}

static size_t on_header(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	struct body *b = userdata;
	size_t n = size * nmemb;

	portal_http_header(ptr, n, (long)time(NULL), &b->retry_after_s);
	return n;
}

/* The portal's rules on top of what every civiq handle has (net/http_curl.h). */
static CURL *handle_new(const struct hub_portal_config *cfg, const char *url, struct body *b)
{
	const struct http_curl_options o = {
		.ca_file = cfg->ca_file,
		.pin = cfg->pin,
		.client_cert = cfg->client_cert,
		.client_key = cfg->client_key,
		.proxy = cfg->proxy, /* "" when unset: no proxy, whatever the environment says */
		.connect_timeout_ms = (long)cfg->connect_timeout_s * 1000,
		.timeout_ms = (long)cfg->timeout_s * 1000,
		.low_speed_bytes = LOW_SPEED_BYTES,
		.low_speed_time_s =
		    cfg->timeout_s < LOW_SPEED_TIME_S ? cfg->timeout_s : LOW_SPEED_TIME_S,
		.max_size = (curl_off_t)b->max,
	};
	CURL *c = http_curl_new(url, &o);

	if (!c)
		return NULL;
	curl_easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, b);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, b);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, b->error);
	return c;
}

int portal_http_request(const struct hub_portal_config *cfg, const char *method, const char *url,
                        const char *json_body, const char *idempotency_key,
                        struct portal_http_response *out)
{
	struct body b = { .max = (size_t)cfg->max_body_kb * 1024, .retry_after_s = -1 };
	struct curl_slist *h = NULL;
	char line[512];
	CURL *c;

	memset(out, 0, sizeof(*out));
	out->retry_after_s = -1;
	if (strncasecmp(url, "https://", 8) &&
	    !(strncasecmp(url, "http://", 7) == 0 && hub_url_is_loopback(url))) {
		snprintf(out->error, sizeof(out->error), "plain http only to a loopback address");
		return -EPERM;
	}
	if (!(c = handle_new(cfg, url, &b))) {
		snprintf(out->error, sizeof(out->error), "cannot set up libcurl");
		return -ENOMEM;
	}
	if (cfg->token[0]) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s", cfg->token);
		h = curl_slist_append(h, line);
		OPENSSL_cleanse(line, sizeof(line));
	}
	h = curl_slist_append(h, "Accept: application/json");
	h = curl_slist_append(h, "Expect:");
	if (idempotency_key) {
		snprintf(line, sizeof(line), "Idempotency-Key: %s", idempotency_key);
		h = curl_slist_append(h, line);
	}
	if (json_body) {
		h = curl_slist_append(h, "Content-Type: application/json");
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, json_body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(json_body));
	}
	if (strcmp(method, "GET") && !json_body)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	CURLcode res = curl_easy_perform(c);
	int rc = b.too_large ? -EFBIG : b.failed ? -ENOMEM : http_curl_errno(res);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &out->status);
	if (b.too_large)
		snprintf(out->error, sizeof(out->error), "answer larger than %d KiB",
		         cfg->max_body_kb);
	else if (rc)
		snprintf(out->error, sizeof(out->error), "%s",
		         b.error[0] ? b.error : curl_easy_strerror(res));
	out->retry_after_s = b.retry_after_s;
	if (rc == 0) {
		out->body = b.data ? b.data : calloc(1, 1);
		out->len = b.len;
		if (!out->body)
			rc = -ENOMEM;
		else if (b.data)
			out->body[b.len] = '\0';
	} else if (b.data) {
		OPENSSL_cleanse(b.data, b.len);
		free(b.data);
	}
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return rc;
}

void portal_http_response_free(struct portal_http_response *r)
{
	if (!r)
		return;
	if (r->body) {
		OPENSSL_cleanse(r->body, r->len);
		free(r->body);
	}
	memset(r, 0, sizeof(*r));
}
