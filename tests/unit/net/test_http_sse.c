#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "net/event_bus.h"
#include "net/http_client.h"
#include "net/http_server.h"
#include "net/metrics.h"
#include "net_test_util.h"

#define STORE_MAX 6000

/* The durable event log behind the bus: what the hub's database would hold. */
struct fixture {
	struct http_server *server;
	struct event_bus *bus;
	struct metrics *metrics;
	int port;
	pthread_mutex_t lock;
	uint64_t stored; /* events 1..stored exist */
	int backfills;
};

static void event_data(uint64_t id, char *out, size_t size)
{
	snprintf(out, size, "{\"number\":\"A %llu\"}", (unsigned long long)id);
}

static int backfill(void *ctx, uint64_t after, struct event *out, size_t max)
{
	struct fixture *f = ctx;
	pthread_mutex_lock(&f->lock);
	f->backfills++;
	size_t n = 0;
	for (uint64_t id = after + 1; id <= f->stored && n < max; id++, n++) {
		char data[64];
		event_data(id, data, sizeof(data));
		out[n].id = id;
		strcpy(out[n].type, "called");
		out[n].data = strdup(data);
	}
	pthread_mutex_unlock(&f->lock);
	return (int)n;
}

static void publish(struct fixture *f, uint64_t id)
{
	char data[64];
	event_data(id, data, sizeof(data));
	pthread_mutex_lock(&f->lock);
	f->stored = id;
	pthread_mutex_unlock(&f->lock);
	assert_int_equal(event_bus_publish(f->bus, id, "called", data, 0), 0);
}

static bool only_odd(void *ctx, const struct event *ev)
{
	(void)ctx;
	return ev->id % 2 == 1;
}

static void h_events(void *ctx, struct http_request *req, struct http_response *resp)
{
	struct fixture *f = ctx;
	bool odd = strcmp(http_request_path(req), "/events/odd") == 0;
	http_response_sse(resp, f->bus, http_sse_last_event_id(req), odd ? only_odd : NULL, NULL);
}

static void h_slow(void *ctx, struct http_request *req, struct http_response *resp)
{
	(void)ctx;
	(void)req;
	usleep(500 * 1000);
	http_response_body(resp, "text/plain", "done", 4);
}

static const struct http_route routes[] = {
	{ "GET", "/events", h_events, 0 },
	{ "GET", "/events/odd", h_events, 0 },
	{ "GET", "/slow", h_slow, 0 },
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	pthread_mutex_init(&f->lock, NULL);
	assert_int_equal(metrics_new(&f->metrics), 0);
	assert_int_equal(event_bus_new(4, backfill, f, &f->bus), 0);
	struct http_server_config cfg = {
		.listen = "127.0.0.1:0",
		.routes = routes,
		.n_routes = sizeof(routes) / sizeof(routes[0]),
		.ctx = f,
		.sse_keepalive_ms = 200,
		.metrics = f->metrics,
	};
	assert_int_equal(http_server_start(&cfg, &f->server), 0);
	f->port = http_server_port(f->server);
	*state = f;
	return 0;
}

/* Idle keep-alive connections are closed after 1 s; streams keep alive every 3 s. */
static int setup_short_idle(void **state)
{
	setup(state);
	struct fixture *f = *state;
	http_server_stop(f->server);
	struct http_server_config cfg = {
		.listen = "127.0.0.1:0",
		.routes = routes,
		.n_routes = sizeof(routes) / sizeof(routes[0]),
		.ctx = f,
		.sse_keepalive_ms = 3000,
		.idle_timeout_s = 1,
		.metrics = f->metrics,
	};
	assert_int_equal(http_server_start(&cfg, &f->server), 0);
	f->port = http_server_port(f->server);
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	http_server_stop(f->server);
	event_bus_free(f->bus);
	metrics_free(f->metrics);
	pthread_mutex_destroy(&f->lock);
	free(f);
	return 0;
}

struct collector {
	struct fixture *f;
	const char *path;
	uint64_t last_event_id;
	uint64_t stop_at; /* stop after this id */
	int rc;
	int n;
	uint64_t ids[STORE_MAX];
	bool data_ok;
};

static int collect(void *ctx, const struct event *ev)
{
	struct collector *c = ctx;
	char want[64];
	event_data(ev->id, want, sizeof(want));
	if (strcmp(ev->data, want) != 0 || strcmp(ev->type, "called") != 0)
		c->data_ok = false;
	if (c->n < STORE_MAX)
		c->ids[c->n++] = ev->id;
	return ev->id >= c->stop_at;
}

