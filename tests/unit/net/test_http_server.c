#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/http_client.h"
#include "net/http_server.h"
#include "net/metrics.h"
#include "net_test_util.h"

#define ROUTE_PUBLIC 1

struct fixture {
	struct http_server *server;
	struct metrics *metrics;
	int port;
	atomic_int handler_calls;
	atomic_int authorize_calls;
};

static void reply_text(struct http_response *resp, const char *text)
{
	http_response_body(resp, "text/plain", text, strlen(text));
}

static void h_health(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)req;
	struct fixture *f = ctx;
	f->handler_calls++;
	cJSON *j = cJSON_CreateObject();
	cJSON_AddStringToObject(j, "status", "ok");
	http_response_json(resp, 200, j);
	cJSON_Delete(j);
}

static void h_ticket(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct fixture *f = ctx;
	f->handler_calls++;
	char text[128];
	snprintf(text, sizeof(text), "%s ticket %s", http_request_method(req),
	         http_request_param(req, "id"));
	reply_text(resp, text);
}

static void h_stats(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	reply_text(resp, "stats");
}

static void h_start(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	size_t len;
	const char *body = http_request_body(req, &len);
	char text[256];
	snprintf(text, sizeof(text), "start %s/%s len %zu: %.64s", http_request_param(req, "id"),
	         http_request_param(req, "step"), len, body);
	reply_text(resp, text);
}

static void h_echo(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	cJSON *j = http_request_json(req, resp);
	if (!j)
		return;
	http_response_json(resp, 201, j);
	cJSON_Delete(j);
}

static void h_info(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	const char *q = http_request_query(req, "q");
	const char *flag = http_request_query(req, "flag");
	const char *cookie = http_request_cookie(req, "session");
	const char *hdr = http_request_header(req, "x-test");
	const char *auth = http_request_auth(req);
	char text[512];
	snprintf(text, sizeof(text), "path=%s q=%s flag=%s cookie=%s hdr=%s remote=%s auth=%s",
	         http_request_path(req), q ? q : "(null)", flag ? flag : "(null)",
	         cookie ? cookie : "(null)", hdr ? hdr : "(null)", http_request_remote_addr(req),
	         auth ? auth : "(null)");
	http_response_header(resp, "Set-Cookie", "a=1");
	http_response_header(resp, "Set-Cookie", "b=2");
	reply_text(resp, text);
}

static void h_nothing(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	(void)resp;
}

static void h_empty(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	http_response_status(resp, 204);
}

static const struct http_route routes[] = {
	{ "GET", "/api/v1/health", h_health, ROUTE_PUBLIC },
	{ "GET", "/api/v1/tickets/{id}", h_ticket, 0 },
	{ "DELETE", "/api/v1/tickets/{id}", h_ticket, 0 },
	{ "GET", "/api/v1/tickets/stats", h_stats, 0 },
	{ "POST", "/api/v1/tickets/{id}/{step}", h_start, 0 },
	{ "POST", "/api/v1/echo", h_echo, 0 },
	{ "GET", "/api/v1/info", h_info, 0 },
	{ "GET", "/api/v1/nothing", h_nothing, 0 },
	{ "GET", "/api/v1/empty", h_empty, 0 },
};

static int authorize(void *ctx, struct http_request *req, const struct http_route *route,
                     void **auth, struct http_response *resp)
{
	struct fixture *f = ctx;
	f->authorize_calls++;
	if (route && (route->flags & ROUTE_PUBLIC))
		return 0;
	const char *h = http_request_header(req, "Authorization");
	if (!h || strcmp(h, "Bearer good") != 0) {
		http_response_error(resp, 401, "unauthorized", "a valid token is required");
		return 1;
	}
	*auth = strdup("staff");
	return 0;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	assert_int_equal(metrics_new(&f->metrics), 0);
	struct http_server_config cfg = {
		.listen = "127.0.0.1:0",
		.max_body = 1024,
		.routes = routes,
		.n_routes = sizeof(routes) / sizeof(routes[0]),
		.authorize = authorize,
		.ctx = f,
		.auth_free = free,
		.metrics = f->metrics,
	};
	assert_int_equal(http_server_start(&cfg, &f->server), 0);
	f->port = http_server_port(f->server);
	assert_true(f->port > 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_server_stop(f->server);
	metrics_free(f->metrics);
	free(f);
	return 0;
}

static const struct http_client_options good = { .bearer = "good" };

static void request(struct fixture *f, const char *method, const char *path, const char *body,
                    const struct http_client_options *opt, struct http_client_response *out)
{
	char url[256];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", f->port, path);
	assert_int_equal(http_client_request(method, url, body, opt, out), 0);
}

static void routes_match_params_and_prefer_literal_segments(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "GET", "/api/v1/tickets/42", NULL, &good, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "GET ticket 42");
	assert_string_equal(r.content_type, "text/plain");
	http_client_response_free(&r);
	request(f, "GET", "/api/v1/tickets/stats", NULL, &good, &r);
	assert_string_equal(r.body, "stats");
	http_client_response_free(&r);
	request(f, "POST", "/api/v1/tickets/7/start", "{}", &good, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "start 7/start len 2: {}");
	http_client_response_free(&r);
	/* percent-encoded segments arrive decoded */
	request(f, "DELETE", "/api/v1/tickets/a%20b", NULL, &good, &r);
	assert_string_equal(r.body, "DELETE ticket a b");
	http_client_response_free(&r);
}

