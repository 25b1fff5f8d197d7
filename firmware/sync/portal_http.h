/* portal_http.h — one request to the portal over libcurl, with the portal's safety rules:
 * TLS verified against ca_file (optional public-key pin and client certificate), plain http
 * only to loopback, no redirects, connect and low-speed timeouts, a maximum answer size, an
 * optional proxy, and Retry-After read from the answer. */
#ifndef CIVIQ_SYNC_PORTAL_HTTP_H
#define CIVIQ_SYNC_PORTAL_HTTP_H

#include <stddef.h>

#include "hub/hub_config.h"

struct portal_http_response {
	long status;
	char *body; /* NUL-terminated, malloc'd; wiped by portal_http_response_free */
	size_t len;
	int retry_after_s; /* -1: none */
	char error[256];   /* when the request failed: why, for the log (libcurl's words) */
};

/* 0 when an answer arrived (any status), else -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH,
 * -EFBIG (answer larger than max_body_kb), -EPROTO (TLS, verification, protocol), -ECONNRESET
 * (connection broken, body truncated), -EPERM (plain http to a non-loopback host), -EIO. */
int portal_http_request(const struct hub_portal_config *cfg, const char *method, const char *url,
                        const char *json_body, const char *idempotency_key,
                        struct portal_http_response *out);
void portal_http_response_free(struct portal_http_response *r);

/* One raw header line as libcurl hands it over (len bytes, not NUL-terminated, with CRLF):
 * when it is Retry-After, its value in seconds (see below) is stored in *retry_after_s. */
void portal_http_header(const char *line, size_t len, long now_s, int *retry_after_s);

/* Retry-After: delta seconds or an HTTP date (relative to now_s); -1 when unreadable. */
int portal_http_retry_after(const char *value, long now_s);

#endif
