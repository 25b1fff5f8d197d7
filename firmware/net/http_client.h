/* http_client.h — a small blocking HTTP/HTTPS client over libcurl, and an SSE client.
 *
 * Each call uses its own curl handle, so calls from many threads are safe. TLS is always
 * verified (against ca_file when given, else the system's CAs).
 */
#ifndef CIVIQ_NET_HTTP_CLIENT_H
#define CIVIQ_NET_HTTP_CLIENT_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net/event_bus.h"

struct http_client_response {
	long status; /* HTTP status */
	char *body;  /* NUL-terminated (not counted in len); malloc'd */
	size_t len;
	char *content_type; /* NULL if the server sent none */
};

struct http_client_options {
	const char *bearer;         /* Authorization: Bearer <bearer> */
	const char *ca_file;        /* PEM bundle to verify the server with */
	int timeout_ms;             /* whole request (0: 30 s; SSE: see http_client_sse) */
	int connect_timeout_ms;     /* 0: 5 s */
	size_t max_body;            /* larger answers fail with -EFBIG (0: 16 MiB) */
	const char *const *headers; /* extra "Name: value" lines, NULL-terminated; may be NULL */
	const atomic_bool *cancel;  /* when set true, the call ends within about a second with
	                               -ECANCELED; may be NULL */
};

/* Sends one request; `json_body` (may be NULL) goes as application/json. Returns 0 when an HTTP
 * answer arrived, whatever its status (free it with http_client_response_free), or a negative
 * errno: -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH, -EFBIG, -EPROTO (TLS or protocol failure),
 * -EINVAL (bad URL), -ECANCELED (opt->cancel), -EIO. `opt` may be NULL. */
int http_client_request(const char *method, const char *url, const char *json_body,
                        const struct http_client_options *opt, struct http_client_response *out);
void http_client_response_free(struct http_client_response *r);

/* Connects to an SSE endpoint (sending Last-Event-ID when last_event_id > 0) and calls
 * on_event for each event. Returns 0 when on_event returned nonzero, -ECONNRESET when the
 * server ended the stream, -ETIMEDOUT after timeout_ms (<= 0: none), -EACCES for 401/403,
 * -ENOENT for 404, -EPROTO for other statuses or a malformed stream, or as
 * http_client_request. */
int http_client_sse(const char *url, const struct http_client_options *opt, uint64_t last_event_id,
                    int (*on_event)(void *ctx, const struct event *ev), void *ctx, int timeout_ms);

#endif
