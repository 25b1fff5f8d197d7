/* http_server.c — libmicrohttpd glue: listening, the request life cycle, graceful stop.
 *
 * MHD runs one thread per connection (plus its polling thread), so handlers and SSE streams
 * may block. A request's life: the first access-handler call (headers in) authorizes, routes
 * and checks the announced length; the following calls collect the body; the last one runs
 * the handler and queues the answer; MHD's completion callback records metrics and frees.
 */
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common/log.h"
#include "net/http_internal.h"
#include "net/metrics.h"

/* Past this much of an oversize chunked body the connection is closed without an answer. */
#define DISCARD_MAX (1024u * 1024u)

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_route *routes;
	size_t n_routes;
	http_authorize_fn authorize;
	void *ctx;
	void (*auth_free)(void *auth);
	size_t max_body;
	int sse_keepalive_ms;
	int stop_timeout_ms;
	int port;
	char *tls_cert, *tls_key;
	struct metrics *metrics;
	char requests_metric[96], duration_metric[96];
	atomic_bool stopping;
	pthread_mutex_t lock;
	pthread_cond_t idle; /* signalled when in_flight drops (CLOCK_MONOTONIC) */
	unsigned in_flight;
	struct sse_stream *streams;
};

/* ---- stream bookkeeping (for http_sse.c) ---- */

const atomic_bool *http_server_stopping_flag(struct http_server *s)
{
	return &s->stopping;
}

void http_server_add_stream(struct http_server *s, struct sse_stream *st)
{
	pthread_mutex_lock(&s->lock);
	st->prev = NULL;
	st->next = s->streams;
	if (s->streams)
		s->streams->prev = st;
	s->streams = st;
	pthread_mutex_unlock(&s->lock);
}

void http_server_remove_stream(struct http_server *s, struct sse_stream *st)
{
	pthread_mutex_lock(&s->lock);
	if (st->prev)
		st->prev->next = st->next;
	else if (s->streams == st)
		s->streams = st->next;
	if (st->next)
		st->next->prev = st->prev;
	st->prev = st->next = NULL;
	pthread_mutex_unlock(&s->lock);
}

/* ---- answering ---- */

static bool is_json(const char *content_type)
{
	return content_type && strncasecmp(content_type, "application/json", 16) == 0;
}

/* Turns req->response into the MHD answer. */
static enum MHD_Result answer(struct http_server *s, struct http_request *req)
{
	struct http_response *resp = &req->response;
	struct MHD_Response *r;
	if (resp->sse.on) {
		r = http_sse_response(s, resp, s->sse_keepalive_ms);
		if (!r)
			return MHD_NO;
		req->sse = true;
		MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
		MHD_add_response_header(r, "Cache-Control", "no-store");
		MHD_add_response_header(r, "X-Accel-Buffering", "no");
		/* Streams stay open however long they are quiet. */
		MHD_set_connection_option(req->conn, MHD_CONNECTION_OPTION_TIMEOUT, 0);
	} else {
		if (resp->status == 0 && !resp->has_body)
			http_response_error(resp, 500, "internal_error",
			                    "the request was not answered");
		r = MHD_create_response_from_buffer(resp->len, resp->body, MHD_RESPMEM_MUST_COPY);
		if (!r)
			return MHD_NO;
		if (resp->has_body)
			MHD_add_response_header(r, "Content-Type", resp->content_type);
		if (is_json(resp->content_type) &&
		    !http_response_find_header(resp, "Cache-Control"))
			MHD_add_response_header(r, "Cache-Control", "no-store");
	}
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (size_t i = 0; i < resp->n_headers; i++)
		MHD_add_response_header(r, resp->headers[i].name, resp->headers[i].value);
	if (atomic_load(&s->stopping))
		MHD_add_response_header(r, "Connection", "close");
	int status = resp->status ? resp->status : 200;
	enum MHD_Result ret = MHD_queue_response(req->conn, (unsigned)status, r);
	MHD_destroy_response(r);
	req->answered = true;
	req->status = status;
	return ret;
}