static void *collect_thread(void *arg)
{
	struct collector *c = arg;
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d%s", c->f->port, c->path);
	c->data_ok = true;
	c->rc = http_client_sse(url, NULL, c->last_event_id, collect, c, 10000);
	return NULL;
}

static void assert_ids(const struct collector *c, uint64_t first, uint64_t last, uint64_t step)
{
	assert_int_equal(c->rc, 0);
	assert_true(c->data_ok);
	assert_int_equal(c->n, (last - first) / step + 1);
	for (int i = 0; i < c->n; i++)
		assert_int_equal(c->ids[i], first + (uint64_t)i * step);
}

static void events_arrive_in_order(void **state)
{
	struct fixture *f = *state;
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events", .stop_at = 10 };
	pthread_t t;
	pthread_create(&t, NULL, collect_thread, c);
	usleep(100 * 1000);
	for (uint64_t id = 1; id <= 10; id++) {
		publish(f, id);
		usleep(5 * 1000);
	}
	pthread_join(t, NULL);
	assert_ids(c, 1, 10, 1);
	free(c);
}

static void resume_replays_exactly_the_missed_events_through_backfill(void **state)
{
	struct fixture *f = *state;
	for (uint64_t id = 1; id <= 20; id++)
		publish(f, id); /* the ring keeps 17..20 only */
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events", .last_event_id = 5, .stop_at = 20 };
	collect_thread(c);
	assert_ids(c, 6, 20, 1);
	assert_true(f->backfills > 0);
	/* within the ring, and through the query argument for header-less clients */
	*c = (struct collector){ .f = f, .path = "/events?last_event_id=17", .stop_at = 20 };
	collect_thread(c);
	assert_ids(c, 18, 20, 1);
	free(c);
}

static void filter_decides_per_client(void **state)
{
	struct fixture *f = *state;
	for (uint64_t id = 1; id <= 9; id++)
		publish(f, id);
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events/odd", .stop_at = 9 };
	collect_thread(c);
	assert_ids(c, 1, 9, 2);
	free(c);
}

