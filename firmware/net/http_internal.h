/* http_internal.h — what the server's modules share: the request and response structs, the
 * router and the SSE stream. Not for use outside firmware/net.
 */
#ifndef CIVIQ_NET_HTTP_INTERNAL_H
#define CIVIQ_NET_HTTP_INTERNAL_H

#include <netinet/in.h>
#include <stdatomic.h>
#include <time.h>

#include <microhttpd.h>

#include "net/buf.h"
#include "net/http_server.h"

#define HTTP_MAX_PARAMS 8

struct http_header_line {
	char *name;
	char *value;
};

struct http_response {
	int status; /* 0: not set */
	struct http_header_line *headers;
	size_t n_headers;
	char *content_type;
	char *body;
	size_t len;
	bool has_body;
	struct {
		bool on;
		struct event_bus *bus;
		uint64_t after;
		bool (*filter)(void *ctx, const struct event *ev);
		void *ctx;
	} sse;
};

void http_response_clear(struct http_response *resp);
/* The header's value if the response has it (case-insensitive name), else NULL. */
const char *http_response_find_header(const struct http_response *resp, const char *name);

/* ---- router ---- */
struct http_route_match {
	const struct http_route *route; /* NULL: none for this method */
	bool path_known;                /* some route has this path (with another method) */
	char allow[128];                /* methods of the routes with this path: "GET, POST" */
	size_t n_params;
	struct {
		const char *name; /* into the route's pattern, not NUL-terminated */
		size_t name_len;
		size_t offset; /* of the value in the path */
		size_t len;
	} params[HTTP_MAX_PARAMS];
};

/* Finds the route for method and path. The most specific pattern (most literal characters)
 * wins, then the first in the table. HEAD falls back to GET routes. */
void http_router_match(const struct http_route *routes, size_t n_routes, const char *method,
                       const char *path, struct http_route_match *m);

/* ---- request ---- */
struct http_request {
	struct http_server *server;
	struct MHD_Connection *conn;
	const char *method; /* owned by MHD, valid for the request */
	const char *path;
	const struct http_route *route;
	size_t n_params;
	const char *param_names[HTTP_MAX_PARAMS]; /* NUL-terminated copies in param_buf */
	const char *param_values[HTTP_MAX_PARAMS];
	char *param_buf;
	struct buf body;
	bool too_large;   /* a chunked body outgrew max_body: the rest is dropped */
	size_t discarded; /* bytes dropped */
	char remote[INET6_ADDRSTRLEN];
	void *auth;
	struct http_response response;
	struct timespec started; /* CLOCK_MONOTONIC */
	int status;              /* what was answered, 0 before */
	bool answered;
	bool sse;
};

struct http_request *http_request_new(struct http_server *s, struct MHD_Connection *conn,
                                      const char *method, const char *path);
/* Takes the route and the params of a match. 0 or -ENOMEM. */
int http_request_set_route(struct http_request *r, const struct http_route_match *m);
void http_request_free(struct http_request *r, void (*auth_free)(void *auth));

/* ---- SSE ---- */
struct sse_stream {
	struct http_server *server;
	struct event_bus *bus;
	uint64_t last; /* newest id handled (sent or filtered out) */
	bool (*filter)(void *ctx, const struct event *ev);
	void *filter_ctx;
	struct buf out; /* formatted, not yet handed to MHD */
	int keepalive_ms;
	struct timespec next_keepalive;
	const atomic_bool *stopping;
	struct sse_stream *prev, *next; /* the server's list of open streams */
};

/* An MHD response streaming resp->sse; NULL when out of memory. */
struct MHD_Response *http_sse_response(struct http_server *s, const struct http_response *resp,
                                       int keepalive_ms);

/* The server's side of stream bookkeeping (http_server.c). */
const atomic_bool *http_server_stopping_flag(struct http_server *s);
void http_server_add_stream(struct http_server *s, struct sse_stream *st);
void http_server_remove_stream(struct http_server *s, struct sse_stream *st);

/* Appends one event in the wire format ("id:", "event:", "data:" per line, blank line). */
void http_sse_format(struct buf *out, const struct event *ev);

#endif