static enum MHD_Result answer_error(struct http_server *s, struct http_request *req, int status,
                                    const char *code, const char *message)
{
	http_response_clear(&req->response);
	http_response_error(&req->response, status, code, "%s", message);
	return answer(s, req);
}

/* ---- the request life cycle ---- */

static bool announced_too_large(struct http_server *s, struct http_request *req)
{
	const char *cl = MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, "Content-Length");
	if (!cl)
		return false;
	char *end;
	errno = 0;
	unsigned long long n = strtoull(cl, &end, 10);
	return errno == ERANGE || (end != cl && n > s->max_body);
}

/* Headers are in: authorize, route, check the announced length. */
static enum MHD_Result begin(struct http_server *s, struct http_request *req)
{
	if (atomic_load(&s->stopping))
		return answer_error(s, req, 503, "shutting_down", "the server is shutting down");
	struct http_route_match m;
	http_router_match(s->routes, s->n_routes, req->method, req->path, &m);
	if (http_request_set_route(req, &m) < 0)
		return MHD_NO;
	if (s->authorize) {
		void *auth = NULL;
		int rc = s->authorize(s->ctx, req, m.route, &auth, &req->response);
		req->auth = auth;
		if (rc) {
			if (req->response.status == 0 && !req->response.has_body)
				http_response_error(&req->response, 401, "unauthorized",
				                    "authentication required");
			return answer(s, req);
		}
	}
	if (!m.route && !m.path_known)
		return answer_error(s, req, 404, "not_found", "no such resource");
	if (!m.route) {
		http_response_clear(&req->response);
		http_response_error(&req->response, 405, "method_not_allowed",
		                    "%s is not allowed here", req->method);
		http_response_header(&req->response, "Allow", m.allow);
		return answer(s, req);
	}
	if (announced_too_large(s, req))
		return answer_error(s, req, 413, "body_too_large", "the body is too large");
	return MHD_YES;
}

