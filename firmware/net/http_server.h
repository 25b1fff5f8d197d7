/* http_server.h — the HTTP/HTTPS server the hub's API is built on (libmicrohttpd).
 *
 * The application gives a table of routes ("GET", "/api/v1/tickets/{id}") and an authorize
 * hook; the server parses requests, runs the hook, routes, limits bodies, and turns what the
 * handler put into a `struct http_response` into the answer. Errors follow the hub's contract:
 * an HTTP status and `{"error":{"code":"snake_case","message":"..."}}`.
 *
 * Order of checks for each request:
 *   1. authorize(ctx, req, route, &auth, resp) once the headers are in — `route` is NULL when
 *      no route matches the method and path — before routing errors and before the body is
 *      read; nonzero answers with what the hook put into `resp` (401 ...) at once.
 *   2. no route for the path: 404 not_found; path known, method not: 405 method_not_allowed
 *      with an Allow header (HEAD is served by a GET route).
 *   3. Content-Length above max_body: 413 body_too_large without reading the body; a chunked
 *      body that grows beyond it: 413 as soon as it does.
 *   4. the handler, with the whole body.
 *
 * Each connection has its own thread, so handlers may block (database, SSE). Handlers and the
 * hook run concurrently with each other. Every answer carries `X-Content-Type-Options: nosniff`;
 * JSON answers also `Cache-Control: no-store` unless the handler set one.
 */
#ifndef CIVIQ_NET_HTTP_SERVER_H
#define CIVIQ_NET_HTTP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "net/event_bus.h"

#define HTTP_JSON_CONTENT_TYPE "application/json; charset=utf-8"
#define HTTP_DEFAULT_MAX_BODY  (64u * 1024u)

struct http_request;
struct http_response;
struct http_route;
struct metrics;

/* ---- the request (valid only during the authorize hook and the handler) ---- */
struct http_request;

const char *http_request_method(const struct http_request *r);
/* Percent-decoded path without the query: "/api/v1/tickets/42". */
const char *http_request_path(const struct http_request *r);
/* Case-insensitive; NULL if absent. */
const char *http_request_header(const struct http_request *r, const char *name);
/* Percent-decoded query argument; NULL if absent, "" for "?key". */
const char *http_request_query(const struct http_request *r, const char *key);
const char *http_request_cookie(const struct http_request *r, const char *name);
/* The path segment matched by "{name}" in the route's pattern; NULL if the pattern has none. */
const char *http_request_param(const struct http_request *r, const char *name);
/* The body, NUL-terminated (the NUL is not counted in *len); "" with *len 0 when there is none
 * and during the authorize hook. `len` may be NULL. */
const char *http_request_body(const struct http_request *r, size_t *len);
/* The peer's address as text: "127.0.0.1", "::1" (IPv4-mapped IPv6 addresses as IPv4). */
const char *http_request_remote_addr(const struct http_request *r);
/* What the authorize hook stored in *auth (NULL if none). */
void *http_request_auth(const struct http_request *r);
/* The matched route, NULL in the authorize hook for unmatched requests. */
const struct http_route *http_request_route(const struct http_request *r);

/* The body parsed as one JSON object; on failure NULL, with `resp` already set to
 * 400 invalid_json (or 415 unsupported_media_type when the Content-Type is not JSON). */
cJSON *http_request_json(const struct http_request *r, struct http_response *resp);

/* ---- the response (what the hook or handler fills in) ---- */
struct http_response;

/* A handler that sets nothing answers 500 internal_error; one that sets only a status answers
 * with an empty body. */
void http_response_status(struct http_response *resp, int status);
/* Adds a header (several with the same name are all sent: Set-Cookie). 0 or -EINVAL (CR/LF in
 * name or value) / -ENOMEM. */
int http_response_header(struct http_response *resp, const char *name, const char *value);
/* Sets the body (copied) and its Content-Type; keeps the status (200 when none was set). */
int http_response_body(struct http_response *resp, const char *content_type, const void *body,
                       size_t len);
