/* http_request.c — the request as handlers see it. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "net/http_internal.h"
#include "net/json_util.h"

static void format_addr(const struct sockaddr *sa, char *out, size_t size)
{
	out[0] = '\0';
	if (!sa)
		return;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &in->sin_addr, out, (socklen_t)size);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr))
			inet_ntop(AF_INET, &in6->sin6_addr.s6_addr[12], out, (socklen_t)size);
		else
			inet_ntop(AF_INET6, &in6->sin6_addr, out, (socklen_t)size);
	}
}

struct http_request *http_request_new(struct http_server *s, struct MHD_Connection *conn,
                                      const char *method, const char *path)
{
	struct http_request *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->server = s;
	r->conn = conn;
	r->method = method;
	r->path = path;
	clock_gettime(CLOCK_MONOTONIC, &r->started);
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (info)
		format_addr(info->client_addr, r->remote, sizeof(r->remote));
	return r;
}

int http_request_set_route(struct http_request *r, const struct http_route_match *m)
{
	r->route = m->route;
	r->n_params = 0;
	if (!m->route || m->n_params == 0)
		return 0;
	/* One buffer holds "name\0value\0" for each param. */
	size_t size = 0;
	for (size_t i = 0; i < m->n_params; i++)
		size += m->params[i].name_len + m->params[i].len + 2;
	char *p = malloc(size);
	if (!p)
		return -ENOMEM;
	free(r->param_buf);
	r->param_buf = p;
	for (size_t i = 0; i < m->n_params; i++) {
		r->param_names[i] = p;
		memcpy(p, m->params[i].name, m->params[i].name_len);
		p += m->params[i].name_len;
		*p++ = '\0';
		r->param_values[i] = p;
		memcpy(p, r->path + m->params[i].offset, m->params[i].len);
		p += m->params[i].len;
		*p++ = '\0';
	}
	r->n_params = m->n_params;
	return 0;
}

void http_request_free(struct http_request *r, void (*auth_free)(void *auth))
{
	if (!r)
		return;
	if (r->auth && auth_free)
		auth_free(r->auth);
	free(r->param_buf);
	buf_free(&r->body);
	http_response_clear(&r->response);
	free(r);
}

const char *http_request_method(const struct http_request *r)
{
	return r->method;
}

const char *http_request_path(const struct http_request *r)
{
	return r->path;
}

const char *http_request_header(const struct http_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

const char *http_request_query(const struct http_request *r, const char *key)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, key);
	if (v)
		return v;
	/* "?key" without "=": MHD stores it with a NULL value. */
	return MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, key, strlen(key), NULL,
	                                     NULL) == MHD_YES
	           ? ""
	           : NULL;
}

const char *http_request_cookie(const struct http_request *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_COOKIE_KIND, name);
}

const char *http_request_param(const struct http_request *r, const char *name)
{
	for (size_t i = 0; i < r->n_params; i++)
		if (strcmp(r->param_names[i], name) == 0)
			return r->param_values[i];
	return NULL;
}

const char *http_request_body(const struct http_request *r, size_t *len)
{
	if (len)
		*len = r->body.len;
	return r->body.data ? r->body.data : "";
}

const char *http_request_remote_addr(const struct http_request *r)
{
	return r->remote;
}

void *http_request_auth(const struct http_request *r)
{
	return r->auth;
}

const struct http_route *http_request_route(const struct http_request *r)
{
	return r->route;
}

cJSON *http_request_json(const struct http_request *r, struct http_response *resp)
{
	const char *ct = http_request_header(r, "Content-Type");
	if (ct && strncasecmp(ct, "application/json", 16) != 0) {
		http_response_error(resp, 415, "unsupported_media_type",
		                    "the body must be application/json");
		return NULL;
	}
	char err[JSON_ERROR_MAX];
	size_t len;
	const char *body = http_request_body(r, &len);
	cJSON *json = json_parse_object(body, len, err, sizeof(err));
	if (!json)
		http_response_error(resp, 400, "invalid_json", "%s", err);
	return json;
}

uint64_t http_sse_last_event_id(const struct http_request *r)
{
	const char *v = http_request_header(r, "Last-Event-ID");
	if (!v || !*v)
		v = http_request_query(r, "last_event_id");
	if (!v || *v < '0' || *v > '9')
		return 0;
	char *end;
	errno = 0;
	unsigned long long id = strtoull(v, &end, 10);
	if (errno || *end)
		return 0;
	return (uint64_t)id;
}