static void run_handler(struct http_server *s, struct http_request *req)
{
	/* Whatever the authorize hook left in the response is not the handler's. */
	http_response_clear(&req->response);
	req->route->handler(s->ctx, req, &req->response);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;
	(void)version;
	if (!req) {
		req = http_request_new(s, conn, method, url);
		if (!req)
			return MHD_NO;
		*con_cls = req;
		pthread_mutex_lock(&s->lock);
		s->in_flight++;
		pthread_mutex_unlock(&s->lock);
		return begin(s, req);
	}
	if (req->answered) { /* answered early: the rest of the body is dropped */
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (*upload_data_size) {
		size_t n = *upload_data_size;
		*upload_data_size = 0;
		if (req->too_large || n > s->max_body - req->body.len) {
			/* MHD can only answer once the body is in: drop it, up to a point. */
			req->too_large = true;
			req->discarded += n;
			return req->discarded > DISCARD_MAX ? MHD_NO : MHD_YES;
		}
		buf_append(&req->body, upload_data, n);
		return req->body.failed ? MHD_NO : MHD_YES;
	}
	if (req->too_large)
		return answer_error(s, req, 413, "body_too_large", "the body is too large");
	run_handler(s, req);
	return answer(s, req);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	struct http_server *s = cls;
	struct http_request *req = *con_cls;
	(void)conn;
	if (!req)
		return;
	*con_cls = NULL;
	const char *route = req->route ? req->route->pattern : "unmatched";
	char code[16];
	if (req->status && toe == MHD_REQUEST_TERMINATED_COMPLETED_OK)
		snprintf(code, sizeof(code), "%d", req->status);
	else
		snprintf(code, sizeof(code), "aborted");
	metric_inc(metrics_counter(s->metrics, s->requests_metric, "HTTP requests answered.",
	                           "route", route, "code", code));
	if (!req->sse)
		metric_observe(metrics_histogram(s->metrics, s->duration_metric,
		                                 "Time from request headers to the answer sent.",
		                                 "method", req->method, "route", route),
		               seconds_since(&req->started));
	http_request_free(req, s->auth_free);
	pthread_mutex_lock(&s->lock);
	s->in_flight--;
	pthread_cond_broadcast(&s->idle);
	pthread_mutex_unlock(&s->lock);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	char line[512];
	vsnprintf(line, sizeof(line), fmt, ap);
	line[strcspn(line, "\n")] = '\0';
	log_info("http: %s", line);
}

/* ---- start and stop ---- */

/* "host:port", "[v6]:port" or ":port" to a bound, listening, non-blocking socket. */
static int open_listener(const char *listen_addr, int *fd_out)
{
	char host[256];
	const char *port;
	if (!listen_addr)
		return -EINVAL;
	if (listen_addr[0] == '[') {
		const char *close = strchr(listen_addr, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen_addr) >= sizeof(host))
			return -EINVAL;
		snprintf(host, sizeof(host), "%.*s", (int)(close - listen_addr - 1),
		         listen_addr + 1);
		port = close + 2;
	} else {
		const char *colon = strrchr(listen_addr, ':');
		if (!colon || (size_t)(colon - listen_addr) >= sizeof(host))
			return -EINVAL;
		snprintf(host, sizeof(host), "%.*s", (int)(colon - listen_addr), listen_addr);
		port = colon + 1;
	}
	if (!*port || strspn(port, "0123456789") != strlen(port))
		return -EINVAL;
	struct addrinfo hints = { .ai_family = AF_UNSPEC,
		                  .ai_socktype = SOCK_STREAM,
		                  .ai_flags = AI_NUMERICSERV | AI_PASSIVE };
	struct addrinfo *ai;
	if (getaddrinfo(*host ? host : NULL, port, &hints, &ai) != 0)
		return -EINVAL;
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	int rc = 0;
	if (fd < 0) {
		rc = -errno;
	} else {
		int one = 1;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 64) < 0) {
			rc = -errno;
			close(fd);
		}
	}
	freeaddrinfo(ai);
	if (rc == 0)
		*fd_out = fd;
	return rc;
}

static int bound_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -errno;
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
}

static char *read_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	bool err = ferror(f);
	fclose(f);
	if (err) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, NULL);
}

static void server_free(struct http_server *s)
{
	free(s->routes);
	if (s->tls_key) {
		memset(s->tls_key, 0, strlen(s->tls_key));
		free(s->tls_key);
	}
	free(s->tls_cert);
	pthread_cond_destroy(&s->idle);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static int configure(struct http_server *s, const struct http_server_config *cfg)
{
	s->n_routes = cfg->n_routes;
	if (cfg->n_routes) {
		if (!cfg->routes)
			return -EINVAL;
		s->routes = calloc(cfg->n_routes, sizeof(*s->routes));
		if (!s->routes)
			return -ENOMEM;
		memcpy(s->routes, cfg->routes, cfg->n_routes * sizeof(*s->routes));
		for (size_t i = 0; i < cfg->n_routes; i++)
			if (!s->routes[i].method || !s->routes[i].pattern || !s->routes[i].handler)
				return -EINVAL;
	}
	s->authorize = cfg->authorize;
	s->ctx = cfg->ctx;
	s->auth_free = cfg->auth_free;
	s->max_body = cfg->max_body ? cfg->max_body : HTTP_DEFAULT_MAX_BODY;
	s->sse_keepalive_ms = cfg->sse_keepalive_ms > 0 ? cfg->sse_keepalive_ms : 15000;
	s->stop_timeout_ms = cfg->stop_timeout_ms > 0 ? cfg->stop_timeout_ms : 5000;
	s->metrics = cfg->metrics ? cfg->metrics : metrics_default();
	const char *prefix = cfg->metrics_name ? cfg->metrics_name : "civiq_http";
	if (strlen(prefix) > 60)
		return -EINVAL;
	snprintf(s->requests_metric, sizeof(s->requests_metric), "%s_requests_total", prefix);
	snprintf(s->duration_metric, sizeof(s->duration_metric), "%s_request_duration_seconds",
	         prefix);
	if (!cfg->tls_cert_file != !cfg->tls_key_file)
		return -EINVAL;
	if (cfg->tls_cert_file) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return -ENOTSUP;
		s->tls_cert = read_file(cfg->tls_cert_file);
		s->tls_key = read_file(cfg->tls_key_file);
		if (!s->tls_cert || !s->tls_key)
			return -EINVAL;
	}
	return 0;
}