static void head_is_served_by_get_routes_without_a_body(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "HEAD", "/api/v1/tickets/9", NULL, &good, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	http_client_response_free(&r);
}

static void assert_error(const struct http_client_response *r, int status, const char *code)
{
	assert_int_equal(r->status, status);
	assert_string_equal(r->content_type, "application/json; charset=utf-8");
	cJSON *j = cJSON_Parse(r->body);
	assert_non_null(j);
	const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
	assert_true(cJSON_IsObject(err));
	assert_string_equal(cJSON_GetObjectItemCaseSensitive(err, "code")->valuestring, code);
	assert_true(cJSON_IsString(cJSON_GetObjectItemCaseSensitive(err, "message")));
	cJSON_Delete(j);
}

static void unknown_path_is_404_and_wrong_method_405_with_allow(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "GET", "/api/v1/nope", NULL, &good, &r);
	assert_error(&r, 404, "not_found");
	http_client_response_free(&r);
	request(f, "GET", "/api/v1/tickets/", NULL, &good, &r); /* empty segment */
	assert_error(&r, 404, "not_found");
	http_client_response_free(&r);
	request(f, "PUT", "/api/v1/tickets/1", "{}", &good, &r);
	assert_error(&r, 405, "method_not_allowed");
	http_client_response_free(&r);

	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "PATCH /api/v1/tickets/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n"
	            "Content-Length: 0\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 405);
	char allow[128];
	assert_non_null(tu_header(&raw, "Allow", allow, sizeof(allow)));
	assert_string_equal(allow, "GET, HEAD, DELETE");
	tu_close(&c);
}

static void authorize_answers_401_before_404_405_and_handlers(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "GET", "/api/v1/nope", NULL, NULL, &r);
	assert_error(&r, 401, "unauthorized");
	http_client_response_free(&r);
	request(f, "PUT", "/api/v1/tickets/1", NULL, NULL, &r);
	assert_error(&r, 401, "unauthorized");
	http_client_response_free(&r);
	const struct http_client_options bad = { .bearer = "bad" };
	request(f, "GET", "/api/v1/tickets/1", NULL, &bad, &r);
	assert_error(&r, 401, "unauthorized");
	http_client_response_free(&r);
	assert_int_equal(f->handler_calls, 0);
	/* a public route needs no token */
	request(f, "GET", "/api/v1/health", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "{\"status\":\"ok\"}");
	http_client_response_free(&r);
	assert_int_equal(f->handler_calls, 1);
	assert_int_equal(f->authorize_calls, 4);
}

static void unauthorized_request_is_answered_before_its_body_is_sent(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	/* The body never comes: only an answer from the headers alone can arrive. */
	tu_send(&c, "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	            "Content-Length: 500\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 401);
	assert_non_null(strstr(raw.body, "\"code\":\"unauthorized\""));
	tu_close(&c);
}