/* Sets the status and the body to the printed JSON, as application/json; charset=utf-8. */
int http_response_json(struct http_response *resp, int status, const cJSON *json);
/* Sets the status and the error JSON {"error":{"code":code,"message":formatted}}. */
int http_response_error(struct http_response *resp, int status, const char *code, const char *fmt,
                        ...) __attribute__((format(printf, 4, 5)));
/* Turns the response into a Server-Sent-Events stream (200, text/event-stream) fed by `bus`,
 * starting after event id `after` (from http_sse_last_event_id, usually). `filter` (may be NULL)
 * decides per event whether this client gets it. Wire format: "retry: 2000" first, then
 * "id: N\nevent: TYPE\ndata: JSON\n\n" per event, and ": keepalive" every keepalive interval.
 * The stream ends when the client goes away, the bus is closed or the server stops. */
int http_response_sse(struct http_response *resp, struct event_bus *bus, uint64_t after,
                      bool (*filter)(void *ctx, const struct event *ev), void *filter_ctx);
/* The id an SSE client wants to resume after: its Last-Event-ID header, else the
 * `last_event_id` query argument (for browsers' EventSource polyfills), else 0. */
uint64_t http_sse_last_event_id(const struct http_request *r);

/* ---- routes and the server ---- */
typedef void (*http_handler_fn)(void *ctx, struct http_request *req, struct http_response *resp);

struct http_route {
	const char *method;  /* "GET", "POST" ... */
	const char *pattern; /* "/api/v1/tickets/{id}/start": "{name}" matches one segment */
	http_handler_fn handler;
	int flags; /* the application's (roles, public ...): the server does not interpret them */
};

/* Called once the headers are in, before routing errors and before the body is read. May set
 * *auth (freed with cfg->auth_free after the request) and return 0 to go on, or fill `resp`
 * (e.g. 401) and return nonzero to answer at once. `route` is NULL when none matches. */
typedef int (*http_authorize_fn)(void *ctx, struct http_request *req,
                                 const struct http_route *route, void **auth,
                                 struct http_response *resp);

struct http_server_config {
	const char *listen;                       /* "127.0.0.1:8080", "[::1]:0": port 0 = any */
	const char *tls_cert_file, *tls_key_file; /* both set: HTTPS (PEM files) */
	size_t max_body;                          /* 0: HTTP_DEFAULT_MAX_BODY */
	unsigned max_connections;                 /* 0: 256 */
	const struct http_route *routes;
	size_t n_routes;
	http_authorize_fn authorize; /* NULL: every request is let through */
	void *ctx;                   /* passed to handlers and authorize */
	void (*auth_free)(void *auth);
	/* 0 picks the defaults: */
	unsigned idle_timeout_s;  /* idle keep-alive connections are closed (30 s); not SSE */
	int sse_keepalive_ms;     /* ": keepalive" comment interval on SSE streams (15000) */
	int stop_timeout_ms;      /* how long http_server_stop lets requests finish (5000) */
	const char *metrics_name; /* metric prefix: "civiq_http" */
	struct metrics *metrics;  /* registry for request counts and latencies: metrics_default() */
};

struct http_server;

/* Starts listening and serving in background threads. 0 or a negative errno (-EADDRINUSE,
 * -EINVAL for a bad listen address or TLS files, -ENOTSUP without TLS support). */
int http_server_start(const struct http_server_config *cfg, struct http_server **out);
/* The bound port (useful with port 0). */
int http_server_port(const struct http_server *s);
/* Graceful stop: stops accepting, ends SSE streams, lets in-flight requests finish (up to
 * stop_timeout_ms), then closes every connection and frees the server. NULL is a no-op. The
 * event buses of SSE streams must stay alive until this returns. */
void http_server_stop(struct http_server *s);

#endif