int http_server_start(const struct http_server_config *cfg, struct http_server **out)
{
	if (!cfg || !out)
		return -EINVAL;
	struct http_server *s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&s->idle, &attr);
	pthread_condattr_destroy(&attr);
	int fd = -1;
	int rc = configure(s, cfg);
	if (rc == 0)
		rc = open_listener(cfg->listen, &fd);
	if (rc < 0) {
		server_free(s);
		return rc;
	}
	s->port = bound_port(fd);

	struct MHD_OptionItem opts[12];
	size_t n = 0;
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_EXTERNAL_LOGGER, (intptr_t)mhd_log, s };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_LISTEN_SOCKET, fd, NULL };
	opts[n++] =
	    (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_LIMIT,
		                     cfg->max_connections ? cfg->max_connections : 256, NULL };
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_CONNECTION_TIMEOUT,
		                             cfg->idle_timeout_s ? cfg->idle_timeout_s : 30, NULL };
	opts[n++] =
	    (struct MHD_OptionItem){ MHD_OPTION_NOTIFY_COMPLETED, (intptr_t)on_completed, s };
	/* One thread per connection: a small stack keeps tens of idle SSE clients cheap. */
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_THREAD_STACK_SIZE, 256 * 1024, NULL };
	if (s->tls_cert) {
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0, s->tls_cert };
		opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0, s->tls_key };
	}
	opts[n++] = (struct MHD_OptionItem){ MHD_OPTION_END, 0, NULL };
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
	                 MHD_USE_POLL | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (s->tls_cert)
		flags |= MHD_USE_TLS;
	s->daemon = MHD_start_daemon(flags, (uint16_t)s->port, NULL, NULL, on_request, s,
	                             MHD_OPTION_ARRAY, opts, MHD_OPTION_END);
	if (!s->daemon) { /* MHD closed the listening socket */
		rc = s->tls_cert ? -EINVAL : -EIO;
		server_free(s);
		return rc;
	}
	log_info("http: listening on %s (port %d%s)", cfg->listen, s->port,
	         s->tls_cert ? ", TLS" : "");
	*out = s;
	return 0;
}

int http_server_port(const struct http_server *s)
{
	return s ? s->port : -EINVAL;
}

void http_server_stop(struct http_server *s)
{
	if (!s)
		return;
	atomic_store(&s->stopping, true);
	MHD_socket fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	struct timespec deadline;
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += s->stop_timeout_ms / 1000;
	deadline.tv_nsec += (long)(s->stop_timeout_ms % 1000) * 1000000L;
	if (deadline.tv_nsec >= 1000000000L) {
		deadline.tv_sec++;
		deadline.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&s->lock);
	for (struct sse_stream *st = s->streams; st; st = st->next)
		event_bus_wake(st->bus);
	while (s->in_flight > 0)
		if (pthread_cond_timedwait(&s->idle, &s->lock, &deadline) == ETIMEDOUT)
			break;
	if (s->in_flight)
		log_warning("http: stopping with %u requests unfinished", s->in_flight);
	pthread_mutex_unlock(&s->lock);
	MHD_stop_daemon(s->daemon);
	server_free(s);
}