static void announced_oversize_body_is_413_without_reading_it(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "POST /api/v1/echo HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n"
	            "Content-Type: application/json\r\nContent-Length: 1025\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 413);
	assert_non_null(strstr(raw.body, "\"code\":\"body_too_large\""));
	tu_close(&c);
	/* exactly the limit is fine */
	char body[1025];
	memset(body, ' ', 1024);
	body[0] = '{';
	body[1022] = '}';
	body[1024] = '\0';
	struct http_client_response r;
	request(f, "POST", "/api/v1/echo", body, &good, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{}");
	http_client_response_free(&r);
}

static void chunked_oversize_body_is_413(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "POST /api/v1/tickets/1/start HTTP/1.1\r\nHost: x\r\n"
	            "Authorization: Bearer good\r\nTransfer-Encoding: chunked\r\n\r\n");
	char chunk[600];
	snprintf(chunk, sizeof(chunk), "200\r\n%0512d\r\n", 0);
	for (int i = 0; i < 3; i++) /* 1536 bytes > 1024 */
		tu_send(&c, chunk);
	tu_send(&c, "0\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 413);
	assert_non_null(strstr(raw.body, "\"code\":\"body_too_large\""));
	tu_close(&c);
	/* a chunked body within the limit reaches the handler whole */
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "POST /api/v1/tickets/1/start HTTP/1.1\r\nHost: x\r\n"
	            "Authorization: Bearer good\r\nTransfer-Encoding: chunked\r\n\r\n"
	            "3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 200);
	assert_string_equal(raw.body, "start 1/start len 5: abcde");
	tu_close(&c);
}

static void json_bodies_are_checked(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "POST", "/api/v1/echo", "{\"a\":[1,2]}", &good, &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.body, "{\"a\":[1,2]}");
	http_client_response_free(&r);
	request(f, "POST", "/api/v1/echo", "{\"a\":", &good, &r);
	assert_error(&r, 400, "invalid_json");
	http_client_response_free(&r);
	const char *const xml[] = { "Content-Type: text/xml", NULL };
	const struct http_client_options opt = { .bearer = "good", .headers = xml };
	request(f, "POST", "/api/v1/echo", NULL, &opt, &r);
	assert_error(&r, 415, "unsupported_media_type");
	http_client_response_free(&r);
}

static void request_accessors_and_response_headers(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c,
	        "GET /api/v1/info?q=a%2Bb&flag HTTP/1.1\r\nHost: x\r\n"
	        "Authorization: Bearer good\r\nX-TEST: yes\r\nCookie: other=1; session=s3\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_int_equal(raw.status, 200);
	assert_string_equal(raw.body, "path=/api/v1/info q=a+b flag= cookie=s3 hdr=yes "
	                              "remote=127.0.0.1 auth=staff");
	assert_non_null(strstr(raw.headers, "Set-Cookie: a=1\r\n"));
	assert_non_null(strstr(raw.headers, "Set-Cookie: b=2\r\n"));
	assert_non_null(strstr(raw.headers, "X-Content-Type-Options: nosniff\r\n"));
	tu_close(&c);
}

static void json_answers_carry_no_store_and_nosniff(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	char v[128];
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_string_equal(tu_header(&raw, "Content-Type", v, sizeof(v)),
	                    "application/json; charset=utf-8");
	assert_string_equal(tu_header(&raw, "Cache-Control", v, sizeof(v)), "no-store");
	assert_string_equal(tu_header(&raw, "X-Content-Type-Options", v, sizeof(v)), "nosniff");
	tu_close(&c);
}

static void unanswered_request_is_500_and_status_only_is_empty(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	request(f, "GET", "/api/v1/nothing", NULL, &good, &r);
	assert_error(&r, 500, "internal_error");
	http_client_response_free(&r);
	request(f, "GET", "/api/v1/empty", NULL, &good, &r);
	assert_int_equal(r.status, 204);
	assert_int_equal(r.len, 0);
	http_client_response_free(&r);
}

static void keep_alive_serves_several_requests_on_one_connection(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	struct tu_response raw;
	assert_int_equal(tu_connect(&c, f->port), 0);
	for (int i = 0; i < 3; i++) {
		char req[256];
		snprintf(req, sizeof(req),
		         "GET /api/v1/tickets/%d HTTP/1.1\r\nHost: x\r\n"
		         "Authorization: Bearer good\r\n\r\n",
		         i);
		assert_int_equal(tu_send(&c, req), 0);
		assert_int_equal(tu_read_response(&c, &raw), 0);
		assert_int_equal(raw.status, 200);
		char want[64];
		snprintf(want, sizeof(want), "GET ticket %d", i);
		assert_string_equal(raw.body, want);
	}
	/* two pipelined requests */
	tu_send(&c,
	        "GET /api/v1/tickets/a HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n\r\n"
	        "GET /api/v1/tickets/b HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer good\r\n\r\n");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_string_equal(raw.body, "GET ticket a");
	assert_int_equal(tu_read_response(&c, &raw), 0);
	assert_string_equal(raw.body, "GET ticket b");
	tu_close(&c);
}

struct worker {
	struct fixture *f;
	int id;
	int ok;
};

static void *worker_run(void *arg)
{
	struct worker *w = arg;
	for (int i = 0; i < 25; i++) {
		char url[128], want[64];
		snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/tickets/%d-%d", w->f->port,
		         w->id, i);
		snprintf(want, sizeof(want), "GET ticket %d-%d", w->id, i);
		struct http_client_response r;
		if (http_client_request("GET", url, NULL, &good, &r) == 0 && r.status == 200 &&
		    strcmp(r.body, want) == 0)
			w->ok++;
		http_client_response_free(&r);
	}
	return NULL;
}