static void stream_starts_with_retry_and_sends_keepalives(void **state)
{
	struct fixture *f = *state;
	struct tu_conn c;
	assert_int_equal(tu_connect(&c, f->port), 0);
	tu_send(&c, "GET /events HTTP/1.1\r\nHost: x\r\nLast-Event-ID: 0\r\n\r\n");
	char text[4096] = { 0 };
	size_t len = 0;
	struct timespec t0, now;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do { /* 700 ms: more than three keepalive intervals */
		ssize_t n = recv(c.fd, text + len, sizeof(text) - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
		clock_gettime(CLOCK_MONOTONIC, &now);
	} while ((now.tv_sec - t0.tv_sec) * 1000 + (now.tv_nsec - t0.tv_nsec) / 1000000 < 700);
	tu_close(&c);
	assert_non_null(strstr(text, "HTTP/1.1 200"));
	assert_non_null(strstr(text, "Content-Type: text/event-stream"));
	assert_non_null(strstr(text, "Cache-Control: no-store"));
	const char *retry = strstr(text, "retry: 2000\n\n");
	const char *keepalive = strstr(text, ": keepalive\n\n");
	assert_non_null(retry);
	assert_non_null(keepalive);
	assert_true(retry < keepalive);
	assert_non_null(strstr(keepalive + 1, ": keepalive\n\n"));
}

static void slow_client_blocks_neither_publisher_nor_other_clients(void **state)
{
	struct fixture *f = *state;
	/* A client that connects and never reads, with a tiny receive buffer. */
	struct tu_conn slow;
	assert_int_equal(tu_connect(&slow, f->port), 0);
	int small = 1024;
	setsockopt(slow.fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	tu_send(&slow, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events", .stop_at = 5000 };
	pthread_t t;
	pthread_create(&t, NULL, collect_thread, c);
	usleep(100 * 1000);
	for (uint64_t id = 1; id <= 5000; id++)
		publish(f, id); /* asserts each publish succeeds */
	pthread_join(t, NULL);
	assert_ids(c, 1, 5000, 1);
	tu_close(&slow);
	free(c);
}

static void *slow_request_thread(void *arg)
{
	struct fixture *f = arg;
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/slow", f->port);
	struct http_client_response r;
	long status = 0;
	if (http_client_request("GET", url, NULL, NULL, &r) == 0) {
		status = r.status;
		http_client_response_free(&r);
	}
	return (void *)status;
}

static double elapsed_s(const struct timespec *t0)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static void stop_ends_streams_and_lets_requests_finish(void **state)
{
	struct fixture *f = *state;
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events", .stop_at = UINT64_MAX };
	pthread_t sse, slow;
	pthread_create(&sse, NULL, collect_thread, c);
	usleep(100 * 1000);
	publish(f, 1);
	pthread_create(&slow, NULL, slow_request_thread, f);
	usleep(150 * 1000);
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	http_server_stop(f->server);
	f->server = NULL;
	double took = elapsed_s(&t0);
	void *status;
	pthread_join(slow, &status);
	pthread_join(sse, NULL);
	assert_int_equal((long)status, 200);  /* the in-flight request was answered */
	assert_int_equal(c->rc, -ECONNRESET); /* the stream was ended by the server */
	assert_int_equal(c->n, 1);
	/* it waited for the slow request, not for the stop timeout (5 s) */
	assert_true(took < 4.0);
	free(c);
}

static void closing_the_bus_ends_streams(void **state)
{
	struct fixture *f = *state;
	struct collector *c = calloc(1, sizeof(*c));
	*c = (struct collector){ .f = f, .path = "/events", .stop_at = UINT64_MAX };
	pthread_t t;
	pthread_create(&t, NULL, collect_thread, c);
	usleep(100 * 1000);
	publish(f, 1);
	usleep(50 * 1000);
	event_bus_close(f->bus);
	pthread_join(t, NULL);
	assert_int_equal(c->rc, -ECONNRESET);
	assert_int_equal(c->n, 1);
	free(c);
}

static int take_data(void *ctx, const struct event *ev)
{
	snprintf(ctx, 64, "%s|%s", ev->type, ev->data);
	return 1;
}

static void multi_line_data_arrives_whole(void **state)
{
	struct fixture *f = *state;
	f->stored = 1;
	assert_int_equal(event_bus_publish(f->bus, 1, "ticket", "{\n\"a\": 1\r\n}", 0), 0);
	char url[128], got[64] = { 0 };
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/events", f->port);
	assert_int_equal(http_client_sse(url, NULL, 0, take_data, got, 5000), 0);
	assert_string_equal(got, "ticket|{\n\"a\": 1\n}");
}

static void sse_client_reports_http_errors(void **state)
{
	struct fixture *f = *state;
	char url[128];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/nope", f->port);
	assert_int_equal(http_client_sse(url, NULL, 0, collect, NULL, 2000), -ENOENT);
	struct collector c = { .f = f, .stop_at = UINT64_MAX };
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/events", f->port);
	assert_int_equal(http_client_sse(url, NULL, 0, collect, &c, 300), -ETIMEDOUT);
}

static void idle_timeout_closes_quiet_connections_but_not_streams(void **state)
{
	struct fixture *f = *state;
	struct tu_conn idle, stream;
	assert_int_equal(tu_connect(&idle, f->port), 0);
	assert_int_equal(tu_connect(&stream, f->port), 0);
	tu_send(&stream, "GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
	sleep(2); /* twice the idle timeout, less than the keepalive interval */
	/* the idle connection was closed: reading gives EOF at once */
	char byte;
	assert_int_equal(recv(idle.fd, &byte, 1, 0), 0);
	tu_close(&idle);
	/* the quiet stream is still open and delivers */
	publish(f, 1);
	char text[2048] = { 0 };
	size_t len = 0;
	while (!strstr(text, "id: 1\n") && len < sizeof(text) - 1) {
		ssize_t n = recv(stream.fd, text + len, sizeof(text) - 1 - len, 0);
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	assert_non_null(strstr(text, "id: 1\nevent: called\ndata: {\"number\":\"A 1\"}\n\n"));
	tu_close(&stream);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(events_arrive_in_order, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    resume_replays_exactly_the_missed_events_through_backfill, setup, teardown),
		cmocka_unit_test_setup_teardown(filter_decides_per_client, setup, teardown),
		cmocka_unit_test_setup_teardown(stream_starts_with_retry_and_sends_keepalives,
		                                setup, teardown),
		cmocka_unit_test_setup_teardown(
		    slow_client_blocks_neither_publisher_nor_other_clients, setup, teardown),
		cmocka_unit_test_setup_teardown(stop_ends_streams_and_lets_requests_finish, setup,
		                                teardown),
		cmocka_unit_test_setup_teardown(closing_the_bus_ends_streams, setup, teardown),
		cmocka_unit_test_setup_teardown(multi_line_data_arrives_whole, setup, teardown),
		cmocka_unit_test_setup_teardown(sse_client_reports_http_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    idle_timeout_closes_quiet_connections_but_not_streams, setup_short_idle,
		    teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