static void many_concurrent_requests_are_all_answered(void **state)
{
	struct fixture *f = *state;
	enum { N = 8 };
	pthread_t t[N];
	struct worker w[N];
	for (int i = 0; i < N; i++) {
		w[i] = (struct worker){ .f = f, .id = i };
		pthread_create(&t[i], NULL, worker_run, &w[i]);
	}
	for (int i = 0; i < N; i++) {
		pthread_join(t[i], NULL);
		assert_int_equal(w[i].ok, 25);
	}
	assert_int_equal(f->handler_calls, N * 25);
}

static void requests_are_counted_and_timed_per_route(void **state)
{
	struct fixture *f = *state;
	struct http_client_response r;
	for (int i = 0; i < 3; i++) {
		request(f, "GET", "/api/v1/tickets/1", NULL, &good, &r);
		http_client_response_free(&r);
	}
	request(f, "GET", "/api/v1/nope", NULL, &good, &r);
	http_client_response_free(&r);
	/* completion is recorded just after the answer is sent */
	char *text = NULL;
	for (int tries = 0; tries < 100; tries++) {
		free(text);
		size_t len;
		assert_int_equal(metrics_render(f->metrics, &text, &len), 0);
		if (strstr(text, "code=\"404\"} 1\n"))
			break;
		usleep(10 * 1000);
	}
	assert_non_null(strstr(text, "# TYPE civiq_http_requests_total counter\n"));
	assert_non_null(strstr(
	    text, "civiq_http_requests_total{route=\"/api/v1/tickets/{id}\",code=\"200\"} 3\n"));
	assert_non_null(
	    strstr(text, "civiq_http_requests_total{route=\"unmatched\",code=\"404\"} 1\n"));
	assert_non_null(strstr(text, "civiq_http_request_duration_seconds_count{method=\"GET\","
	                             "route=\"/api/v1/tickets/{id}\"} 3\n"));
	free(text);
}

static void bad_listen_addresses_and_busy_ports_are_refused(void **state)
{
	struct fixture *f = *state;
	struct http_server *s = NULL;
	struct http_server_config cfg = { .listen = "nonsense" };
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
	cfg.listen = "127.0.0.1:http";
	assert_int_equal(http_server_start(&cfg, &s), -EINVAL);
	char busy[64];
	snprintf(busy, sizeof(busy), "127.0.0.1:%d", f->port);
	cfg.listen = busy;
	assert_int_equal(http_server_start(&cfg, &s), -EADDRINUSE);
	cfg.listen = "[::1]:0";
	if (http_server_start(&cfg, &s) == 0) { /* where IPv6 loopback exists */
		assert_true(http_server_port(s) > 0);
		http_server_stop(s);
	}
}

static void client_reports_refused_connections_and_oversize_answers(void **state)
{
	struct fixture *f = *state;
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/health", f->port);
	http_server_stop(f->server); /* nothing listens there any more */
	f->server = NULL;
	struct http_client_response r;
	assert_int_equal(http_client_request("GET", url, NULL, NULL, &r), -ECONNREFUSED);
	assert_int_equal(http_client_request("GET", "nonsense://x", NULL, NULL, &r), -EINVAL);
	teardown(state);
	setup(state);
	f = *state;
	const struct http_client_options small = { .max_body = 4 };
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/api/v1/health", f->port);
	assert_int_equal(http_client_request("GET", url, NULL, &small, &r), -EFBIG);
	teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(routes_match_params_and_prefer_literal_segments,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(head_is_served_by_get_routes_without_a_body, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(unknown_path_is_404_and_wrong_method_405_with_allow,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(authorize_answers_401_before_404_405_and_handlers,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		    unauthorized_request_is_answered_before_its_body_is_sent, setup, teardown),
		cmocka_unit_test_setup_teardown(announced_oversize_body_is_413_without_reading_it,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(chunked_oversize_body_is_413, setup, teardown),
		cmocka_unit_test_setup_teardown(json_bodies_are_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(request_accessors_and_response_headers, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(json_answers_carry_no_store_and_nosniff, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(unanswered_request_is_500_and_status_only_is_empty,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		    keep_alive_serves_several_requests_on_one_connection, setup, teardown),
		cmocka_unit_test_setup_teardown(many_concurrent_requests_are_all_answered, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(requests_are_counted_and_timed_per_route, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(
		    client_reports_refused_connections_and_oversize_answers, setup, NULL),
		cmocka_unit_test_setup_teardown(bad_listen_addresses_and_busy_ports_are_refused,
		                                setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
